package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"attache"
	"attache/cameo"
	"attache/postgres"

	"github.com/jackc/pgx/v5"
)

// The tests run against the PostgreSQL server that ATTACHE_TEST_POSTGRES
// names, each in a schema of its own, dropped when it ends; .ci/run starts a
// server and sets the variable. Without it they skip.
const dsnVar = "ATTACHE_TEST_POSTGRES"

// testDSN returns the test server's connection string, or skips tb.
func testDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(dsnVar)
	if dsn == "" {
		tb.Skipf("%s is not set: set it to a PostgreSQL URL the tests may create schemas in, "+
			"e.g. postgres://attache:attache@127.0.0.1:5432/attache_test?sslmode=disable "+
			"(.ci/run starts a server and sets it)", dsnVar)
	}
	return dsn
}

// NewSchema creates an empty schema on the test server, dropped when the
// test ends, and returns a connection string whose search_path is it.
func NewSchema(tb testing.TB) string {
	tb.Helper()
	dsn := testDSN(tb)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connecting to %s: %v", dsnVar, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "attache_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{name}.Sanitize()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			tb.Errorf("dropping schema %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{name}.Sanitize()+" CASCADE"); err != nil {
			tb.Errorf("dropping schema %s: %v", name, err)
		}
	})
	return withSearchPath(tb, dsn, name)
}

// withSearchPath adds search_path=schema to a URL or keyword/value
// connection string.
func withSearchPath(tb testing.TB, dsn, schema string) string {
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("%s: %v", dsnVar, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// MustOpenDB returns a new, empty store in a schema of its own, closed
// when the test ends.
func MustOpenDB(tb testing.TB) *postgres.Store {
	tb.Helper()
	return mustOpen(tb, NewSchema(tb))
}

// mustOpen opens the store dsn names, closed when the test ends.
func mustOpen(tb testing.TB, dsn string) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
	return s
}

func mustSave(tb testing.TB, s *postgres.Store, docs ...*attache.Document) {
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

func mustDate(s string) attache.Date {
	d, err := attache.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// newDoc builds a document whose text is the sentences joined by spaces.
// A first sentence without a final full stop is a headline.
func newDoc(id, publisher, ref string, sentences ...string) *attache.Document {
	d := &attache.Document{ID: id, Publisher: publisher, URL: "https://example.org/" + id,
		Title: sentences[0], Lang: "en", RefDate: mustDate(ref)}
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

// addEvent codes an event on a whole sentence of d.
func addEvent(d *attache.Document, sentence int, src, tgt attache.Country, code, date string) *attache.Event {
	sp := d.Sentences[sentence].Span
	c := cameo.Code(code)
	dt := mustDate(date)
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

// fixture returns three stories on Vietnam's relations, coded by hand.
//
//	vn-uz  VNA       2024-10-20  VNM→UZB 040 2024-10-18, VNM→UZB 057 2024-10
//	vn-ru  Nhân Dân  2025-01-15  VNM→RUS 042 2025-01-14, RUS→VNM 051 2025-01-14
//	kg-vn  VNA       2023-09-05  KGZ→VNM 051 2023-09-02, VNM→KGZ 036 2024 (planned)
func fixture() []*attache.Document {
	uz := newDoc("vn-uz", "VNA", "2024-10-20",
		"Vietnam and Uzbekistan hold talks",
		"Prime Minister Phạm Minh Chính held talks with his Uzbek counterpart in Hà Nội on October 18.",
		"The two sides signed an agreement on trade cooperation this month.")
	e := addEvent(uz, 1, "VNM", "UZB", "040", "2024-10-18")
	e.Source.Person, e.Source.Role = "Pham Minh Chinh", "Prime Minister"
	e.Source.Span = &attache.Span{Start: 49, End: 64}
	e.Place = &attache.Place{Name: "Hanoi", Country: "VNM", Lat: 21.03, Lon: 105.85}
	addEvent(uz, 2, "VNM", "UZB", "057", "2024-10")
	uz.Facts = []attache.Fact{
		{Kind: attache.Agreement, Parties: []attache.Country{"VNM", "UZB"}, Title: "Agreement on trade cooperation",
			Date: mustDate("2024-10-18"), Status: "signed",
			Evidence: &attache.Evidence{Span: uz.Sentences[2].Span, Text: uz.Slice(uz.Sentences[2].Span)}},
		{Kind: attache.Trade, Parties: []attache.Country{"UZB", "VNM"}, Period: "2023", Value: 160e6,
			Currency: "USD", Qualifier: "exceeded"},
	}

	ru := newDoc("vn-ru", "Nhân Dân", "2025-01-15",
		"Việt Nam and Russia deepen ties.",
		"Chính received Russian Prime Minister Mikhail Mishustin on January 14.",
		"Mishustin praised Việt Nam's economic growth.")
	addEvent(ru, 1, "VNM", "RUS", "042", "2025-01-14")
	addEvent(ru, 2, "RUS", "VNM", "051", "2025-01-14")
	ru.Facts = []attache.Fact{{Kind: attache.Relationship, Parties: []attache.Country{"VNM", "RUS"},
		Level: "comprehensive strategic partnership"}}

	kg := newDoc("kg-vn", "VNA", "2023-09-05",
		"Kyrgyzstan congratulated Vietnam on its National Day.",
		"Vietnam plans to open an embassy in Bishkek in 2024.")
	addEvent(kg, 0, "KGZ", "VNM", "051", "2023-09-02")
	addEvent(kg, 1, "VNM", "KGZ", "036", "2024").Mode = attache.Planned
	kg.Facts = []attache.Fact{{Kind: attache.RelationsEstablished, Parties: []attache.Country{"VNM", "KGZ"},
		Date: mustDate("1992")}}
	return []*attache.Document{uz, ru, kg}
}

func TestSaveDocumentTwice(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	docs := fixture()
	mustSave(t, s, docs...)
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

func TestSaveDocumentResult(t *testing.T) {
	s := MustOpenDB(t)
	d := fixture()[0]
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
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	d := fixture()[0]
	mustSave(t, s, d)

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
		t.Errorf("event round trip:\n got %s\nwant %s", jsonOf(got), jsonOf(want))
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
		t.Errorf("fact round trip:\n got %s\nwant %s", jsonOf(facts), jsonOf(wantFact))
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestEmptyEventIDGetsOne(t *testing.T) {
	s := MustOpenDB(t)
	d := fixture()[1]
	for i := range d.Events {
		d.Events[i].ID = ""
	}
	mustSave(t, s, d)
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

// eventKeys lists events as "doc:cameo" in the order returned.
func eventKeys(evs []attache.StoredEvent) []string {
	keys := make([]string, len(evs))
	for i, e := range evs {
		keys[i] = e.Doc + ":" + string(e.Code)
	}
	return keys
}

func TestFindEvents(t *testing.T) {
	s := MustOpenDB(t)
	mustSave(t, s, fixture()...)
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
		{"since", attache.EventFilter{Since: mustDate("2025-01-01")}, []string{"vn-ru:051", "vn-ru:042"}},
		{"until", attache.EventFilter{Until: mustDate("2023-12-31")}, []string{"kg-vn:051"}},
		// 2024-10-18 is before the range; the month 2024-10 and the year
		// 2024 overlap it.
		{"range at event precision", attache.EventFilter{Since: mustDate("2024-10-19"), Until: mustDate("2024-10-31")},
			[]string{"vn-uz:057", "kg-vn:036"}},
		{"month range", attache.EventFilter{Since: mustDate("2024-10"), Until: mustDate("2024-10")},
			[]string{"vn-uz:040", "vn-uz:057", "kg-vn:036"}},
		{"year since", attache.EventFilter{Since: mustDate("2025")}, []string{"vn-ru:051", "vn-ru:042"}},
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
			if got := eventKeys(evs); !slices.Equal(got, tt.want) {
				t.Errorf("FindEvents(%+v) = %q, want %q", tt.filter, got, tt.want)
			}
		})
	}
}

func TestFindEventsBadCursor(t *testing.T) {
	s := MustOpenDB(t)
	for _, c := range []string{"nonsense", "e30", "!!!"} {
		if _, _, err := s.FindEvents(context.Background(), attache.EventFilter{Cursor: c}); err == nil {
			t.Errorf("cursor %q: no error", c)
		}
	}
}

// pagingCorpus returns 25 documents of 10 events each, dated so that many
// share a date (the tiebreak matters) and some have month precision.
func pagingCorpus() []*attache.Document {
	var docs []*attache.Document
	start := mustDate("2024-01-01")
	for i := range 25 {
		d := newDoc(fmt.Sprintf("p%02d", i), "Wire", "2024-03-01",
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
			addEvent(d, 0, "VNM", tgt, "040", date)
		}
		docs = append(docs, d)
	}
	return docs
}

func TestPagination(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	mustSave(t, s, pagingCorpus()...)
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
				limit := cmpOr(f.Limit, postgres.DefaultLimit)
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

func TestLimitCapped(t *testing.T) {
	s := MustOpenDB(t)
	d := newDoc("many", "Wire", "2024-03-01", "Vietnam and Uzbekistan talk.")
	for range postgres.MaxLimit + 5 {
		addEvent(d, 0, "VNM", "UZB", "040", "2024-03-01")
	}
	mustSave(t, s, d)
	evs, next, err := s.FindEvents(context.Background(), attache.EventFilter{Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != postgres.MaxLimit || next == "" {
		t.Errorf("Limit 5000 gave %d events, next %q; want %d and a cursor", len(evs), next, postgres.MaxLimit)
	}
}

func TestFindFacts(t *testing.T) {
	s := MustOpenDB(t)
	mustSave(t, s, fixture()...)
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
		{"since", attache.EventFilter{Since: mustDate("2024-01-01")},
			[]string{"vn-ru:relationship", "vn-uz:trade", "vn-uz:agreement"}},
		{"until", attache.EventFilter{Until: mustDate("2000")}, []string{"kg-vn:relations_established"}},
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

func TestSearchSentences(t *testing.T) {
	s := MustOpenDB(t)
	mustSave(t, s, fixture()...)
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
		{"since", "prime minister", attache.EventFilter{Since: mustDate("2025-01-01")}, []hit{{"vn-ru", 1}}, ""},
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

func TestSearchSnippetLongSentence(t *testing.T) {
	s := MustOpenDB(t)
	long := strings.Repeat("The delegations discussed many matters at great length. ", 6) +
		"Straße talks in Đà Nẵng were frank. " + strings.Repeat("Both sides noted more items again and again. ", 6)
	mustSave(t, s, newDoc("long", "Wire", "2024-05-01", long))
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
	if hits[0].Date != mustDate("2024-05-01") || hits[0].Text != long {
		t.Errorf("hit = %+v", hits[0])
	}
}

// TestSaveIsAtomic saves a document whose second event breaks a constraint
// (two events with one ID) after the document, its sentences and its first
// event were inserted: nothing of it may remain.
func TestSaveIsAtomic(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	d := fixture()[0]
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
	mustSave(t, s, d)
}

func TestSaveRejectsBadSpan(t *testing.T) {
	s := MustOpenDB(t)
	d := fixture()[1]
	d.Sentences[2].End = len(d.Text) + 10
	if _, err := s.SaveDocument(context.Background(), d, "test"); err == nil || !strings.Contains(err.Error(), "outside the text") {
		t.Errorf("bad sentence span: err = %v", err)
	}
	if st, _ := s.Stats(context.Background()); st != (attache.StoreStats{}) {
		t.Errorf("store holds %+v after a failed save", st)
	}
}

// TestOpenUnreachable opens stores on servers that refuse or never
// answer: Open must fail within its timeout, name the host and port, and
// never show the password. No PostgreSQL is needed.
func TestOpenUnreachable(t *testing.T) {
	const password = "pw-Sekr1t-do-not-print"
	// A server that accepts connections and says nothing.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	silent := ln.Addr().(*net.TCPAddr)
	tests := []struct {
		name, dsn, where string
		within           time.Duration
	}{
		{"refused", "postgres://attache:" + password + "@127.0.0.1:1/attache_test?sslmode=disable", "127.0.0.1:1", 2 * time.Second},
		{"refused keyword form", "host=127.0.0.1 port=1 user=attache password=" + password + " dbname=attache_test",
			"127.0.0.1:1", 2 * time.Second},
		{"silent, connect_timeout", fmt.Sprintf("postgres://attache:%s@127.0.0.1:%d/attache_test?connect_timeout=1", password, silent.Port),
			silent.String(), 3 * time.Second},
		{"silent, default timeout", fmt.Sprintf("postgres://attache:%s@127.0.0.1:%d/attache_test?sslmode=disable", password, silent.Port),
			silent.String(), postgres.ConnectTimeout + 2*time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			s, err := postgres.Open(context.Background(), tt.dsn)
			took := time.Since(start)
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			t.Logf("after %v: %v", took.Round(time.Millisecond), err)
			if took > tt.within {
				t.Errorf("took %v, want under %v", took, tt.within)
			}
			if !strings.Contains(err.Error(), tt.where) {
				t.Errorf("error %q does not name %s", err, tt.where)
			}
			if strings.Contains(err.Error(), password) {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

func TestOpenBadDSN(t *testing.T) {
	const password = "pw-Sekr1t-do-not-print"
	for _, dsn := range []string{
		"postgres://attache:" + password + "@127.0.0.1:notaport/db",
		"host=127.0.0.1 password=" + password + " sslmode=nonsense",
	} {
		s, err := postgres.Open(context.Background(), dsn)
		if err == nil {
			s.Close()
			t.Fatalf("Open(%q): no error", dsn)
		}
		t.Log(err)
		if strings.Contains(err.Error(), password) {
			t.Errorf("error %q shows the password", err)
		}
	}
}

func TestOpenWrongPassword(t *testing.T) {
	dsn := testDSN(t)
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		t.Skipf("%s is not a URL with a user: %v", dsnVar, err)
	}
	const password = "pw-Wr0ng-do-not-print"
	u.User = url.UserPassword(u.User.Username(), password)
	s, err := postgres.Open(context.Background(), u.String())
	if err == nil {
		s.Close()
		t.Skip("the server accepts any password (trust authentication)")
	}
	t.Log(err)
	if strings.Contains(err.Error(), password) || !strings.Contains(err.Error(), u.Host) {
		t.Errorf("error %q: want it to name %s and not show the password", err, u.Host)
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dsn := NewSchema(t)
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, fixture()...)
	want, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpen(t, dsn)
	if got, err := s.Stats(ctx); err != nil || got != want {
		t.Errorf("after reopening: %+v, %v; want %+v", got, err, want)
	}
	if res, err := s.SaveDocument(ctx, fixture()[0], "test"); err != nil || res.New {
		t.Errorf("saving again after reopening: %+v, %v", res, err)
	}
	hits, err := s.SearchSentences(ctx, "viet nam", attache.EventFilter{})
	if err != nil || len(hits) != 2 {
		t.Errorf("search after reopening: %d hits, %v", len(hits), err)
	}
}

// TestConcurrentSaves saves every document twice at once, from two stores
// on one schema, as two worker machines would.
func TestConcurrentSaves(t *testing.T) {
	ctx := context.Background()
	dsn := NewSchema(t)
	stores := []*postgres.Store{mustOpen(t, dsn), mustOpen(t, dsn)}
	docs := pagingCorpus()
	var (
		errs = make(chan error, 2*len(docs))
		news = make(chan bool, 2*len(docs))
	)
	for _, s := range stores {
		go func() {
			for _, d := range docs {
				res, err := s.SaveDocument(ctx, d, "test")
				errs <- err
				news <- res.New
			}
		}()
	}
	created := 0
	for range 2 * len(docs) {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		if <-news {
			created++
		}
	}
	if created != len(docs) {
		t.Errorf("%d saves were new, want %d", created, len(docs))
	}
	if st, err := stores[0].Stats(ctx); err != nil || st.Documents != len(docs) || st.Events != 250 {
		t.Errorf("after concurrent saves: %+v, %v", st, err)
	}
}

// TestConcurrentOpen opens several stores on one new schema at once: the
// migrations run once, and every store works.
func TestConcurrentOpen(t *testing.T) {
	dsn := NewSchema(t)
	const n = 4
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			s, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				_, err = s.Stats(context.Background())
				s.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	n2, top := schemaVersions(t, dsn)
	if n2 < 2 || n2 != top {
		t.Errorf("schema_version has %d rows up to %d, want one per migration", n2, top)
	}
}

func TestCancelledContext(t *testing.T) {
	s := MustOpenDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.SaveDocument(ctx, fixture()[0], "test"); !errors.Is(err, context.Canceled) {
		t.Errorf("save with a cancelled context: %v", err)
	}
}

// TestHostileFilters passes filter values PostgreSQL cannot hold in text
// (a NUL byte, invalid UTF-8): they match nothing, and are no error.
func TestHostileFilters(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	mustSave(t, s, fixture()...)
	for _, bad := range []string{"VNM\x00", "\xff\xfe"} {
		filters := []attache.EventFilter{
			{Publisher: bad}, {Doc: bad}, {Codes: []string{bad}}, {Countries: []attache.Country{attache.Country(bad)}},
			{Dyad: [2]attache.Country{"VNM", attache.Country(bad)}}, {Dyad: [2]attache.Country{attache.Country(bad), ""}},
		}
		for _, f := range filters {
			evs, _, err := s.FindEvents(ctx, f)
			if err != nil || len(evs) != 0 {
				t.Errorf("FindEvents(%+v) = %d events, %v; want none, no error", f, len(evs), err)
			}
			facts, err := s.FindFacts(ctx, f)
			if err != nil || (len(facts) != 0 && f.Codes == nil) { // codes do not apply to facts
				t.Errorf("FindFacts(%+v) = %d facts, %v; want none, no error", f, len(facts), err)
			}
			hits, err := s.SearchSentences(ctx, "vietnam", f)
			if err != nil || len(hits) != 0 {
				t.Errorf("SearchSentences(%+v) = %d hits, %v; want none, no error", f, len(hits), err)
			}
		}
	}
	// A document PostgreSQL cannot store is refused with a clear error.
	d := newDoc("nul", "Wire", "2024-01-01", "Vietnam\x00and Laos talk.")
	if _, err := s.SaveDocument(ctx, d, "test"); err == nil || !strings.Contains(err.Error(), "NUL") {
		t.Errorf("saving text with a NUL byte: %v", err)
	}
}

// TestSearchLongQuery checks that a very long query is no error.
func TestSearchLongQuery(t *testing.T) {
	s := MustOpenDB(t)
	mustSave(t, s, fixture()...)
	for _, q := range []string{
		strings.Repeat("vietnam ", 5000),
		strings.Repeat("vietnam OR ", 5000) + "x",
		`"` + strings.Repeat("viet nam ", 5000) + `"`,
		strings.Repeat("x", 5000),
	} {
		if _, err := s.SearchSentences(context.Background(), q, attache.EventFilter{}); err != nil {
			t.Errorf("query of %d bytes: %v", len(q), err)
		}
	}
}

// benchDoc returns the i-th of a stream of distinct documents: ten
// sentences, five events, two facts.
func benchDoc(i int) *attache.Document {
	partners := []attache.Country{"UZB", "KGZ", "RUS", "KAZ", "LAO", "KHM", "THA", "JPN"}
	var sents []string
	for j := range 10 {
		sents = append(sents, fmt.Sprintf("In story %d, Prime Minister Phạm Minh Chính met the %s delegation in Hà Nội for round %d of talks on trade and investment.", i, partners[(i+j)%len(partners)], j))
	}
	d := newDoc(fmt.Sprintf("bench-%d", i), []string{"VNA", "Nhân Dân", "Wire"}[i%3], "2024-06-01", sents...)
	for j := range 5 {
		date := mustDate("2023-01-01").AddDays((i*5 + j) % 700).String()
		addEvent(d, j*2, "VNM", partners[(i+j)%len(partners)], []string{"040", "042", "051", "057", "036"}[j], date)
	}
	d.Facts = []attache.Fact{
		{Kind: attache.Agreement, Parties: []attache.Country{"VNM", partners[i%len(partners)]}, Title: "Memorandum on trade"},
		{Kind: attache.Trade, Parties: []attache.Country{"VNM", partners[i%len(partners)]}, Value: 160e6, Currency: "USD"},
	}
	return d
}

func BenchmarkSaveDocument(b *testing.B) {
	s := MustOpenDB(b)
	docs := make([]*attache.Document, b.N)
	for i := range docs {
		docs[i] = benchDoc(i)
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := s.SaveDocument(context.Background(), docs[i], "bench"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSaveDocumentParallel saves from as many goroutines as
// GOMAXPROCS, as concurrent workers would.
func BenchmarkSaveDocumentParallel(b *testing.B) {
	s := MustOpenDB(b)
	var (
		mu sync.Mutex
		n  int
	)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			i := n
			n++
			mu.Unlock()
			if _, err := s.SaveDocument(context.Background(), benchDoc(i), "bench"); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSaveDocumentAgain saves documents the store has.
func BenchmarkSaveDocumentAgain(b *testing.B) {
	s := MustOpenDB(b)
	d := benchDoc(0)
	mustSave(b, s, d)
	b.ResetTimer()
	for range b.N {
		if res, err := s.SaveDocument(context.Background(), d, "bench"); err != nil || res.New {
			b.Fatal(res, err)
		}
	}
}

// benchStore returns a store holding n documents of the benchmarks, 5n
// events, saved in batches.
func benchStore(b *testing.B, n int) *postgres.Store {
	s := MustOpenDB(b)
	for i := 0; i < n; i += 500 {
		docs := make([]*attache.Document, 0, 500)
		for j := i; j < min(i+500, n); j++ {
			docs = append(docs, benchDoc(j))
		}
		if _, err := s.SaveDocuments(context.Background(), docs, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

func BenchmarkFindEventsDyad(b *testing.B) {
	s := benchStore(b, 2000) // 10,000 events
	f := attache.EventFilter{Dyad: [2]attache.Country{"UZB", "VNM"}, Since: mustDate("2023-06"), Limit: 100}
	b.ResetTimer()
	for range b.N {
		evs, _, err := s.FindEvents(context.Background(), f)
		if err != nil {
			b.Fatal(err)
		}
		if len(evs) != 100 {
			b.Fatalf("got %d events", len(evs))
		}
	}
}

// schemaVersions returns the number of schema_version rows in dsn's
// schema and the highest version.
func schemaVersions(tb testing.TB, dsn string) (n, top int) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, `SELECT count(*), COALESCE(max(version), 0) FROM schema_version`).Scan(&n, &top); err != nil {
		tb.Fatal(err)
	}
	return n, top
}

func TestSchemaVersion(t *testing.T) {
	ctx := context.Background()
	dsn := NewSchema(t)
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	n, top := schemaVersions(t, dsn)
	if n < 2 || n != top {
		t.Errorf("schema_version has %d rows up to %d, want one per migration", n, top)
	}
	// Reopening applies nothing twice.
	s, err = postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if again, _ := schemaVersions(t, dsn); again != n {
		t.Errorf("after reopening: %d rows; want %d", again, n)
	}
	// A schema from a newer program is refused, not damaged.
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO schema_version (version, name, applied_at) VALUES (9999, '9999_future.sql', now())`); err != nil {
		t.Fatal(err)
	}
	server := s.Server()
	if s, err := postgres.Open(ctx, dsn); err == nil {
		s.Close()
		t.Error("opening a schema with a newer version: no error")
	} else if !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), server) {
		t.Errorf("error %q: want it to name the server and say the schema is newer", err)
	}
}

// FuzzSearchSentences checks that no query, however odd, makes a search
// fail: the query is always turned into a valid tsquery.
func FuzzSearchSentences(f *testing.F) {
	for _, q := range []string{"viet nam", `"unbalanced`, `NEAR(`, `*`, `'; DROP TABLE events; --`,
		`a AND`, `NOT b`, `"a" * OR "b"*`, `folded:x`, `{folded}: x`, `^x`, `x + y`, `"" ""`, "\x00", `AND OR NOT`,
		"Việt Nam", "ǅ𞤀", `a:"b" - c`, `(a OR b) AND c`, `a & !b | c <-> d`, `'a':* & b:A`, `\'`, "\xff\xfe"} {
		f.Add(q)
	}
	s := MustOpenDB(f)
	mustSave(f, s, fixture()...)
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.SearchSentences(context.Background(), q, attache.EventFilter{}); err != nil {
			t.Errorf("SearchSentences(%q): %v", q, err)
		}
		if _, _, err := s.FindEvents(context.Background(), attache.EventFilter{Text: q}); err != nil {
			t.Errorf("FindEvents(Text %q): %v", q, err)
		}
	})
}

// BenchmarkSaveDocuments saves batches of 100 documents.
func BenchmarkSaveDocuments(b *testing.B) {
	const batch = 100
	s := MustOpenDB(b)
	docs := make([]*attache.Document, b.N*batch)
	for i := range docs {
		docs[i] = benchDoc(i)
	}
	b.ResetTimer()
	for i := range b.N {
		res, err := s.SaveDocuments(context.Background(), docs[i*batch:(i+1)*batch], "bench")
		if err != nil {
			b.Fatal(err)
		}
		if !res[0].New {
			b.Fatalf("document %d: New false", i*batch)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "docs/s")
}
