// Package input reads documents from files, directories, corpus manifests
// and standard input, in every format Attaché takes: plain text, HTML,
// JSONL, RSS/Atom feeds. Each document comes out with its id, its text as
// read (NFC) and a reference date. Bad input never stops the run: each
// problem is yielded as an *Error naming the file and line, and reading
// goes on with the rest.
package input

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/unicode/norm"

	"attache"
	"attache/input/htmltext"
)

// Format is how a file's bytes are to be read.
type Format string

const (
	Text  Format = "text"
	HTML  Format = "html"
	JSONL Format = "jsonl"
	Feed  Format = "feed"
)

// DefaultMaxBytes is the largest single document read by default.
const DefaultMaxBytes = 32 << 20

// Error is a problem with one input: a file, or one line of it.
type Error struct {
	File string
	Line int // 0 when the problem is with the file as a whole
	Err  error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Reader reads documents. Its zero value is usable; set the fields to
// change the defaults.
type Reader struct {
	// RefDate is the reference date given on the command line: the last
	// resort after metadata and a dateline in the text.
	RefDate attache.Date
	// MaxBytes caps one document (and one JSONL line); 0 means DefaultMaxBytes.
	MaxBytes int64
	// Stdin is read for the argument "-".
	Stdin io.Reader
}

func (r *Reader) maxBytes() int64 {
	if r.MaxBytes > 0 {
		return r.MaxBytes
	}
	return DefaultMaxBytes
}

// All reads every argument in order: "-" for standard input, a file, or a
// directory (recursively; a directory holding manifest.jsonl is read as a
// corpus). It yields a document or an error for each input.
func (r *Reader) All(ctx context.Context, args []string) iter.Seq2[*attache.Document, error] {
	return func(yield func(*attache.Document, error) bool) {
		for _, arg := range args {
			if ctx.Err() != nil {
				yield(nil, ctx.Err())
				return
			}
			if !r.readArg(ctx, arg, yield) {
				return
			}
		}
	}
}

type yieldFunc = func(*attache.Document, error) bool

func (r *Reader) readArg(ctx context.Context, arg string, yield yieldFunc) bool {
	if arg == "-" {
		if r.Stdin == nil {
			return yield(nil, &Error{File: "stdin", Err: errors.New("no standard input")})
		}
		data, err := readLimited(r.Stdin, r.maxBytes())
		if err != nil {
			return yield(nil, &Error{File: "stdin", Err: err})
		}
		return r.readBytes(ctx, "stdin", "stdin", sniff("", data), data, yield)
	}
	info, err := os.Stat(arg)
	if err != nil {
		return yield(nil, &Error{File: arg, Err: errors.Unwrap(err)})
	}
	if info.IsDir() {
		return r.readDir(ctx, arg, yield)
	}
	if filepath.Base(arg) == "manifest.jsonl" {
		return r.readManifest(ctx, arg, yield)
	}
	return r.readFile(ctx, arg, idOf(filepath.Base(arg)), info, yield)
}

// idOf turns a file name into a document id: the name without extension,
// with forward slashes.
func idOf(rel string) string {
	rel = filepath.ToSlash(rel)
	return strings.TrimSuffix(rel, filepath.Ext(rel))
}

func (r *Reader) readDir(ctx context.Context, dir string, yield yieldFunc) bool {
	if _, err := os.Stat(filepath.Join(dir, "manifest.jsonl")); err == nil {
		return r.readManifest(ctx, filepath.Join(dir, "manifest.jsonl"), yield)
	}
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if !yield(nil, &Error{File: path, Err: errors.Unwrap(err)}) {
				return fs.SkipAll
			}
			return nil
		}
		name := d.Name()
		if path != dir && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != dir {
				if _, err := os.Stat(filepath.Join(path, "manifest.jsonl")); err == nil {
					files = append(files, filepath.Join(path, "manifest.jsonl"))
					return fs.SkipDir
				}
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, path)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.SkipAll) {
		return yield(nil, &Error{File: dir, Err: err})
	}
	sort.Strings(files)
	for _, f := range files {
		if ctx.Err() != nil {
			return yield(nil, ctx.Err())
		}
		if filepath.Base(f) == "manifest.jsonl" {
			if !r.readManifest(ctx, f, yield) {
				return false
			}
			continue
		}
		info, err := os.Stat(f)
		if err != nil {
			if !yield(nil, &Error{File: f, Err: errors.Unwrap(err)}) {
				return false
			}
			continue
		}
		rel, _ := filepath.Rel(dir, f)
		if !r.readFile(ctx, f, idOf(rel), info, yield) {
			return false
		}
	}
	return true
}

// readFile reads one file in the format its name or content says.
func (r *Reader) readFile(ctx context.Context, path, id string, info fs.FileInfo, yield yieldFunc) bool {
	format := formatOfName(path)
	if format == JSONL {
		return r.readJSONLFile(ctx, path, yield)
	}
	if info.Size() > r.maxBytes() {
		return yield(nil, &Error{File: path, Err: fmt.Errorf("file is %s, over the %s limit for one document (raise it with --max-doc-bytes)",
			humanBytes(info.Size()), humanBytes(r.maxBytes()))})
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return yield(nil, &Error{File: path, Err: errors.Unwrap(err)})
	}
	if format == "" {
		format = sniff(path, data)
	}
	if format == JSONL {
		return r.readJSONL(ctx, path, bytes.NewReader(data), yield)
	}
	return r.readBytes(ctx, path, id, format, data, yield)
}

func (r *Reader) readBytes(ctx context.Context, path, id string, format Format, data []byte, yield yieldFunc) bool {
	switch format {
	case Feed:
		return r.readFeed(ctx, path, data, yield)
	case JSONL:
		return r.readJSONL(ctx, path, bytes.NewReader(data), yield)
	}
	d, err := r.document(path, id, format, data, attache.Date{})
	if err != nil {
		return yield(nil, &Error{File: path, Err: err})
	}
	return yield(d, nil)
}

// document builds a document from a text or HTML body. meta is the
// reference date from metadata, if any.
func (r *Reader) document(path, id string, format Format, data []byte, meta attache.Date) (*attache.Document, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	d := &attache.Document{ID: id, Source: path, RefDate: meta}
	if format == HTML {
		p, err := htmltext.Extract(data)
		if err != nil {
			return nil, err
		}
		d.Text, d.Title, d.URL, d.Publisher, d.Lang = p.Text, p.Title, p.URL, p.Sitename, p.Lang
		if d.RefDate.IsZero() && !p.Published.IsZero() {
			d.RefDate = attache.DayDate(p.Published)
		}
	} else {
		d.Text = string(data)
	}
	d.Text = nfc(d.Text)
	r.settle(d)
	return d, nil
}

// settle fills the reference date from a dateline, then the command line,
// and warns when there is none.
func (r *Reader) settle(d *attache.Document) {
	if d.RefDate.IsZero() {
		d.RefDate = Dateline(d.Text)
	}
	if d.RefDate.IsZero() {
		d.RefDate = r.RefDate
	}
	if d.RefDate.IsZero() {
		d.Warnings = append(d.Warnings, attache.Warning{Code: "no-reference-date",
			Message: "no reference date in metadata, text or --ref-date: dates without a year stay partial"})
	}
}

func nfc(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// checkText rejects bytes that are not a text document: empty, binary, or
// not UTF-8. The error says where the problem is.
func checkText(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("empty document: no text to read")
	}
	head := data
	if len(head) > 8192 {
		head = head[:8192]
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return fmt.Errorf("binary file (NUL byte at offset %d), not a text document", i)
	}
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		line := bytes.Count(data[:off], []byte("\n")) + 1
		return fmt.Errorf("invalid UTF-8 at line %d (byte offset %d): convert the file to UTF-8", line, off)
	}
	return nil
}

func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

func formatOfName(path string) Format {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".jsonl", ".ndjson", ".json":
		return JSONL
	case ".xml", ".rss", ".atom", ".feed":
		return Feed
	case ".txt", ".text", ".md":
		return Text
	}
	return ""
}

// sniff guesses the format of data from its first bytes.
func sniff(path string, data []byte) Format {
	if f := formatOfName(path); f != "" {
		return f
	}
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	h := strings.ToLower(strings.TrimSpace(string(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))))
	switch {
	case strings.HasPrefix(h, "<?xml") && (strings.Contains(h, "<rss") || strings.Contains(h, "<feed") || strings.Contains(h, "<rdf")),
		strings.HasPrefix(h, "<rss"), strings.HasPrefix(h, "<feed"):
		return Feed
	case strings.HasPrefix(h, "<!doctype html"), strings.HasPrefix(h, "<html"), strings.HasPrefix(h, "<?xml") && strings.Contains(h, "<html"):
		return HTML
	case strings.HasPrefix(h, "{"):
		return JSONL
	}
	return Text
}

// readLimited reads all of r, failing if it holds more than max bytes.
func readLimited(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("input is over the %s limit for one document (raise it with --max-doc-bytes)", humanBytes(max))
	}
	return data, nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// datelineISO matches "date 2024-03-18" or a bare ISO date opening the text.
var datelineISO = regexp.MustCompile(`(?i)^\s*(?:date:?\s+)?(\d{4})-(\d{2})-(\d{2})\b`)

// datelineLong matches "March 6, 2025" or "6 March 2025" at the start of one
// of the first lines.
var datelineLong = regexp.MustCompile(`(?i)^\s*(?:[A-Z][\w .]*[,—–-]\s*)?(?:(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}),? (\d{4})|(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December),? (\d{4}))\b`)

// Dateline finds a publication date written at the top of the text:
// " date 2024-03-18 HÀ NỘI —" or a first line "March 6, 2025". It looks at
// the first three non-blank lines only; "" dates are the zero Date.
func Dateline(text string) attache.Date {
	n := 0
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if n++; n > 3 {
			break
		}
		if len(line) > 300 {
			line = line[:300]
		}
		if m := datelineISO.FindStringSubmatch(line); m != nil {
			if d, err := attache.ParseDate(m[1] + "-" + m[2] + "-" + m[3]); err == nil {
				return d
			}
		}
		if m := datelineLong.FindStringSubmatch(line); m != nil {
			month, day, year := m[1], m[2], m[3]
			if month == "" {
				month, day, year = m[5], m[4], m[6]
			}
			if t, err := time.Parse("January 2 2006", titleCase(month)+" "+day+" "+year); err == nil {
				return attache.DayDate(t)
			}
		}
	}
	return attache.Date{}
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + strings.ToLower(s[1:])
}

// jsonDoc is one line of a JSONL input.
type jsonDoc struct {
	ID            string `json:"id"`
	Text          string `json:"text"`
	HTML          string `json:"html"`
	URL           string `json:"url"`
	Published     string `json:"published"`
	ReferenceDate string `json:"reference_date"`
	Date          string `json:"date"`
	Publisher     string `json:"publisher"`
	Title         string `json:"title"`
	Lang          string `json:"lang"`
}

func (r *Reader) readJSONLFile(ctx context.Context, path string, yield yieldFunc) bool {
	f, err := os.Open(path)
	if err != nil {
		return yield(nil, &Error{File: path, Err: errors.Unwrap(err)})
	}
	defer f.Close()
	return r.readJSONL(ctx, path, f, yield)
}

// readJSONL streams a JSONL file line by line, so its size is not bounded
// by memory; each line is one document.
func (r *Reader) readJSONL(ctx context.Context, path string, in io.Reader, yield yieldFunc) bool {
	lines := newLineReader(in, r.maxBytes())
	for lines.next() {
		if ctx.Err() != nil {
			return yield(nil, ctx.Err())
		}
		n, raw := lines.n, bytes.TrimSpace(lines.line)
		if lines.tooLong {
			if !yield(nil, &Error{File: path, Line: n, Err: fmt.Errorf("line is over the %s limit for one document", humanBytes(r.maxBytes()))}) {
				return false
			}
			continue
		}
		if len(raw) == 0 {
			continue
		}
		d, err := r.jsonDocument(path, n, raw)
		if err != nil {
			if !yield(nil, &Error{File: path, Line: n, Err: err}) {
				return false
			}
			continue
		}
		if !yield(d, nil) {
			return false
		}
	}
	if err := lines.err; err != nil {
		return yield(nil, &Error{File: path, Line: lines.n, Err: err})
	}
	return true
}

func (r *Reader) jsonDocument(path string, line int, raw []byte) (*attache.Document, error) {
	if !utf8.Valid(raw) {
		return nil, fmt.Errorf("invalid UTF-8 (byte offset %d in the line)", invalidUTF8Offset(raw))
	}
	var j jsonDoc
	if err := json.Unmarshal(raw, &j); err != nil {
		return nil, fmt.Errorf("malformed JSON: %v", err)
	}
	if j.Text == "" && j.HTML == "" {
		return nil, errors.New(`no "text" (or "html") field: nothing to read`)
	}
	var meta attache.Date
	for _, s := range []string{j.ReferenceDate, j.Published, j.Date} {
		if s == "" {
			continue
		}
		d, err := parseLooseDate(s)
		if err != nil {
			return nil, err
		}
		meta = d
		break
	}
	id := j.ID
	if id == "" {
		id = fmt.Sprintf("%s:%d", idOf(filepath.Base(path)), line)
	}
	format, body := Text, j.Text
	if body == "" {
		format, body = HTML, j.HTML
	}
	if format == Text && j.Title != "" && !strings.HasPrefix(body, j.Title) {
		body = j.Title + "\n\n" + body
	}
	d, err := r.document(path, id, format, []byte(body), meta)
	if err != nil {
		return nil, err
	}
	d.URL, d.Publisher, d.Lang = firstNonEmpty(j.URL, d.URL), firstNonEmpty(j.Publisher, d.Publisher), firstNonEmpty(j.Lang, d.Lang)
	if j.Title != "" {
		d.Title = j.Title
	}
	return d, nil
}

// parseLooseDate reads the dates metadata carries: ISO dates, RFC 3339 and
// the RFC 1123 / RFC 822 forms of feeds.
func parseLooseDate(s string) (attache.Date, error) {
	if d, err := attache.ParseDate(s); err == nil {
		return d, nil
	}
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822, "2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return attache.DayDate(t), nil
		}
	}
	return attache.Date{}, fmt.Errorf("date %q: want YYYY-MM-DD or an RFC 3339 timestamp", s)
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// manifestLine is one line of a corpus manifest (gold/GUIDE.md).
type manifestLine struct {
	ID            string  `json:"id"`
	File          string  `json:"file"`
	Publisher     string  `json:"publisher"`
	URL           *string `json:"url"`
	ReferenceDate string  `json:"reference_date"`
	Lang          string  `json:"lang"`
	Format        string  `json:"format"`
}

func (r *Reader) readManifest(ctx context.Context, path string, yield yieldFunc) bool {
	f, err := os.Open(path)
	if err != nil {
		return yield(nil, &Error{File: path, Err: errors.Unwrap(err)})
	}
	defer f.Close()
	dir := filepath.Dir(path)
	lines := newLineReader(f, 1<<20)
	for lines.next() {
		if ctx.Err() != nil {
			return yield(nil, ctx.Err())
		}
		raw := bytes.TrimSpace(lines.line)
		if len(raw) == 0 {
			continue
		}
		d, err := r.manifestDocument(dir, raw)
		if err != nil {
			if !yield(nil, &Error{File: path, Line: lines.n, Err: err}) {
				return false
			}
			continue
		}
		if !yield(d, nil) {
			return false
		}
	}
	if lines.err != nil {
		return yield(nil, &Error{File: path, Line: lines.n, Err: lines.err})
	}
	return true
}

func (r *Reader) manifestDocument(dir string, raw []byte) (*attache.Document, error) {
	var m manifestLine
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("malformed JSON: %v", err)
	}
	if m.ID == "" || m.File == "" {
		return nil, errors.New(`manifest line needs "id" and "file"`)
	}
	if filepath.IsAbs(m.File) || strings.Contains(filepath.ToSlash(m.File), "../") {
		return nil, fmt.Errorf("file %q: must be a path inside the corpus folder", m.File)
	}
	meta, err := attache.ParseDate(m.ReferenceDate)
	if err != nil {
		return nil, fmt.Errorf("reference_date: %w", err)
	}
	path := filepath.Join(dir, m.File)
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", m.File, errors.Unwrap(err))
	}
	if info.Size() > r.maxBytes() {
		return nil, fmt.Errorf("file %s is %s, over the %s limit for one document", m.File, humanBytes(info.Size()), humanBytes(r.maxBytes()))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", m.File, err)
	}
	format := Format(m.Format)
	switch format {
	case "":
		format = sniff(path, data)
	case Text, HTML:
	default:
		return nil, fmt.Errorf("format %q: want text or html", m.Format)
	}
	d, err := r.document(path, m.ID, format, data, meta)
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", m.File, err)
	}
	d.Publisher, d.Lang = m.Publisher, firstNonEmpty(m.Lang, d.Lang)
	if m.URL != nil {
		d.URL = *m.URL
	}
	return d, nil
}

// readFeed reads an RSS, Atom or JSON feed: each item is a document whose
// text is its title and its content (or description) as plain text.
func (r *Reader) readFeed(ctx context.Context, path string, data []byte, yield yieldFunc) bool {
	if err := checkText(data); err != nil {
		return yield(nil, &Error{File: path, Err: err})
	}
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return yield(nil, &Error{File: path, Err: fmt.Errorf("not a readable RSS, Atom or JSON feed: %v", err)})
	}
	for i, it := range feed.Items {
		if ctx.Err() != nil {
			return yield(nil, ctx.Err())
		}
		d, err := r.feedDocument(path, feed, i, it)
		if err != nil {
			if !yield(nil, &Error{File: path, Err: fmt.Errorf("item %d: %w", i+1, err)}) {
				return false
			}
			continue
		}
		if !yield(d, nil) {
			return false
		}
	}
	return true
}

func (r *Reader) feedDocument(path string, feed *gofeed.Feed, i int, it *gofeed.Item) (*attache.Document, error) {
	body := it.Content
	if body == "" {
		body = it.Description
	}
	text, err := htmltext.Flatten(strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	title := strings.TrimSpace(it.Title)
	if title != "" && !strings.HasPrefix(text, title) {
		text = strings.TrimSpace(title + "\n\n" + text)
	}
	if text == "" {
		return nil, errors.New("no title or text")
	}
	id := firstNonEmpty(it.GUID, it.Link)
	if id == "" {
		id = fmt.Sprintf("%s#%d", idOf(filepath.Base(path)), i+1)
	}
	var meta attache.Date
	switch {
	case it.PublishedParsed != nil:
		meta = attache.DayDate(*it.PublishedParsed)
	case it.UpdatedParsed != nil:
		meta = attache.DayDate(*it.UpdatedParsed)
	}
	d := &attache.Document{ID: id, Source: path, Text: nfc(text), RefDate: meta, Title: title, URL: it.Link, Publisher: feed.Title, Lang: feed.Language}
	r.settle(d)
	return d, nil
}

// lineReader reads lines of any length, reporting those over max as too
// long without holding them in memory.
type lineReader struct {
	r       *bufio.Reader
	max     int64
	n       int
	line    []byte
	tooLong bool
	err     error
}

func newLineReader(r io.Reader, max int64) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

func (l *lineReader) next() bool {
	l.line, l.tooLong = l.line[:0], false
	for {
		chunk, err := l.r.ReadSlice('\n')
		if !l.tooLong {
			if int64(len(l.line)+len(chunk)) > l.max {
				l.tooLong = true
				l.line = l.line[:0]
			} else {
				l.line = append(l.line, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if len(l.line) == 0 && !l.tooLong && len(chunk) == 0 {
				return false
			}
			l.n++
			return true
		case err != nil:
			l.err = err
			return false
		}
		l.n++
		return true
	}
}
