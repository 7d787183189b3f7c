package sqlite

import (
	"context"
	"fmt"

	"attache"
	"attache/cameo"
)

// Sizes of the answers of Dyads and Facets.
const (
	DefaultDyads  = 20
	DefaultFacets = 10
)

// Dyads returns the pairs of different countries among the events matching
// f (all of f but Limit and Cursor, as FindEvents reads it), with the
// number of events between them in either direction and their mean
// Goldstein value: most events first, then by A and B, A < B. Events
// without a source or target country, and events within one country, are
// left out. At most limit pairs: DefaultDyads when limit ≤ 0, MaxLimit at
// most.
func (s *Store) Dyads(ctx context.Context, f attache.EventFilter, limit int) ([]attache.DyadCount, error) {
	limit = clampLimit(limit, DefaultDyads)
	dyads, err := withText(f.Text, func(fts string) ([]attache.DyadCount, error) {
		return s.dyads(ctx, f, fts, limit)
	})
	if err != nil {
		return nil, fmt.Errorf("count dyads: %w", s.fail(err))
	}
	return dyads, nil
}

func (s *Store) dyads(ctx context.Context, f attache.EventFilter, fts string, limit int) ([]attache.DyadCount, error) {
	var w where
	joins := w.eventFilter(f, fts, false)
	w.add("e.src_country <> '' AND e.tgt_country <> '' AND e.src_country <> e.tgt_country")
	q := `SELECT min(e.src_country, e.tgt_country) AS a, max(e.src_country, e.tgt_country) AS b,
		count(*) AS n, avg(e.goldstein)
	FROM events e` + joins + `
	` + w.String() + `
	GROUP BY a, b
	ORDER BY n DESC, a, b
	LIMIT ?`
	rows, err := s.db.QueryContext(ctx, q, append(w.args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var dyads []attache.DyadCount
	for rows.Next() {
		var d attache.DyadCount
		if err := rows.Scan(&d.A, &d.B, &d.Events, &d.Goldstein); err != nil {
			return nil, fmt.Errorf("read dyad: %w", err)
		}
		dyads = append(dyads, d)
	}
	return dyads, rows.Err()
}

// Facets counts the events matching f (all of f but Limit and Cursor, as
// FindEvents reads it) by CAMEO root, by country and by publisher, and
// keeps the limit most frequent values of each (DefaultFacets when limit ≤
// 0, MaxLimit at most), most frequent first, ties in the order of the
// values. An event counts once for its source country and once for its
// target country when the two differ; empty countries and publishers are
// not counted. The three counts are of one snapshot of the store.
func (s *Store) Facets(ctx context.Context, f attache.EventFilter, limit int) (attache.Facets, error) {
	limit = clampLimit(limit, DefaultFacets)
	fc, err := withText(f.Text, func(fts string) (attache.Facets, error) {
		return s.facets(ctx, f, fts, limit)
	})
	if err != nil {
		return attache.Facets{}, fmt.Errorf("count facets: %w", s.fail(err))
	}
	// Empty lists, not nulls, in JSON.
	for _, l := range []*[]attache.FacetCount{&fc.Roots, &fc.Countries, &fc.Publishers} {
		if *l == nil {
			*l = []attache.FacetCount{}
		}
	}
	return fc, nil
}

func (s *Store) facets(ctx context.Context, f attache.EventFilter, fts string, limit int) (attache.Facets, error) {
	var w where
	joins := w.eventFilter(f, fts, true)
	// One statement, so one snapshot: the matching events once, then the
	// three counts, then the first limit of each by a window.
	q := `WITH m AS MATERIALIZED (
		SELECT e.root, e.src_country, e.tgt_country, d.publisher
		FROM events e` + joins + `
		` + w.String() + `
	), counts AS (
		SELECT 0 AS facet, root AS value, count(*) AS n FROM m WHERE root <> '' GROUP BY root
		UNION ALL
		SELECT 1, value, count(*) FROM (
			SELECT src_country AS value FROM m WHERE src_country <> ''
			UNION ALL
			SELECT tgt_country FROM m WHERE tgt_country <> '' AND tgt_country <> src_country
		) GROUP BY value
		UNION ALL
		SELECT 2, publisher, count(*) FROM m WHERE publisher <> '' GROUP BY publisher
	)
	SELECT facet, value, n FROM (
		SELECT facet, value, n, row_number() OVER (PARTITION BY facet ORDER BY n DESC, value) AS r
		FROM counts
	)
	WHERE r <= ?
	ORDER BY facet, r`
	rows, err := s.db.QueryContext(ctx, q, append(w.args, limit)...)
	if err != nil {
		return attache.Facets{}, err
	}
	defer rows.Close()
	var fc attache.Facets
	lists := []*[]attache.FacetCount{&fc.Roots, &fc.Countries, &fc.Publishers}
	for rows.Next() {
		var (
			facet int
			c     attache.FacetCount
		)
		if err := rows.Scan(&facet, &c.Value, &c.Count); err != nil {
			return attache.Facets{}, fmt.Errorf("read facet: %w", err)
		}
		*lists[facet] = append(*lists[facet], c)
	}
	return fc, rows.Err()
}

// clampLimit returns limit within 1..MaxLimit, def when it is 0 or less.
func clampLimit(limit, def int) int {
	if limit <= 0 {
		return def
	}
	return min(limit, MaxLimit)
}

// DateCounts counts the events matching f (all of f but Limit and Cursor,
// as FindEvents reads it) by date as stored (a day, a month or a year; the
// zero Date for undated events), CAMEO root and quad class, with the sum
// of their Goldstein values: one row for each, ordered by the date's
// string (undated first), root and quad.
func (s *Store) DateCounts(ctx context.Context, f attache.EventFilter) ([]attache.DateCount, error) {
	dc, err := withText(f.Text, func(fts string) ([]attache.DateCount, error) {
		return s.dateCounts(ctx, f, fts)
	})
	if err != nil {
		return nil, fmt.Errorf("count events by date: %w", s.fail(err))
	}
	return dc, nil
}

func (s *Store) dateCounts(ctx context.Context, f attache.EventFilter, fts string) ([]attache.DateCount, error) {
	var w where
	joins := w.eventFilter(f, fts, false)
	q := `SELECT e.event_date, e.root, e.quad, count(*), total(e.goldstein)
	FROM events e` + joins + `
	` + w.String() + `
	GROUP BY e.event_date, e.root, e.quad
	ORDER BY e.event_date, e.root, e.quad`
	rows, err := s.db.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []attache.DateCount
	for rows.Next() {
		var (
			c          attache.DateCount
			date, root string
		)
		if err := rows.Scan(&date, &root, &c.Quad, &c.Events, &c.GoldsteinSum); err != nil {
			return nil, fmt.Errorf("read date count: %w", err)
		}
		if c.Date, err = attache.ParseDate(date); err != nil {
			return nil, fmt.Errorf("read date count: %w", err)
		}
		c.Root = cameo.Code(root)
		out = append(out, c)
	}
	return out, rows.Err()
}
