package storetest

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"attache"
	"attache/storekit"
)

func testSaveDocumentTwice(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	s := open(t)
	docs := Fixture()
	MustSave(t, s, docs...)
	want, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want != (attache.StoreStats{Documents: 3, Sentences: 8, Events: 6, Facts: 4}) {
		t.Fatalf("stats after saving = %+v", want)
	}
	for _, d := range docs {
		res, err := s.SaveDocument(ctx, d, "test")
		if err != nil {
			t.Fatal(err)
		}
		if res.New {
			t.Errorf("saving %s again: New = true, want false", d.ID)
		}
	}
	// The same text under another ID is the same document.
	again := *docs[0]
	again.ID = "renamed"
	if res, err := s.SaveDocument(ctx, &again, "test"); err != nil || res.New {
		t.Errorf("same text, new ID: %+v, %v; want New false", res, err)
	}
	got, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("stats after saving again = %+v, want %+v", got, want)
	}
}

func testSaveDocumentResult(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	d := Fixture()[0]
	res, err := s.SaveDocument(context.Background(), d, "v1")
	if err != nil {
		t.Fatal(err)
	}
	if want := (attache.SaveResult{New: true, Events: 2, Facts: 2}); res != want {
		t.Errorf("SaveDocument = %+v, want %+v", res, want)
	}
}

// TestRoundTrip checks that an event and a fact come back as they went in,
// with the document's publisher, URL and the sentence text.
func testRoundTrip(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	s := open(t)
	d := Fixture()[0]
	MustSave(t, s, d)

	evs, _, err := s.FindEvents(ctx, attache.EventFilter{Doc: "vn-uz"})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 2 {
		t.Fatalf("got %d events, want 2", len(evs))
	}
	got := evs[0] // 2024-10-18 sorts before 2024-10
	want := attache.StoredEvent{Event: d.Events[0], Publisher: "VNA", URL: "https://example.org/vn-uz",
		SentenceText: d.Slice(d.Sentences[1].Span)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("event round trip:\n got %s\nwant %s", JSONOf(got), JSONOf(want))
	}

	facts, err := s.FindFacts(ctx, attache.EventFilter{Doc: "vn-uz"})
	if err != nil {
		t.Fatal(err)
	}
	if len(facts) != 2 {
		t.Fatalf("got %d facts, want 2", len(facts))
	}
	wantFact := attache.StoredFact{Fact: d.Facts[0], Doc: "vn-uz", Publisher: "VNA", URL: "https://example.org/vn-uz"}
	wantFact.Parties = []attache.Country{"UZB", "VNM"} // stored sorted
	i := slices.IndexFunc(facts, func(f attache.StoredFact) bool { return f.Kind == attache.Agreement })
	if i < 0 || !reflect.DeepEqual(facts[i], wantFact) {
		t.Errorf("fact round trip:\n got %s\nwant %s", JSONOf(facts), JSONOf(wantFact))
	}
}

func testEmptyEventIDGetsOne(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	d := Fixture()[1]
	for i := range d.Events {
		d.Events[i].ID = ""
	}
	MustSave(t, s, d)
	evs, _, err := s.FindEvents(context.Background(), attache.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{evs[0].ID, evs[1].ID}
	slices.Sort(ids)
	if want := []string{"vn-ru#0", "vn-ru#1"}; !slices.Equal(ids, want) {
		t.Errorf("event IDs = %q, want %q", ids, want)
	}
	if d.Events[0].ID != "" {
		t.Errorf("SaveDocument modified the document")
	}
}

func testFindEvents(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	MustSave(t, s, Fixture()...)
	tests := []struct {
		name   string
		filter attache.EventFilter
		want   []string
	}{
		{"all newest first", attache.EventFilter{},
			[]string{"vn-ru:051", "vn-ru:042", "vn-uz:040", "vn-uz:057", "kg-vn:036", "kg-vn:051"}},
		{"country", attache.EventFilter{Countries: []attache.Country{"UZB"}}, []string{"vn-uz:040", "vn-uz:057"}},
		{"countries", attache.EventFilter{Countries: []attache.Country{"RUS", "KGZ"}},
			[]string{"vn-ru:051", "vn-ru:042", "kg-vn:036", "kg-vn:051"}},
		{"unknown country", attache.EventFilter{Countries: []attache.Country{"FRA"}}, nil},
		{"dyad either order", attache.EventFilter{Dyad: [2]attache.Country{"UZB", "VNM"}}, []string{"vn-uz:040", "vn-uz:057"}},
		{"dyad both directions", attache.EventFilter{Dyad: [2]attache.Country{"VNM", "RUS"}}, []string{"vn-ru:051", "vn-ru:042"}},
		{"dyad not a pair", attache.EventFilter{Dyad: [2]attache.Country{"RUS", "UZB"}}, nil},
		{"dyad with itself", attache.EventFilter{Dyad: [2]attache.Country{"VNM", "VNM"}}, nil},
		{"half a dyad", attache.EventFilter{Dyad: [2]attache.Country{"KGZ", ""}}, []string{"kg-vn:036", "kg-vn:051"}},
		{"root code", attache.EventFilter{Codes: []string{"04"}}, []string{"vn-ru:042", "vn-uz:040"}},
		{"root 05", attache.EventFilter{Codes: []string{"05"}}, []string{"vn-ru:051", "vn-uz:057", "kg-vn:051"}},
		{"full code", attache.EventFilter{Codes: []string{"051"}}, []string{"vn-ru:051", "kg-vn:051"}},
		{"codes", attache.EventFilter{Codes: []string{"04", "036"}}, []string{"vn-ru:042", "vn-uz:040", "kg-vn:036"}},
		{"code with LIKE wildcards", attache.EventFilter{Codes: []string{"%"}}, nil},
		{"since", attache.EventFilter{Since: MustDate("2025-01-01")}, []string{"vn-ru:051", "vn-ru:042"}},
		{"until", attache.EventFilter{Until: MustDate("2023-12-31")}, []string{"kg-vn:051"}},
		// 2024-10-18 is before the range; the month 2024-10 and the year
		// 2024 overlap it.
		{"range at event precision", attache.EventFilter{Since: MustDate("2024-10-19"), Until: MustDate("2024-10-31")},
			[]string{"vn-uz:057", "kg-vn:036"}},
		{"month range", attache.EventFilter{Since: MustDate("2024-10"), Until: MustDate("2024-10")},
			[]string{"vn-uz:040", "vn-uz:057", "kg-vn:036"}},
		{"year since", attache.EventFilter{Since: MustDate("2025")}, []string{"vn-ru:051", "vn-ru:042"}},
		{"publisher", attache.EventFilter{Publisher: "VNA"}, []string{"vn-uz:040", "vn-uz:057", "kg-vn:036", "kg-vn:051"}},
		{"publisher with diacritics", attache.EventFilter{Publisher: "Nhân Dân"}, []string{"vn-ru:051", "vn-ru:042"}},
		{"doc", attache.EventFilter{Doc: "kg-vn"}, []string{"kg-vn:036", "kg-vn:051"}},
		{"text", attache.EventFilter{Text: "talks"}, []string{"vn-uz:040"}},
		{"text folded", attache.EventFilter{Text: "viet nam"}, []string{"vn-ru:051"}},
		{"text with diacritics", attache.EventFilter{Text: "Hà Nội"}, []string{"vn-uz:040"}},
		{"text hostile", attache.EventFilter{Text: `'; DROP TABLE events; --`}, nil},
		{"text only syntax", attache.EventFilter{Text: `*`}, nil},
		{"dyad and code", attache.EventFilter{Dyad: [2]attache.Country{"VNM", "RUS"}, Codes: []string{"05"}}, []string{"vn-ru:051"}},
		{"limit", attache.EventFilter{Limit: 2}, []string{"vn-ru:051", "vn-ru:042"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs, _, err := s.FindEvents(context.Background(), tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			if got := EventKeys(evs); !slices.Equal(got, tt.want) {
				t.Errorf("FindEvents(%+v) = %q, want %q", tt.filter, got, tt.want)
			}
		})
	}
}

func testFindEventsBadCursor(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	for _, c := range []string{"nonsense", "e30", "!!!"} {
		if _, _, err := s.FindEvents(context.Background(), attache.EventFilter{Cursor: c}); err == nil {
			t.Errorf("cursor %q: no error", c)
		}
	}
}

// PagingCorpus returns 25 documents of 10 events each, dated so that many
// share a date (the tiebreak matters) and some have month precision.
func PagingCorpus() []*attache.Document {
	var docs []*attache.Document
	start := MustDate("2024-01-01")
	for i := range 25 {
		d := NewDoc(fmt.Sprintf("p%02d", i), "Wire", "2024-03-01",
			fmt.Sprintf("Story %d: Vietnam and Uzbekistan talk again.", i))
		for j := range 10 {
			date := start.AddDays((i*10 + j) % 17).String()
			if j%4 == 0 {
				date = date[:7]
			}
			tgt := attache.Country("UZB")
			if j%2 == 1 {
				tgt = "KGZ"
			}
			AddEvent(d, 0, "VNM", tgt, "040", date)
		}
		docs = append(docs, d)
	}
	return docs
}

func testPagination(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	s := open(t)
	MustSave(t, s, PagingCorpus()...)
	tests := []struct {
		name   string
		filter attache.EventFilter
		want   int
	}{
		{"all", attache.EventFilter{Limit: 40}, 250},
		{"default limit", attache.EventFilter{}, 250},
		{"page size one less than all", attache.EventFilter{Limit: 249}, 250},
		{"dyad", attache.EventFilter{Dyad: [2]attache.Country{"UZB", "VNM"}, Limit: 33}, 125},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.filter
			seen := map[string]bool{}
			var all []attache.StoredEvent
			for pages := 0; ; pages++ {
				if pages > 300 {
					t.Fatal("pagination does not end")
				}
				evs, next, err := s.FindEvents(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				limit := cmpOr(f.Limit, storekit.DefaultLimit)
				if len(evs) > limit || (next != "" && len(evs) != limit) {
					t.Fatalf("page %d: %d events with next %q, limit %d", pages, len(evs), next, limit)
				}
				for _, e := range evs {
					if seen[e.ID] {
						t.Fatalf("event %s returned twice", e.ID)
					}
					seen[e.ID] = true
				}
				all = append(all, evs...)
				if next == "" {
					break
				}
				f.Cursor = next
			}
			if len(all) != tt.want {
				t.Errorf("paged through %d events, want %d", len(all), tt.want)
			}
			for i := 1; i < len(all); i++ {
				if all[i-1].Date.String() < all[i].Date.String() {
					t.Fatalf("event %d (%s) comes before a newer one (%s)", i-1, all[i-1].Date, all[i].Date)
				}
			}
		})
	}
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

func testLimitCapped(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	d := NewDoc("many", "Wire", "2024-03-01", "Vietnam and Uzbekistan talk.")
	for range storekit.MaxLimit + 5 {
		AddEvent(d, 0, "VNM", "UZB", "040", "2024-03-01")
	}
	MustSave(t, s, d)
	evs, next, err := s.FindEvents(context.Background(), attache.EventFilter{Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != storekit.MaxLimit || next == "" {
		t.Errorf("Limit 5000 gave %d events, next %q; want %d and a cursor", len(evs), next, storekit.MaxLimit)
	}
}

func testFindFacts(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	MustSave(t, s, Fixture()...)
	tests := []struct {
		name   string
		filter attache.EventFilter
		want   []string // doc:kind, newest first
	}{
		{"all", attache.EventFilter{},
			[]string{"vn-ru:relationship", "vn-uz:trade", "vn-uz:agreement", "kg-vn:relations_established"}},
		{"country", attache.EventFilter{Countries: []attache.Country{"UZB"}}, []string{"vn-uz:trade", "vn-uz:agreement"}},
		{"countries", attache.EventFilter{Countries: []attache.Country{"KGZ", "RUS"}},
			[]string{"vn-ru:relationship", "kg-vn:relations_established"}},
		{"dyad", attache.EventFilter{Dyad: [2]attache.Country{"VNM", "RUS"}}, []string{"vn-ru:relationship"}},
		{"dyad not a pair", attache.EventFilter{Dyad: [2]attache.Country{"RUS", "UZB"}}, nil},
		// Undated facts take their document's reference date.
		{"since", attache.EventFilter{Since: MustDate("2024-01-01")},
			[]string{"vn-ru:relationship", "vn-uz:trade", "vn-uz:agreement"}},
		{"until", attache.EventFilter{Until: MustDate("2000")}, []string{"kg-vn:relations_established"}},
		{"publisher", attache.EventFilter{Publisher: "Nhân Dân"}, []string{"vn-ru:relationship"}},
		{"doc", attache.EventFilter{Doc: "kg-vn"}, []string{"kg-vn:relations_established"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			facts, err := s.FindFacts(context.Background(), tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range facts {
				got = append(got, f.Doc+":"+string(f.Kind))
				if !slices.IsSorted(f.Parties) {
					t.Errorf("parties %q not sorted", f.Parties)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("FindFacts(%+v) = %q, want %q", tt.filter, got, tt.want)
			}
		})
	}
}

func testSearchSentences(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	MustSave(t, s, Fixture()...)
	type hit struct {
		doc      string
		sentence int
	}
	tests := []struct {
		name    string
		query   string
		filter  attache.EventFilter
		want    []hit // in any order
		snippet string
	}{
		{"folded query finds diacritics", "viet nam", attache.EventFilter{},
			[]hit{{"vn-ru", 0}, {"vn-ru", 2}}, "[Việt Nam] and Russia deepen ties."},
		{"diacritics in query", "Việt Nam", attache.EventFilter{}, []hit{{"vn-ru", 0}, {"vn-ru", 2}}, ""},
		{"one word", "vietnam", attache.EventFilter{}, []hit{{"vn-uz", 0}, {"kg-vn", 0}, {"kg-vn", 1}}, ""},
		{"place", "ha noi", attache.EventFilter{},
			[]hit{{"vn-uz", 1}}, "Prime Minister Phạm Minh Chính held talks with his Uzbek counterpart in [Hà Nội] on October 18."},
		{"name", "chinh", attache.EventFilter{}, []hit{{"vn-uz", 1}, {"vn-ru", 1}}, ""},
		{"prefix", "uzbek*", attache.EventFilter{}, []hit{{"vn-uz", 0}, {"vn-uz", 1}}, ""},
		{"or", "trade OR embassy", attache.EventFilter{}, []hit{{"vn-uz", 2}, {"kg-vn", 1}}, ""},
		{"not", "vietnam NOT kyrgyzstan", attache.EventFilter{}, []hit{{"vn-uz", 0}, {"kg-vn", 1}}, ""},
		{"phrase", `"prime minister"`, attache.EventFilter{}, []hit{{"vn-uz", 1}, {"vn-ru", 1}}, ""},
		{"lower-case and is a word", "vietnam and uzbekistan", attache.EventFilter{}, []hit{{"vn-uz", 0}}, ""},
		{"publisher and dyad", "vietnam", attache.EventFilter{Publisher: "VNA", Dyad: [2]attache.Country{"KGZ", "VNM"}},
			[]hit{{"kg-vn", 0}, {"kg-vn", 1}}, ""},
		{"code", "vietnam", attache.EventFilter{Codes: []string{"036"}}, []hit{{"kg-vn", 1}}, ""},
		{"since", "prime minister", attache.EventFilter{Since: MustDate("2025-01-01")}, []hit{{"vn-ru", 1}}, ""},
		{"doc", "talks", attache.EventFilter{Doc: "vn-uz"}, []hit{{"vn-uz", 0}, {"vn-uz", 1}}, ""},
		{"no match", "ukraine", attache.EventFilter{}, nil, ""},
		{"unbalanced quote", `"unbalanced`, attache.EventFilter{}, nil, ""},
		{"unbalanced quote phrase", `"viet nam`, attache.EventFilter{}, []hit{{"vn-ru", 0}, {"vn-ru", 2}}, ""},
		{"NEAR(", `NEAR(`, attache.EventFilter{}, nil, ""},
		{"NEAR query", `NEAR(viet nam, 2)`, attache.EventFilter{}, nil, ""},
		{"star", `*`, attache.EventFilter{}, nil, ""},
		{"sql injection", `'; DROP TABLE events; --`, attache.EventFilter{}, nil, ""},
		{"lone operator is a word", `AND`, attache.EventFilter{}, []hit{{"vn-uz", 0}, {"vn-ru", 0}}, ""},
		{"trailing operator", `vietnam OR`, attache.EventFilter{}, nil, ""},
		{"column filter", `folded:vietnam`, attache.EventFilter{}, nil, ""},
		{"caret and parens", `^(vietnam) + {folded}`, attache.EventFilter{}, nil, ""},
		{"empty", ``, attache.EventFilter{}, nil, ""},
		{"quote only", `"`, attache.EventFilter{}, nil, ""},
		{"control bytes", "viet\x00\x01\x02nam", attache.EventFilter{}, []hit{{"vn-ru", 0}, {"vn-ru", 2}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.SearchSentences(context.Background(), tt.query, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var got []hit
			for _, h := range hits {
				got = append(got, hit{h.Doc, h.Sentence})
				if !strings.Contains(h.Snippet, "[") {
					t.Errorf("snippet %q marks nothing", h.Snippet)
				}
			}
			cmpHit := func(a, b hit) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) }
			slices.SortFunc(got, cmpHit)
			want := slices.Clone(tt.want)
			slices.SortFunc(want, cmpHit)
			if !slices.Equal(got, want) {
				t.Errorf("SearchSentences(%q) = %v, want %v", tt.query, got, want)
			}
			if tt.snippet != "" && (len(hits) == 0 || hits[0].Snippet != tt.snippet) {
				t.Errorf("first snippet = %q, want %q", snippetOf(hits), tt.snippet)
			}
		})
	}
	// Nothing above broke the store.
	if st, err := s.Stats(context.Background()); err != nil || st.Events != 6 {
		t.Errorf("after hostile queries: %+v, %v", st, err)
	}
}

func snippetOf(hits []attache.SentenceHit) string {
	if len(hits) == 0 {
		return ""
	}
	return hits[0].Snippet
}

func testSearchSnippetLongSentence(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	long := strings.Repeat("The delegations discussed many matters at great length. ", 6) +
		"Straße talks in Đà Nẵng were frank. " + strings.Repeat("Both sides noted more items again and again. ", 6)
	MustSave(t, s, NewDoc("long", "Wire", "2024-05-01", long))
	hits, err := s.SearchSentences(context.Background(), "da nang", attache.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 {
		t.Fatalf("got %d hits, want 1", len(hits))
	}
	sn := hits[0].Snippet
	if !strings.Contains(sn, "Straße talks in [Đà Nẵng] were frank.") || !strings.HasPrefix(sn, "…") ||
		!strings.HasSuffix(sn, "…") || len(sn) > 300 {
		t.Errorf("snippet = %q", sn)
	}
	if hits[0].Date != MustDate("2024-05-01") || hits[0].Text != long {
		t.Errorf("hit = %+v", hits[0])
	}
}

// TestSaveIsAtomic saves a document whose second event breaks a constraint
// (two events with one ID) after the document, its sentences and its first
// event were inserted: nothing of it may remain.
func testSaveIsAtomic(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	s := open(t)
	d := Fixture()[0]
	d.Events[1].ID = d.Events[0].ID
	_, err := s.SaveDocument(ctx, d, "test")
	if err == nil {
		t.Fatal("saving two events with one ID: no error")
	}
	if !strings.Contains(err.Error(), "save document vn-uz") || !strings.Contains(err.Error(), "insert event vn-uz#0") {
		t.Errorf("error %q does not say what failed", err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st != (attache.StoreStats{}) {
		t.Errorf("after a failed save the store holds %+v, want nothing", st)
	}
	if hits, err := s.SearchSentences(ctx, "talks", attache.EventFilter{}); err != nil || len(hits) != 0 {
		t.Errorf("sentence index after a failed save: %d hits, %v", len(hits), err)
	}
	// The content hash was not left behind: the corrected document saves.
	d.Events[1].ID = "vn-uz#1"
	MustSave(t, s, d)
}

func testSaveRejectsBadSpan(t *testing.T, open func(t *testing.T) Store) {
	s := open(t)
	d := Fixture()[1]
	d.Sentences[2].End = len(d.Text) + 10
	if _, err := s.SaveDocument(context.Background(), d, "test"); err == nil || !strings.Contains(err.Error(), "outside the text") {
		t.Errorf("bad sentence span: err = %v", err)
	}
	if st, _ := s.Stats(context.Background()); st != (attache.StoreStats{}) {
		t.Errorf("store holds %+v after a failed save", st)
	}
}
