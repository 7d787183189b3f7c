package main

import (
	"context"
	"fmt"

	"attache"
	"attache/merge"
)

func runMerge(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "merge", "[--db PATH]",
		"Group the stored events into clusters, one per real-world event: the same pair of parties,\n"+
			"compatible codes, dates that agree at their precision, the same place when both give one.\n"+
			"Each event's cluster is stored; reports with it count mentions, articles and sources.")
	db := dbFlag(fs)
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	n, multi, err := mergeStore(ctx, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d clusters, %d of them reported by more than one article\n", n, multi)
	return nil
}

// mergeStore clusters every stored event and records the clusters.
func mergeStore(ctx context.Context, st attache.EventStore) (clusters, multi int, err error) {
	res, err := merge.ClusterStore(ctx, st)
	return res.Clusters, res.Multi, err
}
