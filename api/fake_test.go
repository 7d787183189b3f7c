package api

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"attache"
	"attache/mock"
	"attache/storekit"
)

// fakeStore is a mock.EventStore over fixed events, facts and documents
// that filters and pages like a store (by Doc, Cluster, Dyad, Countries,
// Codes and Publisher; newest first; cursors carry the position) and
// records the filters it was asked for.
type fakeStore struct {
	mock.EventStore
	mu      sync.Mutex
	filters []attache.EventFilter
	queries []string
}

// calls returns the filters FindEvents, Facets, Dyads, DateCounts and
// SearchSentences were given, in order.
func (s *fakeStore) calls() []attache.EventFilter {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.filters)
}

func (s *fakeStore) record(f attache.EventFilter) {
	s.mu.Lock()
	s.filters = append(s.filters, f)
	s.mu.Unlock()
}

func matches(e attache.StoredEvent, f attache.EventFilter) bool {
	has := func(c attache.Country) bool { return e.Source.Country == c || e.Target.Country == c }
	if len(f.Countries) > 0 && !slices.ContainsFunc(f.Countries, has) {
		return false
	}
	if a, b := f.Dyad[0], f.Dyad[1]; a != "" && !(has(a) && has(b) && e.Source.Country != e.Target.Country) {
		return false
	}
	if len(f.Codes) > 0 && !slices.ContainsFunc(f.Codes, func(c string) bool { return strings.HasPrefix(string(e.Code), c) }) {
		return false
	}
	if f.Doc != "" && e.Doc != f.Doc {
		return false
	}
	if f.Cluster != "" && e.Cluster != f.Cluster {
		return false
	}
	if f.Publisher != "" && e.Publisher != f.Publisher {
		return false
	}
	if !f.Since.IsZero() && e.Date.String() < f.Since.String() {
		return false
	}
	return true
}

func newFakeStore(events []attache.StoredEvent, facts []attache.StoredFact, docs []*attache.StoredDocument) *fakeStore {
	s := &fakeStore{}
	sorted := slices.Clone(events)
	slices.SortStableFunc(sorted, func(a, b attache.StoredEvent) int { return cmp.Compare(b.Date.String(), a.Date.String()) })
	s.FindEventsFn = func(ctx context.Context, f attache.EventFilter) ([]attache.StoredEvent, string, error) {
		s.record(f)
		start := 0
		if f.Cursor != "" {
			c, err := storekit.ParseCursor(f.Cursor)
			if err != nil {
				return nil, "", err
			}
			start = int(c.ID)
		}
		limit := storekit.Limit(f)
		var page []attache.StoredEvent
		for i := start; i < len(sorted); i++ {
			if !matches(sorted[i], f) {
				continue
			}
			if len(page) == limit {
				return page, storekit.Cursor{Date: "x", ID: int64(i)}.String(), nil
			}
			page = append(page, sorted[i])
		}
		return page, "", nil
	}
	s.FindFactsFn = func(ctx context.Context, f attache.EventFilter) ([]attache.StoredFact, error) {
		var out []attache.StoredFact
		for _, ft := range facts {
			if slices.Contains(ft.Parties, f.Dyad[0]) && slices.Contains(ft.Parties, f.Dyad[1]) {
				out = append(out, ft)
			}
		}
		return out, nil
	}
	s.DocumentFn = func(ctx context.Context, id string) (*attache.StoredDocument, error) {
		for _, d := range docs {
			if d.ID == id {
				return d, nil
			}
		}
		return nil, fmt.Errorf("document %q: %w", id, attache.ErrNotFound)
	}
	s.DyadsFn = func(ctx context.Context, f attache.EventFilter, limit int) ([]attache.DyadCount, error) {
		s.record(f)
		type acc struct {
			n   int
			sum float64
		}
		m := map[[2]attache.Country]*acc{}
		for _, e := range sorted {
			a, b := e.Source.Country, e.Target.Country
			if !matches(e, f) || a == b {
				continue
			}
			if b < a {
				a, b = b, a
			}
			k := [2]attache.Country{a, b}
			if m[k] == nil {
				m[k] = &acc{}
			}
			m[k].n++
			m[k].sum += e.Goldstein
		}
		var out []attache.DyadCount
		for k, v := range m {
			out = append(out, attache.DyadCount{A: k[0], B: k[1], Events: v.n, Goldstein: v.sum / float64(v.n)})
		}
		slices.SortFunc(out, func(x, y attache.DyadCount) int { return cmp.Or(y.Events-x.Events, cmp.Compare(x.A+x.B, y.A+y.B)) })
		return out[:min(limit, len(out))], nil
	}
	s.FacetsFn = func(ctx context.Context, f attache.EventFilter, limit int) (attache.Facets, error) {
		s.record(f)
		roots := map[string]int{}
		for _, e := range sorted {
			if matches(e, f) {
				roots[string(e.Root)]++
			}
		}
		var fc attache.Facets
		for v, n := range roots {
			fc.Roots = append(fc.Roots, attache.FacetCount{Value: v, Count: n})
		}
		slices.SortFunc(fc.Roots, func(x, y attache.FacetCount) int { return cmp.Or(y.Count-x.Count, cmp.Compare(x.Value, y.Value)) })
		return fc, nil
	}
	s.DateCountsFn = func(ctx context.Context, f attache.EventFilter) ([]attache.DateCount, error) {
		s.record(f)
		var evs []attache.StoredEvent
		for _, e := range sorted {
			if matches(e, f) {
				evs = append(evs, e)
			}
		}
		return mock.CountByDate(evs), nil
	}
	s.SearchSentencesFn = func(ctx context.Context, q string, f attache.EventFilter) ([]attache.SentenceHit, error) {
		s.record(f)
		s.mu.Lock()
		s.queries = append(s.queries, q)
		s.mu.Unlock()
		var hits []attache.SentenceHit
		for _, d := range docs {
			for _, sn := range d.Sentences {
				text := d.Text[sn.Start:sn.End]
				if strings.Contains(strings.ToLower(text), strings.ToLower(q)) {
					hits = append(hits, attache.SentenceHit{Doc: d.ID, Sentence: sn.Index, Text: text, Snippet: text, Date: d.RefDate})
				}
			}
		}
		return hits, nil
	}
	s.StatsFn = func(ctx context.Context) (attache.StoreStats, error) {
		return attache.StoreStats{Documents: len(docs), Events: len(events), Facts: len(facts)}, nil
	}
	return s
}
