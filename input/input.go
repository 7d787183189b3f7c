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
	"net/http"
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
	// HTTP fetches http:// and https:// arguments; nil means a client
	// with a 30-second timeout.
	HTTP *http.Client
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
			if !r.readArg(ctx, arg, yield) || ctx.Err() != nil {
				return
			}
		}
	}
}

type yieldFunc = func(*attache.Document, error) bool

// cancelled yields the context's error, if it is done, and reports whether
// it was: the caller then stops reading.
func cancelled(ctx context.Context, yield yieldFunc) bool {
	if err := ctx.Err(); err != nil {
		yield(nil, err)
		return true
	}
	return false
}

// pathErr drops the operation and path from an *fs.PathError, which the
// Error around it names already; other errors are kept whole.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && pe.Err != nil {
		return pe.Err
	}
	return err
}

func (r *Reader) readArg(ctx context.Context, arg string, yield yieldFunc) bool {
	if cancelled(ctx, yield) {
		return false
	}
	if arg == "-" {
		return r.readStdin(ctx, yield)
	}
	if arg == "" {
		return yield(nil, &Error{File: `""`, Err: errors.New("empty path")})
	}
	if isURL(arg) {
		return r.readURL(ctx, arg, yield)
	}
	info, err := os.Stat(arg)
	if err != nil {
		return yield(nil, &Error{File: arg, Err: pathErr(err)})
	}
	if info.IsDir() {
		return r.readDir(ctx, arg, yield)
	}
	if filepath.Base(arg) == "manifest.jsonl" {
		return r.readManifest(ctx, arg, yield)
	}
	return r.readFile(ctx, arg, idOf(filepath.Base(arg)), info, yield)
}

// readStdin reads standard input in the format its first bytes show. JSONL
// is streamed line by line like a JSONL file; anything else is one
// document, held to MaxBytes.
func (r *Reader) readStdin(ctx context.Context, yield yieldFunc) bool {
	const name = "stdin"
	if r.Stdin == nil {
		return yield(nil, &Error{File: name, Err: errors.New("no standard input")})
	}
	in := bufio.NewReaderSize(r.Stdin, 64<<10)
	// Wait only for the first non-blank byte before deciding on JSONL, so
	// a producer that writes one line and waits is not kept waiting; any
	// other format is read whole anyway.
	var head []byte
	var err error
	for n := 1; n <= sniffLen; n++ {
		if head, err = in.Peek(n); err != nil || !isBlankByte(head[n-1]) {
			break
		}
	}
	if err == nil && !bytes.HasSuffix(head, []byte("{")) {
		head, err = in.Peek(sniffLen)
	}
	if err != nil && err != io.EOF {
		return yield(nil, &Error{File: name, Err: err})
	}
	format := sniff("", head)
	if format == JSONL {
		return r.readJSONL(ctx, name, in, yield)
	}
	data, err := readLimited(in, r.maxBytes())
	if err != nil {
		return yield(nil, &Error{File: name, Err: err})
	}
	return r.readBytes(ctx, name, name, format, data, yield)
}

// isBlankByte reports white space and the bytes of a byte order mark.
func isBlankByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xef || c == 0xbb || c == 0xbf
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
	// Walk first, then read in sorted order; a problem met on the walk is
	// reported in its place in that order.
	type entry struct {
		path string
		err  error
	}
	var files []entry
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			files = append(files, entry{path, err})
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
					files = append(files, entry{path: filepath.Join(path, "manifest.jsonl")})
					return fs.SkipDir
				}
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, entry{path: path})
		} else if d.Type()&fs.ModeSymlink != 0 {
			// a link to a file is read; links to folders are not followed
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
				files = append(files, entry{path: path})
			}
		}
		return nil
	})
	if err != nil {
		return yield(nil, &Error{File: dir, Err: pathErr(err)})
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].path < files[j].path })
	for _, e := range files {
		f := e.path
		if cancelled(ctx, yield) {
			return false
		}
		if e.err != nil {
			if !yield(nil, &Error{File: f, Err: pathErr(e.err)}) {
				return false
			}
			continue
		}
		if filepath.Base(f) == "manifest.jsonl" {
			if !r.readManifest(ctx, f, yield) {
				return false
			}
			continue
		}
		info, err := os.Stat(f)
		if err != nil {
			if !yield(nil, &Error{File: f, Err: pathErr(err)}) {
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
	if format == "" && info.Mode().IsRegular() {
		// Sniff from the first bytes, so JSONL without an extension is
		// streamed like any JSONL file rather than held to MaxBytes.
		if head, err := readHead(path); err == nil {
			format = sniff(path, head)
		}
	}
	if format == JSONL {
		return r.readJSONLFile(ctx, path, yield)
	}
	// The size is checked before reading, so a huge file costs nothing;
	// the read is still capped, for files that grow and for devices and
	// pipes, whose size says nothing.
	if info.Mode().IsRegular() && info.Size() > r.maxBytes() {
		return yield(nil, &Error{File: path, Err: tooBig(info.Size(), r.maxBytes())})
	}
	data, err := readFileLimited(path, r.maxBytes())
	if err != nil {
		return yield(nil, &Error{File: path, Err: err})
	}
	if format == "" {
		format = sniff(path, data)
	}
	return r.readBytes(ctx, path, id, format, data, yield)
}

// readHead reads the first bytes of a file, for sniff.
func readHead(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(f, head)
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return head[:n], err
}

func tooBig(size, max int64) error {
	return fmt.Errorf("file is %s, over the %s limit for one document (raise it with --max-doc-bytes)",
		humanBytes(size), humanBytes(max))
}

// readFileLimited reads a file of at most max bytes.
func readFileLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, pathErr(err)
	}
	defer f.Close()
	return readFrom(f, max)
}

// readFrom reads an open file of at most max bytes.
func readFrom(f fs.File, max int64) ([]byte, error) {
	var size int64
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		if size = info.Size(); size > max {
			return nil, tooBig(size, max)
		}
	}
	// Room for the whole file at once, as os.ReadFile makes, and for the
	// one byte more that shows a file that grew past the limit.
	buf := bytes.NewBuffer(make([]byte, 0, size+512))
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, pathErr(err)
	}
	if int64(buf.Len()) > max {
		return nil, fmt.Errorf("input is over the %s limit for one document (raise it with --max-doc-bytes)", humanBytes(max))
	}
	return buf.Bytes(), nil
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
		return yield(nil, fileError(path, err))
	}
	return yield(d, nil)
}

// document builds a document from a text or HTML body. meta is the
// reference date from metadata, if any.
func (r *Reader) document(path, id string, format Format, data []byte, meta attache.Date) (*attache.Document, error) {
	if err := checkText(data); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, bom)
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
	d.Text, d.Title = nfc(d.Text), nfc(d.Title)
	r.settle(d)
	return d, nil
}

// bom is the UTF-8 byte order mark, dropped from the start of a document.
var bom = []byte("\xef\xbb\xbf")

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
	if bytes.HasPrefix(data, []byte("\xff\xfe")) || bytes.HasPrefix(data, []byte("\xfe\xff")) {
		return errors.New("UTF-16 text (byte order mark at the start): convert the file to UTF-8")
	}
	if i := bytes.IndexByte(data, 0); i >= binaryHead {
		return &textError{line: lineAt(data, i), msg: fmt.Sprintf("NUL byte (byte offset %d): binary data, not a text document", i)}
	} else if i >= 0 {
		return fmt.Errorf("binary data (NUL byte at byte offset %d), not a text document", i)
	}
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		return &textError{line: lineAt(data, off), msg: fmt.Sprintf("invalid UTF-8 (byte offset %d): convert the file to UTF-8", off)}
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(data, bom))) == 0 {
		return errors.New("empty document: no text to read")
	}
	return nil
}

// binaryHead is how far into a file a NUL byte makes it binary, rather
// than a text file with a bad line.
const binaryHead = 8192

// textError is a problem at one line of a document.
type textError struct {
	line int
	msg  string
}

func (e *textError) Error() string { return e.msg }

// fileError is the Error for a problem with the file at path, at the line
// the problem names if it does.
func fileError(path string, err error) *Error {
	e := &Error{File: path, Err: err}
	if te, ok := errors.AsType[*textError](err); ok {
		e.Line = te.line
	}
	return e
}

// withLine is ":N" for a problem at line N of a document, "" otherwise.
func withLine(err error) string {
	if te, ok := errors.AsType[*textError](err); ok {
		return fmt.Sprintf(":%d", te.line)
	}
	return ""
}

// lineAt returns the 1-based line number of byte offset off.
func lineAt(data []byte, off int) int { return bytes.Count(data[:off], []byte("\n")) + 1 }

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

// sniffLen is how many leading bytes sniff looks at.
const sniffLen = 1024

// htmlStart matches the tags an HTML page or fragment starts with.
var htmlStart = regexp.MustCompile(`^<(?:!doctype html|!--|html|head|body|meta|title|link|div|p|article|section|main|header|h[1-6]|table|ul|ol|span|a|b|i|em|strong|br|img|figure|blockquote)[\s/>]`)

// sniff guesses the format of data from its first bytes.
func sniff(path string, data []byte) Format {
	if f := formatOfName(path); f != "" {
		return f
	}
	head := data
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	h := strings.ToLower(strings.TrimSpace(string(bytes.TrimPrefix(head, bom))))
	switch {
	case strings.HasPrefix(h, "<?xml") && (strings.Contains(h, "<rss") || strings.Contains(h, "<feed") || strings.Contains(h, "<rdf")),
		strings.HasPrefix(h, "<rss"), strings.HasPrefix(h, "<feed"), strings.HasPrefix(h, "<rdf"):
		return Feed
	case strings.HasPrefix(h, "<?xml") && strings.Contains(h, "<html"), htmlStart.MatchString(h):
		return HTML
	case strings.HasPrefix(h, "<?xml"):
		// XML that is neither a feed nor a page: the feed reader says so
		return Feed
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
var datelineISO = regexp.MustCompile(`(?i)^\s*(?:date:?\s+)?(\d{4})-(\d{2})-(\d{2})(?:\b|T\d)`)

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
			if d, err := attache.ParseDate(m[1] + "-" + m[2] + "-" + m[3]); err == nil && !d.IsZero() {
				return d
			}
		}
		if m := datelineLong.FindStringSubmatch(line); m != nil {
			month, day, year := m[1], m[2], m[3]
			if month == "" {
				month, day, year = m[5], m[4], m[6]
			}
			if t, err := time.Parse("January 2 2006", titleCase(month)+" "+day+" "+year); err == nil && t.Year() > 0 {
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
		return yield(nil, &Error{File: path, Err: pathErr(err)})
	}
	defer f.Close()
	return r.readJSONL(ctx, path, f, yield)
}

// readJSONL streams a JSONL file line by line, so its size is not bounded
// by memory; each line is one document.
func (r *Reader) readJSONL(ctx context.Context, path string, in io.Reader, yield yieldFunc) bool {
	lines := newLineReader(in, r.maxBytes())
	docs := 0
	for lines.next() {
		if cancelled(ctx, yield) {
			return false
		}
		n, raw := lines.n, bytes.TrimSpace(lines.line)
		if n == 1 {
			raw = bytes.TrimPrefix(raw, bom)
		}
		if lines.nulAt >= 0 {
			// one error for the file, not one per line of garbage
			return yield(nil, &Error{File: path, Err: fmt.Errorf("binary data (NUL byte at byte offset %d), not JSON Lines", lines.nulAt)})
		}
		if lines.tooLong {
			if !yield(nil, &Error{File: path, Line: n, Err: fmt.Errorf("line is over the %s limit for one document (raise it with --max-doc-bytes)", humanBytes(r.maxBytes()))}) {
				return false
			}
			docs++
			continue
		}
		if len(raw) == 0 {
			continue
		}
		if docs == 0 && (string(raw) == "{" || string(raw) == "[") {
			// A pretty-printed JSON document: say so once rather than
			// once for each of its lines.
			return yield(nil, &Error{File: path, Line: n, Err: errors.New("not JSON Lines: want one JSON object per line, and this looks like indented JSON")})
		}
		docs++
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
		return yield(nil, &Error{File: path, Line: lines.n + 1, Err: pathErr(err)})
	}
	if docs == 0 {
		return yield(nil, &Error{File: path, Err: errors.New("empty JSONL input: no documents to read")})
	}
	return true
}

func (r *Reader) jsonDocument(path string, line int, raw []byte) (*attache.Document, error) {
	if !utf8.Valid(raw) {
		return nil, fmt.Errorf("invalid UTF-8 (byte offset %d in the line): convert the file to UTF-8", invalidUTF8Offset(raw))
	}
	var j jsonDoc
	if err := json.Unmarshal(raw, &j); err != nil {
		return nil, fmt.Errorf("malformed JSON: %v", err)
	}
	if strings.TrimSpace(j.Text) == "" && strings.TrimSpace(j.HTML) == "" {
		return nil, errors.New(`no text: the "text" (or "html") field is missing or blank`)
	}
	var meta attache.Date
	for _, f := range []struct{ name, value string }{{"reference_date", j.ReferenceDate}, {"published", j.Published}, {"date", j.Date}} {
		if f.value == "" {
			continue
		}
		d, err := parseLooseDate(f.value)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", f.name, err)
		}
		meta = d
		break
	}
	id := j.ID
	if id == "" {
		id = fmt.Sprintf("%s:%d", idOf(filepath.Base(path)), line)
	}
	format, body := Text, j.Text
	if strings.TrimSpace(body) == "" {
		format, body = HTML, j.HTML
	}
	title := nfc(strings.Join(strings.Fields(j.Title), " "))
	if format == Text && title != "" && !strings.HasPrefix(strings.TrimSpace(nfc(body)), title) {
		body = title + "\n\n" + body
	}
	d, err := r.document(path, id, format, []byte(body), meta)
	if err != nil {
		return nil, err
	}
	d.URL, d.Publisher, d.Lang = firstNonEmpty(j.URL, d.URL), firstNonEmpty(j.Publisher, d.Publisher), firstNonEmpty(j.Lang, d.Lang)
	if title != "" {
		d.Title = title
	}
	return d, nil
}

// parseLooseDate reads the dates metadata carries: ISO dates, RFC 3339 and
// the RFC 1123 / RFC 822 forms of feeds.
func parseLooseDate(s string) (attache.Date, error) {
	s = strings.TrimSpace(s)
	if d, err := attache.ParseDate(s); err == nil {
		return d, nil
	}
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.RFC822Z, time.RFC822,
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04"} {
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
		return yield(nil, &Error{File: path, Err: pathErr(err)})
	}
	defer f.Close()
	// Files are opened through an os.Root, so neither "../" nor a symbolic
	// link leads a manifest out of its folder.
	root, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return yield(nil, &Error{File: path, Err: pathErr(err)})
	}
	defer root.Close()
	const maxLine = 1 << 20
	lines := newLineReader(f, maxLine)
	entries := 0
	for lines.next() {
		if cancelled(ctx, yield) {
			return false
		}
		raw := bytes.TrimSpace(lines.line)
		if lines.n == 1 {
			raw = bytes.TrimPrefix(raw, bom)
		}
		if lines.nulAt >= 0 {
			return yield(nil, &Error{File: path, Err: fmt.Errorf("binary data (NUL byte at byte offset %d), not a manifest", lines.nulAt)})
		}
		var d *attache.Document
		switch {
		case lines.tooLong:
			err = fmt.Errorf("manifest line is over the %s limit", humanBytes(maxLine))
		case len(raw) == 0:
			continue
		default:
			d, err = r.manifestDocument(root, raw)
		}
		entries++
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
		return yield(nil, &Error{File: path, Line: lines.n + 1, Err: pathErr(lines.err)})
	}
	if entries == 0 {
		return yield(nil, &Error{File: path, Err: errors.New("empty manifest: no documents listed")})
	}
	return true
}

func (r *Reader) manifestDocument(root *os.Root, raw []byte) (*attache.Document, error) {
	var m manifestLine
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("malformed JSON: %v", err)
	}
	if m.ID == "" || m.File == "" {
		return nil, errors.New(`manifest line needs "id" and "file"`)
	}
	if !filepath.IsLocal(m.File) {
		return nil, fmt.Errorf("file %q: must be a path inside the corpus folder", m.File)
	}
	meta, err := attache.ParseDate(m.ReferenceDate)
	if err != nil {
		return nil, fmt.Errorf("reference_date: %w", err)
	}
	format := Format(m.Format)
	switch format {
	case "", Text, HTML:
	default:
		return nil, fmt.Errorf("format %q: want text or html", m.Format)
	}
	f, err := root.Open(m.File)
	if err != nil {
		if strings.Contains(err.Error(), "escapes from parent") {
			return nil, fmt.Errorf("file %q: must be a path inside the corpus folder (a link leads out of it)", m.File)
		}
		return nil, fmt.Errorf("file %s: %w", m.File, pathErr(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, fmt.Errorf("file %s: is a directory", m.File)
	}
	data, err := readFrom(f, r.maxBytes())
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", m.File, err)
	}
	path := filepath.Join(root.Name(), m.File)
	if format == "" {
		if format = sniff(path, data); format != HTML {
			format = Text
		}
	}
	d, err := r.document(path, m.ID, format, data, meta)
	if err != nil {
		return nil, fmt.Errorf("file %s%s: %w", m.File, withLine(err), err)
	}
	d.Publisher, d.Lang = firstNonEmpty(m.Publisher, d.Publisher), firstNonEmpty(m.Lang, d.Lang)
	if m.URL != nil {
		d.URL = *m.URL
	}
	return d, nil
}

// readFeed reads an RSS, Atom or JSON feed: each item is a document whose
// text is its title and its content (or description) as plain text.
func (r *Reader) readFeed(ctx context.Context, path string, data []byte, yield yieldFunc) bool {
	if err := checkText(data); err != nil {
		return yield(nil, fileError(path, err))
	}
	feed, err := parseFeed(data)
	if err != nil {
		return yield(nil, &Error{File: path, Err: fmt.Errorf("not a readable RSS, Atom or JSON feed: %v", err)})
	}
	if len(feed.Items) == 0 {
		return yield(nil, &Error{File: path, Err: errors.New("feed has no items: nothing to read")})
	}
	for i, it := range feed.Items {
		if cancelled(ctx, yield) {
			return false
		}
		if it == nil {
			continue
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

// parseFeed runs gofeed, turning a panic inside it (a third-party parser
// fed arbitrary bytes) into an error.
func parseFeed(data []byte) (feed *gofeed.Feed, err error) {
	defer func() {
		if p := recover(); p != nil {
			feed, err = nil, fmt.Errorf("feed parser failed: %v", p)
		}
	}()
	return gofeed.NewParser().Parse(bytes.NewReader(data))
}

func (r *Reader) feedDocument(path string, feed *gofeed.Feed, i int, it *gofeed.Item) (*attache.Document, error) {
	body := it.Content
	if strings.TrimSpace(body) == "" {
		body = it.Description
	}
	text, err := htmltext.Flatten(strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	// Titles may carry markup or entities too.
	title, err := htmltext.Flatten(strings.NewReader(it.Title))
	if err != nil {
		return nil, err
	}
	title = nfc(strings.Join(strings.Fields(title), " "))
	text = nfc(text)
	if title != "" && !strings.HasPrefix(text, title) {
		text = strings.TrimSpace(title + "\n\n" + text)
	}
	if text == "" {
		return nil, errors.New("no title or text")
	}
	id := strings.TrimSpace(firstNonEmpty(it.GUID, it.Link))
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
	d := &attache.Document{ID: id, Source: path, Text: text, RefDate: meta, Title: title, URL: it.Link, Publisher: strings.TrimSpace(feed.Title), Lang: feed.Language}
	r.settle(d)
	return d, nil
}

// lineReader reads lines of any length, reporting those over max as too
// long without holding them in memory. The line ending does not count
// toward max.
type lineReader struct {
	r   *bufio.Reader
	max int64
	n   int   // number of the line read
	off int64 // bytes read
	// nulAt is the offset of a NUL byte in the first binaryHead bytes, or
	// -1: the input is binary, and reading stops there.
	nulAt   int64
	line    []byte
	tooLong bool
	err     error
}

func newLineReader(r io.Reader, max int64) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max, nulAt: -1}
}

func (l *lineReader) next() bool {
	if l.err != nil || l.nulAt >= 0 {
		return false
	}
	l.line, l.tooLong = l.line[:0], false
	var size int64 // bytes of the line read so far
	for {
		chunk, err := l.r.ReadSlice('\n')
		size += int64(len(chunk))
		if l.off < binaryHead {
			if i := bytes.IndexByte(chunk, 0); i >= 0 && l.off+int64(i) < binaryHead {
				l.nulAt = l.off + int64(i)
				l.n++
				return true
			}
		}
		l.off += int64(len(chunk))
		if !l.tooLong {
			if content := size - int64(eolLen(chunk, err, l.line)); content > l.max {
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
			if size == 0 {
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

// eolLen is the length of the line ending at the end of chunk, the last
// piece of a line: "\n", "\r\n" (the "\r" maybe at the end of the earlier
// pieces) or nothing.
func eolLen(chunk []byte, err error, before []byte) int {
	if err != nil || len(chunk) == 0 || chunk[len(chunk)-1] != '\n' {
		return 0
	}
	if len(chunk) >= 2 && chunk[len(chunk)-2] == '\r' {
		return 2
	}
	if len(chunk) == 1 && len(before) > 0 && before[len(before)-1] == '\r' {
		return 2
	}
	return 1
}
