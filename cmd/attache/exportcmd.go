package main

import (
	"bufio"
	"context"
	"fmt"

	"attache/export"
)

func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export", "--format jsonl|csv|gdelt|plover [filters] [--db PATH]",
		"Write the stored events, newest first, one per line: JSON Lines, CSV with a header, a\n"+
			"GDELT-style tab-separated layout (columns in export/GDELT.md) or PLOVER JSON records.")
	db := dbFlag(fs)
	format := fs.String("format", "jsonl", "output `format`: jsonl, csv, gdelt or plover")
	header := fs.Bool("header", false, "with --format gdelt, write a header row")
	ff := addFilterFlags(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	f, err := ff.filter()
	if err != nil {
		return err
	}
	fm, err := export.ParseFormat(*format)
	if err != nil {
		return errUsage{"--format: " + err.Error()}
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	var opts []export.Option
	if *header || fm == export.CSV {
		opts = append(opts, export.WithHeader())
	}
	w, err := export.NewWriter(out, fm, nil, opts...)
	if err != nil {
		return err
	}
	f.Limit = 1000
	n := 0
	for {
		page, next, err := st.FindEvents(ctx, f)
		if err != nil {
			return err
		}
		for _, ev := range page {
			if err := w.Write(ev); err != nil {
				return fmt.Errorf("writing output: %w", err)
			}
			n++
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("writing output: %w", err)
	}
	fmt.Fprintf(e.stderr, "attache export: %d events\n", n)
	return nil
}
