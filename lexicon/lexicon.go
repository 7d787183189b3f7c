// Package lexicon loads Attaché's dictionaries — countries, organisations,
// titles, office holders, places and event phrases — from TSV data files.
// The built-in files in data/ are compiled into the binary; each user
// directory given to Load is read after them, and a later entry replaces an
// earlier one with the same key. Every entry keeps its file:line so the
// coder can say which line made it code what it coded.
//
// A Lexicon is read-only once loaded and safe for concurrent use.
package lexicon

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"attache"
	"attache/cameo"
	"attache/segment"
)

//go:embed data/*.tsv
var builtin embed.FS

// Builtin returns the built-in data files.
func Builtin() fs.FS {
	sub, err := fs.Sub(builtin, "data")
	if err != nil {
		panic(err) // the embedded tree always has data/
	}
	return sub
}

// SyntaxError is a malformed line of a data file.
type SyntaxError struct {
	File string
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// Kind says what a dictionary entry names.
type Kind uint8

const (
	CountryName Kind = iota + 1
	CountryAdjective
	Capital
	Metonym
	Org
	Title
	PersonName
	PlaceName
)

var kindNames = map[Kind]string{CountryName: "country", CountryAdjective: "adjective", Capital: "capital",
	Metonym: "metonym", Org: "organisation", Title: "title", PersonName: "person", PlaceName: "place"}

func (k Kind) String() string { return kindNames[k] }

// Entry is one dictionary phrase and what it stands for.
type Entry struct {
	Kind    Kind
	Phrase  string // as written in the data file
	Country attache.Country
	Sector  attache.Sector
	Role    string  // titles and people
	Person  *Person // people
	Place   *Place  // places
	Src     string  // file:line
	// Exact entries (short all-capital abbreviations such as US, UN) match
	// only text written in capitals, so "us" the pronoun is not the USA.
	Exact bool
}

// Person is an office holder with dates in office.
type Person struct {
	Name     string
	Country  attache.Country
	Sector   attache.Sector
	Role     string
	From, To attache.Date // To is zero while in office
	Aliases  []string
	Src      string
}

// InOffice reports whether the person held the office on d (a zero d, or a
// zero bound, is not held against them).
func (p *Person) InOffice(d attache.Date) bool {
	if d.IsZero() {
		return true
	}
	t := d.Time()
	if !p.From.IsZero() && t.Before(p.From.Time().AddDate(0, 0, -1)) {
		return false
	}
	if !p.To.IsZero() && t.After(p.To.Time().AddDate(0, 0, 1)) {
		return false
	}
	return true
}

// Place is a city or site with its country and coordinates.
type Place struct {
	Name     string
	Country  attache.Country
	Lat, Lon float64
	Src      string
}

// Frame says where an event phrase finds its source and target.
type Frame uint8

const (
	SVO   Frame = iota + 1 // subject → object
	SYM                    // joint act, both directions
	PASS                   // object before, "by" agent after
	VISIT                  // source travels to target (042, and 043 back)
	HOST                   // source hosts target (043, and 042 back)
	NOUN                   // nominal event: between X and Y, with X
)

var frameNames = map[string]Frame{"SVO": SVO, "SYM": SYM, "PASS": PASS, "VISIT": VISIT, "HOST": HOST, "NOUN": NOUN}

func (f Frame) String() string {
	for n, v := range frameNames {
		if v == f {
			return n
		}
	}
	return "?"
}

// EventPhrase is one alternative of an event-phrase line: a token pattern
// with `*` wildcards, its CAMEO code and frame.
type EventPhrase struct {
	Code    cameo.Code
	Frame   Frame
	Pattern []string // folded tokens; "*" matches 0–3 tokens
	Text    string
	Src     string
	// Base marks a phrase opening with a verb's base form ("congratulate"
	// beside "congratulates" and "congratulated" on its line). In news
	// prose a base form is an infinitive or follows a modal — "to
	// congratulate", "will condemn" — so the coder reads it as
	// unasserted unless a headline or a plural subject carries it.
	Base bool
}

// Lexicon is the loaded dictionary.
type Lexicon struct {
	phrases *trie
	// events indexes phrases by their first token, then by their second
	// ("" for one-word phrases, "*" for a wildcard second), so a token
	// is tried only against phrases that can match it.
	events    map[string]map[string][]*EventPhrase
	countries map[attache.Country]string
	people    []*Person
	nEvents   int
	split     *segment.Splitter
	// Duplicates lists entries that repeat a key already given in the same
	// layer ("file:line repeats file:line"): harmless, but a sign of a
	// copy-paste slip in the data.
	Duplicates []string
}

// Load reads the built-in data, then each fsys in order. A user layer need
// not hold every file; a file it holds is read in addition to, and wins
// over, the built-in one.
func Load(layers ...fs.FS) (*Lexicon, error) {
	l := &Lexicon{phrases: newTrie(), events: map[string]map[string][]*EventPhrase{},
		countries: map[attache.Country]string{}, split: segment.New()}
	b := &builder{lex: l, phrases: map[string]*Entry{}, events: map[string]*EventPhrase{}}
	for i, fsys := range append([]fs.FS{Builtin()}, layers...) {
		b.layer = i
		if err := b.readLayer(fsys); err != nil {
			return nil, err
		}
	}
	b.finish()
	return l, nil
}

// files are the data files, in the order they are read.
var files = []struct {
	name  string
	parse func(b *builder, f []string, src string) error
	cols  [2]int
}{
	{"countries.tsv", (*builder).country, [2]int{2, 5}},
	{"orgs.tsv", (*builder).org, [2]int{2, 3}},
	{"titles.tsv", (*builder).title, [2]int{2, 3}},
	{"places.tsv", (*builder).place, [2]int{4, 5}},
	{"people.tsv", (*builder).person, [2]int{5, 7}},
	{"events.tsv", (*builder).event, [2]int{3, 4}},
}

type builder struct {
	layer   int
	layerOf map[string]int // key → layer that last set it
	lex     *Lexicon
	phrases map[string]*Entry       // kind|folded phrase|country → entry (later wins)
	order   []string                // keys in first-seen order
	events  map[string]*EventPhrase // folded pattern → phrase (later wins)
	evOrder []string
}

func (b *builder) readLayer(fsys fs.FS) error {
	for _, f := range files {
		r, err := fsys.Open(f.name)
		if errors.Is(err, fs.ErrNotExist) {
			// A user layer holds only the files it overrides; the shipped
			// set is checked by the data tests.
			continue
		}
		if err != nil {
			return fmt.Errorf("lexicon: %w", err)
		}
		err = b.readFile(r, f.name, f.cols, f.parse)
		r.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// Parse reads one data file of the named kind (its base name, such as
// "countries.tsv") into l; tests and `attache lexicon check` use it.
func (b *builder) readFile(r io.Reader, name string, cols [2]int, parse func(*builder, []string, string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(strings.TrimSpace(text), "#") {
			continue
		}
		f := strings.Split(text, "\t")
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		if len(f) < cols[0] || len(f) > cols[1] {
			return &SyntaxError{name, line, fmt.Sprintf("want %d to %d tab-separated columns, got %d", cols[0], cols[1], len(f))}
		}
		for len(f) < cols[1] {
			f = append(f, "")
		}
		if err := parse(b, f, fmt.Sprintf("%s:%d", name, line)); err != nil {
			return &SyntaxError{name, line, err.Error()}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("lexicon %s:%d: %w", name, line, err)
	}
	return nil
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// validCountry accepts ISO alpha-3 codes and organisation codes (UN,
// ASEAN, G20): upper-case letters and digits, starting with a letter.
func validCountry(c string) bool {
	if len(c) < 2 || len(c) > 8 || c[0] < 'A' || c[0] > 'Z' {
		return false
	}
	for _, r := range c {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func validSector(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func (b *builder) add(e Entry) {
	norm := b.lex.norm(e.Phrase)
	if norm == "" {
		return
	}
	key := fmt.Sprintf("%d|%s|%s|%s", e.Kind, norm, e.Country, personKey(e.Person))
	if old, ok := b.phrases[key]; !ok {
		b.order = append(b.order, key)
	} else if b.layerOf[key] == b.layer && old.Src != e.Src && !strings.HasPrefix(norm, "the ") {
		b.lex.Duplicates = append(b.lex.Duplicates, fmt.Sprintf("%s: %s %q repeats %s", e.Src, e.Kind, e.Phrase, old.Src))
	}
	if b.layerOf == nil {
		b.layerOf = map[string]int{}
	}
	b.layerOf[key] = b.layer
	ec := e
	b.phrases[key] = &ec
	// "the Kremlin" also matches "Kremlin".
	if strings.HasPrefix(norm, "the ") && e.Kind != Title {
		e2 := e
		e2.Phrase = e.Phrase[4:]
		b.add(e2)
	}
}

func personKey(p *Person) string {
	if p == nil {
		return ""
	}
	return p.Name + "|" + p.Role + "|" + p.From.String()
}

// norm folds a phrase into space-joined token norms, the same way the
// splitter folds text.
func (l *Lexicon) norm(phrase string) string {
	res := l.split.Split(phrase, nil)
	parts := make([]string, len(res.Tokens))
	for i, t := range res.Tokens {
		parts[i] = t.Norm
	}
	return strings.Join(parts, " ")
}

func isExact(phrase string) bool {
	letters := 0
	for _, r := range phrase {
		switch {
		case r >= 'A' && r <= 'Z':
			letters++
		case r == '.' || r == ' ':
		default:
			return false
		}
	}
	return letters > 0 && letters <= 5
}

func (b *builder) country(f []string, src string) error {
	code := f[0]
	if !validCountry(code) {
		return fmt.Errorf("code %q: want an upper-case ISO 3166-1 alpha-3 code", code)
	}
	c := attache.Country(code)
	names := list(f[1])
	if len(names) == 0 {
		return errors.New("no names")
	}
	{
		b.lex.countries[c] = names[0]
	}
	for _, n := range names {
		b.add(Entry{Kind: CountryName, Phrase: n, Country: c, Src: src, Exact: isExact(n)})
	}
	for _, n := range list(f[2]) {
		b.add(Entry{Kind: CountryAdjective, Phrase: n, Country: c, Src: src, Exact: isExact(n)})
	}
	for _, n := range list(f[3]) {
		b.add(Entry{Kind: Capital, Phrase: n, Country: c, Sector: "GOV", Src: src})
	}
	for _, n := range list(f[4]) {
		name, sector, ok := strings.Cut(n, "=")
		if !ok || !validSector(sector) {
			return fmt.Errorf("metonym %q: want NAME=SECTOR", n)
		}
		b.add(Entry{Kind: Metonym, Phrase: name, Country: c, Sector: attache.Sector(sector), Src: src, Exact: isExact(name)})
	}
	return nil
}

func (b *builder) org(f []string, src string) error {
	if !validCountry(f[0]) {
		return fmt.Errorf("code %q: want an upper-case organisation code", f[0])
	}
	sector := f[2]
	if sector != "" && !validSector(sector) {
		return fmt.Errorf("sector %q: want a three-letter code", sector)
	}
	c := attache.Country(f[0])
	names := list(f[1])
	if len(names) == 0 {
		return errors.New("no names")
	}
	b.lex.countries[c] = names[0]
	for _, n := range names {
		b.add(Entry{Kind: Org, Phrase: n, Country: c, Sector: attache.Sector(sector), Src: src, Exact: isExact(n)})
	}
	return nil
}

func (b *builder) title(f []string, src string) error {
	if !validSector(f[1]) {
		return fmt.Errorf("sector %q: want a three-letter code", f[1])
	}
	role := f[2]
	if role == "" {
		role = f[0]
	}
	b.add(Entry{Kind: Title, Phrase: f[0], Sector: attache.Sector(f[1]), Role: role, Src: src})
	return nil
}

func (b *builder) place(f []string, src string) error {
	if !validCountry(f[1]) {
		return fmt.Errorf("country %q: want an ISO 3166-1 alpha-3 code", f[1])
	}
	lat, err1 := strconv.ParseFloat(f[2], 64)
	lon, err2 := strconv.ParseFloat(f[3], 64)
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return fmt.Errorf("coordinates %q, %q: want decimal degrees", f[2], f[3])
	}
	p := &Place{Name: f[0], Country: attache.Country(f[1]), Lat: lat, Lon: lon, Src: src}
	for _, n := range append([]string{f[0]}, list(f[4])...) {
		b.add(Entry{Kind: PlaceName, Phrase: n, Country: p.Country, Place: p, Src: src})
	}
	return nil
}

func (b *builder) person(f []string, src string) error {
	if !validCountry(f[1]) || !validSector(f[2]) {
		return fmt.Errorf("country %q / sector %q: want codes", f[1], f[2])
	}
	from, err := attache.ParseDate(f[4])
	if err != nil {
		return fmt.Errorf("from: %v", err)
	}
	to, err := attache.ParseDate(f[5])
	if err != nil {
		return fmt.Errorf("to: %v", err)
	}
	p := &Person{Name: f[0], Country: attache.Country(f[1]), Sector: attache.Sector(f[2]), Role: f[3],
		From: from, To: to, Aliases: list(f[6]), Src: src}
	b.lex.people = append(b.lex.people, p)
	for _, n := range append([]string{p.Name}, p.Aliases...) {
		b.add(Entry{Kind: PersonName, Phrase: n, Country: p.Country, Sector: p.Sector, Role: p.Role, Person: p, Src: src})
	}
	return nil
}

func (b *builder) event(f []string, src string) error {
	code, err := cameo.ParseCode(f[0])
	if err != nil || len(code) < 3 {
		return fmt.Errorf("code %q: want a 3- or 4-digit CAMEO code", f[0])
	}
	frame, ok := frameNames[f[1]]
	if !ok {
		return fmt.Errorf("frame %q: want SVO, SYM, PASS, VISIT, HOST or NOUN", f[1])
	}
	alts := list(f[2])
	firsts := map[string]bool{}
	for _, alt := range alts {
		if w := strings.Fields(alt); len(w) > 0 {
			firsts[strings.ToLower(w[0])] = true
		}
	}
	for _, alt := range alts {
		base := false
		if w := strings.Fields(alt); len(w) > 0 {
			v := strings.ToLower(w[0])
			base = (firsts[v+"s"] || firsts[v+"es"] || strings.HasSuffix(v, "y") && firsts[v[:len(v)-1]+"ies"]) &&
				(firsts[v+"d"] || firsts[v+"ed"] || strings.HasSuffix(v, "y") && firsts[v[:len(v)-1]+"ied"])
		}
		pat := strings.Fields(b.lex.norm(strings.ReplaceAll(alt, "*", " \x00 ")))
		for i, t := range pat {
			if t == "\x00" {
				pat[i] = "*"
			}
		}
		if len(pat) == 0 || pat[0] == "*" || pat[len(pat)-1] == "*" {
			return fmt.Errorf("phrase %q: empty, or starts or ends with *", alt)
		}
		key := strings.Join(pat, " ")
		if old, ok := b.events[key]; !ok {
			b.evOrder = append(b.evOrder, key)
		} else if b.layerOf["ev|"+key] == b.layer {
			b.lex.Duplicates = append(b.lex.Duplicates, fmt.Sprintf("%s: event phrase %q repeats %s", src, alt, old.Src))
		}
		if b.layerOf == nil {
			b.layerOf = map[string]int{}
		}
		b.layerOf["ev|"+key] = b.layer
		b.events[key] = &EventPhrase{Code: code, Frame: frame, Pattern: pat, Text: alt, Src: src, Base: base}
	}
	return nil
}

func (b *builder) finish() {
	for _, k := range b.order {
		e := b.phrases[k]
		b.lex.phrases.insert(strings.Fields(b.lex.norm(e.Phrase)), e)
	}
	for _, k := range b.evOrder {
		ep := b.events[k]
		second := ""
		if len(ep.Pattern) > 1 {
			second = ep.Pattern[1]
		}
		m := b.lex.events[ep.Pattern[0]]
		if m == nil {
			m = map[string][]*EventPhrase{}
			b.lex.events[ep.Pattern[0]] = m
		}
		m[second] = append(m[second], ep)
	}
	b.lex.nEvents = len(b.evOrder)
}

// CountryName returns the display name of a country or organisation code.
func (l *Lexicon) CountryName(c attache.Country) string { return l.countries[c] }

// Stats counts what was loaded.
func (l *Lexicon) Stats() (phrases, people, events int) {
	return l.phrases.size, len(l.people), l.nEvents
}
