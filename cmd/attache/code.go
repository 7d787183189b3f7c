package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"runtime"

	"attache"
	"attache/export"
	"attache/input"
)

func runCode(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "code", "[FILE|DIR|manifest.jsonl|-]...",
		"Code documents into events and facts. Writes one JSON line per document to standard output:\n"+
			`{"doc","reference_date","events":[…],"facts":[…],"warnings":[…]}. Inputs may be text, HTML, JSONL,`+"\n"+
			"RSS/Atom feeds, directories (recursive) or corpus folders with a manifest.jsonl; - reads stdin.\n"+
			"Problems with an input are reported on standard error and the rest is still coded; the exit\n"+
			"code is 1 when any input failed.")
	refDate := fs.String("ref-date", "", "reference `date` (YYYY-MM-DD) for documents whose metadata and text give none")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "number of documents coded in parallel")
	maxBytes := fs.Int64("max-doc-bytes", input.DefaultMaxBytes, "largest document read, in bytes")
	format := fs.String("format", "records", "output: `records` (one JSON line per document), or one line per event as jsonl, csv, gdelt or plover")
	explain := fs.Bool("explain", false, "also write each document's sentences and the web leftovers left out of the story")
	allModes := fs.Bool("all-modes", false, "also write planned, negated and hypothetical events (their mode says which)")
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
	p, err := newPipeline(appConfig{lexiconDirs: lex, allModes: *allModes})
	if err != nil {
		return err
	}
	rd := &input.Reader{RefDate: ref, MaxBytes: *maxBytes, Stdin: e.stdin}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	var events export.Writer
	if *format != "records" {
		f, err := export.ParseFormat(*format)
		if err != nil {
			return errUsage{"--format: " + err.Error()}
		}
		if events, err = export.NewWriter(out, f, nil, export.WithHeader()); err != nil {
			return err
		}
	}
	docs, failed := 0, 0
	for res := range p.Run(ctx, rd.All(ctx, paths), *workers) {
		if res.Err != nil {
			failed++
			fmt.Fprintf(e.stderr, "attache code: %v\n", res.Err)
			continue
		}
		docs++
		if events != nil {
			for _, ev := range res.Doc.Events {
				if err := events.Write(attache.StoredEvent{Event: ev, Publisher: res.Doc.Publisher, URL: res.Doc.URL,
					SentenceText: res.Doc.Slice(res.Doc.Sentences[ev.Sentence].Span)}); err != nil {
					return fmt.Errorf("writing output: %w", err)
				}
			}
			continue
		}
		rec := attache.RecordOf(res.Doc)
		if *explain {
			rec.Explain(res.Doc)
		}
		if err := enc.Encode(rec); err != nil {
			return fmt.Errorf("writing output: %w", err)
		}
	}
	if events != nil {
		if err := events.Close(); err != nil {
			return fmt.Errorf("writing output: %w", err)
		}
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if failed > 0 {
		fmt.Fprintf(e.stderr, "attache code: %d documents coded, %d inputs failed\n", docs, failed)
		return errFailed
	}
	return nil
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return fmt.Sprint([]string(*s)) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }
