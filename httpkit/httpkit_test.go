package httpkit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"attache"
)

func TestParseFilter(t *testing.T) {
	q := url.Values{
		"country": {"vnm, uzb"}, "dyad": {"VNM-kgz"}, "code": {"04,042"},
		"since": {"2024-03"}, "until": {"2025"}, "publisher": {"VOV"},
		"doc": {"seed/1"}, "cluster": {"c12"}, "q": {"  visit  "}, "limit": {"50"}, "cursor": {"abc"},
	}
	f, err := ParseFilter(q)
	if err != nil {
		t.Fatal(err)
	}
	want := attache.EventFilter{
		Countries: []attache.Country{"VNM", "UZB"}, Dyad: [2]attache.Country{"VNM", "KGZ"},
		Codes: []string{"04", "042"}, Since: attache.Date{Year: 2024, Month: 3}, Until: attache.Date{Year: 2025},
		Publisher: "VOV", Doc: "seed/1", Cluster: "c12", Text: "visit", Limit: 50, Cursor: "abc",
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("ParseFilter:\n got %+v\nwant %+v", f, want)
	}
	if f, err := ParseFilter(url.Values{}); err != nil || !reflect.DeepEqual(f, attache.EventFilter{}) {
		t.Errorf("empty query: %+v, %v", f, err)
	}
}

func TestParseFilterRejects(t *testing.T) {
	long := strings.Repeat("x", 5000)
	for _, tc := range []struct{ name, key, value string }{
		{"country with markup", "country", "<script>"},
		{"country too long", "country", "ABCDEFGHIJ"},
		{"dyad without dash", "dyad", "VNMUZB"},
		{"dyad half empty", "dyad", "VNM-"},
		{"code with letters", "code", "04a"},
		{"code too long", "code", "04211"},
		{"bad date", "since", "2024-13"},
		{"bad until", "until", "yesterday"},
		{"limit zero", "limit", "0"},
		{"limit too large", "limit", "1001"},
		{"limit not a number", "limit", "ten"},
		{"huge value", "country", long},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFilter(url.Values{tc.key: {tc.value}})
			var br *BadRequestError
			if !errors.As(err, &br) {
				t.Fatalf("err = %v, want a BadRequestError", err)
			}
			if len(br.Msg) > 200 {
				t.Errorf("message of %d bytes echoes the whole value", len(br.Msg))
			}
			if status, _ := Status(err); status != http.StatusBadRequest {
				t.Errorf("status %d, want 400", status)
			}
		})
	}
}

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		msg    string
	}{
		{BadRequest("limit %q: no", "x"), 400, `limit "x": no`},
		{fmt.Errorf("document %q: %w", "d", attache.ErrNotFound), 404, "not found"},
		{fmt.Errorf("find: %w", attache.ErrBadCursor), 400, "cursor: pass back the next_cursor of the previous page unchanged"},
		{fmt.Errorf("q: %w", context.DeadlineExceeded), 503, "the request took too long"},
		{errors.New("sqlite: SELECT * FROM documents: /var/lib/attache.db: disk I/O error"), 500, "internal error"},
	} {
		status, msg := Status(tc.err)
		if status != tc.status || msg != tc.msg {
			t.Errorf("Status(%v) = %d %q, want %d %q", tc.err, status, msg, tc.status, tc.msg)
		}
	}
}

func TestTokenMatches(t *testing.T) {
	req := func(h string) *http.Request {
		r := httptest.NewRequest("POST", "/", nil)
		if h != "" {
			r.Header.Set("Authorization", h)
		}
		return r
	}
	const tok = "0123456789abcdef"
	for _, tc := range []struct {
		header, token string
		want          bool
	}{
		{"Bearer " + tok, tok, true},
		{"Bearer " + tok + "x", tok, false},
		{"Bearer " + tok[:15], tok, false},
		{"bearer " + tok, tok, false},
		{tok, tok, false},
		{"", tok, false},
		{"Bearer ", "", false}, // no token configured: nothing matches
		{"", "", false},
	} {
		if got := TokenMatches(req(tc.header), tc.token); got != tc.want {
			t.Errorf("TokenMatches(%q, %q) = %v, want %v", tc.header, tc.token, got, tc.want)
		}
	}
}

func TestHarden(t *testing.T) {
	var logBuf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	mux := http.NewServeMux()
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			status, msg := Status(err)
			http.Error(w, msg, status)
			return
		}
		w.Write(b)
	})
	mux.HandleFunc("GET /panic", func(w http.ResponseWriter, r *http.Request) { panic("secret detail /etc/x") })
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			status, msg := Status(r.Context().Err())
			http.Error(w, msg, status)
		case <-time.After(time.Minute):
			w.Write([]byte("late"))
		}
	})
	srv := httptest.NewServer(Harden(mux, Limits{MaxBody: 100, Timeout: 50 * time.Millisecond}, log))
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/echo", "text/plain", strings.NewReader("hello"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "hello" {
		t.Errorf("small body: %d %q", resp.StatusCode, b)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("header %s missing", h)
		}
	}

	resp, err = http.Post(srv.URL+"/echo", "text/plain", strings.NewReader(strings.Repeat("x", 1000)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("body over the limit: %d, want 413", resp.StatusCode)
	}

	resp, err = http.Get(srv.URL + "/panic")
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 500 || strings.Contains(string(b), "secret") {
		t.Errorf("panic: %d %q", resp.StatusCode, b)
	}

	resp, err = http.Get(srv.URL + "/slow?token=hunter2")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("request over the time limit: %d, want 503", resp.StatusCode)
	}
	if strings.Contains(logBuf.String(), "hunter2") {
		t.Errorf("the access log records query strings:\n%s", logBuf.String())
	}
	if !strings.Contains(logBuf.String(), "path=/slow") || !strings.Contains(logBuf.String(), "status=503") {
		t.Errorf("the access log lacks the request:\n%s", logBuf.String())
	}
}
