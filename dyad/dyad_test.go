package dyad

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"attache"
	"attache/cameo"
	"attache/mock"
	"attache/storekit"
)

func ev(date string, src, tgt attache.Country, code string, quad int, g float64) attache.StoredEvent {
	d, _ := attache.ParseDate(date)
	return attache.StoredEvent{Event: attache.Event{Doc: "d-" + date, Date: d, Code: cameo.Code(code), Root: cameo.Code(code[:2]),
		Source: attache.Actor{Country: src}, Target: attache.Actor{Country: tgt}, Quad: quad, Goldstein: g},
		SentenceText: "They met on " + date + "."}
}

// overlaps reports whether d overlaps since..until at d's own precision,
// as the stores compare dates; undated events overlap no range.
func overlaps(d, since, until attache.Date) bool {
	if since.IsZero() && until.IsZero() {
		return true
	}
	s := d.String()
	if s == "" {
		return false
	}
	if !since.IsZero() && s < since.Time().Format(time.DateOnly)[:len(s)] {
		return false
	}
	if !until.IsZero() && s > storekit.LastDay(until).String()[:len(s)] {
		return false
	}
	return true
}

// fakeStore is a store of evs and facts: FindEvents lists the events of
// the filter's dyad between Since and Until newest first (ties in the
// order of evs), in pages; DateCounts counts the same events; FindFacts
// returns all the facts. finds records the filters FindEvents was given.
type fakeStore struct {
	mock.EventStore
	finds []attache.EventFilter
}

func newFakeStore(evs []attache.StoredEvent, facts []attache.StoredFact) *fakeStore {
	sorted := slices.Clone(evs)
	slices.SortStableFunc(sorted, func(x, y attache.StoredEvent) int { return cmp.Compare(y.Date.String(), x.Date.String()) })
	match := func(f attache.EventFilter) []attache.StoredEvent {
		var out []attache.StoredEvent
		for _, e := range sorted {
			src, tgt := e.Source.Country, e.Target.Country
			if src != tgt && (src == f.Dyad[0] || src == f.Dyad[1]) && (tgt == f.Dyad[0] || tgt == f.Dyad[1]) &&
				overlaps(e.Date, f.Since, f.Until) {
				out = append(out, e)
			}
		}
		return out
	}
	s := &fakeStore{}
	s.FindEventsFn = func(_ context.Context, f attache.EventFilter) ([]attache.StoredEvent, string, error) {
		s.finds = append(s.finds, f)
		evs := match(f)
		start, _ := strconv.Atoi(f.Cursor)
		end := min(start+storekit.Limit(f), len(evs))
		if end == len(evs) {
			return evs[start:], "", nil
		}
		return evs[start:end], strconv.Itoa(end), nil
	}
	s.DateCountsFn = func(_ context.Context, f attache.EventFilter) ([]attache.DateCount, error) {
		return mock.CountByDate(match(f)), nil
	}
	s.FindFactsFn = func(context.Context, attache.EventFilter) ([]attache.StoredFact, error) { return facts, nil }
	return s
}

// sameSummary reports whether Build and the old scan agree, with the
// monthly Goldstein means equal up to rounding (the sums are added in
// another order).
func sameSummary(t *testing.T, got, want *Summary) {
	t.Helper()
	g, w := *got, *want
	g.Months, w.Months = slices.Clone(g.Months), slices.Clone(w.Months)
	for i := range g.Months {
		if i < len(w.Months) && math.Abs(g.Months[i].Goldstein-w.Months[i].Goldstein) < 1e-9 {
			g.Months[i].Goldstein = w.Months[i].Goldstein
		}
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("Build and the scan of every event differ:\n got %s\nwant %s", jsonOf(t, g), jsonOf(t, w))
	}
}

func jsonOf(t *testing.T, s Summary) string {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestBuild(t *testing.T) {
	evs := []attache.StoredEvent{
		ev("2025-01-07", "VNM", "UZB", "041", 1, 1), ev("2024-10", "VNM", "UZB", "044", 1, 1),
		ev("2024-03-18", "UZB", "VNM", "042", 1, 1.9), ev("2024-03-18", "VNM", "UZB", "111", 3, -2),
		ev("2023-01-02", "VNM", "LAO", "042", 1, 1.9), // another dyad
	}
	facts := []attache.StoredFact{
		{Fact: attache.Fact{Kind: attache.Trade, Parties: []attache.Country{"VNM", "UZB"}, Period: "2023", Value: 160e6, Currency: "USD", Qualifier: "more than"}, Doc: "a", Publisher: "VOV"},
		{Fact: attache.Fact{Kind: attache.Trade, Parties: []attache.Country{"VNM", "UZB"}, Period: "2023", Value: 159.7e6, Currency: "USD", Qualifier: "exact"}, Doc: "b", Publisher: "VNS"},
		{Fact: attache.Fact{Kind: attache.Relationship, Parties: []attache.Country{"VNM", "UZB"}, Level: "Strategic Partnership", Status: "existing"}, Doc: "a"},
	}
	st := newFakeStore(evs, facts)
	s, err := Build(context.Background(), st, "VNM", "UZB", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Events != 4 || s.Cooperation != 3 || s.Conflict != 1 {
		t.Fatalf("events %d, coop %d, conflict %d", s.Events, s.Cooperation, s.Conflict)
	}
	// Of the two earliest events, the one a newest-first reading meets
	// first.
	if s.First.Date.String() != "2024-03-18" || s.First.Code != "042" || s.Last.Date.String() != "2025-01-07" {
		t.Errorf("first %s %s last %s", s.First.Date, s.First.Code, s.Last.Date)
	}
	if len(s.Months) != 3 || s.Months[0].Month != "2024-03" || s.Months[0].Roots["11"] != 1 || math.Abs(s.Months[0].Goldstein+0.05) > 1e-9 {
		t.Errorf("months %+v", s.Months)
	}
	if len(s.Latest) != 4 || s.Latest[0].Date.String() != "2025-01-07" {
		t.Errorf("latest %+v", s.Latest)
	}
	if len(s.Trade) != 2 || len(s.Frameworks) != 1 {
		t.Errorf("trade %d frameworks %d", len(s.Trade), len(s.Frameworks))
	}
	// One page of the latest events, one of the events of the first
	// contact's date; never all of them.
	for _, f := range st.finds {
		if f.Dyad != [2]attache.Country{"VNM", "UZB"} {
			t.Errorf("filter dyad %v", f.Dyad)
		}
		if f.Limit != 10 && (f.Since != s.First.Date || f.Until != s.First.Date) { // the first contact is a day
			t.Errorf("FindEvents(%+v) reads more than Build needs", f)
		}
	}
	if len(st.finds) != 2 {
		t.Errorf("%d FindEvents calls, want 2", len(st.finds))
	}
	old, err := buildByScan(context.Background(), st, "VNM", "UZB", Options{})
	if err != nil {
		t.Fatal(err)
	}
	sameSummary(t, s, old)

	var out bytes.Buffer
	if err := s.WriteText(&out, func(c attache.Country) string { return map[attache.Country]string{"VNM": "Vietnam"}[c] }); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Vietnam (VNM) — UZB", "more than USD 160.0 million  [VOV, a]", "exact USD 159.7 million  [VNS, b]", "Strategic Partnership", "2024-03"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, out.String())
		}
	}
}

// TestBuildPages finds the first contact, dated to a year, behind more
// than a page of events dated to the year's first day and month, and
// keeps more latest events than a page holds.
func TestBuildPages(t *testing.T) {
	var evs []attache.StoredEvent
	day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 1500 {
		date := "2023-01-01"
		if i >= 1200 {
			date = day.AddDate(0, 0, i%365).Format(time.DateOnly)
		}
		evs = append(evs, ev(date, "VNM", "THA", "040", 1, 1))
	}
	year := ev("2023", "THA", "VNM", "036", 1, 4)
	year.Doc = "the-first"
	evs = append(evs, ev("2024-02", "VNM", "THA", "190", 4, -10), ev("2023-01", "VNM", "THA", "042", 1, 1.9),
		year, ev("2023", "VNM", "THA", "043", 1, 2.8), ev("", "VNM", "THA", "010", 1, 0))
	st := newFakeStore(evs, nil)
	for _, opt := range []Options{{}, {Latest: 1200}, {Latest: 1}, {Since: attache.Date{Year: 2023, Month: 6}}} {
		st.finds = nil
		s, err := Build(context.Background(), st, "VNM", "THA", opt)
		if err != nil {
			t.Fatal(err)
		}
		if s.First == nil || s.First.Doc != "the-first" {
			t.Errorf("%+v: first contact %+v, want the first year-dated event", opt, s.First)
		}
		pages := 0
		for _, f := range st.finds {
			if f.Until == (attache.Date{Year: 2023, Month: 1, Day: 1}) {
				pages++
			}
		}
		if pages != 2 {
			t.Errorf("%+v: the first contact was found on page %d, want 2", opt, pages)
		}
		old, err := buildByScan(context.Background(), st, "VNM", "THA", opt)
		if err != nil {
			t.Fatal(err)
		}
		sameSummary(t, s, old)
	}
}

// A dyad without dated events has no first contact; without events, no
// last contact and nothing latest, and Build reads no event.
func TestBuildFewEvents(t *testing.T) {
	st := newFakeStore([]attache.StoredEvent{ev("2024-01-01", "VNM", "LAO", "040", 1, 1), ev("", "VNM", "KHM", "040", 1, 1)}, nil)
	for _, tt := range []struct {
		name   string
		b      attache.Country
		opt    Options
		events int
	}{
		{"none", "MMR", Options{}, 0},
		{"none since", "LAO", Options{Since: attache.Date{Year: 2025}}, 0},
		{"undated", "KHM", Options{}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st.finds = nil
			s, err := Build(context.Background(), st, "VNM", tt.b, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if s.Events != tt.events || s.First != nil || (s.Last != nil) != (tt.events > 0) || s.Months != nil {
				t.Errorf("summary %+v", s)
			}
			if tt.events == 0 && len(st.finds) != 0 {
				t.Errorf("%d FindEvents calls for no events", len(st.finds))
			}
			old, err := buildByScan(context.Background(), st, "VNM", tt.b, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			sameSummary(t, s, old)
		})
	}
}

func TestBuildRejectsOneParty(t *testing.T) {
	if _, err := Build(context.Background(), &mock.EventStore{}, "VNM", "VNM", Options{}); err == nil {
		t.Error("a dyad of one party was accepted")
	}
}
