package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"attache"
	"attache/eval"
	"attache/input"
)

func runEval(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "eval", "--corpus DIR [flags]",
		"Score the coder against DIR/gold.jsonl as ../shared/gold/GUIDE.md defines: M1 dyad-day-root,\n"+
			"M2 directed-day-code and facts, each with precision, recall, F1 and tp/fp/fn, micro-averaged.\n"+
			"The coder is run over DIR's manifest unless --pred gives its output (attache code JSONL).")
	corpus := fs.String("corpus", "", "corpus `DIR` holding manifest.jsonl and gold.jsonl")
	predFile := fs.String("pred", "", "read predictions from this JSONL `FILE` instead of running the coder")
	perDoc := fs.Bool("per-doc", false, "print a row per article")
	verbose := fs.Bool("v", false, "with --per-doc, list each article's misses and false alarms")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	minF1 := fs.Float64("min-f1", 0, "exit 1 when M1 F1 is below this floor")
	minM2 := fs.Float64("min-m2-f1", 0, "exit 1 when M2 F1 is below this floor")
	minFacts := fs.Float64("min-facts-f1", 0, "exit 1 when facts F1 is below this floor")
	var lex stringList
	fs.Var(&lex, "lexicon", "`DIR` of lexicon files overriding the built-in ones (repeatable)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *corpus == "" && len(rest) == 1 {
		*corpus = rest[0]
	}
	if *corpus == "" {
		return errUsage{"--corpus DIR is required"}
	}
	goldPath := filepath.Join(*corpus, "gold.jsonl")
	gf, err := os.Open(goldPath)
	if err != nil {
		return fmt.Errorf("gold: %w", err)
	}
	gold, err := eval.ReadGold(gf, goldPath)
	gf.Close()
	if err != nil {
		return err
	}
	var pred []attache.Record
	failed := 0
	if *predFile != "" {
		f, err := os.Open(*predFile)
		if err != nil {
			return fmt.Errorf("predictions: %w", err)
		}
		pred, err = eval.ReadRecords(f, *predFile)
		f.Close()
		if err != nil {
			return err
		}
	} else {
		p, err := newPipeline(appConfig{lexiconDirs: lex})
		if err != nil {
			return err
		}
		rd := &input.Reader{}
		for res := range p.Run(ctx, rd.All(ctx, []string{*corpus}), runtime.GOMAXPROCS(0)) {
			if res.Err != nil {
				failed++
				fmt.Fprintf(e.stderr, "attache eval: %v\n", res.Err)
				continue
			}
			pred = append(pred, attache.RecordOf(res.Doc))
		}
	}
	rep := eval.Score(filepath.Base(filepath.Clean(*corpus)), gold, pred)
	if *asJSON {
		if !*perDoc {
			rep.Docs = nil
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		printReport(e.stdout, rep, *perDoc, *verbose)
	}
	var low []string
	for _, f := range []struct {
		name  string
		c     eval.Counts
		floor float64
	}{{"M1", rep.M1, *minF1}, {"M2", rep.M2, *minM2}, {"facts", rep.Facts, *minFacts}} {
		if f.floor > 0 && f.c.F1() < f.floor {
			low = append(low, fmt.Sprintf("%s F1 %.3f is below the floor %.3f", f.name, f.c.F1(), f.floor))
		}
	}
	if len(low) > 0 {
		return fmt.Errorf("%s: %s", rep.Corpus, strings.Join(low, "; "))
	}
	if failed > 0 {
		return errFailed
	}
	return nil
}

func printReport(w io.Writer, rep eval.Report, perDoc, verbose bool) {
	row := func(name string, c eval.Counts) {
		fmt.Fprintf(w, "  %-22s P %.3f  R %.3f  F1 %.3f   tp %3d  fp %3d  fn %3d\n", name, c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
	}
	if perDoc {
		fmt.Fprintf(w, "%-12s %26s %26s %26s\n", "doc", "M1 P/R/F1", "M2 P/R/F1", "facts P/R/F1")
		for _, d := range rep.Docs {
			cell := func(c eval.Counts) string {
				return fmt.Sprintf("%.2f/%.2f/%.2f (%d/%d/%d)", c.Precision(), c.Recall(), c.F1(), c.TP, c.FP, c.FN)
			}
			note := ""
			if d.Missing {
				note = "  (no prediction)"
			}
			fmt.Fprintf(w, "%-12s %26s %26s %26s%s\n", d.Doc, cell(d.M1), cell(d.M2), cell(d.Facts), note)
			if verbose {
				for _, m := range d.Misses {
					fmt.Fprintf(w, "    miss   %s\n", m)
				}
				for _, m := range d.FalseAlarms {
					fmt.Fprintf(w, "    false  %s\n", m)
				}
				for _, m := range d.FactMisses {
					fmt.Fprintf(w, "    miss   fact %s\n", m)
				}
				for _, m := range d.FactAlarms {
					fmt.Fprintf(w, "    false  fact %s\n", m)
				}
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "corpus %s (%d articles)\n", rep.Corpus, len(rep.Docs))
	row("M1 dyad-day-root", rep.M1)
	row("M2 directed-day-code", rep.M2)
	row("facts", rep.Facts)
}
