package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestWatchOnce serves a feed from a local server, polls it twice and
// checks that the second poll, with one new item, stores only that item.
func TestWatchOnce(t *testing.T) {
	items := atomic.Int32{}
	items.Store(1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>`)
		texts := []string{
			"Japanese Prime Minister Shigeru Ishiba held talks with Vietnamese Prime Minister Pham Minh Chinh in Hanoi on Monday.",
			"Kenya and Ethiopia signed an agreement on trade on Tuesday.",
		}
		for i := 0; i < int(items.Load()); i++ {
			b.WriteString(`<item><title>Story ` + string(rune('A'+i)) + `</title><guid>g` + string(rune('a'+i)) +
				`</guid><pubDate>Wed, 05 Mar 2025 08:00:00 GMT</pubDate><description>` + texts[i] + `</description></item>`)
		}
		b.WriteString(`</channel></rss>`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(b.String()))
	}))
	defer srv.Close()
	dir := t.TempDir()
	list := filepath.Join(dir, "feeds.txt")
	if err := os.WriteFile(list, []byte("# test\n"+srv.URL+"/rss\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "w.db")
	code, out, errs := runCmd(t, "", "watch", "--once", "--feeds", list, "--db", db)
	if code != 0 || !strings.Contains(out, "1 new, 0 unchanged, 0 failed") {
		t.Fatalf("first poll: exit %d %q %q", code, out, errs)
	}
	items.Store(2)
	code, out, _ = runCmd(t, "", "watch", "--once", "--feeds", list, "--db", db)
	if code != 0 || !strings.Contains(out, "1 new, 1 unchanged, 0 failed") {
		t.Fatalf("second poll: exit %d %q", code, out)
	}
	if code, _, errs := runCmd(t, "", "watch", "--once", "--feeds", filepath.Join(dir, "missing.txt"), "--db", db); code == 0 || !strings.Contains(errs, "missing.txt") {
		t.Errorf("missing feed list: exit %d %q", code, errs)
	}
}
