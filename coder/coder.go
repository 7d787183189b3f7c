// Package coder reads a segmented document and codes its international
// events and facts: it recognises actors with the lexicon, resolves
// surnames, pronouns and "the two sides" within the document, finds event
// phrases and takes source and target from the clause around them, dates
// each event and keeps the exact evidence span.
package coder

import (
	"context"
	"fmt"
	"log/slog"

	"attache"
	"attache/cameo"
	"attache/dates"
	"attache/lexicon"
)

// Version changes whenever the coder's rules change in a way that changes
// its output; stored events record it so `attache recode` knows what to redo.
const Version = "1"

// Coder codes documents. It is read-only after New and shared by workers.
type Coder struct {
	lex *lexicon.Lexicon
	cb  *cameo.Codebook
	log *slog.Logger
	// AllModes keeps planned, negated and hypothetical events in the
	// output; by default only asserted events are reported.
	AllModes bool
}

// New returns a coder over a loaded lexicon and codebook. A nil logger
// discards.
func New(lex *lexicon.Lexicon, cb *cameo.Codebook, log *slog.Logger) *Coder {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Coder{lex: lex, cb: cb, log: log}
}

// maxSentenceTokens bounds the work on one sentence: longer ones are
// almost always run-on web text, not prose.
const maxSentenceTokens = 300

// Process codes d: it fills d.Events and d.Facts.
func (c *Coder) Process(ctx context.Context, d *attache.Document) error {
	ds := &docState{d: d, ref: d.RefDate, people: map[string]*actor{}}
	ds.actors = make([][]*actor, len(d.Sentences))
	ds.dates = make([][]dates.Expr, len(d.Sentences))
	ds.here = make([]attache.Date, len(d.Sentences))
	for i, s := range d.Sentences {
		if s.EndToken-s.FirstToken > maxSentenceTokens {
			d.Warnings = append(d.Warnings, attache.Warning{Code: "long-sentence",
				Message: fmt.Sprintf("sentence %d has %d tokens; not coded", i, s.EndToken-s.FirstToken), Span: &attache.Span{Start: s.Start, End: s.End}})
			continue
		}
		ds.actors[i] = c.recognize(ds, s)
		ds.dates[i] = dates.Find(d.Tokens, s.FirstToken, s.EndToken, ds.ref)
	}
	ds.findDyad()
	// Officials placed only by their counterpart ("Deputy Foreign
	// Minister Le Thi Thu Hang … her Uzbek counterpart") are named later
	// by surname alone: once placed, read the sentences again so that
	// "Hang" is found.
	named := false
	for i := range d.Sentences {
		named = settleByCounterpart(ds, ds.actors[i]) || named
	}
	if named {
		for i, s := range d.Sentences {
			if ds.actors[i] != nil {
				ds.actors[i] = c.recognize(ds, s)
				settleByCounterpart(ds, ds.actors[i])
			}
		}
	}
	ds.findAnchor()
	ds.findHome()
	for i, s := range d.Sentences {
		if err := ctx.Err(); err != nil {
			return err
		}
		if ds.actors[i] == nil && len(ds.dates[i]) == 0 {
			continue
		}
		c.codeSentence(ds, i, s)
	}
	c.facts(ds)
	for i := range d.Events {
		d.Events[i].ID = fmt.Sprintf("%s#%d", d.ID, i)
		d.Events[i].Doc = d.ID
	}
	return nil
}

// findAnchor sets the date of the story's occasion: the first single day
// of the lead (its first sentences of prose) that is not in the future;
// failing that, the first span of days ("from October 6-7"); failing that,
// the reference date.
func (ds *docState) findAnchor() {
	ds.anchor = ds.ref
	var rangeStart attache.Date
	prose := 0
	for si := 0; si < len(ds.dates) && prose < 6; si++ {
		s := ds.d.Sentences[si]
		if !s.Headline && s.EndToken-s.FirstToken >= 6 {
			prose++
		}
		for _, e := range ds.dates[si] {
			if e.Future || e.Date.Precision() != attache.DayPrecision {
				continue
			}
			if !ds.ref.IsZero() && e.Date.Time().After(ds.ref.Time()) {
				continue
			}
			if e.Kind == dates.Range {
				if rangeStart.IsZero() {
					rangeStart = e.Date
					if !ds.ref.IsZero() && !ds.ref.Time().Before(e.Date.Time()) && !ds.ref.Time().After(e.Last.Time()) {
						rangeStart = ds.ref // an ongoing visit: the reference date is the day
					}
				}
				continue
			}
			ds.anchor = e.Date
			return
		}
	}
	if !rangeStart.IsZero() {
		ds.anchor = rangeStart
	}
}
