// Package dyad builds the at-a-glance record of the relationship between
// two parties from an event store: events by root category per month, the
// latest events with their evidence sentences, agreements signed, trade
// figures over time with their sources, the partnership framework and its
// history, and the first and last contact on record.
package dyad

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"attache"
)

// Summary is the relationship between A and B as the store records it.
type Summary struct {
	A, B        attache.Country       `json:"-"`
	Pair        [2]attache.Country    `json:"pair"`
	Since       attache.Date          `json:"since,omitzero"`
	Events      int                   `json:"events"`
	Cooperation int                   `json:"cooperation"` // quad classes 1 and 2
	Conflict    int                   `json:"conflict"`    // quad classes 3 and 4
	First       *attache.StoredEvent  `json:"first_contact,omitempty"`
	Last        *attache.StoredEvent  `json:"last_contact,omitempty"`
	Months      []Month               `json:"months"`
	Latest      []attache.StoredEvent `json:"latest"`
	Agreements  []attache.StoredFact  `json:"agreements"`
	Trade       []attache.StoredFact  `json:"trade"`
	Frameworks  []attache.StoredFact  `json:"frameworks"`
	Established []attache.StoredFact  `json:"relations_established"`
}

// Month counts a month's events by CAMEO root, with their mean Goldstein
// value (the cooperation–conflict line).
type Month struct {
	Month     string         `json:"month"` // YYYY-MM
	Roots     map[string]int `json:"roots"`
	Events    int            `json:"events"`
	Goldstein float64        `json:"goldstein"`
}

// Options tunes Build.
type Options struct {
	Since  attache.Date
	Latest int // how many latest events to keep; 0 means 10
}

// Build reads the dyad's record from st: the counts of its events by date,
// root and quad class (DateCounts, so the events themselves are not read),
// its latest events, its earliest dated event and its facts.
func Build(ctx context.Context, st attache.EventStore, a, b attache.Country, opt Options) (*Summary, error) {
	if a == "" || b == "" || a == b {
		return nil, fmt.Errorf("dyad: want two different parties, got %q and %q", a, b)
	}
	if opt.Latest <= 0 {
		opt.Latest = 10
	}
	s := &Summary{A: a, B: b, Pair: [2]attache.Country{a, b}, Since: opt.Since}
	f := attache.EventFilter{Dyad: [2]attache.Country{a, b}, Since: opt.Since}
	counts, err := st.DateCounts(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("dyad %s-%s: %w", a, b, err)
	}
	months := map[string]*Month{}
	sum := map[string]float64{}
	var first attache.Date // the earliest date, as strings compare
	for _, c := range counts {
		s.Events += c.Events
		if c.Quad <= 2 {
			s.Cooperation += c.Events
		} else {
			s.Conflict += c.Events
		}
		if !c.Date.IsZero() && (first.IsZero() || later(first, c.Date)) {
			first = c.Date
		}
		if c.Date.Precision() >= attache.MonthPrecision {
			key := fmt.Sprintf("%04d-%02d", c.Date.Year, c.Date.Month)
			m := months[key]
			if m == nil {
				m = &Month{Month: key, Roots: map[string]int{}}
				months[key] = m
			}
			m.Roots[string(c.Root)] += c.Events
			m.Events += c.Events
			sum[key] += c.GoldsteinSum
		}
	}
	for k, m := range months {
		m.Goldstein = sum[k] / float64(m.Events)
		s.Months = append(s.Months, *m)
	}
	sort.Slice(s.Months, func(i, j int) bool { return s.Months[i].Month < s.Months[j].Month })

	if s.Events > 0 {
		if s.Latest, err = latest(ctx, st, f, opt.Latest); err != nil {
			return nil, fmt.Errorf("dyad %s-%s: %w", a, b, err)
		}
		// FindEvents lists the newest first: the first event has the
		// greatest date (undated events come last).
		if len(s.Latest) > 0 {
			ev := s.Latest[0]
			s.Last = &ev
		}
		if !first.IsZero() {
			if s.First, err = firstOn(ctx, st, f, first); err != nil {
				return nil, fmt.Errorf("dyad %s-%s: %w", a, b, err)
			}
		}
	}

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

// later reports whether date x is after y (at the precision both give).
func later(x, y attache.Date) bool { return x.String() > y.String() }

// latest returns the first n events f selects, newest first, or fewer
// when there are not as many.
func latest(ctx context.Context, st attache.EventStore, f attache.EventFilter, n int) ([]attache.StoredEvent, error) {
	f.Limit = n
	var evs []attache.StoredEvent
	for {
		page, next, err := st.FindEvents(ctx, f)
		if err != nil {
			return nil, err
		}
		evs = append(evs, page[:min(len(page), n-len(evs))]...)
		if next == "" || len(page) == 0 || len(evs) == n {
			return evs, nil
		}
		f.Cursor = next
	}
}

// firstOn returns the first event dated d (at d's precision: "2024" is
// not "2024-03-18") in the order FindEvents lists the events f selects,
// newest first: the event a reading of all of them would meet first among
// those with the earliest date. Nil when there is none.
func firstOn(ctx context.Context, st attache.EventStore, f attache.EventFilter, d attache.Date) (*attache.StoredEvent, error) {
	// Since and Until at d's first day select, as the stores compare
	// dates, the events that overlap that day: those dated d and, when d
	// is a month or a year, those dated to its first day or first month,
	// which are listed first and skipped. (Since and Until at d itself
	// would select every event within d's month or year.)
	day := attache.DayDate(d.Time())
	f.Since, f.Until, f.Limit = day, day, 1000
	want := d.String()
	for {
		page, next, err := st.FindEvents(ctx, f)
		if err != nil {
			return nil, err
		}
		for i := range page {
			if page[i].Date.String() == want {
				ev := page[i]
				return &ev, nil
			}
		}
		if next == "" || len(page) == 0 {
			return nil, nil
		}
		f.Cursor = next
	}
}

// WriteText prints the summary for a terminal.
func (s *Summary) WriteText(w io.Writer, name func(attache.Country) string) error {
	label := func(c attache.Country) string {
		if n := name(c); n != "" {
			return fmt.Sprintf("%s (%s)", n, c)
		}
		return string(c)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s — %s\n", label(s.A), label(s.B))
	fmt.Fprintf(&b, "%d events on record: %d cooperative, %d conflictual\n", s.Events, s.Cooperation, s.Conflict)
	if s.First != nil {
		fmt.Fprintf(&b, "first contact: %s  %s→%s %s  (%s)\n", s.First.Date, s.First.Source.Country, s.First.Target.Country, s.First.Code, s.First.Doc)
	}
	if s.Last != nil {
		fmt.Fprintf(&b, "last contact:  %s  %s→%s %s  (%s)\n", s.Last.Date, s.Last.Source.Country, s.Last.Target.Country, s.Last.Code, s.Last.Doc)
	}
	if len(s.Frameworks) > 0 {
		b.WriteString("\nPartnership framework\n")
		for _, f := range s.Frameworks {
			fmt.Fprintf(&b, "  %-40s %-16s %s\n", f.Level, f.Status, source(f))
		}
	}
	if len(s.Established) > 0 {
		fmt.Fprintf(&b, "\nRelations established: %s  %s\n", s.Established[0].Date, source(s.Established[0]))
	}
	if len(s.Agreements) > 0 {
		b.WriteString("\nAgreements signed\n")
		for _, f := range s.Agreements {
			fmt.Fprintf(&b, "  %-10s %s  %s\n", f.Date, f.Title, source(f))
		}
	}
	if len(s.Trade) > 0 {
		b.WriteString("\nTrade\n")
		for _, f := range s.Trade {
			switch f.Kind {
			case attache.Trade:
				fmt.Fprintf(&b, "  %-10s %s %s %s  %s\n", f.Period, f.Qualifier, f.Currency, money(f.Value), source(f))
			case attache.TradeGrowth:
				fmt.Fprintf(&b, "  %-10s growth %g%% (%s)  %s\n", f.Period, f.Percent, f.Basis, source(f))
			}
		}
	}
	if len(s.Months) > 0 {
		b.WriteString("\nEvents by month (CAMEO root: count; mean Goldstein)\n")
		for _, m := range s.Months {
			roots := make([]string, 0, len(m.Roots))
			for r := range m.Roots {
				roots = append(roots, r)
			}
			sort.Strings(roots)
			parts := make([]string, len(roots))
			for i, r := range roots {
				parts[i] = fmt.Sprintf("%s:%d", r, m.Roots[r])
			}
			fmt.Fprintf(&b, "  %s  %-40s %+.1f\n", m.Month, strings.Join(parts, " "), m.Goldstein)
		}
	}
	if len(s.Latest) > 0 {
		b.WriteString("\nLatest events\n")
		for _, e := range s.Latest {
			text := e.SentenceText
			if text == "" {
				text = e.Evidence.Text
			}
			fmt.Fprintf(&b, "  %-10s %s→%s %-4s %s\n             %q (%s)\n", e.Date, e.Source.Country, e.Target.Country, e.Code, e.Plover, text, e.Doc)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func source(f attache.StoredFact) string {
	s := f.Doc
	if f.Publisher != "" {
		s = f.Publisher + ", " + s
	}
	return "[" + s + "]"
}

func money(v float64) string {
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%.2f billion", v/1e9)
	case v >= 1e6:
		return fmt.Sprintf("%.1f million", v/1e6)
	}
	return fmt.Sprintf("%.0f", v)
}
