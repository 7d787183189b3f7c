package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine to write
// while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs `attache serve args...` until the test ends and returns
// the base URL it prints.
func startServe(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		log: slog.New(slog.NewTextHandler(&errOut, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	done := make(chan int, 1)
	go func() { done <- run(ctx, e, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exited with %d\n%s%s", code, out.String(), errOut.String())
		}
	})
	addr := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)/`)
	// Wait for the line that says where it listens (ingesting the demo
	// first takes a moment); give up if serve exits.
	for {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			return m[1], &errOut
		}
		select {
		case code := <-done:
			done <- code
			t.Fatalf("serve exited with %d before listening\n%s%s", code, out.String(), errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func get(t *testing.T, url string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

func TestServeDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	base, _ := startServe(t, "--demo", "--db", db)

	code, body, hdr := get(t, base+"/healthz")
	if code != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("/healthz: %d %s", code, body)
	}
	if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("no Content-Security-Policy on responses: %q", csp)
	}

	code, body, _ = get(t, base+"/api/events?limit=5")
	if code != 200 {
		t.Fatalf("/api/events: %d %s", code, body)
	}
	var page struct {
		Events []struct {
			ID       string `json:"id"`
			Doc      string `json:"doc"`
			Evidence struct {
				Text string `json:"text"`
			} `json:"evidence"`
		} `json:"events"`
		Next string `json:"next_cursor"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatalf("/api/events: %v\n%s", err, body)
	}
	if len(page.Events) != 5 || page.Next == "" {
		t.Fatalf("the demo store gave %d events (next %q), want a full page of 5 and more", len(page.Events), page.Next)
	}
	ev := page.Events[0]
	if !strings.HasPrefix(ev.Doc, "sample-") || ev.Evidence.Text == "" {
		t.Errorf("first event %+v: want a sample document's event with evidence", ev)
	}

	code, body, _ = get(t, base+"/")
	if code != 200 || !strings.Contains(body, "<html") || !strings.Contains(body, ev.Doc) && !strings.Contains(body, "sample-") {
		t.Errorf("home page: %d, %d bytes, no sample events", code, len(body))
	}

	// Read-only: without a token configured, nothing can be posted.
	resp, err := http.Post(base+"/api/documents", "application/json", strings.NewReader(`{"id":"x","text":"Talks."}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST /api/documents without a token configured: %d, want 403", resp.StatusCode)
	}
}

func TestServeTokenIngests(t *testing.T) {
	dir := t.TempDir()
	token := "s3cret-token-for-the-test-0123456789"
	tokenFile := filepath.Join(dir, "token")
	if err := os.WriteFile(tokenFile, []byte(token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base, errOut := startServe(t, "--db", filepath.Join(dir, "a.db"), "--token-file", tokenFile)

	doc := `{"id":"posted-1","publisher":"Test Wire","reference_date":"2025-05-02",
	"text":"HANOI, May 2 - Vietnamese Prime Minister Pham Minh Chinh held talks with visiting Japanese Prime Minister Ishiba Shigeru in Hanoi on Friday."}`
	post := func(auth string) int {
		req, _ := http.NewRequest("POST", base+"/api/documents", strings.NewReader(doc))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := post("Bearer wrong-token"); c != http.StatusForbidden {
		t.Errorf("POST with a wrong token: %d, want 403", c)
	}
	if c := post("Bearer " + token); c != http.StatusCreated {
		t.Fatalf("POST with the token: %d, want 201", c)
	}
	if c := post("Bearer " + token); c != http.StatusOK {
		t.Errorf("POST of the same document again: %d, want 200 (stored already)", c)
	}
	code, body, _ := get(t, base+"/api/documents/posted-1")
	if code != 200 || !strings.Contains(body, "Pham Minh Chinh") || !strings.Contains(body, `"events"`) {
		t.Errorf("GET the posted document: %d %.300s", code, body)
	}
	if strings.Contains(errOut.String(), token) {
		t.Errorf("the token appears in the server's log")
	}
}

func TestReadToken(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("abc\n"), 0o600)
	if _, err := readToken(short); err == nil || !strings.Contains(err.Error(), "shorter than 16") {
		t.Errorf("a 3-character token: err %v, want a refusal", err)
	}
	if _, err := readToken(filepath.Join(dir, "missing")); err == nil {
		t.Errorf("a missing token file: no error")
	}
	t.Setenv("ATTACHE_TOKEN", "  from-the-environment  ")
	if tok, err := readToken(""); err != nil || tok != "from-the-environment" {
		t.Errorf("readToken from $ATTACHE_TOKEN = %q, %v", tok, err)
	}
}
