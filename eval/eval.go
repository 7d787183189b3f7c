// Package eval scores coded documents against gold annotations exactly as
// ../shared/gold/GUIDE.md defines it: set-based "one a day" event keys at
// two strictnesses (M1 dyad-day-root, M2 directed-day-code) and a
// one-to-one matching of structured facts.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"attache"
	"attache/cameo"
)

// GoldEvent is one event of a gold line.
type GoldEvent struct {
	Source   attache.Country `json:"source"`
	Target   attache.Country `json:"target"`
	Codes    []cameo.Code    `json:"codes"`
	Date     attache.Date    `json:"date"`
	Optional bool            `json:"optional"`
	Quote    string          `json:"quote"`
}

// GoldDoc is one line of gold.jsonl.
type GoldDoc struct {
	Doc    string         `json:"doc"`
	Events []GoldEvent    `json:"events"`
	Facts  []attache.Fact `json:"facts"`
}

// ReadGold reads a gold.jsonl file; name is used in errors.
func ReadGold(r io.Reader, name string) ([]GoldDoc, error) {
	return readLines[GoldDoc](r, name, func(g *GoldDoc) error {
		if g.Doc == "" {
			return fmt.Errorf(`no "doc" id`)
		}
		for i, e := range g.Events {
			if len(e.Codes) == 0 {
				return fmt.Errorf("event %d has no codes", i+1)
			}
			for _, c := range e.Codes {
				if !c.Valid() {
					return fmt.Errorf("event %d: code %q is not a CAMEO code", i+1, c)
				}
			}
		}
		return nil
	})
}

// ReadRecords reads the JSONL output of `attache code`.
func ReadRecords(r io.Reader, name string) ([]attache.Record, error) {
	return readLines[attache.Record](r, name, func(rec *attache.Record) error {
		if rec.Doc == "" {
			return fmt.Errorf(`no "doc" id`)
		}
		return nil
	})
}

func readLines[T any](r io.Reader, name string, check func(*T) error) ([]T, error) {
	var out []T
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := strings.TrimSpace(sc.Text())
		if b == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(b), &v); err != nil {
			return nil, fmt.Errorf("%s:%d: malformed JSON: %v", name, line, err)
		}
		if err := check(&v); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, line, err)
	}
	return out, nil
}

// Counts are true positives, false alarms and misses.
type Counts struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

// Add sums counts.
func (c *Counts) Add(o Counts) { c.TP += o.TP; c.FP += o.FP; c.FN += o.FN }

// Precision is tp/(tp+fp); 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is tp/(tp+fn); 0 when nothing was required.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// MarshalJSON adds precision, recall and F1 to the counts.
func (c Counts) MarshalJSON() ([]byte, error) {
	type plain Counts
	return json.Marshal(struct {
		plain
		P  float64 `json:"precision"`
		R  float64 `json:"recall"`
		F1 float64 `json:"f1"`
	}{plain(c), round(c.Precision()), round(c.Recall()), round(c.F1())})
}

func round(x float64) float64 { return math.Round(x*10000) / 10000 }

// DocScore is the score of one article, with what was missed and what was
// a false alarm, written as keys.
type DocScore struct {
	Doc         string   `json:"doc"`
	M1          Counts   `json:"m1"`
	M2          Counts   `json:"m2"`
	Facts       Counts   `json:"facts"`
	Missing     bool     `json:"missing,omitempty"` // no prediction for this article
	Misses      []string `json:"misses,omitempty"`  // M2 keys
	FalseAlarms []string `json:"false_alarms,omitempty"`
	FactMisses  []string `json:"fact_misses,omitempty"`
	FactAlarms  []string `json:"fact_false_alarms,omitempty"`
}

// Report is the score of a corpus: micro-averaged over its articles.
type Report struct {
	Corpus string     `json:"corpus"`
	Docs   []DocScore `json:"docs,omitempty"`
	M1     Counts     `json:"m1"`
	M2     Counts     `json:"m2"`
	Facts  Counts     `json:"facts"`
}

// key is an event key: actors, date and code. For M1 the actors are sorted
// and the code is the root.
type key struct {
	a, b attache.Country
	date attache.Date
	code cameo.Code
}

func (k key) String() string {
	d := k.date.String()
	if d == "" {
		d = "null"
	}
	return fmt.Sprintf("%s→%s %s %s", k.a, k.b, d, k.code)
}

func m1Key(a, b attache.Country, d attache.Date, c cameo.Code) key {
	if b < a {
		a, b = b, a
	}
	return key{a, b, d, c.Root()}
}

// fits reports whether predicted key p fits gold key g: same actors,
// agreeing codes, and the gold date a prefix of the predicted one.
func fits(p, g key) bool {
	return p.a == g.a && p.b == g.b && p.code.Matches(g.code) && p.date.Fits(g.date)
}

// Score compares predictions with the gold, article by article. Articles
// in the gold without a prediction count all their required keys as
// misses; predictions for articles not in the gold are ignored.
func Score(corpus string, gold []GoldDoc, pred []attache.Record) Report {
	byDoc := make(map[string]*attache.Record, len(pred))
	for i := range pred {
		byDoc[pred[i].Doc] = &pred[i]
	}
	rep := Report{Corpus: corpus}
	for _, g := range gold {
		p, ok := byDoc[g.Doc]
		var ds DocScore
		if !ok {
			ds = ScoreDoc(g, &attache.Record{Doc: g.Doc})
			ds.Missing = true
		} else {
			ds = ScoreDoc(g, p)
		}
		rep.M1.Add(ds.M1)
		rep.M2.Add(ds.M2)
		rep.Facts.Add(ds.Facts)
		rep.Docs = append(rep.Docs, ds)
	}
	return rep
}

// ScoreDoc scores one article.
func ScoreDoc(g GoldDoc, p *attache.Record) DocScore {
	ds := DocScore{Doc: g.Doc}
	var req1, acc1, req2, acc2 []key
	for _, e := range g.Events {
		for i, c := range e.Codes {
			k1 := m1Key(e.Source, e.Target, e.Date, c)
			k2 := key{e.Source, e.Target, e.Date, c}
			acc1, acc2 = append(acc1, k1), append(acc2, k2)
			if i == 0 && !e.Optional {
				req1, req2 = append(req1, k1), append(req2, k2)
			}
		}
	}
	var pred1, pred2 []key
	for _, e := range p.Events {
		s, t := e.Source.Country, e.Target.Country
		if s == "" || t == "" || s == t || len(e.Code) < 3 {
			continue
		}
		pred1 = append(pred1, m1Key(s, t, e.Date, e.Code))
		pred2 = append(pred2, key{s, t, e.Date, e.Code})
	}
	ds.M1, _, _ = match(dedup(req1), acc1, dedup(pred1))
	ds.M2, ds.Misses, ds.FalseAlarms = match(dedup(req2), acc2, dedup(pred2))
	ds.Facts, ds.FactMisses, ds.FactAlarms = matchFacts(g.Facts, p.Facts)
	return ds
}

func dedup(ks []key) []key {
	seen := make(map[key]bool, len(ks))
	out := ks[:0:0]
	for _, k := range ks {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

func match(required, acceptable, predicted []key) (Counts, []string, []string) {
	var c Counts
	var misses, alarms []string
	for _, g := range required {
		hit := false
		for _, p := range predicted {
			if fits(p, g) {
				hit = true
				break
			}
		}
		if hit {
			c.TP++
		} else {
			c.FN++
			misses = append(misses, g.String())
		}
	}
	for _, p := range predicted {
		ok := false
		for _, g := range acceptable {
			if fits(p, g) {
				ok = true
				break
			}
		}
		if !ok {
			c.FP++
			alarms = append(alarms, p.String())
		}
	}
	sort.Strings(misses)
	sort.Strings(alarms)
	return c, misses, alarms
}

// stopwords are ignored when comparing agreement titles.
var stopwords = map[string]bool{"the": true, "of": true, "and": true, "on": true, "between": true,
	"in": true, "a": true, "an": true, "for": true, "to": true}

func titleWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 || r == '\'' || r == '-')
	}) {
		if !stopwords[w] {
			out = append(out, w)
		}
	}
	return out
}

// FactMatches reports whether predicted fact p matches gold fact g.
func FactMatches(p, g attache.Fact) bool {
	if p.Kind != g.Kind || !sameParties(p.Parties, g.Parties) {
		return false
	}
	switch g.Kind {
	case attache.Agreement:
		gw := titleWords(g.Title)
		have := map[string]bool{}
		for _, w := range titleWords(p.Title) {
			have[w] = true
		}
		n := 0
		for _, w := range gw {
			if have[w] {
				n++
			}
		}
		return 2*n >= len(gw) && p.Date.Fits(g.Date)
	case attache.Trade:
		return p.Period == g.Period && math.Abs(p.Value-g.Value) <= 0.01*math.Abs(g.Value)
	case attache.TradeGrowth:
		return math.Abs(p.Percent-g.Percent) <= 0.5
	case attache.Relationship:
		return strings.EqualFold(strings.TrimSpace(p.Level), strings.TrimSpace(g.Level))
	case attache.RelationsEstablished:
		return p.Date.Year == g.Date.Year && g.Date.Year != 0
	}
	return false
}

func sameParties(a, b []attache.Country) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]attache.Country(nil), a...)
	y := append([]attache.Country(nil), b...)
	sort.Slice(x, func(i, j int) bool { return x[i] < x[j] })
	sort.Slice(y, func(i, j int) bool { return y[i] < y[j] })
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// matchFacts finds a maximum one-to-one matching between predicted and
// gold facts (augmenting paths; the lists are short).
func matchFacts(gold, pred []attache.Fact) (Counts, []string, []string) {
	goldOf := make([]int, len(pred)) // pred index → matched gold index
	for i := range goldOf {
		goldOf[i] = -1
	}
	var try func(g int, seen []bool) bool
	try = func(g int, seen []bool) bool {
		for p := range pred {
			if seen[p] || !FactMatches(pred[p], gold[g]) {
				continue
			}
			seen[p] = true
			if goldOf[p] < 0 || try(goldOf[p], seen) {
				goldOf[p] = g
				return true
			}
		}
		return false
	}
	matched := make([]bool, len(gold))
	for g := range gold {
		matched[g] = try(g, make([]bool, len(pred)))
	}
	var c Counts
	var misses, alarms []string
	// A gold fact may have lost its partner to a later augmenting path;
	// recount from the final assignment.
	for g := range matched {
		matched[g] = false
	}
	for p, g := range goldOf {
		if g >= 0 {
			matched[g] = true
			c.TP++
		} else {
			c.FP++
			alarms = append(alarms, describeFact(pred[p]))
		}
	}
	for g, ok := range matched {
		if !ok {
			c.FN++
			misses = append(misses, describeFact(gold[g]))
		}
	}
	return c, misses, alarms
}

func describeFact(f attache.Fact) string {
	parts := make([]string, len(f.Parties))
	for i, p := range f.Parties {
		parts[i] = string(p)
	}
	s := fmt.Sprintf("%s %s", f.Kind, strings.Join(parts, "-"))
	switch f.Kind {
	case attache.Agreement:
		s += fmt.Sprintf(" %q %s", f.Title, f.Date)
	case attache.Trade:
		s += fmt.Sprintf(" %s %.0f %s", f.Period, f.Value, f.Currency)
	case attache.TradeGrowth:
		s += fmt.Sprintf(" %g%% %s", f.Percent, f.Basis)
	case attache.Relationship:
		s += fmt.Sprintf(" %q %s", f.Level, f.Status)
	case attache.RelationsEstablished:
		s += " " + f.Date.String()
	}
	return s
}
