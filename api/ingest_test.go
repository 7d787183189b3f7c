package api

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"

	"attache"
	"attache/httpkit"
)

// hardened wraps h as `attache serve` does.
func hardened(h http.Handler) http.Handler {
	return httpkit.Harden(h, httpkit.Limits{}, nil)
}

// recorder is an Options.Ingest that keeps the documents it was given and
// says a text is new the first time it sees it.
type recorder struct {
	mu   sync.Mutex
	docs []*attache.Document
	seen map[string]bool
}

func (rc *recorder) ingest(ctx context.Context, d *attache.Document) (attache.SaveResult, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.docs = append(rc.docs, d)
	if rc.seen == nil {
		rc.seen = map[string]bool{}
	}
	h := attache.ContentHash(d.Text)
	if rc.seen[h] {
		return attache.SaveResult{New: false}, nil
	}
	rc.seen[h] = true
	return attache.SaveResult{New: true, Events: 2, Facts: 1}, nil
}

const token = "correct-horse-battery-staple"

const goodBody = `{"id":"api-1","text":"Vietnam and Laos held talks in Vientiane.","publisher":"VNA",
	"url":"https://vna.example/a/1","title":"Talks","lang":"en","reference_date":"2025-03-18"}`

func post(t *testing.T, h http.Handler, body string, hdr ...string) (int, string) {
	t.Helper()
	w := do(t, h, "POST", "/api/documents", strings.NewReader(body), hdr...)
	return w.Code, w.Body.String()
}

func TestIngest(t *testing.T) {
	rc := &recorder{}
	h := New(nil, Options{Token: token, Ingest: rc.ingest})
	auth := []string{"Authorization", "Bearer " + token, "Content-Type", "application/json; charset=utf-8"}

	w := do(t, h, "POST", "/api/documents", strings.NewReader(goodBody), auth...)
	res := decode[ingestResult](t, w, http.StatusCreated)
	if res != (ingestResult{Doc: "api-1", New: true, Events: 2, Facts: 1}) {
		t.Errorf("result %+v", res)
	}
	if len(rc.docs) != 1 {
		t.Fatalf("Ingest called %d times", len(rc.docs))
	}
	d := rc.docs[0]
	if d.ID != "api-1" || d.Text != "Vietnam and Laos held talks in Vientiane." || d.Publisher != "VNA" ||
		d.URL != "https://vna.example/a/1" || d.Title != "Talks" || d.Lang != "en" || d.RefDate != mustDate("2025-03-18") {
		t.Errorf("document %+v", d)
	}

	// The same text again is stored already: 200, new=false.
	w = do(t, h, "POST", "/api/documents", strings.NewReader(goodBody), auth...)
	if res := decode[ingestResult](t, w, http.StatusOK); res.New || res.Doc != "api-1" {
		t.Errorf("second result %+v", res)
	}

	// Only id and text are required; an RFC 3339 timestamp is a date.
	w = do(t, h, "POST", "/api/documents", strings.NewReader(`{"id":"x","text":"Short.","reference_date":"2025-03-18T23:30:00+07:00"}`), auth...)
	decode[ingestResult](t, w, http.StatusCreated)
	if d := rc.docs[len(rc.docs)-1]; d.RefDate != mustDate("2025-03-18") || d.Publisher != "" {
		t.Errorf("document %+v", d)
	}
}

func TestIngestRefused(t *testing.T) {
	rc := &recorder{}
	json := "application/json"
	for _, tc := range []struct {
		name   string
		opt    Options
		body   string
		hdr    []string
		status int
		msg    string
	}{
		{"no token configured", Options{Ingest: rc.ingest}, goodBody,
			[]string{"Authorization", "Bearer ", "Content-Type", json}, 403, "disabled"},
		{"no token configured, any token sent", Options{Ingest: rc.ingest}, goodBody,
			[]string{"Authorization", "Bearer " + token, "Content-Type", json}, 403, "disabled"},
		{"no ingest configured", Options{Token: token}, goodBody,
			[]string{"Authorization", "Bearer " + token, "Content-Type", json}, 403, "disabled"},
		{"no token sent", Options{Token: token, Ingest: rc.ingest}, goodBody,
			[]string{"Content-Type", json}, 403, "token"},
		{"wrong token", Options{Token: token, Ingest: rc.ingest}, goodBody,
			[]string{"Authorization", "Bearer " + token + "x", "Content-Type", json}, 403, "token"},
		{"token prefix", Options{Token: token, Ingest: rc.ingest}, goodBody,
			[]string{"Authorization", "Bearer " + token[:5], "Content-Type", json}, 403, "token"},
		{"basic auth", Options{Token: token, Ingest: rc.ingest}, goodBody,
			[]string{"Authorization", "Basic " + token, "Content-Type", json}, 403, "token"},
		{"no content type", Options{Token: token, Ingest: rc.ingest}, goodBody,
			[]string{"Authorization", "Bearer " + token}, 415, "Content-Type"},
		{"form", Options{Token: token, Ingest: rc.ingest}, "id=a&text=b",
			[]string{"Authorization", "Bearer " + token, "Content-Type", "application/x-www-form-urlencoded"}, 415, "Content-Type"},
		{"latin-1 JSON", Options{Token: token, Ingest: rc.ingest}, goodBody,
			[]string{"Authorization", "Bearer " + token, "Content-Type", "application/json; charset=iso-8859-1"}, 415, "Content-Type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := post(t, New(nil, tc.opt), tc.body, tc.hdr...)
			if code != tc.status || !strings.Contains(body, tc.msg) || !strings.HasPrefix(body, `{"error":`) {
				t.Errorf("got %d %s, want %d with %q", code, body, tc.status, tc.msg)
			}
		})
	}
	if len(rc.docs) != 0 {
		t.Errorf("Ingest was called %d times", len(rc.docs))
	}
}

func TestIngestBadBodies(t *testing.T) {
	rc := &recorder{}
	h := New(nil, Options{Token: token, Ingest: rc.ingest})
	for _, tc := range []struct{ name, body, msg string }{
		{"empty", "", "body: empty"},
		{"not JSON", "Vietnam and Laos", "body: invalid JSON"},
		{"truncated", `{"id":"a","text":"b"`, "body: truncated JSON"},
		{"array", `[{"id":"a","text":"b"}]`, "body: want a JSON object"},
		{"null", `null`, "id: empty"},
		{"two objects", `{"id":"a","text":"b"} {"id":"c","text":"d"}`, "exactly one JSON object"},
		{"trailing garbage", `{"id":"a","text":"b"} x`, "exactly one JSON object"},
		{"unknown field", `{"id":"a","text":"b","events":[]}`, `unknown field \"events\"`},
		{"unknown field with markup", `{"id":"a","text":"b","<script>":1}`, `unknown field \"\u003cscript\u003e\"`},
		{"text a number", `{"id":"a","text":5}`, "field text: want a string"},
		{"no id", `{"text":"Vietnam and Laos held talks."}`, "id: empty"},
		{"blank id", `{"id":"  ","text":"Vietnam and Laos held talks."}`, "id: empty"},
		{"control character in id", `{"id":"a\u0000b","text":"Vietnam."}`, "id: contains control characters"},
		{"long id", `{"id":"` + strings.Repeat("x", maxID+1) + `","text":"Vietnam."}`, "id: longer than"},
		{"no text", `{"id":"a"}`, "text: empty"},
		{"blank text", `{"id":"a","text":" \n\t"}`, "text: empty"},
		{"NUL in text", `{"id":"a","text":"Viet\u0000nam"}`, "text: contains NUL"},
		{"invalid UTF-8", "{\"id\":\"a\",\"text\":\"Vi\xe1\xbb t Nam\"}", "body: not valid UTF-8"},
		{"bad date", `{"id":"a","text":"b","reference_date":"18/03/2025"}`, "reference_date: date"},
		{"javascript URL", `{"id":"a","text":"b","url":"javascript:alert(1)"}`, "url: want an absolute http or https URL"},
		{"relative URL", `{"id":"a","text":"b","url":"/a/1"}`, "url: want"},
		{"control character in publisher", `{"id":"a","text":"b","publisher":"VNA\r\nX-Evil: 1"}`, "publisher: contains control characters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body := post(t, h, tc.body, "Authorization", "Bearer "+token, "Content-Type", "application/json")
			if code != http.StatusBadRequest || !strings.Contains(body, tc.msg) {
				t.Errorf("got %d %s, want 400 with %q", code, body, tc.msg)
			}
			if strings.ContainsAny(body, "<>") {
				t.Errorf("raw markup in %s", body)
			}
		})
	}
	if len(rc.docs) != 0 {
		t.Errorf("Ingest was called %d times", len(rc.docs))
	}
}

// A body over the limit is 413: the handler's own 8 MiB limit, and the
// smaller limit of httpkit.Harden when the server wraps the handler.
func TestIngestTooLarge(t *testing.T) {
	rc := &recorder{}
	h := New(nil, Options{Token: token, Ingest: rc.ingest})
	huge := `{"id":"a","text":"` + strings.Repeat("Vietnam and Laos held talks. ", (MaxIngestBody/29)+1) + `"}`
	auth := []string{"Authorization", "Bearer " + token, "Content-Type", "application/json"}
	code, body := post(t, h, huge, auth...)
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "larger than 8388608 bytes") {
		t.Errorf("alone: got %d %s, want 413", code, body)
	}
	two := `{"id":"a","text":"` + strings.Repeat("x", 2<<20) + `"}`
	code, body = post(t, hardened(h), two, auth...)
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(body, "larger than 1048576 bytes") {
		t.Errorf("behind Harden: got %d %s, want 413", code, body)
	}
	if len(rc.docs) != 0 {
		t.Errorf("Ingest was called %d times", len(rc.docs))
	}
	// Just under the limit is fine.
	ok := `{"id":"a","text":"` + strings.Repeat("x", 1<<20-100) + `"}`
	if code, body := post(t, hardened(h), ok, auth...); code != http.StatusCreated {
		t.Errorf("under the limit: got %d %.200s", code, body)
	}
}

// A BadRequestError from Ingest (the pipeline refusing a document) reaches
// the client as a 400 with its message.
func TestIngestRejectedByPipeline(t *testing.T) {
	h := New(nil, Options{Token: token, Ingest: func(context.Context, *attache.Document) (attache.SaveResult, error) {
		return attache.SaveResult{}, httpkit.BadRequest("text: no sentences found")
	}})
	code, body := post(t, h, goodBody, "Authorization", "Bearer "+token, "Content-Type", "application/json")
	if code != http.StatusBadRequest || !strings.Contains(body, "text: no sentences found") {
		t.Errorf("got %d %s", code, body)
	}
}
