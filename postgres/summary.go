package postgres

import (
	"context"
	"fmt"

	"attache"
	"attache/cameo"
)

// Sizes of the lists Dyads and Facets return (the SQLite store's); neither
// returns more than MaxLimit values.
const (
	DefaultDyads  = 20
	DefaultFacets = 10
)

// clampLimit returns limit within 1..MaxLimit, def when it is 0 or less.
func clampLimit(limit, def int) int {
	if limit <= 0 {
		return def
	}
	return min(limit, MaxLimit)
}

// summaryFrom starts a summary of the events f selects: the FROM clause
// and the conditions, ok false when f.Text has nothing to search for (no
// event matches). Cursor and Limit do not apply.
func summaryFrom(f attache.EventFilter, withDocs bool) (w *where, from string, ok bool) {
	var tsq string
	if f.Text != "" {
		if tsq = tsQuery(parseQuery(f.Text)); tsq == "" {
			return nil, "", false
		}
	}
	w = &where{}
	return w, w.events(f, tsq, withDocs), true
}

// Dyads returns the pairs of different countries among the events matching
// f (as FindEvents selects them; Cursor and Limit do not apply), each pair
// once whatever the direction of its events, A < B byte by byte: how many
// events, and their mean Goldstein value. The most active pairs come
// first, then by A and B; at most limit of them, DefaultDyads when limit
// is 0 or less, MaxLimit at most. Events without a country on either side,
// and events within one country, are not counted.
func (s *Store) Dyads(ctx context.Context, f attache.EventFilter, limit int) ([]attache.DyadCount, error) {
	limit = clampLimit(limit, DefaultDyads)
	w, from, ok := summaryFrom(f, false)
	if !ok {
		return nil, nil
	}
	w.add("e.src_country <> '' AND e.tgt_country <> '' AND e.src_country <> e.tgt_country")
	q := `SELECT least(e.src_country COLLATE "C", e.tgt_country COLLATE "C") AS a,
		greatest(e.src_country COLLATE "C", e.tgt_country COLLATE "C") AS b,
		count(*) AS n, avg(e.goldstein)
	FROM ` + from + `
	` + w.String() + `
	GROUP BY a, b
	ORDER BY n DESC, a, b
	LIMIT ` + w.arg(limit)
	rows, err := s.pool.Query(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("count dyads: %w", s.fail(err))
	}
	defer rows.Close()
	var dyads []attache.DyadCount
	for rows.Next() {
		var d attache.DyadCount
		if err := rows.Scan(&d.A, &d.B, &d.Events, &d.Goldstein); err != nil {
			return nil, fmt.Errorf("count dyads: read dyad: %w", err)
		}
		dyads = append(dyads, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count dyads: %w", s.fail(err))
	}
	return dyads, nil
}

// Facets counts the events matching f (as FindEvents selects them; Cursor
// and Limit do not apply) by CAMEO root, by country and by publisher,
// keeping the limit most frequent values of each (DefaultFacets when limit
// is 0 or less, MaxLimit at most), most frequent first, then by value byte
// by byte. An event counts for its source's country and for its target's,
// once when they are the same. Empty values (no country, no publisher) are
// not counted. The three counts are of one snapshot (one statement), and a
// facet without values is an empty list, not nil.
func (s *Store) Facets(ctx context.Context, f attache.EventFilter, limit int) (attache.Facets, error) {
	limit = clampLimit(limit, DefaultFacets)
	fc := attache.Facets{Roots: []attache.FacetCount{}, Countries: []attache.FacetCount{}, Publishers: []attache.FacetCount{}}
	w, from, ok := summaryFrom(f, true)
	if !ok {
		return fc, nil
	}
	// The matching events once, then the three counts, then the first
	// limit of each by a window.
	q := `WITH m AS MATERIALIZED (
		SELECT e.root, e.src_country, e.tgt_country, d.publisher
		FROM ` + from + `
		` + w.String() + `
	), counts AS (
		SELECT 0 AS facet, root AS value, count(*) AS n FROM m WHERE root <> '' GROUP BY root
		UNION ALL
		SELECT 1, c.value, count(*) FROM m
			CROSS JOIN LATERAL (VALUES (src_country),
				(CASE WHEN tgt_country <> src_country THEN tgt_country END)) AS c (value)
			WHERE c.value <> '' GROUP BY c.value
		UNION ALL
		SELECT 2, publisher, count(*) FROM m WHERE publisher <> '' GROUP BY publisher
	)
	SELECT facet, value, n FROM (
		SELECT facet, value, n, row_number() OVER (PARTITION BY facet ORDER BY n DESC, value COLLATE "C") AS r
		FROM counts
	) ranked
	WHERE r <= ` + w.arg(limit) + `
	ORDER BY facet, r`
	rows, err := s.pool.Query(ctx, q, w.args...)
	if err != nil {
		return attache.Facets{}, fmt.Errorf("count facets: %w", s.fail(err))
	}
	defer rows.Close()
	lists := []*[]attache.FacetCount{&fc.Roots, &fc.Countries, &fc.Publishers}
	for rows.Next() {
		var (
			facet int
			c     attache.FacetCount
		)
		if err := rows.Scan(&facet, &c.Value, &c.Count); err != nil {
			return attache.Facets{}, fmt.Errorf("count facets: read facet: %w", err)
		}
		*lists[facet] = append(*lists[facet], c)
	}
	if err := rows.Err(); err != nil {
		return attache.Facets{}, fmt.Errorf("count facets: %w", s.fail(err))
	}
	return fc, nil
}

// DateCounts counts the events matching f (as FindEvents selects them;
// Cursor and Limit do not apply) by date as stored (a day, a month or a
// year; the zero Date for undated events), CAMEO root and quad class, with
// the sum of their Goldstein values: one row for each, ordered by the
// date's string byte by byte (undated first), root and quad.
func (s *Store) DateCounts(ctx context.Context, f attache.EventFilter) ([]attache.DateCount, error) {
	w, from, ok := summaryFrom(f, false)
	if !ok {
		return nil, nil
	}
	q := `SELECT e.event_date, e.root, e.quad, count(*), sum(e.goldstein)
	FROM ` + from + `
	` + w.String() + `
	GROUP BY e.event_date, e.root, e.quad
	ORDER BY e.event_date COLLATE "C", e.root COLLATE "C", e.quad`
	rows, err := s.pool.Query(ctx, q, w.args...)
	if err != nil {
		return nil, fmt.Errorf("count events by date: %w", s.fail(err))
	}
	defer rows.Close()
	var out []attache.DateCount
	for rows.Next() {
		var (
			c          attache.DateCount
			date, root string
		)
		if err := rows.Scan(&date, &root, &c.Quad, &c.Events, &c.GoldsteinSum); err != nil {
			return nil, fmt.Errorf("count events by date: read row: %w", err)
		}
		if c.Date, err = attache.ParseDate(date); err != nil {
			return nil, fmt.Errorf("count events by date: %w", err)
		}
		c.Root = cameo.Code(root)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count events by date: %w", s.fail(err))
	}
	return out, nil
}
