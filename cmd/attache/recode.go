package main

import (
	"context"
	"fmt"

	"attache"
	"attache/coder"
)

func runRecode(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "recode", "[--db PATH] [--all] [--lexicon DIR]",
		"Code the stored documents again with the current coder and lexicon, replacing their\n"+
			"sentences, events and facts. By default only documents coded by another coder version are\n"+
			"redone; after editing a --lexicon, use --all. Clusters are recomputed afterwards.")
	db := dbFlag(fs)
	all := fs.Bool("all", false, "re-code every document, not only those of other coder versions")
	var lex stringList
	fs.Var(&lex, "lexicon", "`DIR` of lexicon files overriding the built-in ones (repeatable)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	m, ok := st.(attache.Maintainer)
	if !ok {
		return fmt.Errorf("recode: this store cannot re-code documents (it does not implement attache.Maintainer)")
	}
	p, err := newPipeline(appConfig{lexiconDirs: lex})
	if err != nil {
		return err
	}
	current := coder.Version
	if *all {
		current = ""
	}
	done, failed := 0, 0
	err = m.EachDocument(ctx, current, func(sd attache.StoredDocument) error {
		if err := p.Process(ctx, &sd.Document); err != nil {
			failed++
			fmt.Fprintf(e.stderr, "attache recode: %s: %v\n", sd.ID, err)
			return nil
		}
		if err := m.Recode(ctx, &sd, coder.Version); err != nil {
			return err
		}
		done++
		return nil
	})
	if err != nil {
		return err
	}
	clusters, _, err := mergeStore(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d documents re-coded, %d failed; %d clusters\n", done, failed, clusters)
	if failed > 0 {
		return errFailed
	}
	return nil
}
