// Package storekit holds what the SQLite and PostgreSQL stores share
// beyond SQL: page sizes and cursors, the last day of a date at its
// precision, LIKE prefixes and search snippets.
package storekit

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"attache"
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
