package api

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"attache"
	"attache/cameo"
	"attache/coder"
	"attache/lexicon"
	"attache/pipeline"
	"attache/segment"
	"attache/sqlite"
)

// newSQLite returns an in-memory SQLite store holding the test data set,
// with the talks clustered.
func newSQLite(t *testing.T) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ds := testData()
	for _, d := range ds.docs {
		if res, err := st.SaveDocument(ctx, d, "test"); err != nil || !res.New {
			t.Fatalf("save %s: %+v, %v", d.ID, res, err)
		}
	}
	if err := st.SetClusters(ctx, ds.clusters); err != nil {
		t.Fatal(err)
	}
	return st
}

// newCoder builds the real pipeline, as `attache serve` does for
// POST /api/documents.
func newCoder(t testing.TB) *pipeline.Pipeline {
	t.Helper()
	lex, err := lexicon.Load()
	if err != nil {
		t.Fatal(err)
	}
	cb, err := cameo.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return &pipeline.Pipeline{Stages: []pipeline.Named{
		pipeline.Clean(),
		pipeline.Split(segment.New()),
		{Name: "code", Stage: coder.New(lex, cb, nil)},
	}}
}

// The API over the real SQLite store: every endpoint on the hand-made data
// set, then a document ingested through the real pipeline.
func TestSQLite(t *testing.T) {
	st := newSQLite(t)
	p := newCoder(t)
	h := hardened(New(st, Options{Token: token, Version: "test",
		Ingest: func(ctx context.Context, d *attache.Document) (attache.SaveResult, error) {
			if err := p.Process(ctx, d); err != nil {
				return attache.SaveResult{}, err
			}
			return st.SaveDocument(ctx, d, coder.Version)
		}}))

	t.Run("health", func(t *testing.T) {
		v := decode[map[string]any](t, do(t, h, "GET", "/healthz", nil), http.StatusOK)
		if v["documents"] != 3.0 || v["sentences"] != 5.0 || v["events"] != 6.0 || v["facts"] != 1.0 {
			t.Errorf("health %v", v)
		}
	})

	t.Run("events", func(t *testing.T) {
		page := decode[eventPage](t, do(t, h, "GET", "/api/events?dyad=VNM-UZB&code=057", nil), http.StatusOK)
		if got := ids(page.Events); !slices.Equal(got, []string{"vnuz-1#2"}) {
			t.Errorf("events %v", got)
		}
		e := page.Events[0]
		if e.Publisher != "VNA" || e.URL != "https://news.example/vnuz-1" || e.SentenceText != "The two sides signed an agreement on trade." {
			t.Errorf("event %+v", e)
		}
		page = decode[eventPage](t, do(t, h, "GET", "/api/events?country=RUS", nil), http.StatusOK)
		if got := ids(page.Events); !slices.Equal(got, []string{"vnru-1#0", "vnru-1#1"}) {
			t.Errorf("RUS events %v (newest first)", got)
		}
	})

	t.Run("pages", func(t *testing.T) {
		var all []string
		cursor := ""
		for range 10 {
			page := decode[eventPage](t, do(t, h, "GET", "/api/events?limit=4&cursor="+url.QueryEscape(cursor), nil), http.StatusOK)
			all = append(all, ids(page.Events)...)
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if len(all) != 6 || all[len(all)-2] != "vnru-1#0" || all[len(all)-1] != "vnru-1#1" {
			t.Errorf("all pages %v", all)
		}
		slices.Sort(all)
		if len(slices.Compact(all)) != 6 {
			t.Errorf("an event on two pages: %v", all)
		}
		errorOf(t, do(t, h, "GET", "/api/events?cursor=bm90IGEgY3Vyc29y", nil), http.StatusBadRequest)
	})

	t.Run("event", func(t *testing.T) {
		e := decode[attache.StoredEvent](t, do(t, h, "GET", "/api/events/vnuz-2%230", nil), http.StatusOK)
		if e.ID != "vnuz-2#0" || e.Cluster != talks || e.Publisher != "Tuoi Tre" || e.Source.Country != "VNM" {
			t.Errorf("event %+v", e)
		}
		errorOf(t, do(t, h, "GET", "/api/events/vnuz-2%237", nil), http.StatusNotFound)
	})

	t.Run("cluster", func(t *testing.T) {
		v := decode[clusterView](t, do(t, h, "GET", "/api/clusters/"+talks, nil), http.StatusOK)
		if v.Mentions != 3 || v.Articles != 2 || !slices.Equal(v.Publishers, []string{"Tuoi Tre", "VNA"}) ||
			v.Code != "040" || v.Pair != [2]attache.Country{"VNM", "UZB"} || v.First != mustDate("2025-01-14") {
			t.Errorf("cluster %+v", v)
		}
		errorOf(t, do(t, h, "GET", "/api/clusters/cdeadbeef", nil), http.StatusNotFound)
	})

	t.Run("dyad", func(t *testing.T) {
		v := decode[map[string]any](t, do(t, h, "GET", "/api/dyads/UZB/VNM", nil), http.StatusOK)
		if v["events"] != 4.0 || v["cooperation"] != 4.0 || len(v["agreements"].([]any)) != 1 || len(v["latest"].([]any)) != 4 {
			t.Errorf("dyad %v", v)
		}
	})

	t.Run("country", func(t *testing.T) {
		v := decode[countryView](t, do(t, h, "GET", "/api/countries/VNM", nil), http.StatusOK)
		if len(v.Partners) != 2 || v.Partners[0].Country != "UZB" || v.Partners[0].Events != 4 || v.Partners[0].Goldstein != 2.75 ||
			v.Partners[1].Country != "RUS" || v.Partners[1].Events != 2 {
			t.Errorf("partners %+v", v.Partners)
		}
		if v.Events != 6 || len(v.Roots) != 3 || v.Roots[0] != (attache.FacetCount{Value: "04", Count: 4}) {
			t.Errorf("events %d roots %+v", v.Events, v.Roots)
		}
		if len(v.Latest) != 6 {
			t.Errorf("latest %v", ids(v.Latest))
		}
	})

	t.Run("document", func(t *testing.T) {
		w := do(t, h, "GET", "/api/documents/"+docRussia, nil)
		v := decode[documentView](t, w, http.StatusOK)
		if v.Text != testData().docs[2].Text || len(v.Sentences) != 2 || len(v.Events) != 2 || v.CoderVersion != "test" {
			t.Errorf("document %+v", v)
		}
		if strings.Contains(w.Body.String(), "<script>") || !strings.Contains(w.Body.String(), `\u003cscript\u003e`) {
			t.Errorf("markup not escaped: %s", w.Body)
		}
		errorOf(t, do(t, h, "GET", "/api/documents/..%2F..%2Fetc%2Fpasswd", nil), http.StatusNotFound)
	})

	t.Run("search", func(t *testing.T) {
		v := decode[searchResult](t, do(t, h, "GET", "/api/search?q=talks", nil), http.StatusOK)
		var docs []string
		for _, hit := range v.Hits {
			docs = append(docs, hit.Doc)
		}
		slices.Sort(docs)
		if !slices.Equal(docs, []string{docTalks, docTalks2}) {
			t.Errorf("hits %+v", v.Hits)
		}
		if len(v.Facets.Roots) == 0 || v.Facets.Roots[0] != (attache.FacetCount{Value: "04", Count: 3}) {
			t.Errorf("facets %+v", v.Facets)
		}
		w := do(t, h, "GET", "/api/search?q=%3Cscript%3E", nil)
		if w.Code != http.StatusOK || strings.Contains(w.Body.String(), "<") {
			t.Errorf("search for markup: %d %s", w.Code, w.Body)
		}
	})

	t.Run("ingest", func(t *testing.T) {
		body := `{"id":"api-1","publisher":"VNA","url":"https://vna.example/api-1","reference_date":"2025-03-18",
			"text":"Prime Minister Pham Minh Chinh held talks with Lao Prime Minister Sonexay Siphandone in Hanoi on March 18."}`
		auth := []string{"Authorization", "Bearer " + token, "Content-Type", "application/json"}
		res := decode[ingestResult](t, do(t, h, "POST", "/api/documents", strings.NewReader(body), auth...), http.StatusCreated)
		if !res.New || res.Doc != "api-1" || res.Events == 0 {
			t.Errorf("result %+v", res)
		}
		page := decode[eventPage](t, do(t, h, "GET", "/api/events?doc=api-1", nil), http.StatusOK)
		if len(page.Events) != res.Events || page.Events[0].Publisher != "VNA" {
			t.Errorf("stored events %+v, want %d", page.Events, res.Events)
		}
		res = decode[ingestResult](t, do(t, h, "POST", "/api/documents", strings.NewReader(body), auth...), http.StatusOK)
		if res.New {
			t.Errorf("second ingest %+v", res)
		}
		if code, _ := post(t, h, body, "Content-Type", "application/json"); code != http.StatusForbidden {
			t.Errorf("without token: %d", code)
		}
		v := decode[map[string]any](t, do(t, h, "GET", "/healthz", nil), http.StatusOK)
		if v["documents"] != 4.0 {
			t.Errorf("health after ingest %v", v)
		}
	})
}
