package input_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"attache"
	"attache/input"
)

// td is a path under testdata.
func td(parts ...string) string { return filepath.Join(append([]string{"testdata"}, parts...)...) }

// result is everything Reader.All yielded, in order.
type result struct {
	docs []*attache.Document
	errs []error
	// order is "doc:ID" or "err:FILE:LINE" for each item, in yield order.
	order []string
}

func readAll(t *testing.T, r *input.Reader, args ...string) result {
	t.Helper()
	var res result
	for d, err := range r.All(context.Background(), args) {
		if err != nil {
			res.errs = append(res.errs, err)
			var ie *input.Error
			if errors.As(err, &ie) {
				res.order = append(res.order, "err:"+ie.File+":"+strconv.Itoa(ie.Line))
			} else {
				res.order = append(res.order, "err:?")
			}
			continue
		}
		if d == nil {
			t.Fatalf("yielded a nil document with a nil error")
		}
		res.docs = append(res.docs, d)
		res.order = append(res.order, "doc:"+d.ID)
	}
	return res
}

// checkDoc holds what every yielded document must satisfy.
func checkDoc(t *testing.T, d *attache.Document) {
	t.Helper()
	if !utf8.ValidString(d.Text) {
		t.Errorf("doc %s: text is not valid UTF-8: %q", d.ID, d.Text)
	}
	if !norm.NFC.IsNormalString(d.Text) {
		t.Errorf("doc %s: text is not NFC: %q", d.ID, d.Text)
	}
	if strings.TrimSpace(d.Text) == "" {
		t.Errorf("doc %s: empty text", d.ID)
	}
	if d.ID == "" {
		t.Errorf("doc with empty id, source %s", d.Source)
	}
	if d.RefDate.IsZero() != hasWarning(d, "no-reference-date") {
		t.Errorf("doc %s: ref date %v but warnings %v", d.ID, d.RefDate, d.Warnings)
	}
}

// checkErr holds what every yielded error must satisfy: an *input.Error
// whose message names its file, and its line when it has one.
func checkErr(t *testing.T, err error) *input.Error {
	t.Helper()
	var ie *input.Error
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *input.Error", err, err)
	}
	msg := err.Error()
	if ie.File == "" || !strings.Contains(msg, ie.File) {
		t.Errorf("error %q does not name its file %q", msg, ie.File)
	}
	if ie.Line > 0 && !strings.Contains(msg, ie.File+":"+strconv.Itoa(ie.Line)+":") {
		t.Errorf("error %q does not name its line %d", msg, ie.Line)
	}
	if ie.Err == nil || strings.Contains(msg, "<nil>") || strings.Contains(msg, "%!") {
		t.Errorf("error %q has no cause or a broken message", msg)
	}
	return ie
}

func hasWarning(d *attache.Document, code string) bool {
	for _, w := range d.Warnings {
		if w.Code == code {
			return true
		}
	}
	return false
}

func date(s string) attache.Date {
	d, err := attache.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// wantDoc is what a test expects of one document; empty fields are not
// checked, except RefDate, where "" means no reference date.
type wantDoc struct {
	ID         string
	RefDate    string
	Publisher  string
	URL        string // "-" for none
	Title      string
	Text       string   // the exact text, when set
	TextPrefix string   // how the text starts
	Has        []string // substrings of the text
	Not        []string // strings the text must not hold
}

// wantErr is what a test expects of one error.
type wantErr struct {
	File string // the Error's File
	Line int    // the Error's Line
	Has  string // a substring of the message
}

type readCase struct {
	name   string
	reader input.Reader
	args   []string
	// setup, when set, makes the inputs in a temporary folder and returns
	// the arguments, which replace args.
	setup func(t *testing.T, dir string) []string
	docs  []wantDoc
	errs  []wantErr
	// order, when set, is the expected yield order ("doc:ID", "err:FILE:LINE").
	order []string
}

func TestReaderAll(t *testing.T) {
	cases := []readCase{
		{
			name: "plain text file",
			args: []string{td("plain", "summit.txt")},
			docs: []wantDoc{{ID: "summit", RefDate: "", TextPrefix: "Leaders agree to reopen border crossing\n\nBRASÍLIA — The presidents",
				Has: []string{"Corumbá crossing", "joint timetable next week."}}},
		},
		{
			name:   "plain text file takes the command-line reference date",
			reader: input.Reader{RefDate: date("2025-01-15")},
			args:   []string{td("plain", "summit.txt")},
			docs:   []wantDoc{{ID: "summit", RefDate: "2025-01-15"}},
		},
		{
			name: "directory read recursively in sorted order without hidden files",
			args: []string{td("dir")},
			docs: []wantDoc{
				{ID: "alpha", Has: []string{"Lyon"}},
				{ID: "nested/beta", Has: []string{"Mombasa"}},
				{ID: "nested/deeper/gamma", Has: []string{"lagoon"}},
				{ID: "zeta", Has: []string{"Almaty"}},
			},
			order: []string{"doc:alpha", "doc:nested/beta", "doc:nested/deeper/gamma", "doc:zeta"},
		},
		{
			name:  "several arguments read in argument order",
			args:  []string{td("dir", "zeta.text"), td("plain", "summit.txt"), td("dir", "alpha.txt")},
			order: []string{"doc:zeta", "doc:summit", "doc:alpha"},
			docs:  []wantDoc{{ID: "zeta"}, {ID: "summit"}, {ID: "alpha"}},
		},
		{
			name:   "corpus folder with manifest",
			reader: input.Reader{RefDate: date("2020-01-01")},
			args:   []string{td("corpus")},
			docs: []wantDoc{
				// the manifest's date beats the dateline "March 6, 2025" in the text
				{ID: "c-001", RefDate: "2024-05-02", Publisher: "Harbour Gazette", URL: "https://news.example.org/one",
					TextPrefix: "March 6, 2025\n\nThe port authority of Valparaíso"},
				{ID: "c-002", RefDate: "2024-05-03", Publisher: "Harbour Gazette", URL: "-", Title: "Ferry service resumes",
					Has: []string{"The ferry between Tallinn and Helsinki resumed on Friday"}, Not: []string{"<p>", "<h1>"}},
			},
			order: []string{"doc:c-001", "doc:c-002"},
		},
		{
			name: "manifest given as a file",
			args: []string{td("corpus", "manifest.jsonl")},
			docs: []wantDoc{{ID: "c-001", RefDate: "2024-05-02"}, {ID: "c-002", RefDate: "2024-05-03"}},
		},
		{
			name: "corpus folder inside a directory is read by its manifest",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "a.txt"), "Loose file at the top: Oslo and Riga.\n")
				write(t, filepath.Join(dir, "sub", "manifest.jsonl"), `{"id":"m-1","file":"x.txt","reference_date":"2023-04-05"}`+"\n")
				write(t, filepath.Join(dir, "sub", "x.txt"), "Listed file: Quito and Lima.\n")
				write(t, filepath.Join(dir, "sub", "y.txt"), "Unlisted file, never read.\n")
				return []string{dir}
			},
			docs:  []wantDoc{{ID: "a", RefDate: ""}, {ID: "m-1", RefDate: "2023-04-05", Has: []string{"Quito"}}},
			order: []string{"doc:a", "doc:m-1"},
		},
		{
			name: "manifest line pointing outside the folder",
			args: []string{td("escape")},
			errs: []wantErr{
				{File: td("escape", "manifest.jsonl"), Line: 1, Has: "inside the corpus folder"},
				{File: td("escape", "manifest.jsonl"), Line: 2, Has: "inside the corpus folder"},
			},
			docs:  []wantDoc{{ID: "e-3", RefDate: "2024-01-01"}},
			order: []string{"err:" + td("escape", "manifest.jsonl") + ":1", "err:" + td("escape", "manifest.jsonl") + ":2", "doc:e-3"},
		},
		{
			name: "manifest symbolic link leading outside the folder",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "secret.txt"), "Outside the corpus.\n")
				corpus := filepath.Join(dir, "corpus")
				write(t, filepath.Join(corpus, "manifest.jsonl"), `{"id":"l-1","file":"link.txt"}`+"\n")
				if err := os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(corpus, "link.txt")); err != nil {
					t.Skip("no symbolic links:", err)
				}
				return []string{corpus}
			},
			errs: []wantErr{{Line: 1, Has: "inside the corpus folder"}},
		},
		{
			name: "manifest with bad lines",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "ok.txt"), "A good document about Accra.\n")
				write(t, filepath.Join(dir, "bad.txt"), "Line one.\nLine \xff two.\n")
				write(t, filepath.Join(dir, "manifest.jsonl"), strings.Join([]string{
					`{"id":"b-1","file":"ok.txt","reference_date":"2024-02-30"}`,
					`{"id":"b-2","file":"missing.txt"}`,
					`{"id":"b-3","file":"bad.txt"}`,
					`{"file":"ok.txt"}`,
					`{"id":"b-5","file":"ok.txt","format":"pdf"}`,
					`not json`,
					`{"id":"b-7","file":"ok.txt","reference_date":"2024-02-29"}`,
				}, "\n"))
				return []string{dir}
			},
			errs: []wantErr{
				{Line: 1, Has: "reference_date"},
				{Line: 2, Has: "missing.txt"},
				{Line: 3, Has: "bad.txt:2: invalid UTF-8"},
				{Line: 4, Has: `needs "id"`},
				{Line: 5, Has: `format "pdf"`},
				{Line: 6, Has: "malformed JSON"},
			},
			docs: []wantDoc{{ID: "b-7", RefDate: "2024-02-29"}},
		},
		{
			name: "empty manifest",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "manifest.jsonl"), "\n\n")
				return []string{dir}
			},
			errs: []wantErr{{Has: "empty manifest"}},
		},
		{
			name: "JSONL with metadata",
			args: []string{td("jsonl", "docs.jsonl")},
			docs: []wantDoc{
				// the date is the day in the timestamp's own offset
				{ID: "j-1", RefDate: "2024-07-09", Publisher: "Example Wire", URL: "https://wire.example.net/j-1", Title: "Ghana raises rates",
					Text: "Ghana raises rates\n\nThe central bank of Ghana raised its main rate by two points."},
				// the title is not repeated when the text starts with it
				{ID: "j-2", RefDate: "2024-07-10", Title: "Rain delays harvest",
					Text: "Rain delays harvest\n\nFarmers in Punjab said the late monsoon would delay the wheat harvest."},
				// no id: file name and line; no metadata date: the dateline
				{ID: "docs:3", RefDate: "2024-03-18", Has: []string{"HÀ NỘI"}},
			},
		},
		{
			name:  "JSONL with a malformed line in the middle",
			args:  []string{td("jsonl", "malformed.jsonl")},
			errs:  []wantErr{{File: td("jsonl", "malformed.jsonl"), Line: 2, Has: "malformed JSON"}},
			docs:  []wantDoc{{ID: "m-1"}, {ID: "m-4"}},
			order: []string{"doc:m-1", "err:" + td("jsonl", "malformed.jsonl") + ":2", "doc:m-4"},
		},
		{
			name: "JSONL with bad lines of every kind",
			setup: func(t *testing.T, dir string) []string {
				p := filepath.Join(dir, "mixed.ndjson")
				write(t, p, "\xef\xbb\xbf"+strings.Join([]string{
					`{"id":"x-1","text":"A first line with a byte order mark before it: Dakar."}`,
					`{"id":"x-2"}`,
					`{"id":"x-3","text":"Bad date.","published":"last Tuesday"}`,
					"{\"id\":\"x-4\",\"text\":\"Bad \xff byte.\"}",
					`[1, 2, 3]`,
					`{"id":"x-6","text":"   "}`,
					`{"id":"x-7","text":"nul \u0000 inside"}`,
					`{"id":"x-8","html":"<p>Only <b>html</b> here: Bamako.</p>","date":"Mon, 02 Sep 2024 10:00:00 +0000"}`,
					`{"id":"x-9","text":"Windows line end: Niamey."}` + "\r",
				}, "\n"))
				return []string{p}
			},
			errs: []wantErr{
				{Line: 2, Has: "no text"},
				{Line: 3, Has: `"published"`},
				{Line: 4, Has: "invalid UTF-8"},
				{Line: 5, Has: "malformed JSON"},
				{Line: 6, Has: "no text"},
				{Line: 7, Has: "NUL"},
			},
			docs: []wantDoc{
				{ID: "x-1", Has: []string{"Dakar"}},
				{ID: "x-8", RefDate: "2024-09-02", Text: "Only html here: Bamako."},
				{ID: "x-9", Text: "Windows line end: Niamey."},
			},
		},
		{
			name: "empty JSONL file",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "none.jsonl"), "\n  \n")
				return []string{filepath.Join(dir, "none.jsonl")}
			},
			errs: []wantErr{{Has: "no documents"}},
		},
		{
			name: "indented JSON is one error, not one per line",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "pretty.json"), "{\n  \"id\": \"p-1\",\n  \"text\": \"Indented.\"\n}\n")
				return []string{filepath.Join(dir, "pretty.json")}
			},
			errs: []wantErr{{Line: 1, Has: "not JSON Lines"}},
		},
		{
			name: "binary file named .jsonl is one error",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "blob.jsonl"), "\x00\x01\x02\n\x00\n\x00\n")
				return []string{filepath.Join(dir, "blob.jsonl")}
			},
			errs: []wantErr{{Has: "binary data"}},
		},
		{
			name:   "JSONL line over MaxBytes",
			reader: input.Reader{MaxBytes: 1024},
			setup: func(t *testing.T, dir string) []string {
				p := filepath.Join(dir, "long.jsonl")
				write(t, p, `{"id":"l-1","text":"Short one: Lusaka."}`+"\n"+
					`{"id":"l-2","text":"`+strings.Repeat("word ", 400)+`"}`+"\n"+
					`{"id":"l-3","text":"Short again: Harare."}`+"\n"+
					// exactly at the limit, which does not count the line end
					`{"id":"l-4","text":"`+strings.Repeat("x", 1024-len(`{"id":"l-4","text":""}`))+`"}`+"\r\n")
				return []string{p}
			},
			errs:  []wantErr{{Line: 2, Has: "over the 1.0 KB limit"}},
			docs:  []wantDoc{{ID: "l-1"}, {ID: "l-3"}, {ID: "l-4"}},
			order: nil,
		},
		{
			name: "RSS 2.0 feed",
			args: []string{td("feed", "news.rss")},
			docs: []wantDoc{
				{ID: "courier-trawler", RefDate: "2024-06-04", Publisher: "Coastal Courier", URL: "https://courier.example.com/trawler", Title: "Navy rescues trawler crew",
					Text: "Navy rescues trawler crew\n\nThe navy rescued eleven sailors off Cape Agulhas.\n\nAll were reported safe."},
				{ID: "https://courier.example.com/salt", RefDate: "2024-06-05",
					Text: "Salt exports rise\n\nSalt exports to Namibia rose for a third month.", Not: []string{"track", "<"}},
			},
		},
		{
			name: "Atom feed",
			args: []string{td("feed", "news.atom")},
			docs: []wantDoc{
				{ID: "urn:example:bulletin:pass", RefDate: "2024-09-01", Publisher: "Mountain Bulletin", URL: "https://bulletin.example.org/pass",
					Text: "Pass reopens after landslide\n\nEngineers cleared the road over the pass, and Nepal and India resumed trade."},
				// no published date: the updated one
				{ID: "urn:example:bulletin:glacier", RefDate: "2024-08-30", Text: "Glacier survey funded\n\nThe regional council funded a new survey of the glacier."},
			},
		},
		{
			name: "feed that is not XML",
			args: []string{td("feed", "notxml.rss")},
			errs: []wantErr{{File: td("feed", "notxml.rss"), Has: "not a readable RSS, Atom or JSON feed"}},
		},
		{
			name: "feed with no items",
			setup: func(t *testing.T, dir string) []string {
				p := filepath.Join(dir, "empty.xml")
				write(t, p, `<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>`)
				return []string{p}
			},
			errs: []wantErr{{Has: "no items"}},
		},
		{
			name: "XML that is not a feed, sniffed",
			setup: func(t *testing.T, dir string) []string {
				p := filepath.Join(dir, "config")
				write(t, p, `<?xml version="1.0"?><settings><colour>blue</colour></settings>`)
				return []string{p}
			},
			errs: []wantErr{{Has: "not a readable"}},
		},
		{
			name:   "HTML page: main text kept, menus dropped, published time as reference date",
			reader: input.Reader{RefDate: date("2020-01-01")},
			args:   []string{td("html", "page.html")},
			docs: []wantDoc{{ID: "page", RefDate: "2024-11-02", Title: "Envoys meet over river dam",
				TextPrefix: "Envoys meet over river dam\n\nEnvoys from Ethiopia and Sudan met in Addis Ababa",
				Has:        []string{"share flow data every week.", "\n\nOfficials said", "outside the ministry."},
				Not:        []string{"Home", "Weather", "Most read", "bakery", "Copyright", "<"}}},
		},
		{
			name: "broken HTML still yields text",
			args: []string{td("html", "broken.html")},
			// trafilatura's balanced focus leaves out the last, unclosed
			// <div> ("through the weekend"); its FavorRecall focus keeps it.
			docs: []wantDoc{{ID: "broken", Text: "Customs officers in Rotterdam seized a shipment of counterfeit medicine from a freighter\n\nThe port said inspections would continue"}},
		},
		{
			name: "HTML with no text",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "blank.html"), "<html><head><script>var x = 1;</script></head><body>  <img src=a.png> </body></html>")
				return []string{filepath.Join(dir, "blank.html")}
			},
			errs: []wantErr{{Has: "no text"}},
		},
		{
			name:   "stdin sniffed as text",
			reader: input.Reader{Stdin: strings.NewReader("A plain story: Oslo and Riga signed a ferry deal.\n")},
			args:   []string{"-"},
			docs:   []wantDoc{{ID: "stdin", Text: "A plain story: Oslo and Riga signed a ferry deal.\n"}},
		},
		{
			name: "stdin sniffed as JSONL",
			reader: input.Reader{Stdin: strings.NewReader(`{"id":"s-1","text":"First: Tunis."}` + "\n" +
				`{"text":"Second, no id: Algiers.","reference_date":"2023-06"}` + "\n")},
			args: []string{"-"},
			docs: []wantDoc{{ID: "s-1", Text: "First: Tunis."}, {ID: "stdin:2", RefDate: "2023-06", Text: "Second, no id: Algiers."}},
		},
		{
			name: "stdin sniffed as HTML",
			reader: input.Reader{Stdin: strings.NewReader("\xef\xbb\xbf  <!DOCTYPE html><html><body><p>Envoys from <em>Chad</em> and Niger met.</p>" +
				"<p>They agreed to reopen the market.</p></body></html>")},
			args: []string{"-"},
			docs: []wantDoc{{ID: "stdin", Text: "Envoys from Chad and Niger met.\n\nThey agreed to reopen the market."}},
		},
		{
			name:   "stdin sniffed as an HTML fragment",
			reader: input.Reader{Stdin: strings.NewReader("<p>Only a paragraph about Minsk.</p>\n")},
			args:   []string{"-"},
			docs:   []wantDoc{{ID: "stdin", Text: "Only a paragraph about Minsk."}},
		},
		{
			name: "stdin sniffed as a feed",
			reader: input.Reader{Stdin: strings.NewReader(`<rss version="2.0"><channel><title>Wire</title>` +
				`<item><title>Port strike ends</title><guid>w-1</guid><description>Workers in Durban went back.</description></item></channel></rss>`)},
			args: []string{"-"},
			docs: []wantDoc{{ID: "w-1", Publisher: "Wire", Text: "Port strike ends\n\nWorkers in Durban went back."}},
		},
		{
			name: "stdin missing",
			args: []string{"-"},
			errs: []wantErr{{File: "stdin", Has: "no standard input"}},
		},
		{
			name:   "stdin empty",
			reader: input.Reader{Stdin: strings.NewReader("")},
			args:   []string{"-"},
			errs:   []wantErr{{File: "stdin", Has: "empty"}},
		},
		{
			name:   "stdin over MaxBytes",
			reader: input.Reader{MaxBytes: 100, Stdin: strings.NewReader(strings.Repeat("Long text. ", 50))},
			args:   []string{"-"},
			errs:   []wantErr{{File: "stdin", Has: "over the 100 bytes limit"}},
		},
		{
			name:   "stdin with invalid UTF-8",
			reader: input.Reader{Stdin: strings.NewReader("good line\nbad \xc3\x28 line\n")},
			args:   []string{"-"},
			errs:   []wantErr{{File: "stdin", Line: 2, Has: "invalid UTF-8"}},
		},
		{
			name:   "reference date: ISO dateline beats the command line",
			reader: input.Reader{RefDate: date("2020-01-01")},
			args:   []string{td("dateline", "iso.txt")},
			docs:   []wantDoc{{ID: "iso", RefDate: "2024-03-18"}},
		},
		{
			name:   "reference date: long dateline on the first line",
			reader: input.Reader{RefDate: date("2020-01-01")},
			args:   []string{td("dateline", "long.txt")},
			docs:   []wantDoc{{ID: "long", RefDate: "2025-03-06"}},
		},
		{
			name: "reference date: dateline after a place name",
			args: []string{td("dateline", "place.txt")},
			docs: []wantDoc{{ID: "place", RefDate: "2025-03-06"}},
		},
		{
			name: "reference date: metadata beats the dateline",
			reader: input.Reader{RefDate: date("2020-01-01"), Stdin: strings.NewReader(
				`{"id":"p-1","text":"March 6, 2025\n\nThe text has a dateline.","published":"2024-01-02"}` + "\n")},
			args: []string{"-"},
			docs: []wantDoc{{ID: "p-1", RefDate: "2024-01-02"}},
		},
		{
			name:   "reference date: command line when there is nothing else",
			reader: input.Reader{RefDate: date("2021-08-09")},
			args:   []string{td("dir", "alpha.txt")},
			docs:   []wantDoc{{ID: "alpha", RefDate: "2021-08-09"}},
		},
		{
			name: "reference date: none gives a warning",
			args: []string{td("dir", "alpha.txt")},
			docs: []wantDoc{{ID: "alpha", RefDate: ""}},
		},
		{
			name: "NFC normalisation of decomposed text",
			args: []string{td("dateline", "nfd.txt")},
			docs: []wantDoc{{ID: "nfd", Text: "H\u00e0 N\u1ed9i welcomed Jos\u00e9 Ramos on Monday.\n", Not: []string{"\u0300", "\u0301", "\u0323"}}},
		},
		{
			name: "text file starting with a byte order mark",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "bom.txt"), "\xef\xbb\xbfMarch 6, 2025\n\nThe envoy left.\n")
				return []string{filepath.Join(dir, "bom.txt")}
			},
			docs: []wantDoc{{ID: "bom", RefDate: "2025-03-06", Text: "March 6, 2025\n\nThe envoy left.\n"}},
		},
		{
			name: "invalid UTF-8 names file and line",
			args: []string{td("bad", "latin1.txt")},
			errs: []wantErr{{File: td("bad", "latin1.txt"), Line: 3, Has: "invalid UTF-8"}},
		},
		{
			name: "binary file with NUL bytes",
			args: []string{td("bad", "archive.dat")},
			errs: []wantErr{{File: td("bad", "archive.dat"), Has: "binary data"}},
		},
		{
			name: "NUL byte deep inside a text file",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "late.txt"), strings.Repeat("A normal line of text.\n", 1000)+"then \x00 a NUL\n")
				return []string{filepath.Join(dir, "late.txt")}
			},
			errs: []wantErr{{Line: 1001, Has: "NUL byte"}},
		},
		{
			name: "UTF-16 file",
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "wide.txt"), "\xff\xfeH\x00i\x00\n\x00")
				return []string{filepath.Join(dir, "wide.txt")}
			},
			errs: []wantErr{{Has: "UTF-16"}},
		},
		{
			name: "empty file",
			args: []string{td("bad", "empty.txt")},
			errs: []wantErr{{File: td("bad", "empty.txt"), Has: "empty document"}},
		},
		{
			name: "whitespace-only file",
			args: []string{td("bad", "blank.txt")},
			errs: []wantErr{{File: td("bad", "blank.txt"), Has: "empty document"}},
		},
		{
			name:   "file over MaxBytes",
			reader: input.Reader{MaxBytes: 1024},
			setup: func(t *testing.T, dir string) []string {
				write(t, filepath.Join(dir, "big.txt"), strings.Repeat("Too long. ", 200))
				write(t, filepath.Join(dir, "small.txt"), "Short enough: Bern.\n")
				return []string{dir}
			},
			errs:  []wantErr{{Has: "over the 1.0 KB limit"}},
			docs:  []wantDoc{{ID: "small"}},
			order: []string{"err:?", "doc:small"},
		},
		{
			name: "nonexistent path",
			args: []string{td("no", "such", "file.txt")},
			errs: []wantErr{{File: td("no", "such", "file.txt"), Has: "no such file"}},
		},
		{
			name: "empty path",
			args: []string{""},
			errs: []wantErr{{Has: "empty path"}},
		},
		{
			name: "directory of good and bad files: errors in their place, the rest read",
			args: []string{td("bad"), td("dir", "alpha.txt")},
			errs: []wantErr{
				{File: td("bad", "archive.dat"), Has: "binary"},
				{File: td("bad", "blank.txt"), Has: "empty"},
				{File: td("bad", "empty.txt"), Has: "empty"},
				{File: td("bad", "latin1.txt"), Line: 3, Has: "invalid UTF-8"},
			},
			docs: []wantDoc{{ID: "alpha"}},
			order: []string{
				"err:" + td("bad", "archive.dat") + ":0", "err:" + td("bad", "blank.txt") + ":0",
				"err:" + td("bad", "empty.txt") + ":0", "err:" + td("bad", "latin1.txt") + ":3", "doc:alpha",
			},
		},
		{
			name: "unreadable file in a directory",
			setup: func(t *testing.T, dir string) []string {
				if os.Geteuid() == 0 {
					t.Skip("root reads every file")
				}
				write(t, filepath.Join(dir, "a.txt"), "Readable: Sofia.\n")
				write(t, filepath.Join(dir, "b.txt"), "Unreadable.\n")
				if err := os.Chmod(filepath.Join(dir, "b.txt"), 0); err != nil {
					t.Fatal(err)
				}
				return []string{dir}
			},
			errs: []wantErr{{Has: "permission denied"}},
			docs: []wantDoc{{ID: "a"}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := c.args
			if c.setup != nil {
				args = c.setup(t, t.TempDir())
			}
			r := c.reader
			res := readAll(t, &r, args...)
			for _, d := range res.docs {
				checkDoc(t, d)
			}
			if len(res.docs) != len(c.docs) {
				t.Errorf("got %d documents %v, want %d", len(res.docs), res.order, len(c.docs))
			}
			for i := range min(len(res.docs), len(c.docs)) {
				compareDoc(t, res.docs[i], c.docs[i])
			}
			if len(res.errs) != len(c.errs) {
				t.Errorf("got %d errors, want %d:", len(res.errs), len(c.errs))
				for _, err := range res.errs {
					t.Logf("  %v", err)
				}
			}
			for i, err := range res.errs {
				ie := checkErr(t, err)
				if i >= len(c.errs) {
					continue
				}
				w := c.errs[i]
				if w.File != "" && ie.File != w.File {
					t.Errorf("error %d: file %q, want %q", i, ie.File, w.File)
				}
				if ie.Line != w.Line {
					t.Errorf("error %d: line %d, want %d (%v)", i, ie.Line, w.Line, err)
				}
				if !strings.Contains(err.Error(), w.Has) {
					t.Errorf("error %d: %q does not say %q", i, err, w.Has)
				}
			}
			if c.order != nil {
				got := slices.Clone(res.order)
				for i, o := range c.order {
					if o == "err:?" && i < len(got) && strings.HasPrefix(got[i], "err:") {
						got[i] = o
					}
				}
				if !slices.Equal(got, c.order) {
					t.Errorf("order:\n got %v\nwant %v", res.order, c.order)
				}
			}
		})
	}
}

func compareDoc(t *testing.T, d *attache.Document, w wantDoc) {
	t.Helper()
	if d.ID != w.ID {
		t.Errorf("doc id %q, want %q", d.ID, w.ID)
		return
	}
	if got := d.RefDate.String(); got != w.RefDate {
		t.Errorf("doc %s: reference date %q, want %q", d.ID, got, w.RefDate)
	}
	if w.RefDate == "" && !hasWarning(d, "no-reference-date") {
		t.Errorf("doc %s: no reference date and no warning: %v", d.ID, d.Warnings)
	}
	if w.Publisher != "" && d.Publisher != w.Publisher {
		t.Errorf("doc %s: publisher %q, want %q", d.ID, d.Publisher, w.Publisher)
	}
	if (w.URL == "-" && d.URL != "") || (w.URL != "-" && w.URL != "" && d.URL != w.URL) {
		t.Errorf("doc %s: url %q, want %q", d.ID, d.URL, w.URL)
	}
	if w.Title != "" && d.Title != w.Title {
		t.Errorf("doc %s: title %q, want %q", d.ID, d.Title, w.Title)
	}
	if w.Text != "" && d.Text != w.Text {
		t.Errorf("doc %s: text\n got %q\nwant %q", d.ID, d.Text, w.Text)
	}
	if w.TextPrefix != "" && !strings.HasPrefix(d.Text, w.TextPrefix) {
		t.Errorf("doc %s: text\n got %q\nwant it to start %q", d.ID, d.Text, w.TextPrefix)
	}
	for _, s := range w.Has {
		if !strings.Contains(d.Text, s) {
			t.Errorf("doc %s: text %q\nlacks %q", d.ID, d.Text, s)
		}
	}
	for _, s := range w.Not {
		if strings.Contains(d.Text, s) {
			t.Errorf("doc %s: text %q\nholds %q", d.ID, d.Text, s)
		}
	}
	if w.Title != "" && strings.Count(d.Text, w.Title) != 1 {
		t.Errorf("doc %s: title %q appears %d times in the text", d.ID, w.Title, strings.Count(d.Text, w.Title))
	}
	if d.Source == "" {
		t.Errorf("doc %s: no source", d.ID)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHugeSparseFile checks that a file far over the limit is rejected
// from its size, without being read.
func TestHugeSparseFile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB sparse file")
	}
	p := filepath.Join(t.TempDir(), "huge.txt")
	if err := os.WriteFile(p, []byte("The start of a very long story.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 200<<20); err != nil {
		t.Skip("no sparse files:", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res := readAll(t, &input.Reader{}, p)
	runtime.ReadMemStats(&after)
	if len(res.docs) != 0 || len(res.errs) != 1 {
		t.Fatalf("got %d documents and errors %v, want one error", len(res.docs), res.errs)
	}
	ie := checkErr(t, res.errs[0])
	if ie.File != p || !strings.Contains(ie.Error(), "200.0 MB, over the 32.0 MB limit") {
		t.Errorf("error %q", ie)
	}
	// Reading the file would allocate its 200 MB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("rejecting the file allocated %d bytes: was it read?", alloc)
	}
}

// TestHugeSparseJSONL checks that a huge JSONL file of NULs is one error
// found from its first bytes.
func TestHugeSparseJSONL(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB sparse file")
	}
	p := filepath.Join(t.TempDir(), "huge.jsonl")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(p, 200<<20); err != nil {
		t.Skip("no sparse files:", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res := readAll(t, &input.Reader{}, p)
	runtime.ReadMemStats(&after)
	if len(res.docs) != 0 || len(res.errs) != 1 || !strings.Contains(res.errs[0].Error(), "binary") {
		t.Fatalf("got %d documents and errors %v, want one error", len(res.docs), res.errs)
	}
	checkErr(t, res.errs[0])
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("rejecting the file allocated %d bytes: was it read?", alloc)
	}
}

func TestNotExistIsFsErrNotExist(t *testing.T) {
	res := readAll(t, &input.Reader{}, td("missing.txt"))
	if len(res.errs) != 1 || !errors.Is(res.errs[0], fs.ErrNotExist) {
		t.Fatalf("errors %v, want one that is fs.ErrNotExist", res.errs)
	}
}

// TestStopEarly checks that breaking out of the loop stops the reader
// at once, wherever it is (a range-over-func iterator that yields again
// after its consumer stopped panics).
func TestStopEarly(t *testing.T) {
	dir := t.TempDir()
	for i := range 5 {
		write(t, filepath.Join(dir, "d", strconv.Itoa(i)+".txt"), "Story number "+strconv.Itoa(i)+".\n")
	}
	write(t, filepath.Join(dir, "lines.jsonl"), `{"text":"one"}`+"\n"+`{"text":"two"}`+"\n")
	write(t, filepath.Join(dir, "bad.jsonl"), "x\ny\n")
	args := []string{filepath.Join(dir, "d"), filepath.Join(dir, "lines.jsonl"), td("corpus"), td("feed", "news.rss"),
		filepath.Join(dir, "bad.jsonl"), td("escape"), td("bad"), td("missing.txt")}
	total := 0
	for range (&input.Reader{}).All(context.Background(), args) {
		total++
	}
	for stop := 1; stop <= total; stop++ {
		n := 0
		for range (&input.Reader{}).All(context.Background(), args) {
			if n++; n == stop {
				break
			}
		}
		if n != stop {
			t.Errorf("stop at %d: got %d items", stop, n)
		}
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n, errs := 0, 0
	for d, err := range (&input.Reader{}).All(ctx, []string{td("dir"), td("jsonl", "docs.jsonl"), td("plain")}) {
		if err != nil {
			errs++
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v, want context.Canceled", err)
			}
			continue
		}
		if d != nil {
			n++
			cancel()
		}
	}
	if n != 1 || errs != 1 {
		t.Errorf("got %d documents and %d errors after cancelling, want 1 and 1", n, errs)
	}
}

// slowReader hands out its bytes one at a time.
type slowReader struct{ r io.Reader }

func (s slowReader) Read(p []byte) (int, error) {
	if len(p) > 1 {
		p = p[:1]
	}
	return s.r.Read(p)
}

func TestStdinJSONLIsStreamed(t *testing.T) {
	// Many lines, together far over MaxBytes, each under it.
	var b bytes.Buffer
	for i := range 200 {
		b.WriteString(`{"id":"n-` + strconv.Itoa(i) + `","text":"Line ` + strconv.Itoa(i) + ` about Baku."}` + "\n")
	}
	r := &input.Reader{MaxBytes: 200, Stdin: slowReader{&b}}
	res := readAll(t, r, "-")
	if len(res.errs) != 0 || len(res.docs) != 200 {
		t.Fatalf("got %d documents, errors %v", len(res.docs), res.errs)
	}
	if res.docs[199].ID != "n-199" {
		t.Errorf("last id %q", res.docs[199].ID)
	}
}

func TestErrorMessage(t *testing.T) {
	cases := []struct {
		name string
		err  *input.Error
		want string
	}{
		{"file", &input.Error{File: "a.txt", Err: errors.New("empty")}, "a.txt: empty"},
		{"file and line", &input.Error{File: "b.jsonl", Line: 7, Err: errors.New("malformed JSON")}, "b.jsonl:7: malformed JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.err.Error(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
			if !errors.Is(c.err, c.err.Err) {
				t.Errorf("Unwrap does not give the cause")
			}
		})
	}
}

func TestDateline(t *testing.T) {
	cases := []struct {
		name, text, want string
	}{
		{"empty", "", ""},
		{"blank lines", "\n  \n\t\n", ""},
		{"ISO with date word and place", " date 2024-03-18 HÀ NỘI — Vietnam and Laos met.", "2024-03-18"},
		{"ISO with Date colon", "Date: 2024-03-18\n\nText.", "2024-03-18"},
		{"bare ISO", "2024-03-18 Kyiv\n", "2024-03-18"},
		{"ISO timestamp", "2024-03-18T09:30:00Z Reuters\n", "2024-03-18"},
		{"ISO invalid day", "2024-02-30 Kyiv\n", ""},
		{"ISO invalid month", "2024-13-01\n", ""},
		{"ISO year zero", "0000-01-01\n", ""},
		{"ISO glued to digits", "2024-03-180 people\n", ""},
		{"ISO five-digit year", "20245-03-18\n", ""},
		{"ISO not at the start", "On 2024-03-18 the talks began.", ""},
		{"long US form", "March 6, 2025\n\nThe minister spoke.", "2025-03-06"},
		{"long US form without comma", "March 6 2025\n", "2025-03-06"},
		{"long day-first form", "6 March 2025\n", "2025-03-06"},
		{"long form upper case", "MARCH 6, 2025\n", "2025-03-06"},
		{"long form lower case", "march 6, 2025\n", "2025-03-06"},
		{"long form after a place", "WASHINGTON, March 6, 2025 — The envoy left.", "2025-03-06"},
		{"long form after a place with dash", "GENEVA - 14 February 2024 - Talks resumed.", "2024-02-14"},
		{"long form invalid day", "February 30, 2025\n", ""},
		{"long form day 0", "March 0, 2025\n", ""},
		{"long form inside a sentence", "The talks of March 6, 2025 failed.", ""},
		{"leading blank lines", "\n\n\n   March 6, 2025\n", "2025-03-06"},
		{"third non-blank line", "Headline\n\nSubhead\n\nMarch 6, 2025\n", "2025-03-06"},
		{"fourth non-blank line is too far", "Headline\nSubhead\nByline\nMarch 6, 2025\n", ""},
		{"first date wins", "2024-01-02\nMarch 6, 2025\n", "2024-01-02"},
		{"long first line", "2024-03-18 " + strings.Repeat("word ", 200), "2024-03-18"},
		{"date past the first 300 bytes of a line", strings.Repeat("x", 300) + " March 6, 2025", ""},
		{"CRLF", "March 6, 2025\r\n\r\nText.\r\n", "2025-03-06"},
		{"invalid UTF-8 around", "\xff\xfe\n2024-03-18\n", "2024-03-18"},
		{"non-ASCII digits", "٢٠٢٤-٠٣-١٨\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := input.Dateline(c.text).String(); got != c.want {
				t.Errorf("Dateline(%q) = %q, want %q", c.text, got, c.want)
			}
		})
	}
}

// BenchmarkReadText reads a directory of plain text files.
func BenchmarkReadText(b *testing.B) {
	dir := b.TempDir()
	para := "The foreign ministers of the two countries met on Tuesday in the capital and agreed to reopen the border crossing, closed since January after a dispute over fuel prices. "
	var total int64
	for i := range 200 {
		text := "Story " + strconv.Itoa(i) + "\n\n" + strings.Repeat(para, 10+i%20)
		p := filepath.Join(dir, "batch"+strconv.Itoa(i%4), strconv.Itoa(i)+".txt")
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(len(text))
	}
	r := &input.Reader{RefDate: attache.Date{Year: 2025, Month: 1, Day: 1}}
	b.SetBytes(total)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for d, err := range r.All(context.Background(), []string{dir}) {
			if err != nil {
				b.Fatal(err)
			}
			n += len(d.Text)
		}
		if int64(n) != total {
			b.Fatalf("read %d bytes, want %d", n, total)
		}
	}
}

// TestStdinJSONLDoesNotWaitForMore checks that a JSONL line on standard
// input is read as soon as it is written, not when 1 KB has come.
func TestStdinJSONLDoesNotWaitForMore(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	got := make(chan string, 1)
	go func() {
		for d, err := range (&input.Reader{Stdin: pr}).All(context.Background(), []string{"-"}) {
			if err != nil {
				got <- "error: " + err.Error()
				return
			}
			got <- d.ID
			return
		}
	}()
	if _, err := io.WriteString(pw, "\n  {\"id\":\"first\",\"text\":\"Sent alone.\"}\n"); err != nil {
		t.Fatal(err)
	}
	// The pipe stays open: a reader that waited for more input before
	// yielding the first line would hang here (and go test's -timeout
	// would report it), so no clock is needed.
	if id := <-got; id != "first" {
		t.Errorf("got %q, want the document first", id)
	}
}
