// Package mock holds fakes of the root interfaces for tests: structs of
// function fields, each method calling its field.
package mock

import (
	"cmp"
	"context"
	"slices"

	"attache"
)

// EventStore is a fake attache.EventStore.
type EventStore struct {
	SaveDocumentFn    func(ctx context.Context, d *attache.Document, coderVersion string) (attache.SaveResult, error)
	FindEventsFn      func(ctx context.Context, f attache.EventFilter) ([]attache.StoredEvent, string, error)
	FindFactsFn       func(ctx context.Context, f attache.EventFilter) ([]attache.StoredFact, error)
	SearchSentencesFn func(ctx context.Context, q string, f attache.EventFilter) ([]attache.SentenceHit, error)
	SaveDocumentsFn   func(ctx context.Context, docs []*attache.Document, coderVersion string) ([]attache.SaveResult, error)
	DocumentFn        func(ctx context.Context, id string) (*attache.StoredDocument, error)
	DyadsFn           func(ctx context.Context, f attache.EventFilter, limit int) ([]attache.DyadCount, error)
	FacetsFn          func(ctx context.Context, f attache.EventFilter, limit int) (attache.Facets, error)
	DateCountsFn      func(ctx context.Context, f attache.EventFilter) ([]attache.DateCount, error)
	StatsFn           func(ctx context.Context) (attache.StoreStats, error)
	CloseFn           func() error
}

var _ attache.EventStore = (*EventStore)(nil)

func (s *EventStore) SaveDocument(ctx context.Context, d *attache.Document, v string) (attache.SaveResult, error) {
	return s.SaveDocumentFn(ctx, d, v)
}

func (s *EventStore) FindEvents(ctx context.Context, f attache.EventFilter) ([]attache.StoredEvent, string, error) {
	return s.FindEventsFn(ctx, f)
}

func (s *EventStore) FindFacts(ctx context.Context, f attache.EventFilter) ([]attache.StoredFact, error) {
	return s.FindFactsFn(ctx, f)
}

func (s *EventStore) SearchSentences(ctx context.Context, q string, f attache.EventFilter) ([]attache.SentenceHit, error) {
	return s.SearchSentencesFn(ctx, q, f)
}

func (s *EventStore) SaveDocuments(ctx context.Context, docs []*attache.Document, v string) ([]attache.SaveResult, error) {
	return s.SaveDocumentsFn(ctx, docs, v)
}

func (s *EventStore) Document(ctx context.Context, id string) (*attache.StoredDocument, error) {
	return s.DocumentFn(ctx, id)
}

func (s *EventStore) Dyads(ctx context.Context, f attache.EventFilter, limit int) ([]attache.DyadCount, error) {
	return s.DyadsFn(ctx, f, limit)
}

func (s *EventStore) Facets(ctx context.Context, f attache.EventFilter, limit int) (attache.Facets, error) {
	return s.FacetsFn(ctx, f, limit)
}

func (s *EventStore) DateCounts(ctx context.Context, f attache.EventFilter) ([]attache.DateCount, error) {
	return s.DateCountsFn(ctx, f)
}

func (s *EventStore) Stats(ctx context.Context) (attache.StoreStats, error) { return s.StatsFn(ctx) }

func (s *EventStore) Close() error { return s.CloseFn() }

// CountByDate counts events as EventStore.DateCounts does, for fakes that
// answer DateCounts from a slice of events already filtered: by date
// string, root and quad, in that order.
func CountByDate(evs []attache.StoredEvent) []attache.DateCount {
	type key struct {
		date string
		root string
		quad int
	}
	idx := map[key]int{}
	var out []attache.DateCount
	for _, e := range evs {
		k := key{e.Date.String(), string(e.Root), e.Quad}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, attache.DateCount{Date: e.Date, Root: e.Root, Quad: e.Quad})
		}
		out[i].Events++
		out[i].GoldsteinSum += e.Goldstein
	}
	slices.SortFunc(out, func(x, y attache.DateCount) int {
		return cmp.Or(cmp.Compare(x.Date.String(), y.Date.String()), cmp.Compare(x.Root, y.Root), cmp.Compare(x.Quad, y.Quad))
	})
	return out
}
