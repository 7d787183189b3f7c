package merge

import (
	"context"
	"fmt"
	"sort"

	"attache"
)

// StoreResult counts the clusters ClusterStore recorded.
type StoreResult struct {
	Clusters int // clusters of one or more events
	Multi    int // clusters reported by more than one article
}

// ClusterStore groups every event of a store into clusters, one per
// real-world event, and records each event's cluster (replacing what was
// recorded before). Documents are added in ID order and their events in ID
// order, so the result does not depend on the order they were stored in.
// The store must implement attache.Maintainer.
//
// Only what clustering reads is kept of each event while the store is
// read, so memory stays modest on large stores.
func ClusterStore(ctx context.Context, st attache.EventStore) (StoreResult, error) {
	m, ok := st.(attache.Maintainer)
	if !ok {
		return StoreResult{}, fmt.Errorf("this store cannot record clusters (it does not implement attache.Maintainer)")
	}
	byDoc := map[string][]attache.Event{}
	pub := map[string]string{}
	f := attache.EventFilter{Limit: 1000}
	for {
		page, next, err := st.FindEvents(ctx, f)
		if err != nil {
			return StoreResult{}, err
		}
		for i := range page {
			ev := &page[i]
			byDoc[ev.Doc] = append(byDoc[ev.Doc], slim(&ev.Event))
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
	c := NewClusterer()
	for _, d := range docs {
		evs := byDoc[d]
		sort.Slice(evs, func(i, j int) bool { return evs[i].ID < evs[j].ID })
		c.Add(DocInfo{ID: d, Publisher: pub[d]}, evs)
	}
	var res StoreResult
	assign := map[[2]string]string{}
	seen := map[string]bool{}
	for _, d := range docs {
		for _, ev := range byDoc[d] {
			id, ok := c.ClusterOf(Ref{Doc: d, Event: ev.ID})
			if !ok {
				continue
			}
			assign[[2]string{d, ev.ID}] = id
			if !seen[id] {
				seen[id] = true
				if cl, ok := c.Cluster(id); ok && cl.NumArticles > 1 {
					res.Multi++
				}
			}
		}
	}
	if err := m.SetClusters(ctx, assign); err != nil {
		return StoreResult{}, err
	}
	res.Clusters = len(seen)
	return res, nil
}

// slim keeps the fields of an event that clustering reads: its ID, the
// parties' countries, code, date, place and mode.
func slim(e *attache.Event) attache.Event {
	return attache.Event{
		ID:  e.ID,
		Doc: e.Doc, Sentence: e.Sentence,
		Source: attache.Actor{Country: e.Source.Country, Code: e.Source.Code},
		Target: attache.Actor{Country: e.Target.Country, Code: e.Target.Code},
		Code:   e.Code, Root: e.Root, Quad: e.Quad, Goldstein: e.Goldstein,
		Date: e.Date, DatePrecision: e.DatePrecision, Place: e.Place, Mode: e.Mode,
	}
}
