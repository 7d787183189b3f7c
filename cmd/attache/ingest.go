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
	var added, unchanged, failed, events, facts int
	start := time.Now()
	for res := range p.Run(ctx, rd.All(ctx, paths), *workers) {
		if res.Err != nil {
			failed++
			fmt.Fprintf(e.stderr, "\rattache ingest: %v\n", res.Err)
			continue
		}
		r, err := st.SaveDocument(ctx, res.Doc, coder.Version)
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "\rattache ingest: %s: %v\n", res.Doc.ID, err)
			continue
		}
		if r.New {
			added++
			events += r.Events
			facts += r.Facts
		} else {
			unchanged++
		}
		if progress && (added+unchanged)%50 == 0 {
			fmt.Fprintf(e.stderr, "\r%d documents (%d new), %d events, %.0fs", added+unchanged, added, events, time.Since(start).Seconds())
		}
	}
	if progress {
		fmt.Fprint(e.stderr, "\r\033[K")
	}
	fmt.Fprintf(e.stdout, "documents: %d new, %d unchanged, %d failed; events: %d; facts: %d\n", added, unchanged, failed, events, facts)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}
