package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"attache"
	"attache/postgres"
)

var _ attache.Maintainer = (*postgres.Store)(nil)

// eachIDs lists the IDs EachDocument gives for current.
func eachIDs(t *testing.T, s *postgres.Store, current string) []string {
	t.Helper()
	var ids []string
	err := s.EachDocument(context.Background(), current, func(sd attache.StoredDocument) error {
		ids = append(ids, sd.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestEachDocument(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	docs := fixture()
	if _, err := s.SaveDocuments(ctx, docs[:2], "v1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDocument(ctx, docs[2], "v2"); err != nil {
		t.Fatal(err)
	}
	if got, want := eachIDs(t, s, ""), []string{"vn-uz", "vn-ru", "kg-vn"}; !slices.Equal(got, want) {
		t.Errorf("every document: %q, want %q", got, want)
	}
	if got, want := eachIDs(t, s, "v2"), []string{"vn-uz", "vn-ru"}; !slices.Equal(got, want) {
		t.Errorf("documents not at v2: %q, want %q", got, want)
	}
	if got := eachIDs(t, s, "v1"); !slices.Equal(got, []string{"kg-vn"}) {
		t.Errorf("documents not at v1: %q", got)
	}
	// What fn gets: text and metadata, no coding.
	err := s.EachDocument(ctx, "v2", func(sd attache.StoredDocument) error {
		d := docs[slices.IndexFunc(docs, func(d *attache.Document) bool { return d.ID == sd.ID })]
		if sd.Text != d.Text || sd.Publisher != d.Publisher || sd.URL != d.URL || sd.Title != d.Title ||
			sd.Lang != d.Lang || sd.RefDate != d.RefDate || sd.CoderVersion != "v1" || sd.Key <= 0 || sd.StoredAt.IsZero() {
			t.Errorf("EachDocument gave %s", jsonOf(sd))
		}
		if sd.Sentences != nil || sd.Events != nil || sd.Facts != nil {
			t.Errorf("EachDocument gave %s's coding", sd.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// An error from fn stops the walk and comes back as it is.
	stop := errors.New("stop")
	n := 0
	err = s.EachDocument(ctx, "", func(attache.StoredDocument) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("fn's error: EachDocument = %v after %d calls", err, n)
	}
}

// TestEachDocumentPages walks more documents than a page while fn writes
// to the store.
func TestEachDocumentPages(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	docs := manyDocs(450)
	if _, err := s.SaveDocuments(ctx, docs, "v1"); err != nil {
		t.Fatal(err)
	}
	var ids []string
	err := s.EachDocument(ctx, "v2", func(sd attache.StoredDocument) error {
		ids = append(ids, sd.ID)
		return s.Recode(ctx, &sd, "v2") // no coding at all
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(docs) || ids[0] != "bench-0" || ids[449] != "bench-449" {
		t.Errorf("EachDocument gave %d documents, %q…", len(ids), ids[:min(len(ids), 3)])
	}
	if st := mustStats(t, s); st != (attache.StoreStats{Documents: 450}) {
		t.Errorf("after recoding without coding: %+v", st)
	}
	if got := eachIDs(t, s, "v2"); len(got) != 0 {
		t.Errorf("%d documents left to recode", len(got))
	}
}

func TestRecode(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	docs := fixture()
	mustSaveBatch(t, s, docs...)
	if err := s.SetClusters(ctx, map[[2]string]string{{"vn-uz", "vn-uz#0"}: "c1", {"vn-ru", "vn-ru#0"}: "c2"}); err != nil {
		t.Fatal(err)
	}
	old, err := s.Document(ctx, "vn-uz")
	if err != nil {
		t.Fatal(err)
	}
	// The same text coded again: one sentence less, one event with
	// another code and party, a fact with other parties.
	re := *old
	re.Sentences = old.Sentences[1:]
	re.Events = []attache.Event{old.Events[0]}
	re.Events[0].Code, re.Events[0].Root, re.Events[0].Target.Country = "043", "04", "KAZ"
	re.Events[0].ID = ""
	re.Facts = []attache.Fact{{Kind: attache.Relationship, Parties: []attache.Country{"VNM", "KAZ"}, Level: "partners"}}
	if err := s.Recode(ctx, &re, "v2"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Document(ctx, "vn-uz")
	if err != nil {
		t.Fatal(err)
	}
	if got.CoderVersion != "v2" || got.Key != old.Key || got.Text != old.Text || !got.StoredAt.Equal(old.StoredAt) {
		t.Errorf("after recoding: %s", jsonOf(got))
	}
	if !slices.Equal(got.Sentences, re.Sentences) {
		t.Errorf("sentences %+v, want %+v", got.Sentences, re.Sentences)
	}
	if len(got.Events) != 1 || got.Events[0].Code != "043" || got.Events[0].ID != "vn-uz#0" || got.Events[0].Target.Country != "KAZ" {
		t.Errorf("events %s", jsonOf(got.Events))
	}
	if len(got.Facts) != 1 || got.Facts[0].Kind != attache.Relationship {
		t.Errorf("facts %s", jsonOf(got.Facts))
	}
	if st := mustStats(t, s); st != (attache.StoreStats{Documents: 3, Sentences: 7, Events: 5, Facts: 3}) {
		t.Errorf("stats %+v", st)
	}
	// The filters see the new coding: fact parties, events, search.
	facts, err := s.FindFacts(ctx, attache.EventFilter{Countries: []attache.Country{"UZB"}})
	if err != nil || len(facts) != 0 {
		t.Errorf("facts with UZB after recoding: %d, %v", len(facts), err)
	}
	facts, err = s.FindFacts(ctx, attache.EventFilter{Dyad: [2]attache.Country{"KAZ", "VNM"}})
	if err != nil || len(facts) != 1 || facts[0].Doc != "vn-uz" {
		t.Errorf("facts of KAZ-VNM after recoding: %s, %v", jsonOf(facts), err)
	}
	evs, _, err := s.FindEvents(ctx, attache.EventFilter{Countries: []attache.Country{"KAZ"}})
	if err != nil || len(evs) != 1 || evs[0].Cluster != "" {
		t.Errorf("events with KAZ after recoding: %s, %v", jsonOf(evs), err)
	}
	if hits, err := s.SearchSentences(ctx, "uzbekistan hold talks", attache.EventFilter{}); err != nil || len(hits) != 0 {
		t.Errorf("the dropped headline is still found: %d hits, %v", len(hits), err)
	}
	// Other documents keep theirs, clusters too.
	evs, _, err = s.FindEvents(ctx, attache.EventFilter{Cluster: "c2"})
	if err != nil || len(evs) != 1 || evs[0].ID != "vn-ru#0" {
		t.Errorf("cluster c2 after recoding another document: %s, %v", jsonOf(evs), err)
	}
}

func TestRecodeErrors(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	mustSave(t, s, fixture()[0])
	d, err := s.Document(ctx, "vn-uz")
	if err != nil {
		t.Fatal(err)
	}
	missing := *d
	missing.Key = d.Key + 1000
	if err := s.Recode(ctx, &missing, "v2"); !errors.Is(err, attache.ErrNotFound) {
		t.Errorf("recoding a key not stored: %v, want ErrNotFound", err)
	}
	other := *d
	other.Text += " More."
	if err := s.Recode(ctx, &other, "v2"); err == nil || !strings.Contains(err.Error(), "not the stored one") {
		t.Errorf("recoding another text: %v", err)
	}
	broken := *d
	broken.Events = slices.Clone(d.Events)
	broken.Events[1].ID = broken.Events[0].ID
	err = s.Recode(ctx, &broken, "v2")
	if err == nil || !strings.Contains(err.Error(), "recode document vn-uz") || !strings.Contains(err.Error(), "insert event vn-uz#0") {
		t.Errorf("recoding with two events of one ID: %v", err)
	}
	// Nothing changed.
	got, err := s.Document(ctx, "vn-uz")
	if err != nil {
		t.Fatal(err)
	}
	if got.CoderVersion != "test" || len(got.Events) != 2 || len(got.Facts) != 2 {
		t.Errorf("after failed recodes: %s", jsonOf(got))
	}
}

// TestSetClustersMany sets the clusters of a few thousand events in one
// call, and clears them with an empty map.
func TestSetClustersMany(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	docs := manyDocs(600) // 3,000 events
	mustSaveBatch(t, s, docs...)
	set := map[[2]string]string{}
	for _, d := range docs {
		for _, e := range d.Events {
			set[[2]string{d.ID, e.ID}] = "c-" + string(e.Target.Country)
		}
	}
	if err := s.SetClusters(ctx, set); err != nil {
		t.Fatal(err)
	}
	evs, _, err := s.FindEvents(ctx, attache.EventFilter{Cluster: "c-UZB", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, c := range set {
		if c == "c-UZB" {
			want++
		}
	}
	if len(evs) != want {
		t.Errorf("cluster c-UZB has %d events, want %d", len(evs), want)
	}
	if err := s.SetClusters(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if evs, _, err := s.FindEvents(ctx, attache.EventFilter{Cluster: "c-UZB"}); err != nil || len(evs) != 0 {
		t.Errorf("after clearing: %d events, %v", len(evs), err)
	}
}

// BenchmarkSetClusters sets the clusters of 10,000 events, all of them
// changing at each call.
func BenchmarkSetClusters(b *testing.B) {
	s := benchStore(b, 2000)
	set := map[[2]string]string{}
	for i := range 2000 {
		for j := range 5 {
			set[[2]string{fmt.Sprintf("bench-%d", i), fmt.Sprintf("bench-%d#%d", i, j)}] = ""
		}
	}
	b.ResetTimer()
	for n := range b.N {
		b.StopTimer()
		for k := range set {
			set[k] = fmt.Sprintf("c%d-%d", n, len(k[1])%50)
		}
		b.StartTimer()
		if err := s.SetClusters(context.Background(), set); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(set))/b.Elapsed().Seconds(), "events/s")
}
