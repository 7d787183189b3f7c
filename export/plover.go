package export

import (
	"bufio"
	"encoding/json"

	"attache"
	"attache/cameo"
)

// ploverRecord is one PLOVER event record; NewWriter documents the fields.
// The standard fields come first, then Attaché's.
type ploverRecord struct {
	ID         string          `json:"id"`
	Date       attache.Date    `json:"date"` // null when there is none
	Source     []ploverActor   `json:"source"`
	Recipient  []ploverActor   `json:"recipient"`
	Event      []string        `json:"event"` // null for an unmapped code (WithUnmapped)
	Mode       []string        `json:"mode"`
	Context    []string        `json:"context"`
	EventLoc   *ploverLocation `json:"event_loc,omitempty"`
	EventText  []string        `json:"event_text"`
	Text       string          `json:"text,omitempty"`
	TextInfo   ploverTextInfo  `json:"text_info"`
	CiteInfo   ploverCiteInfo  `json:"cite_info"`
	Link       string          `json:"link,omitempty"`
	QuadCode   int             `json:"quad_code,omitempty"`
	EventScale float64         `json:"event_scale"`

	DatePrecision string       `json:"date_precision"`
	Cameo         cameo.Code   `json:"cameo"`
	AttacheMode   attache.Mode `json:"attache_mode"`
	Confidence    float64      `json:"confidence"`
	Rule          string       `json:"rule,omitempty"`
}

// ploverActor is the manual's actor object.
type ploverActor struct {
	Code           string `json:"code,omitempty"`
	Sector         string `json:"sector,omitempty"`
	ActorText      string `json:"actor_text,omitempty"`
	IdentifierText string `json:"identifier_text,omitempty"`
	Office         string `json:"office,omitempty"`
}

// ploverLocation is the part of the manual's geonames location object
// Attaché knows; "cc3" is the manual's field for an alpha-3 country code.
type ploverLocation struct {
	Name      string  `json:"name"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
	CC3       string  `json:"cc3,omitempty"`
}

// ploverTextInfo places the evidence: the sentence's index and the byte
// offsets of event_text[0] in the document.
type ploverTextInfo struct {
	Sequence int `json:"sequence"`
	Start    int `json:"start"`
	End      int `json:"end"`
}

// ploverCiteInfo is the manual's citation object.
type ploverCiteInfo struct {
	Citation    string `json:"citation"` // the document id
	URL         string `json:"url,omitempty"`
	Publication string `json:"publication,omitempty"`
}

// ploverEncoder writes one PLOVER record per line.
type ploverEncoder struct {
	bw       *bufio.Writer
	enc      *json.Encoder
	cb       *cameo.Codebook
	unmapped bool
}

func newPLOVER(bw *bufio.Writer, cb *cameo.Codebook, o options) *ploverEncoder {
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &ploverEncoder{bw: bw, enc: enc, cb: cb, unmapped: o.unmapped}
}

func (p *ploverEncoder) encode(e *attache.StoredEvent) (bool, error) {
	r := ploverRecord{
		ID:        e.ID,
		Date:      e.Date,
		Source:    ploverActors(e.Source),
		Recipient: ploverActors(e.Target),
		Mode:      []string{},
		Context:   []string{},
		EventText: []string{e.Evidence.Text},
		Text:      e.SentenceText,
		TextInfo:  ploverTextInfo{Sequence: e.Sentence, Start: e.Evidence.Start, End: e.Evidence.End},
		CiteInfo:  ploverCiteInfo{Citation: e.Doc, URL: e.URL, Publication: e.Publisher},
		Link:      e.Cluster,
		QuadCode:  e.Quad,

		EventScale:    e.Goldstein,
		DatePrecision: precision(e.Date),
		Cameo:         e.Code,
		AttacheMode:   e.Mode,
		Confidence:    e.Confidence,
		Rule:          e.Rule,
	}
	if ent, ok := p.cb.Lookup(e.Code); ok && ent.Plover != "" {
		r.Event = []string{ent.Plover}
		if ent.PloverMode != "" {
			r.Mode = []string{ent.PloverMode}
		}
	} else if !p.unmapped {
		return false, nil
	}
	if pl := e.Place; pl != nil {
		r.EventLoc = &ploverLocation{Name: pl.Name, Latitude: pl.Lat, Longitude: pl.Lon, CC3: string(pl.Country)}
	}
	return true, p.enc.Encode(&r)
}

func (p *ploverEncoder) flush() error { return p.bw.Flush() }

// ploverActors returns a as a one-actor list, or an empty list when the
// event names no such actor.
func ploverActors(a attache.Actor) []ploverActor {
	if a.Country == "" && a.Code == "" && a.Text == "" && a.Person == "" {
		return []ploverActor{}
	}
	code := string(a.Country)
	if code == "" {
		code = a.Code
	}
	return []ploverActor{{
		Code:           code,
		Sector:         string(a.Sector),
		ActorText:      a.Text,
		IdentifierText: a.Person,
		Office:         a.Role,
	}}
}
