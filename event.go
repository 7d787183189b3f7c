package attache

import (
	"encoding/json"
	"fmt"

	"attache/cameo"
)

// Country is an ISO 3166-1 alpha-3 code ("VNM") or an organisation code
// ("UN", "ASEAN") as listed in the gold guide.
type Country string

// Sector is a CAMEO-style actor role: GOV, MIL, DIP, PTY, BUS, ...
type Sector string

// ActorCode joins a country and a sector: "VNMGOV".
func ActorCode(c Country, s Sector) string { return string(c) + string(s) }

// Actor is one party of an event, as the text names it and as resolved.
type Actor struct {
	Text    string  `json:"text"`
	Code    string  `json:"code"`
	Country Country `json:"country"`
	Sector  Sector  `json:"sector,omitempty"`
	Person  string  `json:"person,omitempty"`
	Role    string  `json:"role,omitempty"`
	Span    *Span   `json:"span,omitempty"`
}

// Mode says whether the text asserts that an act happened.
type Mode uint8

const (
	Asserted Mode = iota
	Planned
	Negated
	Hypothetical
)

var modeNames = [...]string{"asserted", "planned", "negated", "hypothetical"}

func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", m)
}

// MarshalJSON writes the mode's name.
func (m Mode) MarshalJSON() ([]byte, error) { return json.Marshal(m.String()) }

// UnmarshalJSON reads a mode name.
func (m *Mode) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	for i, n := range modeNames {
		if n == s {
			*m = Mode(i)
			return nil
		}
	}
	return fmt.Errorf("mode %q: want asserted, planned, negated or hypothetical", s)
}

// Place is where an event happened.
type Place struct {
	Name    string  `json:"name"`
	Country Country `json:"country,omitempty"`
	Lat     float64 `json:"lat"`
	Lon     float64 `json:"lon"`
}

// Evidence is the exact text an event or fact was coded from.
type Evidence struct {
	Span
	Text string `json:"text"`
}

// Event is one coded act: who did what to whom, when and where, with the
// span of text that says so and the rule that read it.
type Event struct {
	ID            string     `json:"id"`
	Doc           string     `json:"doc"`
	Sentence      int        `json:"sentence"`
	Source        Actor      `json:"source"`
	Target        Actor      `json:"target"`
	Code          cameo.Code `json:"cameo"`
	Root          cameo.Code `json:"root"`
	Plover        string     `json:"plover,omitempty"`
	Quad          int        `json:"quad"`
	Goldstein     float64    `json:"goldstein"`
	Date          Date       `json:"date"`
	DatePrecision string     `json:"date_precision,omitempty"`
	Place         *Place     `json:"place,omitempty"`
	Mode          Mode       `json:"mode"`
	Confidence    float64    `json:"confidence"`
	Evidence      Evidence   `json:"evidence"`
	Rule          string     `json:"rule,omitempty"`
}

// FactKind names the kinds of structured facts of the gold guide.
type FactKind string

const (
	Agreement            FactKind = "agreement"
	Trade                FactKind = "trade"
	TradeGrowth          FactKind = "trade_growth"
	Relationship         FactKind = "relationship"
	RelationsEstablished FactKind = "relations_established"
)

// Fact is a structured statement of the article: an agreement signed, a
// trade volume, a partnership framework. Fields not used by a kind are empty.
type Fact struct {
	Kind      FactKind  `json:"kind"`
	Parties   []Country `json:"parties"`
	Title     string    `json:"title,omitempty"`
	Date      Date      `json:"date,omitzero"`
	Period    string    `json:"period,omitempty"`
	Value     float64   `json:"value,omitempty"`
	Currency  string    `json:"currency,omitempty"`
	Qualifier string    `json:"qualifier,omitempty"`
	Percent   float64   `json:"percent,omitempty"`
	Basis     string    `json:"basis,omitempty"`
	Level     string    `json:"level,omitempty"`
	Status    string    `json:"status,omitempty"`
	Evidence  *Evidence `json:"evidence,omitempty"`
}

// Record is what `attache code` writes for one document: the same shape as
// a line of gold.jsonl, so eval can read either.
type Record struct {
	Doc           string    `json:"doc"`
	ReferenceDate Date      `json:"reference_date"`
	Publisher     string    `json:"publisher,omitempty"`
	URL           string    `json:"url,omitempty"`
	Events        []Event   `json:"events"`
	Facts         []Fact    `json:"facts"`
	Warnings      []Warning `json:"warnings"`
	// Sentences and Leftovers are written with `attache code --explain`:
	// what the splitter and the cleaner saw.
	Sentences []SentenceOut `json:"sentences,omitempty"`
	Leftovers []Leftover    `json:"leftovers,omitempty"`
}

// SentenceOut is a sentence as written by `attache code --explain`.
type SentenceOut struct {
	Span
	Index    int    `json:"index"`
	Headline bool   `json:"headline,omitempty"`
	Text     string `json:"text"`
}

// Explain adds the document's sentences and leftovers to r.
func (r *Record) Explain(d *Document) {
	r.Leftovers = d.Leftovers
	r.Sentences = make([]SentenceOut, len(d.Sentences))
	for i, s := range d.Sentences {
		r.Sentences[i] = SentenceOut{Span: s.Span, Index: s.Index, Headline: s.Headline, Text: d.Slice(s.Span)}
	}
}

// RecordOf builds the output record of a processed document.
func RecordOf(d *Document) Record {
	r := Record{Doc: d.ID, ReferenceDate: d.RefDate, Publisher: d.Publisher, URL: d.URL,
		Events: d.Events, Facts: d.Facts, Warnings: d.Warnings}
	if r.Events == nil {
		r.Events = []Event{}
	}
	if r.Facts == nil {
		r.Facts = []Fact{}
	}
	if r.Warnings == nil {
		r.Warnings = []Warning{}
	}
	return r
}
