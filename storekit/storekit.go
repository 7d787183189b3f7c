// Package storekit holds what the SQLite and PostgreSQL stores share
// beyond SQL: page sizes and cursors, the last day of a date at its
// precision, LIKE prefixes and search snippets.
package storekit

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"attache"
	"attache/fold"
)

// Page sizes of FindEvents, FindFacts and SearchSentences.
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Limit returns the page size a filter asks for, within the bounds.
func Limit(f attache.EventFilter) int {
	switch {
	case f.Limit <= 0:
		return DefaultLimit
	case f.Limit > MaxLimit:
		return MaxLimit
	}
	return f.Limit
}

// Cursor is a position in the listing order (event date descending, then
// row id descending): the last row of a page.
type Cursor struct {
	Date string `json:"d"`
	ID   int64  `json:"i"`
}

// String encodes the cursor for the caller to pass back.
func (c Cursor) String() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseCursor decodes a cursor made by String.
func ParseCursor(s string) (Cursor, error) {
	var c Cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.ID <= 0 {
		return Cursor{}, fmt.Errorf("cursor %.40q: %w: pass back the cursor of the previous page unchanged", s, attache.ErrBadCursor)
	}
	return c, nil
}

// LastDay returns the last day that d covers: 2024-10 → 2024-10-31.
func LastDay(d attache.Date) attache.Date {
	switch d.Precision() {
	case attache.YearPrecision:
		return attache.Date{Year: d.Year, Month: 12, Day: 31}
	case attache.MonthPrecision:
		return attache.DayDate(attache.Date{Year: d.Year, Month: d.Month, Day: 1}.Time().AddDate(0, 1, -1))
	}
	return d
}

// LikePrefix returns a LIKE pattern matching strings that start with p.
func LikePrefix(p string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(p) + "%"
}

// Snippet window: a marked sentence longer than snippetMax bytes is cut to
// about that much, starting up to snippetBefore bytes before the first
// match, at word boundaries.
const (
	snippetMax    = 240
	snippetBefore = 60
)

// Snippet cuts a long marked sentence around its first match.
func Snippet(s string) string {
	if len(s) <= snippetMax {
		return s
	}
	first := max(strings.IndexByte(s, '['), 0)
	start := 0
	if first > snippetBefore {
		start = first - snippetBefore
		if sp := strings.IndexByte(s[start:first], ' '); sp >= 0 {
			start += sp + 1
		} else {
			start = first
		}
	}
	end := min(start+snippetMax, len(s))
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end--
	}
	if end < len(s) {
		if sp := strings.LastIndexByte(s[first:end], ' '); sp > 0 {
			end = first + sp
		}
		// Never cut a marked match in two.
		if o, c := strings.LastIndexByte(s[:end], '['), strings.LastIndexByte(s[:end], ']'); o > c {
			if cl := strings.IndexByte(s[end:], ']'); cl >= 0 {
				end += cl + 1
			}
		}
	}
	out := s[start:end]
	if start > 0 {
		out = "…" + out
	}
	if end < len(s) {
		out += "…"
	}
	return out
}

// Words returns the folded words of s: runs of letters and digits, as
// both stores index and query them.
func Words(s string) []string {
	return strings.FieldsFunc(fold.String(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// MarkOriginal puts [ ] around the words of orig that a search engine
// marked with \x01 and \x02 in hl, the folded sentence. Folding changes lengths (ß →
// ss, combining marks vanish), so it refolds orig rune by rune to map the
// folded offsets back. If hl is not orig's folded form it returns hl with
// the marks as [ ].
func MarkOriginal(orig, hl string) string {
	var (
		plain  strings.Builder
		ranges [][2]int // marked ranges of the folded text
		open   = -1
	)
	for i := 0; i < len(hl); i++ {
		switch hl[i] {
		case '\x01':
			open = plain.Len()
		case '\x02':
			if open >= 0 {
				ranges = append(ranges, [2]int{open, plain.Len()})
				open = -1
			}
		default:
			plain.WriteByte(hl[i])
		}
	}
	type runeSpan struct{ start, end int }
	var (
		spans  []runeSpan // original byte range of each folded rune
		owner  []int      // folded byte → index in spans
		folded strings.Builder
	)
	for i := 0; i < len(orig); {
		r, size := utf8.DecodeRuneInString(orig[i:])
		switch f := fold.Rune(r); {
		case f != "":
			spans = append(spans, runeSpan{i, i + size})
			for range len(f) {
				owner = append(owner, len(spans)-1)
			}
			folded.WriteString(f)
		case len(spans) > 0:
			spans[len(spans)-1].end = i + size // a combining mark goes with its letter
		}
		i += size
	}
	if folded.String() != plain.String() {
		return strings.NewReplacer("\x01", "[", "\x02", "]").Replace(hl)
	}
	// Engines mark each token of a phrase: join marks that only spaces
	// separate, so "Việt Nam" reads [Việt Nam], not [Việt] [Nam].
	var marked [][2]int // in orig
	for _, rg := range ranges {
		if rg[1] <= rg[0] {
			continue
		}
		start, end := spans[owner[rg[0]]].start, spans[owner[rg[1]-1]].end
		if n := len(marked); n > 0 {
			if start < marked[n-1][1] {
				continue
			}
			if strings.TrimSpace(orig[marked[n-1][1]:start]) == "" {
				marked[n-1][1] = end
				continue
			}
		}
		marked = append(marked, [2]int{start, end})
	}
	var b strings.Builder
	at := 0
	for _, m := range marked {
		b.WriteString(orig[at:m[0]])
		b.WriteString("[" + orig[m[0]:m[1]] + "]")
		at = m[1]
	}
	b.WriteString(orig[at:])
	return b.String()
}
