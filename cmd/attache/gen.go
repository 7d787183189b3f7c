package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"attache/synth"
)

func runGen(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "gen", "[--n N] [--seed S] [--out FILE]",
		"Write a synthetic corpus of news articles about relations between states, one JSON line per\n"+
			`article ({"id","title","text","published","publisher"}), for benchmarks: attache ingest and`+"\n"+
			"attache code read it. The same --seed gives the same corpus on every machine, and the first N\n"+
			"articles of a larger corpus are the corpus of N. Articles are written as they are made, so\n"+
			"memory stays flat however large --n is.")
	n := fs.Int("n", 1000, "number of `articles`")
	seed := fs.Uint64("seed", 1, "corpus `seed`")
	out := fs.String("out", "-", "output `FILE`; - for standard output")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return errUsage{fmt.Sprintf("unexpected argument %q: the output file is given with --out", rest[0])}
	}
	if *n < 0 {
		return errUsage{"--n must not be negative"}
	}
	if *out == "-" {
		return synth.WriteJSONL(ctx, e.stdout, *seed, *n)
	}
	if err := writeCorpusFile(ctx, *out, *seed, *n); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "attache gen: wrote %d articles (seed %d) to %s\n", *n, *seed, *out)
	return nil
}

// writeCorpusFile writes the corpus to a temporary file beside path and
// renames it into place, so an interrupted run leaves no half corpus.
func writeCorpusFile(ctx context.Context, path string, seed uint64, n int) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	if err := synth.WriteJSONL(ctx, f, seed, n); err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	return nil
}
