package dyad

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"attache"
	"attache/cameo"
	"attache/mock"
)

func ev(date string, src, tgt attache.Country, code string, quad int, g float64) attache.StoredEvent {
	d, _ := attache.ParseDate(date)
	return attache.StoredEvent{Event: attache.Event{Doc: "d-" + date, Date: d, Code: cameo.Code(code), Root: cameo.Code(code[:2]),
		Source: attache.Actor{Country: src}, Target: attache.Actor{Country: tgt}, Quad: quad, Goldstein: g},
		SentenceText: "They met on " + date + "."}
}

func TestBuild(t *testing.T) {
	pages := [][]attache.StoredEvent{
		{ev("2025-01-07", "VNM", "UZB", "041", 1, 1), ev("2024-10", "VNM", "UZB", "044", 1, 1)},
		{ev("2024-03-18", "UZB", "VNM", "042", 1, 1.9), ev("2024-03-18", "VNM", "UZB", "111", 3, -2)},
	}
	calls := 0
	st := &mock.EventStore{
		FindEventsFn: func(_ context.Context, f attache.EventFilter) ([]attache.StoredEvent, string, error) {
			if f.Dyad != [2]attache.Country{"VNM", "UZB"} {
				t.Errorf("filter dyad %v", f.Dyad)
			}
			calls++
			if f.Cursor == "" {
				return pages[0], "next", nil
			}
			return pages[1], "", nil
		},
		FindFactsFn: func(context.Context, attache.EventFilter) ([]attache.StoredFact, error) {
			return []attache.StoredFact{
				{Fact: attache.Fact{Kind: attache.Trade, Parties: []attache.Country{"VNM", "UZB"}, Period: "2023", Value: 160e6, Currency: "USD", Qualifier: "more than"}, Doc: "a", Publisher: "VOV"},
				{Fact: attache.Fact{Kind: attache.Trade, Parties: []attache.Country{"VNM", "UZB"}, Period: "2023", Value: 159.7e6, Currency: "USD", Qualifier: "exact"}, Doc: "b", Publisher: "VNS"},
				{Fact: attache.Fact{Kind: attache.Relationship, Parties: []attache.Country{"VNM", "UZB"}, Level: "Strategic Partnership", Status: "existing"}, Doc: "a"},
			}, nil
		},
	}
	s, err := Build(context.Background(), st, "VNM", "UZB", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2 || s.Events != 4 || s.Cooperation != 3 || s.Conflict != 1 {
		t.Fatalf("calls %d, events %d, coop %d, conflict %d", calls, s.Events, s.Cooperation, s.Conflict)
	}
	if s.First.Date.String() != "2024-03-18" || s.Last.Date.String() != "2025-01-07" {
		t.Errorf("first %s last %s", s.First.Date, s.Last.Date)
	}
	if len(s.Months) != 3 || s.Months[0].Month != "2024-03" || s.Months[0].Roots["11"] != 1 || math.Abs(s.Months[0].Goldstein+0.05) > 1e-9 {
		t.Errorf("months %+v", s.Months)
	}
	if len(s.Trade) != 2 || len(s.Frameworks) != 1 {
		t.Errorf("trade %d frameworks %d", len(s.Trade), len(s.Frameworks))
	}
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

func TestBuildRejectsOneParty(t *testing.T) {
	if _, err := Build(context.Background(), &mock.EventStore{}, "VNM", "VNM", Options{}); err == nil {
		t.Error("a dyad of one party was accepted")
	}
}
