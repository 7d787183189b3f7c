package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"attache"
	"attache/coder"
	"attache/input"
	"attache/pipeline"

	"github.com/schollz/progressbar/v3"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ingest", "[FILE|DIR|manifest.jsonl|-]... [--db PATH]",
		"Code documents and store them with their sentences, events and facts. A document whose\n"+
			"text is stored already (same content hash) is not stored again, so running ingest twice adds\n"+
			"nothing and an interrupted run can simply be started again. Documents are saved in batches,\n"+
			"one transaction each; a run stops when the store itself fails (read-only, full, unreachable).")
	db := dbFlag(fs)
	refDate := fs.String("ref-date", "", "reference `date` for documents whose metadata and text give none")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "documents coded in parallel")
	var lex stringList
	fs.Var(&lex, "lexicon", "`DIR` of lexicon files overriding the built-in ones (repeatable)")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return errUsage{"no input: give files, directories or - for standard input"}
	}
	ref, err := attache.ParseDate(*refDate)
	if err != nil {
		return errUsage{"--ref-date: " + err.Error()}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := newPipeline(appConfig{lexiconDirs: lex})
	if err != nil {
		return err
	}
	rd := &input.Reader{RefDate: ref, Stdin: e.stdin}
	progress := e.stderr == os.Stderr && isTerminal(os.Stderr)
	c := ingestAll(ctx, e, "ingest", st, p, rd, paths, *workers, progress)
	fmt.Fprintf(e.stdout, "documents: %d new, %d unchanged, %d failed; events: %d; facts: %d\n", c.added, c.unchanged, c.failed, c.events, c.facts)
	if c.stopped != nil && ctx.Err() == nil {
		fmt.Fprintf(e.stdout, "stopped early: the store failed; documents after those counted were not read\n")
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if c.stopped != nil {
		return errFailed
	}
	if c.failed > 0 {
		return errFailed
	}
	return nil
}

// ingestCounts sums what an ingest run did. stopped is set when the store
// itself failed (read-only, full, unreachable) and the run gave up.
type ingestCounts struct {
	added, unchanged, failed, events, facts int
	stopped                                 error
}

// Batches: documents are saved in transactions of up to ingestBatch
// documents, or fewer when the first of them has waited ingestWait (a slow
// feed should not hold coded documents back for long).
const (
	ingestBatch = 128
	ingestWait  = time.Second
)

// ingestAll codes the inputs and saves them in batches, printing problems
// as they come. A document that fails alone is reported and skipped; when
// the store as a whole fails, the run stops: every later save would fail
// the same way, and what was saved already stays saved.
func ingestAll(ctx context.Context, e *env, name string, st attache.EventStore, p *pipeline.Pipeline, rd *input.Reader, paths []string, workers int, progress bool) ingestCounts {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var c ingestCounts
	var bar *progressbar.ProgressBar
	if progress {
		bar = newIngestBar(e.stderr, name)
	}
	report := func(format string, args ...any) {
		if bar != nil {
			_ = bar.Clear()
		}
		fmt.Fprintf(e.stderr, "attache %s: "+format+"\n", append([]any{name}, args...)...)
	}
	count := func(r attache.SaveResult) {
		if r.New {
			c.added++
			c.events += r.Events
			c.facts += r.Facts
		} else {
			c.unchanged++
		}
		if bar != nil {
			bar.Describe(fmt.Sprintf("%s: %d new, %d unchanged, %d events", name, c.added, c.unchanged, c.events))
			_ = bar.Add(1)
		}
	}
	var pending []*attache.Document
	var since time.Time
	flush := func() {
		if len(pending) == 0 {
			return
		}
		defer func() { pending = pending[:0] }()
		results, err := st.SaveDocuments(ctx, pending, coder.Version)
		if err == nil {
			for _, r := range results {
				count(r)
			}
			return
		}
		if errors.Is(err, attache.ErrStoreUnavailable) || ctx.Err() != nil {
			c.stopped = err
			c.failed += len(pending)
			return
		}
		// One document spoiled the batch: save them one by one to find it.
		for i, d := range pending {
			r, err := st.SaveDocument(ctx, d, coder.Version)
			if err != nil {
				if errors.Is(err, attache.ErrStoreUnavailable) || ctx.Err() != nil {
					c.stopped = err
					c.failed += len(pending) - i
					return
				}
				c.failed++
				report("%s: %v", d.ID, err)
				continue
			}
			count(r)
		}
	}
	for res := range p.Run(ctx, rd.All(ctx, paths), workers) {
		if res.Err != nil {
			c.failed++
			report("%v", res.Err)
			continue
		}
		// The store keeps text, sentences, events and facts; tokens would
		// only weigh on memory while the batch waits.
		res.Doc.Tokens = nil
		if len(pending) == 0 {
			since = time.Now()
		}
		pending = append(pending, res.Doc)
		if len(pending) >= ingestBatch || time.Since(since) >= ingestWait {
			flush()
		}
		if c.stopped != nil {
			break
		}
	}
	if c.stopped == nil {
		flush()
	}
	if bar != nil {
		_ = bar.Finish()
	}
	if c.stopped != nil && ctx.Err() == nil {
		report("stopping: %v", c.stopped)
	}
	return c
}

// newIngestBar is the progress display of a run on a terminal: a spinner
// with the counts and the rate, cleared at the end (the summary follows).
func newIngestBar(w io.Writer, name string) *progressbar.ProgressBar {
	return progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(name),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("docs"),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}
