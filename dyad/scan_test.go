package dyad

import (
	"context"
	"fmt"
	"sort"

	"attache"
)

// buildByScan is Build as it was before DateCounts: it reads every event
// of the dyad through FindEvents pages (at most 100,000). Tests check that
// Build gives the same Summary; the benchmark measures both.
func buildByScan(ctx context.Context, st attache.EventStore, a, b attache.Country, opt Options) (*Summary, error) {
	if a == "" || b == "" || a == b {
		return nil, fmt.Errorf("dyad: want two different parties, got %q and %q", a, b)
	}
	if opt.Latest <= 0 {
		opt.Latest = 10
	}
	const maxEvents = 100000
	s := &Summary{A: a, B: b, Pair: [2]attache.Country{a, b}, Since: opt.Since}
	f := attache.EventFilter{Dyad: [2]attache.Country{a, b}, Since: opt.Since, Limit: 1000}
	months := map[string]*Month{}
	sum := map[string]float64{}
	for {
		page, next, err := st.FindEvents(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("dyad %s-%s: %w", a, b, err)
		}
		for i := range page {
			e := page[i]
			s.Events++
			if e.Quad <= 2 {
				s.Cooperation++
			} else {
				s.Conflict++
			}
			if len(s.Latest) < opt.Latest {
				s.Latest = append(s.Latest, e)
			}
			if s.Last == nil || later(e.Date, s.Last.Date) {
				ev := e
				s.Last = &ev
			}
			if !e.Date.IsZero() && (s.First == nil || later(s.First.Date, e.Date)) {
				ev := e
				s.First = &ev
			}
			if e.Date.Precision() >= attache.MonthPrecision {
				key := fmt.Sprintf("%04d-%02d", e.Date.Year, e.Date.Month)
				m := months[key]
				if m == nil {
					m = &Month{Month: key, Roots: map[string]int{}}
					months[key] = m
				}
				m.Roots[string(e.Root)]++
				m.Events++
				sum[key] += e.Goldstein
			}
		}
		if next == "" || s.Events >= maxEvents {
			break
		}
		f.Cursor = next
	}
	for k, m := range months {
		m.Goldstein = sum[k] / float64(m.Events)
		s.Months = append(s.Months, *m)
	}
	sort.Slice(s.Months, func(i, j int) bool { return s.Months[i].Month < s.Months[j].Month })

	facts, err := st.FindFacts(ctx, attache.EventFilter{Dyad: [2]attache.Country{a, b}, Since: opt.Since})
	if err != nil {
		return nil, fmt.Errorf("dyad %s-%s facts: %w", a, b, err)
	}
	for _, ft := range facts {
		switch ft.Kind {
		case attache.Agreement:
			s.Agreements = append(s.Agreements, ft)
		case attache.Trade, attache.TradeGrowth:
			s.Trade = append(s.Trade, ft)
		case attache.Relationship:
			s.Frameworks = append(s.Frameworks, ft)
		case attache.RelationsEstablished:
			s.Established = append(s.Established, ft)
		}
	}
	sort.SliceStable(s.Trade, func(i, j int) bool { return s.Trade[i].Period < s.Trade[j].Period })
	sort.SliceStable(s.Agreements, func(i, j int) bool { return later(s.Agreements[i].Date, s.Agreements[j].Date) })
	return s, nil
}
