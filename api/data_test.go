package api

import (
	"fmt"
	"strings"
	"time"

	"attache"
	"attache/cameo"
)

// The hand-made data set every test uses: three short articles, six
// events, one cluster of the same talks reported by two publishers, two
// facts, and a sentence carrying a <script> tag.
const (
	docTalks  = "vnuz-1"  // VNA: Vietnam–Uzbekistan talks and an agreement
	docTalks2 = "vnuz-2"  // Tuoi Tre: the same talks
	docRussia = "vnru-1"  // VNA: Russia; hostile markup in the text
	talks     = "c0ffee1" // the cluster of the talks
	script    = "<script>alert(1)</script>"
)

func mustDate(s string) attache.Date {
	d, err := attache.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// newDoc builds a document whose text is the sentences joined by spaces.
func newDoc(id, publisher, ref string, sentences ...string) *attache.Document {
	d := &attache.Document{ID: id, Publisher: publisher, URL: "https://news.example/" + id,
		Title: sentences[0], Lang: "en", RefDate: mustDate(ref)}
	var b strings.Builder
	for i, s := range sentences {
		if i > 0 {
			b.WriteByte(' ')
		}
		start := b.Len()
		b.WriteString(s)
		d.Sentences = append(d.Sentences, attache.Sentence{Span: attache.Span{Start: start, End: b.Len()}, Index: i})
	}
	d.Text = b.String()
	return d
}

// addEvent codes an event on a whole sentence of d, with ID "<doc>#<n>".
func addEvent(d *attache.Document, sentence int, src, tgt attache.Country, code, date string, quad int, goldstein float64) {
	sp := d.Sentences[sentence].Span
	c := cameo.Code(code)
	d.Events = append(d.Events, attache.Event{
		ID: fmt.Sprintf("%s#%d", d.ID, len(d.Events)), Doc: d.ID, Sentence: sentence,
		Source: attache.Actor{Text: string(src), Code: string(src) + "GOV", Country: src, Sector: "GOV"},
		Target: attache.Actor{Text: string(tgt), Code: string(tgt) + "GOV", Country: tgt, Sector: "GOV"},
		Code:   c, Root: c.Root(), Quad: quad, Goldstein: goldstein,
		Date: mustDate(date), DatePrecision: mustDate(date).Precision().String(),
		Mode: attache.Asserted, Confidence: 0.9,
		Evidence: attache.Evidence{Span: sp, Text: d.Slice(sp)}, Rule: "test",
	})
}

// dataset is the documents and the clusters of their events, keyed by
// {document ID, event ID}.
type dataset struct {
	docs     []*attache.Document
	clusters map[[2]string]string
}

func testData() dataset {
	a := newDoc(docTalks, "VNA", "2025-01-14",
		"Vietnam and Uzbekistan held talks in Hanoi on January 14.",
		"The two sides signed an agreement on trade.")
	addEvent(a, 0, "VNM", "UZB", "040", "2025-01-14", 1, 1.0)
	addEvent(a, 0, "UZB", "VNM", "040", "2025-01-14", 1, 1.0)
	addEvent(a, 1, "VNM", "UZB", "057", "2025-01-14", 1, 8.0)
	a.Facts = []attache.Fact{{Kind: attache.Agreement, Parties: []attache.Country{"UZB", "VNM"},
		Title: "agreement on trade", Date: mustDate("2025-01-14"),
		Evidence: &attache.Evidence{Span: a.Sentences[1].Span, Text: a.Slice(a.Sentences[1].Span)}}}

	b := newDoc(docTalks2, "Tuoi Tre", "2025-01-15",
		"Prime Minister Chinh held talks with his Uzbek counterpart on Tuesday.")
	addEvent(b, 0, "VNM", "UZB", "040", "2025-01-14", 1, 1.0)

	c := newDoc(docRussia, "VNA", "2024-10-02",
		"Russia criticised "+script+" Vietnam's decision.",
		"A Vietnamese delegation visited Russia in October 2024.")
	addEvent(c, 0, "RUS", "VNM", "111", "2024-10-01", 3, -2.0)
	addEvent(c, 1, "VNM", "RUS", "042", "2024-10", 1, 1.9)

	return dataset{
		docs: []*attache.Document{a, b, c},
		clusters: map[[2]string]string{
			{docTalks, docTalks + "#0"}:   talks,
			{docTalks, docTalks + "#1"}:   talks,
			{docTalks2, docTalks2 + "#0"}: talks,
		},
	}
}

// stored returns the data set as a store would return it.
func (ds dataset) stored() ([]attache.StoredEvent, []attache.StoredFact, []*attache.StoredDocument) {
	var (
		evs   []attache.StoredEvent
		facts []attache.StoredFact
		docs  []*attache.StoredDocument
	)
	for _, d := range ds.docs {
		for _, e := range d.Events {
			evs = append(evs, attache.StoredEvent{Event: e, Publisher: d.Publisher, URL: d.URL,
				SentenceText: d.Slice(d.Sentences[e.Sentence].Span), Cluster: ds.clusters[[2]string{d.ID, e.ID}]})
		}
		for _, f := range d.Facts {
			facts = append(facts, attache.StoredFact{Fact: f, Doc: d.ID, Publisher: d.Publisher, URL: d.URL})
		}
		docs = append(docs, &attache.StoredDocument{Document: *d, CoderVersion: "test",
			StoredAt: time.Date(2025, 1, 16, 0, 0, 0, 0, time.UTC)})
	}
	docs[0].Duplicates = []string{docTalks2}
	return evs, facts, docs
}
