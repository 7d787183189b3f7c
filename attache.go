// Package attache holds the domain types shared by every stage of the
// Attaché pipeline: the document being read, the spans found in it, and the
// events and facts coded from it. It imports nothing from the project except
// the CAMEO code type, so every other package can depend on it.
package attache

import (
	"context"
	"time"
)

// Span is a half-open byte range [Start, End) into Document.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the length of the span in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Contains reports whether o lies entirely inside s.
func (s Span) Contains(o Span) bool { return o.Start >= s.Start && o.End <= s.End }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Document is one article moving through the pipeline. Text is exactly what
// the reader returned (HTML already reduced to its main text, NFC); no stage
// rewrites it, so every span keeps pointing at the original characters.
type Document struct {
	ID        string
	Source    string // file or URL the document came from, for error messages
	Publisher string
	URL       string
	Title     string
	Lang      string
	RefDate   Date // anchor for dates written without a year; zero when unknown
	Text      string

	Leftovers []Leftover // web-page leftovers that are not part of the story
	Sentences []Sentence
	Tokens    []Token
	Events    []Event
	Facts     []Fact
	Warnings  []Warning
}

// Slice returns the text under s.
func (d *Document) Slice(s Span) string { return d.Text[s.Start:s.End] }

// Leftover is a region of a page that is not part of the story: a menu, a
// "most read" block, a photo caption, a comment box.
type Leftover struct {
	Span
	Reason string `json:"reason"`
}

// Sentence is a sentence of the story. Tokens indexes Document.Tokens.
type Sentence struct {
	Span
	Index    int  `json:"index"`
	Headline bool `json:"headline,omitempty"` // a line that ends without punctuation: headline, title, dateline
	// FirstToken and EndToken delimit the sentence's tokens in Document.Tokens.
	FirstToken, EndToken int
}

// TokenKind says what a token is made of.
type TokenKind uint8

const (
	Word TokenKind = iota
	Number
	Punct
)

// Token is a word, number or punctuation mark. Norm is its folded form used
// for matching (lower case, diacritics, quotes and dashes folded).
type Token struct {
	Span
	Kind TokenKind
	Norm string
}

// Warning is something the pipeline noticed and the user may want to know:
// a document without a reference date, a sentence too long to code.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Span    *Span  `json:"span,omitempty"`
}

// Stage is one step of the pipeline: it reads and extends the document.
type Stage interface {
	Process(ctx context.Context, d *Document) error
}

// StageFunc turns a plain function into a Stage.
type StageFunc func(context.Context, *Document) error

// Process calls f.
func (f StageFunc) Process(ctx context.Context, d *Document) error { return f(ctx, d) }

// Now is the clock used where a default reference date is needed; it is a
// parameter of the commands, never read from a package global.
type Clock func() time.Time
