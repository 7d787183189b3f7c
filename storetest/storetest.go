// Package storetest is the test suite every attache.EventStore runs: the
// cases that test the interface's behaviour, the same for each store.
// A store's own tests call Run with a function that opens a new, empty
// store; what only one engine does stays in that store's tests.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"attache"
	"attache/cameo"
)

// Store is what the suite tests: an event store that can also be
// maintained.
type Store interface {
	attache.EventStore
	attache.Maintainer
}

// Run runs every case of the suite as a subtest of t, named as the
// store's own test of it used to be. open must return a new, empty store
// for the subtest it is given, closed when that subtest ends.
func Run(t *testing.T, open func(t *testing.T) Store) {
	for _, c := range []struct {
		name string
		test func(*testing.T, func(*testing.T) Store)
	}{
		{"TestSaveDocumentTwice", testSaveDocumentTwice},
		{"TestSaveDocumentResult", testSaveDocumentResult},
		{"TestRoundTrip", testRoundTrip},
		{"TestEmptyEventIDGetsOne", testEmptyEventIDGetsOne},
		{"TestFindEvents", testFindEvents},
		{"TestFindEventsBadCursor", testFindEventsBadCursor},
		{"TestPagination", testPagination},
		{"TestLimitCapped", testLimitCapped},
		{"TestFindFacts", testFindFacts},
		{"TestSearchSentences", testSearchSentences},
		{"TestSearchSnippetLongSentence", testSearchSnippetLongSentence},
		{"TestSaveIsAtomic", testSaveIsAtomic},
		{"TestSaveRejectsBadSpan", testSaveRejectsBadSpan},
		{"TestDateCounts", testDateCounts},
	} {
		t.Run(c.name, func(t *testing.T) { c.test(t, open) })
	}
}

// MustSave saves documents that must be new.
func MustSave(tb testing.TB, s Store, docs ...*attache.Document) {
	tb.Helper()
	for _, d := range docs {
		res, err := s.SaveDocument(context.Background(), d, "test")
		if err != nil {
			tb.Fatal(err)
		}
		if !res.New {
			tb.Fatalf("document %s: New = false, want true", d.ID)
		}
	}
}

func MustDate(s string) attache.Date {
	d, err := attache.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// NewDoc builds a document whose text is the sentences joined by spaces.
// A first sentence without a final full stop is a headline.
func NewDoc(id, publisher, ref string, sentences ...string) *attache.Document {
	d := &attache.Document{ID: id, Publisher: publisher, URL: "https://example.org/" + id,
		Title: sentences[0], Lang: "en", RefDate: MustDate(ref)}
	var b strings.Builder
	for i, s := range sentences {
		if i > 0 {
			b.WriteByte(' ')
		}
		start := b.Len()
		b.WriteString(s)
		d.Sentences = append(d.Sentences, attache.Sentence{Span: attache.Span{Start: start, End: b.Len()},
			Index: i, Headline: i == 0 && !strings.HasSuffix(s, ".")})
	}
	d.Text = b.String()
	return d
}

// AddEvent codes an event on a whole sentence of d.
func AddEvent(d *attache.Document, sentence int, src, tgt attache.Country, code, date string) *attache.Event {
	sp := d.Sentences[sentence].Span
	c := cameo.Code(code)
	dt := MustDate(date)
	d.Events = append(d.Events, attache.Event{
		ID: fmt.Sprintf("%s#%d", d.ID, len(d.Events)), Doc: d.ID, Sentence: sentence,
		Source: attache.Actor{Text: string(src), Code: string(src) + "GOV", Country: src, Sector: "GOV"},
		Target: attache.Actor{Text: string(tgt), Code: string(tgt) + "GOV", Country: tgt, Sector: "GOV"},
		Code:   c, Root: c.Root(), Quad: 1, Goldstein: 1,
		Date: dt, DatePrecision: dt.Precision().String(),
		Confidence: 0.9, Evidence: attache.Evidence{Span: sp, Text: d.Slice(sp)}, Rule: "test",
	})
	return &d.Events[len(d.Events)-1]
}

// Fixture returns three stories on Vietnam's relations, coded by hand.
//
//	vn-uz  VNA       2024-10-20  VNM→UZB 040 2024-10-18, VNM→UZB 057 2024-10
//	vn-ru  Nhân Dân  2025-01-15  VNM→RUS 042 2025-01-14, RUS→VNM 051 2025-01-14
//	kg-vn  VNA       2023-09-05  KGZ→VNM 051 2023-09-02, VNM→KGZ 036 2024 (planned)
func Fixture() []*attache.Document {
	uz := NewDoc("vn-uz", "VNA", "2024-10-20",
		"Vietnam and Uzbekistan hold talks",
		"Prime Minister Phạm Minh Chính held talks with his Uzbek counterpart in Hà Nội on October 18.",
		"The two sides signed an agreement on trade cooperation this month.")
	e := AddEvent(uz, 1, "VNM", "UZB", "040", "2024-10-18")
	e.Source.Person, e.Source.Role = "Pham Minh Chinh", "Prime Minister"
	e.Source.Span = &attache.Span{Start: 49, End: 64}
	e.Place = &attache.Place{Name: "Hanoi", Country: "VNM", Lat: 21.03, Lon: 105.85}
	AddEvent(uz, 2, "VNM", "UZB", "057", "2024-10")
	uz.Facts = []attache.Fact{
		{Kind: attache.Agreement, Parties: []attache.Country{"VNM", "UZB"}, Title: "Agreement on trade cooperation",
			Date: MustDate("2024-10-18"), Status: "signed",
			Evidence: &attache.Evidence{Span: uz.Sentences[2].Span, Text: uz.Slice(uz.Sentences[2].Span)}},
		{Kind: attache.Trade, Parties: []attache.Country{"UZB", "VNM"}, Period: "2023", Value: 160e6,
			Currency: "USD", Qualifier: "exceeded"},
	}

	ru := NewDoc("vn-ru", "Nhân Dân", "2025-01-15",
		"Việt Nam and Russia deepen ties.",
		"Chính received Russian Prime Minister Mikhail Mishustin on January 14.",
		"Mishustin praised Việt Nam's economic growth.")
	AddEvent(ru, 1, "VNM", "RUS", "042", "2025-01-14")
	AddEvent(ru, 2, "RUS", "VNM", "051", "2025-01-14")
	ru.Facts = []attache.Fact{{Kind: attache.Relationship, Parties: []attache.Country{"VNM", "RUS"},
		Level: "comprehensive strategic partnership"}}

	kg := NewDoc("kg-vn", "VNA", "2023-09-05",
		"Kyrgyzstan congratulated Vietnam on its National Day.",
		"Vietnam plans to open an embassy in Bishkek in 2024.")
	AddEvent(kg, 0, "KGZ", "VNM", "051", "2023-09-02")
	AddEvent(kg, 1, "VNM", "KGZ", "036", "2024").Mode = attache.Planned
	kg.Facts = []attache.Fact{{Kind: attache.RelationsEstablished, Parties: []attache.Country{"VNM", "KGZ"},
		Date: MustDate("1992")}}
	return []*attache.Document{uz, ru, kg}
}

// JSONOf is v as JSON, for failure messages.
func JSONOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// EventKeys lists events as "doc:cameo" in the order returned.
func EventKeys(evs []attache.StoredEvent) []string {
	keys := make([]string, len(evs))
	for i, e := range evs {
		keys[i] = e.Doc + ":" + string(e.Code)
	}
	return keys
}
