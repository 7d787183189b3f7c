package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"attache"
	"attache/postgres"
	"attache/storetest"
)

func TestDocument(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	at := time.Date(2025, 3, 4, 5, 6, 7, 890000000, time.UTC)
	s.Now = func() time.Time { return at }
	docs := fixture()
	mustSaveBatch(t, s, docs...)
	for _, d := range docs {
		got, err := s.Document(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := attache.StoredDocument{Document: *d, Key: got.Key, CoderVersion: "test", StoredAt: at}
		want.Facts = slices.Clone(d.Facts)
		for i, f := range want.Facts {
			f.Parties = slices.Clone(f.Parties)
			slices.Sort(f.Parties) // stored sorted
			want.Facts[i] = f
		}
		if got.Key <= 0 {
			t.Errorf("%s: key %d", d.ID, got.Key)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s round trip:\n got %s\nwant %s", d.ID, jsonOf(got), jsonOf(want))
		}
	}
}

func TestDocumentOrder(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	// Events by sentence, then in their order in the document; facts as
	// given.
	d := newDoc("order", "VNA", "2025-01-01", "First sentence.", "Second sentence.")
	addEvent(d, 1, "VNM", "LAO", "040", "2025-01-01").ID = "order#a"
	addEvent(d, 0, "VNM", "KHM", "042", "2025-01-01").ID = "order#z"
	addEvent(d, 1, "VNM", "THA", "043", "2025-01-01").ID = "order#B"
	addEvent(d, 0, "VNM", "JPN", "036", "2025-01-01").ID = "order#y"
	d.Facts = []attache.Fact{{Kind: attache.Trade, Parties: []attache.Country{"VNM", "LAO"}},
		{Kind: attache.Agreement, Parties: []attache.Country{"VNM"}}}
	mustSave(t, s, d)
	got, err := s.Document(ctx, "order")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range got.Events {
		ids = append(ids, e.ID)
	}
	if want := []string{"order#z", "order#y", "order#a", "order#B"}; !slices.Equal(ids, want) {
		t.Errorf("events %q, want %q", ids, want)
	}
	if got.Facts[0].Kind != attache.Trade || got.Facts[1].Kind != attache.Agreement {
		t.Errorf("facts out of order: %s", jsonOf(got.Facts))
	}
}

func TestDocumentNotFound(t *testing.T) {
	s := MustOpenDB(t)
	mustSave(t, s, fixture()[0])
	for _, id := range []string{"missing", "", "vn-uz\x00", "\xff"} {
		d, err := s.Document(context.Background(), id)
		if !errors.Is(err, attache.ErrNotFound) || d != nil {
			t.Errorf("Document(%q) = %v, %v; want ErrNotFound", id, d, err)
		}
	}
	_, err := s.Document(context.Background(), "missing")
	if want := `document "missing": not found`; err == nil || err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

// TestDocumentLatest stores two texts under one ID: Document returns the
// one stored last, also when both are in one batch.
func TestDocumentLatest(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	mustSave(t, s, textDoc("same", "The first version of the story."))
	mustSaveBatch(t, s, textDoc("same", "The second version of the story."),
		textDoc("same", "The third version of the story."))
	d, err := s.Document(ctx, "same")
	if err != nil {
		t.Fatal(err)
	}
	if d.Text != "The third version of the story." {
		t.Errorf("Document returned %q, want the third version", d.Text)
	}
}

// summaryDocs is a hand-made set for Dyads and Facets (Goldstein values
// in brackets, clusters set by TestCluster):
//
//	d1 VNA       VNM→UZB 040 [1], UZB→VNM 042 [3], VNM→VNM 051 [3.4], VNM→"" 057 [2]
//	d2 Nhân Dân  RUS→VNM 051 [3.4], VNM→RUS 036 [4], UZB→VNM 040 [1]
//	d3 Wire      KGZ→UZB 190 [-10], ""→LAO 042 [3]
func summaryDocs() []*attache.Document {
	type ev struct {
		src, tgt  attache.Country
		code      string
		goldstein float64
	}
	mk := func(id, pub string, evs ...ev) *attache.Document {
		d := newDoc(id, pub, "2025-01-10", "Story "+id+" first sentence.", "Story "+id+" second sentence.")
		for i, e := range evs {
			addEvent(d, i%2, e.src, e.tgt, e.code, "2025-01-0"+string(rune('1'+i))).Goldstein = e.goldstein
		}
		return d
	}
	return []*attache.Document{
		mk("d1", "VNA", ev{"VNM", "UZB", "040", 1}, ev{"UZB", "VNM", "042", 3}, ev{"VNM", "VNM", "051", 3.4}, ev{"VNM", "", "057", 2}),
		mk("d2", "Nhân Dân", ev{"RUS", "VNM", "051", 3.4}, ev{"VNM", "RUS", "036", 4}, ev{"UZB", "VNM", "040", 1}),
		mk("d3", "Wire", ev{"KGZ", "UZB", "190", -10}, ev{"", "LAO", "042", 3}),
	}
}

func mustSummaryStore(t *testing.T) *postgres.Store {
	t.Helper()
	s := MustOpenDB(t)
	mustSaveBatch(t, s, summaryDocs()...)
	return s
}

// round keeps 6 decimals of a mean, enough to compare.
func round(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func TestDyads(t *testing.T) {
	s := mustSummaryStore(t)
	type dc = attache.DyadCount
	tests := []struct {
		name   string
		filter attache.EventFilter
		limit  int
		want   []dc
	}{
		{"all", attache.EventFilter{}, 0, []dc{
			{A: "UZB", B: "VNM", Events: 3, Goldstein: round(5.0 / 3)},
			{A: "RUS", B: "VNM", Events: 2, Goldstein: 3.7},
			{A: "KGZ", B: "UZB", Events: 1, Goldstein: -10},
		}},
		{"limit", attache.EventFilter{}, 2, []dc{
			{A: "UZB", B: "VNM", Events: 3, Goldstein: round(5.0 / 3)},
			{A: "RUS", B: "VNM", Events: 2, Goldstein: 3.7},
		}},
		{"huge limit", attache.EventFilter{}, 1 << 40, []dc{
			{A: "UZB", B: "VNM", Events: 3, Goldstein: round(5.0 / 3)},
			{A: "RUS", B: "VNM", Events: 2, Goldstein: 3.7},
			{A: "KGZ", B: "UZB", Events: 1, Goldstein: -10},
		}},
		{"publisher", attache.EventFilter{Publisher: "VNA"}, 0, []dc{{A: "UZB", B: "VNM", Events: 2, Goldstein: 2}}},
		{"codes", attache.EventFilter{Codes: []string{"04", "19"}}, 0, []dc{
			{A: "UZB", B: "VNM", Events: 3, Goldstein: round(5.0 / 3)},
			{A: "KGZ", B: "UZB", Events: 1, Goldstein: -10},
		}},
		{"country", attache.EventFilter{Countries: []attache.Country{"RUS", "KGZ"}}, 0, []dc{
			{A: "RUS", B: "VNM", Events: 2, Goldstein: 3.7},
			{A: "KGZ", B: "UZB", Events: 1, Goldstein: -10},
		}},
		{"dyad", attache.EventFilter{Dyad: [2]attache.Country{"VNM", "UZB"}}, 0, []dc{
			{A: "UZB", B: "VNM", Events: 3, Goldstein: round(5.0 / 3)},
		}},
		{"dates", attache.EventFilter{Since: mustDate("2025-01-02"), Until: mustDate("2025-01-02")}, 0, []dc{
			{A: "RUS", B: "VNM", Events: 1, Goldstein: 4},
			{A: "UZB", B: "VNM", Events: 1, Goldstein: 3},
		}},
		{"doc", attache.EventFilter{Doc: "d3"}, 0, []dc{{A: "KGZ", B: "UZB", Events: 1, Goldstein: -10}}},
		{"text", attache.EventFilter{Text: "d2"}, 0, []dc{
			{A: "RUS", B: "VNM", Events: 2, Goldstein: 3.7},
			{A: "UZB", B: "VNM", Events: 1, Goldstein: 1},
		}},
		{"text without words", attache.EventFilter{Text: "***"}, 0, nil},
		{"nothing", attache.EventFilter{Publisher: "nobody"}, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Dyads(context.Background(), tt.filter, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				got[i].Goldstein = round(got[i].Goldstein)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Dyads = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// fcs builds facet counts from value, count, value, count...
func fcs(kv ...any) []attache.FacetCount {
	fs := []attache.FacetCount{}
	for i := 0; i < len(kv); i += 2 {
		fs = append(fs, attache.FacetCount{Value: kv[i].(string), Count: kv[i+1].(int)})
	}
	return fs
}

func TestFacets(t *testing.T) {
	s := mustSummaryStore(t)
	tests := []struct {
		name   string
		filter attache.EventFilter
		limit  int
		want   attache.Facets
	}{
		{"all", attache.EventFilter{}, 0, attache.Facets{
			Roots:      fcs("04", 4, "05", 3, "03", 1, "19", 1),
			Countries:  fcs("VNM", 7, "UZB", 4, "RUS", 2, "KGZ", 1, "LAO", 1),
			Publishers: fcs("VNA", 4, "Nhân Dân", 3, "Wire", 2),
		}},
		{"limit", attache.EventFilter{}, 2, attache.Facets{
			Roots:      fcs("04", 4, "05", 3),
			Countries:  fcs("VNM", 7, "UZB", 4),
			Publishers: fcs("VNA", 4, "Nhân Dân", 3),
		}},
		{"country", attache.EventFilter{Countries: []attache.Country{"UZB"}}, 0, attache.Facets{
			Roots:      fcs("04", 3, "19", 1),
			Countries:  fcs("UZB", 4, "VNM", 3, "KGZ", 1),
			Publishers: fcs("VNA", 2, "Nhân Dân", 1, "Wire", 1),
		}},
		{"codes", attache.EventFilter{Codes: []string{"05"}}, 0, attache.Facets{
			Roots:      fcs("05", 3),
			Countries:  fcs("VNM", 3, "RUS", 1),
			Publishers: fcs("VNA", 2, "Nhân Dân", 1),
		}},
		{"cluster", attache.EventFilter{Cluster: "none yet"}, 0, attache.Facets{
			Roots: fcs(), Countries: fcs(), Publishers: fcs(),
		}},
		{"text", attache.EventFilter{Text: "d3"}, 1, attache.Facets{
			Roots: fcs("04", 1), Countries: fcs("KGZ", 1), Publishers: fcs("Wire", 2),
		}},
		{"nothing", attache.EventFilter{Doc: "nope"}, 0, attache.Facets{
			Roots: fcs(), Countries: fcs(), Publishers: fcs(),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Facets(context.Background(), tt.filter, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Facets = %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestCluster sets clusters, reads them back through FindEvents, and
// filters FindEvents, Dyads and Facets by one.
func TestCluster(t *testing.T) {
	ctx := context.Background()
	s := mustSummaryStore(t)
	set := map[[2]string]string{
		{"d1", "d1#0"}:     "c-uzb",
		{"d2", "d2#2"}:     "c-uzb",
		{"d1", "d1#1"}:     "c-uzb",
		{"d2", "d2#0"}:     "c-rus",
		{"d9", "d9#0"}:     "c-none", // no such event
		{"d1", "missing"}:  "c-none",
		{"d1\x00", "d1#0"}: "c-none",
	}
	if err := s.SetClusters(ctx, set); err != nil {
		t.Fatal(err)
	}
	evs, _, err := s.FindEvents(ctx, attache.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if want := set[[2]string{e.Doc, e.ID}]; e.Cluster != want {
			t.Errorf("event %s: cluster %q, want %q", e.ID, e.Cluster, want)
		}
	}
	evs, _, err = s.FindEvents(ctx, attache.EventFilter{Cluster: "c-uzb"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range evs {
		ids = append(ids, e.ID)
	}
	if want := []string{"d2#2", "d1#1", "d1#0"}; !slices.Equal(ids, want) {
		t.Errorf("FindEvents(cluster c-uzb) = %q, want %q", ids, want)
	}
	dyads, err := s.Dyads(ctx, attache.EventFilter{Cluster: "c-uzb"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(dyads) != 1 || dyads[0].A != "UZB" || dyads[0].B != "VNM" || dyads[0].Events != 3 {
		t.Errorf("Dyads(cluster c-uzb) = %+v", dyads)
	}
	facets, err := s.Facets(ctx, attache.EventFilter{Cluster: "c-rus"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []attache.FacetCount{{Value: "Nhân Dân", Count: 1}}; !slices.Equal(facets.Publishers, want) {
		t.Errorf("Facets(cluster c-rus).Publishers = %+v", facets.Publishers)
	}
	for _, c := range []string{"c-none", "c-\x00"} {
		if evs, _, err := s.FindEvents(ctx, attache.EventFilter{Cluster: c}); err != nil || len(evs) != 0 {
			t.Errorf("FindEvents(cluster %q) = %d events, %v", c, len(evs), err)
		}
	}

	// Clusters are replaced as a whole: an event not in the new map has
	// none.
	if err := s.SetClusters(ctx, map[[2]string]string{{"d2", "d2#0"}: "c-new"}); err != nil {
		t.Fatal(err)
	}
	evs, _, err = s.FindEvents(ctx, attache.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		want := ""
		if e.ID == "d2#0" {
			want = "c-new"
		}
		if e.Cluster != want {
			t.Errorf("after the second SetClusters, event %s: cluster %q, want %q", e.ID, e.Cluster, want)
		}
	}
}

// TestFindFactsParties checks the party filters of FindFacts, which read
// fact_parties, on facts with one, two and repeated parties.
func TestFindFactsParties(t *testing.T) {
	s := MustOpenDB(t)
	d := newDoc("parties", "VNA", "2025-01-01", "One sentence.")
	d.Facts = []attache.Fact{
		{Kind: attache.Trade, Parties: []attache.Country{"VNM", "LAO", "VNM"}},
		{Kind: attache.Agreement, Parties: []attache.Country{"LAO"}},
		{Kind: attache.Relationship},
	}
	mustSave(t, s, d)
	tests := []struct {
		name   string
		filter attache.EventFilter
		want   []attache.FactKind
	}{
		{"all", attache.EventFilter{}, []attache.FactKind{attache.Relationship, attache.Agreement, attache.Trade}},
		{"one country", attache.EventFilter{Countries: []attache.Country{"LAO"}}, []attache.FactKind{attache.Agreement, attache.Trade}},
		{"two countries", attache.EventFilter{Countries: []attache.Country{"VNM", "KHM"}}, []attache.FactKind{attache.Trade}},
		{"dyad", attache.EventFilter{Dyad: [2]attache.Country{"LAO", "VNM"}}, []attache.FactKind{attache.Trade}},
		{"dyad of one country", attache.EventFilter{Dyad: [2]attache.Country{"LAO", "LAO"}}, []attache.FactKind{attache.Agreement, attache.Trade}},
		{"half a dyad", attache.EventFilter{Dyad: [2]attache.Country{"", "VNM"}}, []attache.FactKind{attache.Trade}},
		{"unknown", attache.EventFilter{Countries: []attache.Country{"ZZZ"}}, nil},
	}
	for _, tt := range tests {
		facts, err := s.FindFacts(context.Background(), tt.filter)
		if err != nil {
			t.Fatal(err)
		}
		var got []attache.FactKind
		for _, f := range facts {
			got = append(got, f.Kind)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: FindFacts = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func BenchmarkDocument(b *testing.B) {
	s := benchStore(b, 2000)
	b.ResetTimer()
	for i := range b.N {
		d, err := s.Document(context.Background(), fmt.Sprintf("bench-%d", i%2000))
		if err != nil {
			b.Fatal(err)
		}
		if len(d.Events) != 5 {
			b.Fatalf("%d events", len(d.Events))
		}
	}
}

func BenchmarkDyads(b *testing.B) {
	s := benchStore(b, 2000)
	f := attache.EventFilter{Since: mustDate("2023-06")}
	b.ResetTimer()
	for range b.N {
		if _, err := s.Dyads(context.Background(), f, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFacets(b *testing.B) {
	s := benchStore(b, 2000)
	f := attache.EventFilter{Countries: []attache.Country{"UZB"}}
	b.ResetTimer()
	for range b.N {
		if _, err := s.Facets(context.Background(), f, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDateCounts has the cases of DateCounts particular to PostgreSQL (its full-text syntax and the
// strings it can hold);
// the others run in storetest, as TestStore/TestDateCounts.
func TestDateCounts(t *testing.T) {
	s := MustOpenDB(t)
	storetest.DatedSet(t, s)
	tests := []struct {
		name   string
		filter attache.EventFilter
		want   []attache.DateCount
	}{
		{"text without words", attache.EventFilter{Text: "***"}, nil},
		{"publisher PostgreSQL cannot hold", attache.EventFilter{Publisher: "\xff\xfe"}, nil},
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
