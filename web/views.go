package web

import (
	"fmt"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"

	"attache"
	"attache/cameo"
)

// Addresses of the pages. Every ID is path-escaped: document IDs may hold
// '/', '#' or '?', and the mux unescapes each segment again.
func docURL(id string) string     { return "/document/" + url.PathEscape(id) }
func eventURL(id string) string   { return "/event/" + url.PathEscape(id) }
func clusterURL(id string) string { return "/cluster/" + url.PathEscape(id) }
func countryURL(c attache.Country) string {
	return "/country/" + url.PathEscape(string(c))
}
func dyadURL(a, b attache.Country) string {
	return "/dyad/" + url.PathEscape(string(a)) + "/" + url.PathEscape(string(b))
}

// webURL returns u when it is an absolute http or https address, which is
// all a page links to as a source; anything else gives "".
func webURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" || (p.Scheme != "http" && p.Scheme != "https") {
		return ""
	}
	return p.String()
}

// name returns the display name of a party, or its code when it has none.
func (s *server) name(c attache.Country) string {
	if s.names != nil {
		if n := s.names(c); n != "" {
			return n
		}
	}
	return string(c)
}

// codeName returns the codebook name of a CAMEO code.
func (s *server) codeName(c cameo.Code) string {
	if e, ok := s.cb.Lookup(c); ok {
		return e.Name
	}
	return ""
}

var quadNames = [...]string{1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}

func quadName(q int) string {
	if q >= 1 && q < len(quadNames) {
		return quadNames[q]
	}
	return "Unknown"
}

// goldstein formats a Goldstein value with its sign.
func goldstein(v float64) string {
	if math.Abs(v) < 0.05 {
		return "0.0"
	}
	return fmt.Sprintf("%+.1f", v)
}

// tone is the CSS class of a Goldstein value: cooperative, neutral or
// conflictual.
func tone(v float64) string {
	switch {
	case v >= 0.5:
		return "coop"
	case v <= -0.5:
		return "conf"
	}
	return "neutral"
}

func (s *server) funcs() template.FuncMap {
	return template.FuncMap{
		"static":     s.staticURL,
		"name":       s.name,
		"clusterURL": clusterURL,
		"countryURL": countryURL,
		"dyadURL":    dyadURL,
		"goldstein":  goldstein,
		"tone":       tone,
		"percent":    func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "%" },
		"amount":     amount,
		"confidence": func(v float64) string { return fmt.Sprintf("%.0f%%", v*100) },
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return "1 " + one
			}
			return strconv.Itoa(n) + " " + many
		},
		"inc":   func(i int) int { return i + 1 },
		"facet": func(title string, links []facetLink) facetGroup { return facetGroup{title, links} },
	}
}

// amount writes a sum of money in full, to a tenth of its unit:
// "US$159.7 million", "EUR 2.5 billion", "US$950,000".
func amount(v float64, currency string) string {
	var n string
	switch a := math.Abs(v); {
	case a >= 1e9:
		n = strconv.FormatFloat(math.Round(v/1e8)/10, 'f', -1, 64) + " billion"
	case a >= 1e6:
		n = strconv.FormatFloat(math.Round(v/1e5)/10, 'f', -1, 64) + " million"
	default:
		n = thousands(int64(math.Round(v)))
	}
	switch currency {
	case "":
		return n
	case "USD":
		return "US$" + n
	}
	return currency + " " + n
}

// thousands writes n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// party is an event's source or target as a page shows it.
type party struct {
	attache.Actor
	Name string // display name of the country
}

// eventView is an event as the lists and detail blocks show it.
type eventView struct {
	attache.StoredEvent
	Index            int // position in its document's events, for #event-N
	Source, Target   party
	CodeName         string
	RootName         string
	QuadName         string
	Marked           template.HTML // the sentence with the evidence marked
	SourceURL        string        // the article's URL when it is http(s)
	DateText         string
	HasSentence      bool
	DocURL, EventURL string
	DyadURL          string // the pair's page, when the event is between two parties
}

// eventView builds the view of a stored event. sentence is the full
// sentence text and at the evidence's offset in it (-1 when unknown).
func (s *server) eventView(e attache.StoredEvent, sentence string, at int) eventView {
	v := eventView{
		StoredEvent: e,
		Index:       -1,
		Source:      party{Actor: e.Source, Name: s.name(e.Source.Country)},
		Target:      party{Actor: e.Target, Name: s.name(e.Target.Country)},
		CodeName:    s.codeName(e.Code),
		RootName:    s.codeName(e.Root),
		QuadName:    quadName(e.Quad),
		SourceURL:   webURL(e.URL),
		DateText:    e.Date.String(),
		DocURL:      docURL(e.Doc),
		EventURL:    eventURL(e.ID),
	}
	if a, b := e.Source.Country, e.Target.Country; a != "" && b != "" && a != b {
		v.DyadURL = dyadURL(a, b)
	}
	if v.DateText == "" {
		v.DateText = "undated"
	}
	if sentence == "" {
		sentence = e.SentenceText
	}
	if sentence != "" {
		v.HasSentence = true
		v.Marked = markEvidence(sentence, e.Evidence.Text, at)
	} else {
		v.Marked = markEvidence(e.Evidence.Text, e.Evidence.Text, 0)
	}
	return v
}

func (s *server) eventViews(evs []attache.StoredEvent) []eventView {
	out := make([]eventView, len(evs))
	for i, e := range evs {
		out[i] = s.eventView(e, "", -1)
	}
	return out
}

// dyadView is a pair of parties with how active it is.
type dyadView struct {
	attache.DyadCount
	AName, BName string
	URL          string
	Tone         string
}

func (s *server) dyadViews(ds []attache.DyadCount) []dyadView {
	out := make([]dyadView, len(ds))
	for i, d := range ds {
		out[i] = dyadView{DyadCount: d, AName: s.name(d.A), BName: s.name(d.B), URL: dyadURL(d.A, d.B), Tone: tone(d.Goldstein)}
	}
	return out
}

// factView is a fact with the links to its sources.
type factView struct {
	attache.StoredFact
	DocURL    string
	SourceURL string
	Parties   string
}

func (s *server) factViews(fs []attache.StoredFact) []factView {
	out := make([]factView, len(fs))
	for i, f := range fs {
		names := make([]string, len(f.Parties))
		for j, c := range f.Parties {
			names[j] = s.name(c)
		}
		out[i] = factView{StoredFact: f, DocURL: docURL(f.Doc), SourceURL: webURL(f.URL), Parties: strings.Join(names, " – ")}
	}
	return out
}

// facetLink is one value of a facet, linking to the search with that
// filter added.
type facetLink struct {
	Label string
	Value string
	Count int
	URL   string
	On    bool // the filter is set to this value already
}

// withParams returns the search address of q with the given parameters
// set ("" deletes one) and the page cursor dropped.
func withParams(q url.Values, kv ...string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = append([]string(nil), v...)
	}
	c.Del("cursor")
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			c.Del(kv[i])
		} else {
			c.Set(kv[i], kv[i+1])
		}
	}
	if len(c) == 0 {
		return "/search"
	}
	return "/search?" + c.Encode()
}

// facetGroup is one facet's links under a heading.
type facetGroup struct {
	Title string
	Links []facetLink
}
