package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"attache"
	"attache/cameo"
	"attache/coder"
	"attache/input"
	"attache/lexicon"
	"attache/merge"
	"attache/pipeline"
	"attache/segment"
	"attache/sqlite"
	"attache/web"
)

// testKit is the lexicon and pipeline the tests code documents with, built
// as `attache code` builds them: clean, split, code. It is read-only once
// built, so the tests share it.
var testKit = sync.OnceValues(func() (*kit, error) {
	lex, err := lexicon.Load()
	if err != nil {
		return nil, err
	}
	cb, err := cameo.Builtin()
	if err != nil {
		return nil, err
	}
	p := &pipeline.Pipeline{Stages: []pipeline.Named{
		pipeline.Clean(),
		pipeline.Split(segment.New()),
		{Name: "code", Stage: coder.New(lex, cb, nil)},
	}}
	return &kit{lex: lex, p: p}, nil
})

type kit struct {
	lex *lexicon.Lexicon
	p   *pipeline.Pipeline
}

func mustKit(tb testing.TB) *kit {
	tb.Helper()
	k, err := testKit()
	if err != nil {
		tb.Fatal(err)
	}
	return k
}

const (
	oddID      = "https://steppe.example/2025/03/talks?id=7#p"
	oddIDInURL = "https:%2F%2Fsteppe.example%2F2025%2F03%2Ftalks%3Fid=7%23p" // url.PathEscape(oddID)
)

// The test articles: short diplomatic stories written for these tests.
// oddID, an item of a feed identified by its link, has the characters a
// document ID may hold that need escaping in a URL (and "//", which a
// path must not be cleaned of); "hostile" carries markup that must never reach a
// page unescaped.
func testArticles() []*attache.Document {
	date := func(s string) attache.Date {
		d, err := attache.ParseDate(s)
		if err != nil {
			panic(err)
		}
		return d
	}
	return []*attache.Document{
		{
			ID: "kaz-visit", Publisher: "Capital Wire", URL: "https://news.example.com/2025/03/kaz-visit",
			RefDate: date("2025-03-06"),
			Text: "Kazakhstan and Viet Nam sign education agreement\n\n" +
				"HANOI — Prime Minister Pham Minh Chinh held talks with Kazakh Prime Minister Olzhas Bektenov in Hanoi on March 6.\n\n" +
				"The two leaders signed an agreement on cooperation in education and training.\n\n" +
				"Trade between Viet Nam and Kazakhstan reached US$250 million in 2024, up 12 per cent compared to 2023.\n\n" +
				"Chinh invited Bektenov to attend the ASEAN business forum next year.",
		},
		{
			ID: oddID, Publisher: "Steppe Daily", URL: "javascript:alert(1)",
			RefDate: date("2025-03-07"),
			Text: "Prime Minister Pham Minh Chinh held talks with Kazakh Prime Minister Olzhas Bektenov in Hanoi on March 6. " +
				"Kazakhstan thanked Viet Nam for its support.",
		},
		{
			ID: "phone", Publisher: "Capital Wire", URL: "https://news.example.com/2025/02/phone",
			RefDate: date("2025-02-10"),
			Text: "Indonesian Foreign Minister Sugiono held phone talks with Japanese Foreign Minister Takeshi Iwaya on Monday. " +
				"Japan expressed its hope that Indonesia would join the new maritime forum.",
		},
		{
			ID: "hostile", Publisher: "<b>Evil</b> Press", URL: "https://evil.example.com/?q=<script>",
			RefDate: date("2025-03-05"),
			Text: "Viet Nam <script>alert(1)</script> held talks with Kazakhstan on March 5. " +
				"Kazakhstan thanked Viet Nam <img src=x onerror=alert(2)> for the visit.",
		},
	}
}

// ingest codes the documents with the real pipeline, stores them and
// clusters the stored events as `attache merge` does.
func ingest(tb testing.TB, st *sqlite.Store, docs []*attache.Document) {
	tb.Helper()
	ctx := context.Background()
	k := mustKit(tb)
	for _, d := range docs {
		if err := k.p.Process(ctx, d); err != nil {
			tb.Fatalf("code %s: %v", d.ID, err)
		}
		if _, err := st.SaveDocument(ctx, d, coder.Version); err != nil {
			tb.Fatalf("save %s: %v", d.ID, err)
		}
	}
	cluster(tb, st)
}

// ingestDir reads a corpus directory (manifest.jsonl) and stores it.
func ingestDir(tb testing.TB, st *sqlite.Store, dir string) int {
	tb.Helper()
	var docs []*attache.Document
	rd := &input.Reader{}
	for d, err := range rd.All(context.Background(), []string{dir}) {
		if err != nil {
			tb.Fatalf("read %s: %v", dir, err)
		}
		docs = append(docs, d)
	}
	ingest(tb, st, docs)
	return len(docs)
}

// cluster groups every stored event into clusters of reports of one
// real-world event and records them, as attache merge does.
func cluster(tb testing.TB, st *sqlite.Store) {
	tb.Helper()
	if _, err := merge.ClusterStore(context.Background(), st); err != nil {
		tb.Fatal(err)
	}
}

// openStore returns an empty in-memory store closed when the test ends.
func openStore(tb testing.TB) *sqlite.Store {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// fixedNow is the clock of the tests: in March 2025, the month of most
// test articles.
func fixedNow() time.Time { return time.Date(2025, 3, 20, 12, 0, 0, 0, time.UTC) }

// newHandler returns the pages over st, with the lexicon's country names.
func newHandler(tb testing.TB, st attache.EventStore) http.Handler {
	tb.Helper()
	h, err := web.New(st, web.Options{Names: mustKit(tb).lex.CountryName, Now: fixedNow})
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// get requests path from h and returns the status and body.
func get(tb testing.TB, h http.Handler, path string) (int, string, http.Header) {
	tb.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(body), rec.Result().Header
}

// seedsDir returns the shared seed corpus, or "" when it is not there.
func seedsDir() string {
	// ../shared/corpus/seeds from the repository root.
	dir := filepath.Join("..", "..", "shared", "corpus", "seeds")
	if _, err := os.Stat(filepath.Join(dir, "manifest.jsonl")); err != nil {
		return ""
	}
	return dir
}

func contains(tb testing.TB, body, want string) {
	tb.Helper()
	if !strings.Contains(body, want) {
		tb.Errorf("page lacks %q", want)
	}
}
