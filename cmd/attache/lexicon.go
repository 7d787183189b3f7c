package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"

	"attache/lexicon"
)

func runLexicon(_ context.Context, e *env, args []string) error {
	flags := newFlags(e, "lexicon", "check [DIR]...",
		"Check lexicon files: the built-in ones, then each DIR as --lexicon would read it.\n"+
			"Prints file:line for every malformed line and every key given twice in one layer,\n"+
			"then counts of what was loaded. Exit code 1 when something is wrong.")
	rest, err := parseFlags(flags, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 || rest[0] != "check" {
		return errUsage{"want: attache lexicon check [DIR]..."}
	}
	var layers []fs.FS
	for _, dir := range rest[1:] {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Errorf("%s: not a readable directory", dir)
		}
		layers = append(layers, os.DirFS(dir))
	}
	lex, err := lexicon.Load(layers...)
	if err != nil {
		fmt.Fprintln(e.stdout, err)
		return errFailed
	}
	for _, d := range lex.Duplicates {
		fmt.Fprintln(e.stdout, d)
	}
	phrases, people, events := lex.Stats()
	fmt.Fprintf(e.stdout, "%d phrases, %d office holders, %d event phrases; %d duplicates\n", phrases, people, events, len(lex.Duplicates))
	if len(lex.Duplicates) > 0 {
		return errFailed
	}
	return nil
}
