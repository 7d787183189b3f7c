package main

import (
	"context"
	"fmt"
	"sort"

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

// mergeStore clusters every stored event, documents in id order so the
// result does not depend on the order they were stored in.
func mergeStore(ctx context.Context, st attache.EventStore) (clusters, multi int, err error) {
	m, ok := st.(attache.Maintainer)
	if !ok {
		return 0, 0, fmt.Errorf("this store cannot record clusters (it does not implement attache.Maintainer)")
	}
	byDoc := map[string][]attache.Event{}
	pub := map[string]string{}
	f := attache.EventFilter{Limit: 1000}
	for {
		page, next, err := st.FindEvents(ctx, f)
		if err != nil {
			return 0, 0, err
		}
		for _, ev := range page {
			byDoc[ev.Doc] = append(byDoc[ev.Doc], ev.Event)
			pub[ev.Doc] = ev.Publisher
		}
		if next == "" {
			break
		}
		f.Cursor = next
	}
	docs := make([]string, 0, len(byDoc))
	for d := range byDoc {
		docs = append(docs, d)
	}
	sort.Strings(docs)
	c := merge.NewClusterer()
	for _, d := range docs {
		evs := byDoc[d]
		sort.Slice(evs, func(i, j int) bool { return evs[i].ID < evs[j].ID })
		c.Add(merge.DocInfo{ID: d, Publisher: pub[d]}, evs)
	}
	assign := map[[2]string]string{}
	seen := map[string]bool{}
	for _, d := range docs {
		for _, ev := range byDoc[d] {
			id, ok := c.ClusterOf(merge.Ref{Doc: d, Event: ev.ID})
			if !ok {
				continue
			}
			assign[[2]string{d, ev.ID}] = id
			if !seen[id] {
				seen[id] = true
				if cl, ok := c.Cluster(id); ok && cl.NumArticles > 1 {
					multi++
				}
			}
		}
	}
	if err := m.SetClusters(ctx, assign); err != nil {
		return 0, 0, err
	}
	return len(seen), multi, nil
}
