// Package cameo knows the CAMEO event codes (codebook v1.1b3): their names,
// Goldstein values, quad classes and PLOVER types. The codebook is a data
// file compiled into the binary; Load parses it once and the result is
// shared read-only by every worker.
package cameo

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Code is a CAMEO event code: two to four digits, "04", "042", "0211".
type Code string

// ParseCode checks that s looks like a CAMEO code.
func ParseCode(s string) (Code, error) {
	c := Code(s)
	if !c.Valid() {
		return "", fmt.Errorf("cameo code %q: want 2 to 4 digits with a root from 01 to 20", s)
	}
	return c, nil
}

// Valid reports whether c has the shape of a CAMEO code: 2–4 digits whose
// first two form a root from 01 to 20.
func (c Code) Valid() bool {
	if len(c) < 2 || len(c) > 4 {
		return false
	}
	for i := 0; i < len(c); i++ {
		if c[i] < '0' || c[i] > '9' {
			return false
		}
	}
	r := (c[0]-'0')*10 + c[1] - '0'
	return r >= 1 && r <= 20
}

// Root returns the two-digit root category ("04" for "042").
func (c Code) Root() Code {
	if len(c) < 2 {
		return c
	}
	return c[:2]
}

// Parent returns the code one level up ("042" → "04", "0211" → "021"); a
// root is its own parent.
func (c Code) Parent() Code {
	if len(c) <= 2 {
		return c
	}
	return c[:len(c)-1]
}

// Matches reports whether one code is a prefix of the other, the scorer's
// notion of two codes agreeing.
func (c Code) Matches(o Code) bool {
	return strings.HasPrefix(string(c), string(o)) || strings.HasPrefix(string(o), string(c))
}

func (c Code) String() string { return string(c) }

// Quad is the quad class: 1 verbal cooperation, 2 material cooperation,
// 3 verbal conflict, 4 material conflict.
type Quad int

// Entry is one code of the codebook.
type Entry struct {
	Code       Code
	Name       string
	Goldstein  float64
	Quad       Quad
	Plover     string // PLOVER event type, "" when PLOVER has none
	PloverMode string
	Line       int // line in the data file, for "why was this coded?"
}

// Codebook maps codes to their entries. It is read-only after Load.
type Codebook struct {
	entries map[Code]*Entry
	order   []Code
}

//go:embed data/codes.tsv
var builtin string

// Builtin parses the codebook compiled into the binary.
func Builtin() (*Codebook, error) { return Parse(strings.NewReader(builtin), "codes.tsv") }

// Parse reads a codebook in the codes.tsv format: code, name, goldstein,
// quad, plover, plover_mode, tab-separated; '#' starts a comment line.
func Parse(r io.Reader, name string) (*Codebook, error) {
	cb := &Codebook{entries: map[Code]*Entry{}}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) < 5 {
			return nil, fmt.Errorf("%s:%d: want at least 5 tab-separated columns (code, name, goldstein, quad, plover), got %d", name, line, len(f))
		}
		code, err := ParseCode(strings.TrimSpace(f[0]))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if _, dup := cb.entries[code]; dup {
			return nil, fmt.Errorf("%s:%d: code %s listed twice", name, line, code)
		}
		g, err := strconv.ParseFloat(strings.TrimSpace(f[2]), 64)
		if err != nil || g < -10 || g > 10 {
			return nil, fmt.Errorf("%s:%d: goldstein %q: want a number from -10 to 10", name, line, f[2])
		}
		q, err := strconv.Atoi(strings.TrimSpace(f[3]))
		if err != nil || q < 1 || q > 4 {
			return nil, fmt.Errorf("%s:%d: quad %q: want 1, 2, 3 or 4", name, line, f[3])
		}
		e := &Entry{Code: code, Name: strings.TrimSpace(f[1]), Goldstein: g, Quad: Quad(q), Line: line}
		if p := strings.TrimSpace(f[4]); p != "-" {
			e.Plover = p
		}
		if len(f) > 5 {
			e.PloverMode = strings.TrimSpace(f[5])
		}
		cb.entries[code] = e
		cb.order = append(cb.order, code)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return cb, nil
}

// Lookup returns the entry for c, falling back to its nearest listed
// ancestor, so an unlisted sub-code still gets a Goldstein value.
func (cb *Codebook) Lookup(c Code) (*Entry, bool) {
	for {
		if e, ok := cb.entries[c]; ok {
			return e, true
		}
		if len(c) <= 2 {
			return nil, false
		}
		c = c.Parent()
	}
}

// Has reports whether c itself is listed.
func (cb *Codebook) Has(c Code) bool { _, ok := cb.entries[c]; return ok }

// Codes returns every listed code in file order.
func (cb *Codebook) Codes() []Code { return append([]Code(nil), cb.order...) }

// Len returns the number of codes.
func (cb *Codebook) Len() int { return len(cb.order) }
