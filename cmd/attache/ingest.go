package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"time"

	"attache"
	"attache/coder"
	"attache/input"
	"attache/pipeline"
)

func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ingest", "[FILE|DIR|manifest.jsonl|-]... [--db PATH]",
		"Code documents and store them with their sentences, events and facts. A document whose\n"+
			"text is stored already (same content hash) is not stored again, so running ingest twice adds\n"+
			"nothing and an interrupted run can simply be started again. Each document is one transaction.")
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
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if c.failed > 0 {
		return errFailed
	}
	return nil
}

// ingestCounts sums what an ingest run did.
type ingestCounts struct{ added, unchanged, failed, events, facts int }

// ingestAll codes the inputs and saves each document in its own
// transaction, printing problems as they come.
func ingestAll(ctx context.Context, e *env, name string, st attache.EventStore, p *pipeline.Pipeline, rd *input.Reader, paths []string, workers int, progress bool) ingestCounts {
	var c ingestCounts
	start := time.Now()
	for res := range p.Run(ctx, rd.All(ctx, paths), workers) {
		if res.Err != nil {
			c.failed++
			fmt.Fprintf(e.stderr, "\rattache %s: %v\n", name, res.Err)
			continue
		}
		r, err := st.SaveDocument(ctx, res.Doc, coder.Version)
		if err != nil {
			c.failed++
			fmt.Fprintf(e.stderr, "\rattache %s: %s: %v\n", name, res.Doc.ID, err)
			continue
		}
		if r.New {
			c.added++
			c.events += r.Events
			c.facts += r.Facts
		} else {
			c.unchanged++
		}
		if progress && (c.added+c.unchanged)%50 == 0 {
			fmt.Fprintf(e.stderr, "\r%d documents (%d new), %d events, %.0fs", c.added+c.unchanged, c.added, c.events, time.Since(start).Seconds())
		}
	}
	if progress {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	return c
}
