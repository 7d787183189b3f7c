package sqlite_test

import (
	"context"
	"math"
	"reflect"
	"slices"
	"testing"

	"attache"
	"attache/sqlite"
	"attache/storetest"
)

// countingSet returns three documents of eight events with chosen
// Goldstein values, in clusters c1 and c2:
//
//	a  VNA       VNM→UZB 040 1.0 (c1)   UZB→VNM 057 8.0   VNM→VNM 010 0   VNM→– 020 3.0
//	b  Nhân Dân  RUS→VNM 042 1.9 (c2)   VNM→RUS 051 3.4   KGZ→UZB 036 4.0
//	c  VNA       UZB→VNM 043 2.8 (c1)
func countingSet(t *testing.T) *sqlite.Store {
	t.Helper()
	s := MustOpenDB(t)
	a := newDoc("a", "VNA", "2025-02-01",
		"Vietnam and Uzbekistan held talks in Tashkent.",
		"Uzbekistan offered to train Vietnamese engineers.",
		"The government met provincial leaders.")
	b := newDoc("b", "Nhân Dân", "2025-02-02",
		"Russia asked Vietnam for closer cooperation.",
		"Kyrgyzstan planned a visit to Uzbekistan.")
	c := newDoc("c", "VNA", "2025-02-03", "Uzbekistan will send a delegation to Vietnam.")
	type ev struct {
		d         *attache.Document
		sentence  int
		src, tgt  attache.Country
		code      string
		goldstein float64
	}
	for _, e := range []ev{
		{a, 0, "VNM", "UZB", "040", 1.0},
		{a, 1, "UZB", "VNM", "057", 8.0},
		{a, 2, "VNM", "VNM", "010", 0},
		{a, 2, "VNM", "", "020", 3.0},
		{b, 0, "RUS", "VNM", "042", 1.9},
		{b, 0, "VNM", "RUS", "051", 3.4},
		{b, 1, "KGZ", "UZB", "036", 4.0},
		{c, 0, "UZB", "VNM", "043", 2.8},
	} {
		addEvent(e.d, e.sentence, e.src, e.tgt, e.code, "2025-02-01").Goldstein = e.goldstein
	}
	a.Events[3].Target = attache.Actor{}
	if _, err := s.SaveDocuments(context.Background(), []*attache.Document{a, b, c}, "test"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetClusters(context.Background(), map[[2]string]string{
		{"a", "a#0"}: "c1", {"c", "c#0"}: "c1", {"b", "b#0"}: "c2",
	}); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDyads(t *testing.T) {
	s := countingSet(t)
	tests := []struct {
		name   string
		filter attache.EventFilter
		limit  int
		want   []attache.DyadCount
	}{
		{"all", attache.EventFilter{}, 0, []attache.DyadCount{
			{A: "UZB", B: "VNM", Events: 3, Goldstein: (1.0 + 8.0 + 2.8) / 3},
			{A: "RUS", B: "VNM", Events: 2, Goldstein: (1.9 + 3.4) / 2},
			{A: "KGZ", B: "UZB", Events: 1, Goldstein: 4.0},
		}},
		{"limit", attache.EventFilter{}, 2, []attache.DyadCount{
			{A: "UZB", B: "VNM", Events: 3, Goldstein: (1.0 + 8.0 + 2.8) / 3},
			{A: "RUS", B: "VNM", Events: 2, Goldstein: (1.9 + 3.4) / 2},
		}},
		{"codes", attache.EventFilter{Codes: []string{"04"}}, 0, []attache.DyadCount{
			{A: "UZB", B: "VNM", Events: 2, Goldstein: (1.0 + 2.8) / 2},
			{A: "RUS", B: "VNM", Events: 1, Goldstein: 1.9},
		}},
		// A tie on the count: by A, then B.
		{"tie", attache.EventFilter{Codes: []string{"05"}}, 0, []attache.DyadCount{
			{A: "RUS", B: "VNM", Events: 1, Goldstein: 3.4},
			{A: "UZB", B: "VNM", Events: 1, Goldstein: 8.0},
		}},
		{"publisher", attache.EventFilter{Publisher: "Nhân Dân"}, 0, []attache.DyadCount{
			{A: "RUS", B: "VNM", Events: 2, Goldstein: (1.9 + 3.4) / 2},
			{A: "KGZ", B: "UZB", Events: 1, Goldstein: 4.0},
		}},
		{"country", attache.EventFilter{Countries: []attache.Country{"KGZ"}}, 0, []attache.DyadCount{
			{A: "KGZ", B: "UZB", Events: 1, Goldstein: 4.0},
		}},
		{"doc", attache.EventFilter{Doc: "c"}, 0, []attache.DyadCount{
			{A: "UZB", B: "VNM", Events: 1, Goldstein: 2.8},
		}},
		{"cluster", attache.EventFilter{Cluster: "c1"}, 0, []attache.DyadCount{
			{A: "UZB", B: "VNM", Events: 2, Goldstein: (1.0 + 2.8) / 2},
		}},
		{"text", attache.EventFilter{Text: "cooperation"}, 0, []attache.DyadCount{
			{A: "RUS", B: "VNM", Events: 2, Goldstein: (1.9 + 3.4) / 2},
		}},
		{"text with FTS syntax", attache.EventFilter{Text: `"cooperation`}, 0, []attache.DyadCount{
			{A: "RUS", B: "VNM", Events: 2, Goldstein: (1.9 + 3.4) / 2},
		}},
		{"text without words", attache.EventFilter{Text: `*`}, 0, nil},
		{"nothing", attache.EventFilter{Countries: []attache.Country{"FRA"}}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Dyads(context.Background(), tt.filter, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Dyads = %+v, want %+v", got, tt.want)
			}
			for i := range got {
				g, w := got[i], tt.want[i]
				if g.A != w.A || g.B != w.B || g.Events != w.Events || math.Abs(g.Goldstein-w.Goldstein) > 1e-9 {
					t.Errorf("Dyads[%d] = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestDyadsLimit(t *testing.T) {
	s := MustOpenDB(t)
	d := newDoc("many", "Wire", "2024-03-01", "Many pairs.")
	countries := []attache.Country{"AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH"}
	for i, a := range countries {
		for _, b := range countries[i+1:] {
			addEvent(d, 0, a, b, "040", "2024-03-01")
		}
	}
	mustSave(t, s, d) // 28 pairs of one event each
	for _, tt := range []struct{ limit, want int }{{0, sqlite.DefaultDyads}, {-1, sqlite.DefaultDyads}, {5, 5}, {100, 28}} {
		got, err := s.Dyads(context.Background(), attache.EventFilter{}, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("Dyads(limit %d): %d pairs, want %d", tt.limit, len(got), tt.want)
		}
		if len(got) > 0 && (got[0] != attache.DyadCount{A: "AAA", B: "BBB", Events: 1, Goldstein: 1}) {
			t.Errorf("Dyads(limit %d)[0] = %+v, want AAA-BBB", tt.limit, got[0])
		}
	}
}

func TestFacets(t *testing.T) {
	s := countingSet(t)
	type fc = attache.FacetCount
	c := func(value string, count int) fc { return fc{Value: value, Count: count} }
	tests := []struct {
		name   string
		filter attache.EventFilter
		limit  int
		want   attache.Facets
	}{
		{"all", attache.EventFilter{}, 0, attache.Facets{
			Roots:      []fc{c("04", 3), c("05", 2), c("01", 1), c("02", 1), c("03", 1)},
			Countries:  []fc{c("VNM", 7), c("UZB", 4), c("RUS", 2), c("KGZ", 1)},
			Publishers: []fc{c("VNA", 5), c("Nhân Dân", 3)},
		}},
		{"limit", attache.EventFilter{}, 3, attache.Facets{
			Roots:      []fc{c("04", 3), c("05", 2), c("01", 1)},
			Countries:  []fc{c("VNM", 7), c("UZB", 4), c("RUS", 2)},
			Publishers: []fc{c("VNA", 5), c("Nhân Dân", 3)},
		}},
		{"dyad", attache.EventFilter{Dyad: [2]attache.Country{"VNM", "RUS"}}, 0, attache.Facets{
			Roots:      []fc{c("04", 1), c("05", 1)},
			Countries:  []fc{c("RUS", 2), c("VNM", 2)},
			Publishers: []fc{c("Nhân Dân", 2)},
		}},
		{"cluster", attache.EventFilter{Cluster: "c1"}, 0, attache.Facets{
			Roots:      []fc{c("04", 2)},
			Countries:  []fc{c("UZB", 2), c("VNM", 2)},
			Publishers: []fc{c("VNA", 2)},
		}},
		{"domestic", attache.EventFilter{Codes: []string{"01", "02"}}, 0, attache.Facets{
			Roots:      []fc{c("01", 1), c("02", 1)},
			Countries:  []fc{c("VNM", 2)},
			Publishers: []fc{c("VNA", 2)},
		}},
		// Sentences a0, a1, b1 and c0.
		{"text", attache.EventFilter{Text: "uzbekistan"}, 0, attache.Facets{
			Roots:      []fc{c("04", 2), c("03", 1), c("05", 1)},
			Countries:  []fc{c("UZB", 4), c("VNM", 3), c("KGZ", 1)},
			Publishers: []fc{c("VNA", 3), c("Nhân Dân", 1)},
		}},
		{"nothing", attache.EventFilter{Countries: []attache.Country{"FRA"}}, 0, attache.Facets{
			Roots: []fc{}, Countries: []fc{}, Publishers: []fc{},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Facets(context.Background(), tt.filter, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Facets =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}

func TestFacetsDefaultLimit(t *testing.T) {
	s := MustOpenDB(t)
	d := newDoc("many", "Wire", "2024-03-01", "Many roots.")
	for i := range 15 {
		addEvent(d, 0, "VNM", "UZB", []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15"}[i]+"0", "2024-03-01")
	}
	mustSave(t, s, d)
	got, err := s.Facets(context.Background(), attache.EventFilter{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var roots []string
	for _, r := range got.Roots {
		roots = append(roots, r.Value)
	}
	if want := []string{"01", "02", "03", "04", "05", "06", "07", "08", "09", "10"}; !slices.Equal(roots, want) {
		t.Errorf("roots with the default limit = %q, want %q", roots, want)
	}
}

func TestFindEventsCluster(t *testing.T) {
	s := countingSet(t)
	for _, tt := range []struct {
		cluster string
		want    []string
	}{
		{"c1", []string{"a:040", "c:043"}},
		{"c2", []string{"b:042"}},
		{"c3", nil},
	} {
		evs, _, err := s.FindEvents(context.Background(), attache.EventFilter{Cluster: tt.cluster})
		if err != nil {
			t.Fatal(err)
		}
		got := eventKeys(evs)
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("FindEvents(Cluster %s) = %q, want %q", tt.cluster, got, tt.want)
		}
		for _, e := range evs {
			if e.Cluster != tt.cluster {
				t.Errorf("event %s has cluster %q, want %q", e.ID, e.Cluster, tt.cluster)
			}
		}
	}
}

// TestSetClustersReplaces sets clusters twice: the second map replaces the
// first, and events left out of it have no cluster.
func TestSetClustersReplaces(t *testing.T) {
	ctx := context.Background()
	s := countingSet(t) // a#0 and c#0 in c1, b#0 in c2
	if err := s.SetClusters(ctx, map[[2]string]string{
		{"a", "a#1"}: "c9", {"c", "c#0"}: "c9", {"nope", "nope#0"}: "c9",
	}); err != nil {
		t.Fatal(err)
	}
	evs, _, err := s.FindEvents(ctx, attache.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range evs {
		if e.Cluster != "" {
			got[e.ID] = e.Cluster
		}
	}
	if want := map[string]string{"a#1": "c9", "c#0": "c9"}; !reflect.DeepEqual(got, want) {
		t.Errorf("clusters after the second SetClusters = %v, want %v", got, want)
	}
}

// TestDateCounts has the cases of DateCounts particular to SQLite (its full-text syntax);
// the others run in storetest, as TestStore/TestDateCounts.
func TestDateCounts(t *testing.T) {
	s := MustOpenDB(t)
	storetest.DatedSet(t, s)
	tests := []struct {
		name   string
		filter attache.EventFilter
		want   []attache.DateCount
	}{
		{"text without words", attache.EventFilter{Text: "*"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.DateCounts(context.Background(), tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DateCounts =\n %+v\nwant\n %+v", got, tt.want)
			}
		})
	}
}
