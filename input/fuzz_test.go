package input_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"attache"
	"attache/input"
	"attache/input/htmltext"
)

// fuzzRead reads args with a small MaxBytes, so limits are hit too, and
// checks every document and every error.
func fuzzRead(t *testing.T, r *input.Reader, args ...string) {
	t.Helper()
	for d, err := range r.All(context.Background(), args) {
		if err != nil {
			var ie *input.Error
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not an *input.Error", err, err)
			}
			if ie.File == "" || !strings.Contains(err.Error(), ie.File) {
				t.Fatalf("error %q does not name its file", err)
			}
			if !utf8.ValidString(err.Error()) {
				// %q quoting in messages keeps them valid; a raw byte would not
				t.Fatalf("error message is not valid UTF-8: %q", err.Error())
			}
			continue
		}
		if d == nil {
			t.Fatal("nil document with nil error")
		}
		if !utf8.ValidString(d.Text) {
			t.Fatalf("doc %s: text is not valid UTF-8: %q", d.ID, d.Text)
		}
		if strings.TrimSpace(d.Text) == "" {
			t.Fatalf("doc %s: empty text", d.ID)
		}
		if d.ID == "" {
			t.Fatal("doc with empty id")
		}
		if d.RefDate.IsZero() && len(d.Warnings) == 0 {
			t.Fatalf("doc %s: no reference date and no warning", d.ID)
		}
	}
}

// writeFuzz writes data to the file name in dir, a folder made once per
// fuzz target (a new folder for each input would make fuzzing crawl).
func writeFuzz(t *testing.T, dir, name string, data []byte) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func FuzzJSONL(f *testing.F) {
	// Seeds are short: the fuzzer minimises each new-coverage input in
	// time that grows with the square of its length.
	f.Add([]byte(`{"id":"j","text":"Peru recalled its envoy.","published":"2024-07-09T22:15:00-04:00","title":"T"}`), false)
	f.Add([]byte(`{"id":"m-1","text":"ok"}`+"\n"+`{"id": "m-2", "text": "never ends}`+"\n\n"+`{"text":"March 6, 2025"}`), true)
	f.Add([]byte(`{"id":"a","html":"<p>x</p>","published":"Mon, 02 Jan 2006 15:04:05 -0700"}`), true)
	f.Add([]byte(`{"text":"x","reference_date":"2024-02-30"}`+"\n"+`{"text":"\u0000"}`), false)
	f.Add([]byte("\xef\xbb\xbf{\"text\":\"bom\"}\r\n\n{\"title\":\"T\",\"text\":\" T body\"}"), true)
	f.Add([]byte("{\n  \"text\": \"pretty\"\n}\n"), false)
	f.Add([]byte("{\"text\":\"bad \xff\"}\n\x00"), true)
	f.Add([]byte(`{"id":5,"text":["not","a","string"]}`), false)
	f.Add([]byte(`{"text":" date 2024-03-18 HÀ NỘI — x","date":"2024"}`), false)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, viaStdin bool) {
		r := &input.Reader{MaxBytes: 1024}
		if viaStdin {
			r.Stdin = bytes.NewReader(data)
			fuzzRead(t, r, "-")
			return
		}
		fuzzRead(t, r, writeFuzz(t, dir, "fuzz.jsonl", data))
	})
}

func FuzzFeed(f *testing.F) {
	f.Add([]byte(`<rss><channel><title>C</title><item><title>T</title><guid>g</guid><pubDate>Tue, 04 Jun 2024 09:30:00 +0000</pubDate><description>&lt;p&gt;x&lt;/p&gt;</description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title><id>i</id><updated>2024-08-30T08:00:00Z</updated><summary>s</summary></entry></feed>`))
	f.Add([]byte(`<rss><channel><item><title>&lt;b&gt;x&lt;/b&gt;</title></item><item></item></channel></rss>`))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><item><description>caf` + "\xe9" + `</description></item></channel></rss>`))
	f.Add([]byte(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item><title>t</title></item></rdf:RDF>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_html":"<p>x</p>"}]}`))
	f.Add([]byte("not a feed"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, &input.Reader{MaxBytes: 1 << 20}, writeFuzz(t, dir, "fuzz.xml", data))
		// and sniffed, on standard input
		fuzzRead(t, &input.Reader{MaxBytes: 1 << 20, Stdin: bytes.NewReader(data)}, "-")
	})
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(`<html><head><title>T</title><meta property="article:published_time" content="2024-11-02"></head><body><nav>menu</nav><p>x</p></body></html>`))
	f.Add([]byte("<div><p>open <b>bold <i>both\n<p>more<div>last"))
	f.Add([]byte(`<p>Satur<b>day</b></p><template/>x<script/>y</script>z`))
	f.Add([]byte("<div>\x00<br><br>\xff</div><table><td>a<td>b"))
	f.Add([]byte(`<meta charset="shift_jis"><article><p>word word word</p></article>`))
	f.Add([]byte(`<svg><foreignObject><p>x</p></foreignObject></svg><math><mi>y</mi></math>`))
	f.Add([]byte(strings.Repeat("<div>", 50) + "deep"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		flat, err := htmltext.Flatten(bytes.NewReader(data))
		if err == nil && !utf8.ValidString(flat) {
			t.Fatalf("Flatten: invalid UTF-8 %q", flat)
		}
		if p, err := htmltext.Extract(data); err == nil {
			if !utf8.ValidString(p.Text) {
				t.Fatalf("Extract: invalid UTF-8 %q", p.Text)
			}
			if strings.TrimSpace(p.Text) == "" {
				t.Fatal("Extract: no error and no text")
			}
		}
		fuzzRead(t, &input.Reader{MaxBytes: 1 << 20}, writeFuzz(t, dir, "fuzz.html", data))
	})
}

func FuzzDateline(f *testing.F) {
	for _, s := range []string{
		" date 2024-03-18 HÀ NỘI — x", "March 6, 2025\n\nx", "6 March 2025", "WASHINGTON, March 6, 2025 — x",
		"2024-02-30", "0000-01-01", "a\nb\nc\nMarch 6, 2025", "2024-03-18T10:00:00Z", "\xff\n2024-01-01",
		strings.Repeat("A", 299) + "é March 6, 2025", "SEPTEMBER 31, 2024", "31 December 9999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d := input.Dateline(text)
		if d.IsZero() {
			return
		}
		if d.Precision() != attache.DayPrecision {
			t.Fatalf("Dateline(%q) = %v, not a day", text, d)
		}
		// a real calendar day, which survives a round trip
		if back, err := attache.ParseDate(d.String()); err != nil || back != d {
			t.Fatalf("Dateline(%q) = %v, not a valid date (%v)", text, d, err)
		}
	})
}
