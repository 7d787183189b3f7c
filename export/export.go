// Package export writes coded events as files other tools read: JSON Lines,
// CSV, a GDELT-style tab-separated layout and PLOVER JSON.
//
// Every format streams: NewWriter returns a Writer that encodes one event
// per Write into a buffer, and Flush or Close pushes the buffer to the
// underlying io.Writer. Close does not close that io.Writer.
//
//   - jsonl: one attache.StoredEvent per line, exactly as the store returns
//     it (the shape of `attache code`'s events, with "doc", "publisher",
//     "url", "sentence_text" and "cluster").
//   - csv: RFC 4180 as written by encoding/csv, a header row first; the
//     columns are CSVColumns. Text fields are written byte for byte; note
//     that encoding/csv's Reader turns a "\r\n" inside a quoted field into
//     "\n" (Python's csv module and R's readr keep it).
//   - gdelt: the 58 columns of a GDELT 1.0 event file, in GDELT's order,
//     then Attaché's own columns; see GDELTColumns and GDELT.md.
//   - plover: one PLOVER event record per line (JSON Lines, as the PLOVER
//     manual suggests, so a file streams and never needs a closing
//     bracket); see the plover format's notes on NewWriter.
//
// # Dates
//
// An Attaché date is known to the day, the month or the year, or not at
// all. No format invents the missing part: jsonl, csv and plover write
// "2025-01-14", "2024-10", "2023" or nothing, with the precision in a
// column of its own; gdelt writes zeros for the unknown part (SQLDATE
// 20241000, 20230000), see GDELT.md.
package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"attache"
	"attache/cameo"
)

// Format names an export format.
type Format string

const (
	JSONL  Format = "jsonl"  // one StoredEvent JSON object per line
	CSV    Format = "csv"    // RFC 4180 with a header row
	GDELT  Format = "gdelt"  // GDELT 1.0 event columns + Attaché columns, tab-separated
	PLOVER Format = "plover" // PLOVER event records, one JSON object per line
)

// Formats lists every format in the order help texts show them.
func Formats() []Format { return []Format{JSONL, CSV, GDELT, PLOVER} }

func (f Format) String() string { return string(f) }

// ParseFormat reads a format name; case and surrounding spaces are ignored.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	for _, g := range Formats() {
		if f == g {
			return f, nil
		}
	}
	return "", fmt.Errorf("export format %q: want jsonl, csv, gdelt or plover", s)
}

// ErrClosed is returned by Write and Flush after Close.
var ErrClosed = errors.New("export: writer is closed")

// Writer turns events into one export format. It is not safe for
// concurrent use.
type Writer interface {
	// Write encodes one event. It may keep the bytes in a buffer until
	// Flush or Close. An event the format leaves out (see Skipped) is not
	// an error.
	Write(e attache.StoredEvent) error
	// Flush writes any buffered data to the underlying io.Writer.
	Flush() error
	// Close flushes. It does not close the underlying io.Writer. Closing
	// twice is harmless.
	Close() error
	// Skipped reports how many events Write left out: events whose CAMEO
	// code has no PLOVER type, in the plover format without WithUnmapped.
	// The other formats write every event.
	Skipped() int
}

// Option changes what a Writer writes. Options that do not apply to a
// format are ignored by it.
type Option func(*options)

type options struct {
	header    bool
	dateAdded time.Time
	unmapped  bool
}

// WithHeader makes the gdelt format start with a line naming its columns
// (GDELT's own files have none). The csv format always has a header.
func WithHeader() Option { return func(o *options) { o.header = true } }

// WithDateAdded fills the gdelt DATEADDED column with t's UTC date
// (YYYYMMDD); without it the column is empty.
func WithDateAdded(t time.Time) Option { return func(o *options) { o.dateAdded = t } }

// WithUnmapped makes the plover format write events whose CAMEO code has
// no PLOVER type (CAMEO 01, public statements, which PLOVER drops) with
// "event": null instead of leaving them out.
func WithUnmapped() Option { return func(o *options) { o.unmapped = true } }

// encoder is one format's part of a Writer.
type encoder interface {
	// encode writes e; false means the format leaves e out.
	encode(e *attache.StoredEvent) (bool, error)
	flush() error
}

// NewWriter returns a Writer of format f on w.
//
// The codebook gives the plover format its event types and modes; nil
// selects the codebook built into the binary. The other formats write the
// codes, types and values the events carry and do not use it.
//
// The plover format follows the "JSON Data Fields" chapter of the PLOVER
// manual (Open Event Data Alliance, draft 0.7):
//
//	id            the event's id
//	date          "2025-01-14", "2024-10" or "2023" (ISO 8601 at the
//	              precision known), null when there is none
//	source        [actor], recipient [actor] (empty lists for an unknown
//	              actor); an actor is {"code": country or organisation,
//	              "sector", "actor_text", "identifier_text": the person,
//	              "office": the role}
//	event         [PLOVER type from the codebook], e.g. ["CONSULT"]
//	mode          [PLOVER mode from the codebook], e.g. ["visit"], or []
//	context       [] (topics will fill it)
//	event_loc     {"name", "latitude", "longitude", "cc3"}, absent when
//	              the event has no place
//	event_text    [the evidence text]
//	text          the whole sentence, when the store has it
//	text_info     {"sequence": sentence index, "start", "end": byte offsets
//	              of the evidence in the document}
//	cite_info     {"citation": document id, "url", "publication": publisher}
//	link          the cluster of reports of the same real-world event
//	quad_code     the CAMEO quad class the event carries (1–4)
//	event_scale   the Goldstein value
//
// followed by Attaché's own fields: "date_precision" ("day", "month",
// "year" or ""), "cameo" (the code, for reference), "attache_mode"
// (asserted, planned, negated or hypothetical: PLOVER has no field for
// it, so filter on it), "confidence" and "rule".
//
// PLOVER requires an event type and drops CAMEO 01, so events whose code
// has no PLOVER type in the codebook are left out and counted by Skipped;
// WithUnmapped writes them with "event": null instead.
func NewWriter(w io.Writer, f Format, cb *cameo.Codebook, opts ...Option) (Writer, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	bw := bufio.NewWriter(w)
	var enc encoder
	var err error
	switch f {
	case JSONL:
		enc = newJSONL(bw)
	case CSV:
		enc, err = newCSV(bw)
	case GDELT:
		enc, err = newGDELT(bw, o)
	case PLOVER:
		if cb == nil {
			if cb, err = cameo.Builtin(); err != nil {
				return nil, fmt.Errorf("export plover: %w", err)
			}
		}
		enc = newPLOVER(bw, cb, o)
	default:
		return nil, fmt.Errorf("export format %q: want jsonl, csv, gdelt or plover", string(f))
	}
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", f, err)
	}
	return &writer{format: f, enc: enc}, nil
}

// writer is the Writer of every format: it keeps the count of skipped
// events and the closed state, and wraps errors with the format and id.
type writer struct {
	format  Format
	enc     encoder
	skipped int
	closed  bool
}

func (w *writer) Write(e attache.StoredEvent) error {
	if w.closed {
		return ErrClosed
	}
	ok, err := w.enc.encode(&e)
	if err != nil {
		return fmt.Errorf("export %s: event %s: %w", w.format, e.ID, err)
	}
	if !ok {
		w.skipped++
	}
	return nil
}

func (w *writer) Flush() error {
	if w.closed {
		return ErrClosed
	}
	if err := w.enc.flush(); err != nil {
		return fmt.Errorf("export %s: %w", w.format, err)
	}
	return nil
}

func (w *writer) Close() error {
	if w.closed {
		return nil
	}
	err := w.Flush()
	w.closed = true
	return err
}

func (w *writer) Skipped() int { return w.skipped }
