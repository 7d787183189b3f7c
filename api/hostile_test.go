package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"attache"
	"attache/mock"
)

// Markup in stored text and in query strings never reaches a client raw:
// JSON output escapes < and > as \u003c and \u003e.
func TestNoRawMarkup(t *testing.T) {
	_, h := newFake(t)
	for _, target := range []string{
		"/api/documents/" + docRussia,
		"/api/events?country=RUS",
		"/api/events/vnru-1%230",
		"/api/dyads/RUS/VNM",
		"/api/countries/RUS",
		"/api/search?q=criticised",
		"/api/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
		"/api/events?q=%3Cscript%3E",
		"/api/events?publisher=%3Cscript%3E",
		"/api/dyads/%3Cscript%3E/VNM",
		"/api/countries/%3Cscript%3E",
		"/api/nothing/%3Cscript%3E",
	} {
		w := do(t, h, "GET", target, nil)
		body := w.Body.String()
		if w.Code >= 500 {
			t.Errorf("GET %s: status %d", target, w.Code)
		}
		if strings.Contains(body, "<") || strings.Contains(body, ">") {
			t.Errorf("GET %s: raw markup in %s", target, body)
		}
	}
	// The stored text is all there, escaped.
	w := do(t, h, "GET", "/api/documents/"+docRussia, nil)
	if !strings.Contains(w.Body.String(), `\u003cscript\u003ealert(1)\u003c/script\u003e`) {
		t.Errorf("escaped script missing from %s", w.Body)
	}
	v := decode[documentView](t, w, http.StatusOK)
	if !strings.Contains(v.Text, script) {
		t.Errorf("text %q lost the markup it stores", v.Text)
	}
}

// IDs that try to walk the file system or smuggle control characters are
// 400 or 404, never 500, and the store never sees a control character.
func TestHostileIDs(t *testing.T) {
	var seen []string
	st := &mock.EventStore{
		DocumentFn: func(ctx context.Context, id string) (*attache.StoredDocument, error) {
			seen = append(seen, id)
			return nil, fmt.Errorf("document %q: %w", id, attache.ErrNotFound)
		},
		FindEventsFn: func(ctx context.Context, f attache.EventFilter) ([]attache.StoredEvent, string, error) {
			seen = append(seen, f.Doc+f.Cluster)
			return nil, "", nil
		},
	}
	h := New(st, Options{})
	for _, tc := range []struct {
		target string
		want   int
	}{
		{"/api/documents/..%2F..%2Fetc%2Fpasswd", http.StatusNotFound},
		{"/api/documents/..%2F..%2F..%2F..%2Fetc%2Fpasswd%00", http.StatusBadRequest},
		{"/api/documents/%00", http.StatusBadRequest},
		{"/api/documents/%0A", http.StatusBadRequest},
		{"/api/documents/%FF%FE", http.StatusBadRequest},
		{"/api/documents/" + strings.Repeat("a", maxID+1), http.StatusBadRequest},
		{"/api/documents/%20", http.StatusBadRequest},
		{"/api/events/..%2F..%2Fetc%2Fpasswd", http.StatusBadRequest},
		{"/api/events/..%2F..%2Fetc%2Fpasswd%230", http.StatusNotFound},
		{"/api/events/%00%230", http.StatusBadRequest},
		{"/api/clusters/..%2F..%2Fetc%2Fpasswd", http.StatusNotFound},
		{"/api/clusters/%00", http.StatusBadRequest},
		{"/api/dyads/..%2F..%2Fetc/passwd", http.StatusBadRequest},
		{"/api/countries/%00", http.StatusBadRequest},
	} {
		w := do(t, h, "GET", tc.target, nil)
		if w.Code != tc.want {
			t.Errorf("GET %s: status %d, want %d (%s)", tc.target, w.Code, tc.want, w.Body)
			continue
		}
		errorOf(t, w, tc.want)
	}
	for _, id := range seen {
		if strings.ContainsAny(id, "\x00\n") {
			t.Errorf("store was asked for %q", id)
		}
	}
	if len(seen) == 0 || seen[0] != "../../etc/passwd" {
		t.Errorf("store saw %q, want the path value unescaped", seen)
	}
}

// leaky is an error full of what a client must never see.
var leaky = errors.New(`sqlite: SELECT e.id FROM events e WHERE e.doc = ?: open /var/lib/attache/attache.db: disk I/O error (postgres://attache:hunter2@db/attache)`)

// failingStore fails every call with leaky.
func failingStore() *mock.EventStore {
	return &mock.EventStore{
		SaveDocumentFn: func(context.Context, *attache.Document, string) (attache.SaveResult, error) {
			return attache.SaveResult{}, leaky
		},
		FindEventsFn: func(context.Context, attache.EventFilter) ([]attache.StoredEvent, string, error) {
			return nil, "", fmt.Errorf("find events: %w", leaky)
		},
		FindFactsFn: func(context.Context, attache.EventFilter) ([]attache.StoredFact, error) { return nil, leaky },
		SearchSentencesFn: func(context.Context, string, attache.EventFilter) ([]attache.SentenceHit, error) {
			return nil, leaky
		},
		DocumentFn: func(context.Context, string) (*attache.StoredDocument, error) { return nil, leaky },
		DyadsFn:    func(context.Context, attache.EventFilter, int) ([]attache.DyadCount, error) { return nil, leaky },
		FacetsFn: func(context.Context, attache.EventFilter, int) (attache.Facets, error) {
			return attache.Facets{}, leaky
		},
		DateCountsFn: func(context.Context, attache.EventFilter) ([]attache.DateCount, error) { return nil, leaky },
		StatsFn:      func(context.Context) (attache.StoreStats, error) { return attache.StoreStats{}, leaky },
	}
}

// When the store fails, the client sees "internal error" and nothing of
// the error; the log gets the whole error.
func TestStoreErrorsAreNotShown(t *testing.T) {
	var logged bytes.Buffer
	h := New(failingStore(), Options{
		Token: "s3cret",
		Ingest: func(ctx context.Context, d *attache.Document) (attache.SaveResult, error) {
			return attache.SaveResult{}, fmt.Errorf("save %s: %w", d.ID, leaky)
		},
		Log: slog.New(slog.NewTextHandler(&logged, nil)),
	})
	for _, tc := range []struct{ method, target, body string }{
		{"GET", "/api/events", ""},
		{"GET", "/api/events/a%230", ""},
		{"GET", "/api/clusters/c1", ""},
		{"GET", "/api/dyads/VNM/UZB", ""},
		{"GET", "/api/countries/VNM", ""},
		{"GET", "/api/documents/a", ""},
		{"GET", "/api/search?q=talks", ""},
		{"POST", "/api/documents", `{"id":"a","text":"Vietnam and Laos held talks."}`},
	} {
		w := do(t, h, tc.method, tc.target, strings.NewReader(tc.body),
			"Authorization", "Bearer s3cret", "Content-Type", "application/json")
		if msg := errorOf(t, w, http.StatusInternalServerError); msg != "internal error" {
			t.Errorf("%s %s: error %q", tc.method, tc.target, msg)
		}
		checkNoLeak(t, tc.target, w.Body.String())
	}
	w := do(t, h, "GET", "/healthz", nil)
	v := decode[map[string]string](t, w, http.StatusServiceUnavailable)
	if v["status"] != "unavailable" {
		t.Errorf("health %v", v)
	}
	checkNoLeak(t, "/healthz", w.Body.String())
	if !strings.Contains(logged.String(), "disk I/O error") {
		t.Errorf("the log does not have the store's error:\n%s", logged.String())
	}
}

func checkNoLeak(t *testing.T, target, body string) {
	t.Helper()
	for _, word := range []string{"sqlite", "SELECT", "/var/lib", "attache.db", "postgres", "hunter2", "I/O"} {
		if strings.Contains(body, word) {
			t.Errorf("%s: %q leaks to the client: %s", target, word, body)
		}
	}
}

// A panic in the store is caught by httpkit.Harden, as the server wraps
// the API, and the client sees no detail.
func TestPanicBehindHarden(t *testing.T) {
	st := &mock.EventStore{FindEventsFn: func(context.Context, attache.EventFilter) ([]attache.StoredEvent, string, error) {
		panic("sqlite: SELECT exploded at /var/lib/attache/attache.db")
	}}
	h := hardened(New(st, Options{}))
	w := do(t, h, "GET", "/api/events", nil)
	if w.Code != http.StatusInternalServerError {
		t.Errorf("status %d", w.Code)
	}
	checkNoLeak(t, "/api/events", w.Body.String())
}
