// Package fold computes the match keys of text: lower case, diacritics
// removed (Việt Nam = Viet Nam, hoà = hòa), đ → d, curly quotes → ',
// dashes → -. Offsets are never computed on folded text; callers fold one
// token at a time and keep the original span.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// latin maps Latin letters with diacritics (U+00C0–U+024F, U+1E00–U+1EFF)
// to their folded base letters. It is filled once at start-up and only read
// afterwards.
var latin = buildLatin()

const (
	latin1Lo, latin1Hi = 0x00C0, 0x024F
	latinXLo, latinXHi = 0x1E00, 0x1EFF
)

func buildLatin() map[rune]string {
	m := make(map[rune]string, 600)
	// Letters NFD does not decompose; also applied to what NFD leaves, so
	// that folding is idempotent ("ǿ" → "ø" → "o" in one step).
	special := map[rune]string{'đ': "d", 'Đ': "d", 'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l",
		'ß': "ss", 'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ı': "i", 'þ': "th", 'ð': "d"}
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			d := norm.NFD.String(string(r))
			var b strings.Builder
			for _, c := range d {
				if unicode.Is(unicode.Mn, c) {
					continue
				}
				if sp, ok := special[unicode.ToLower(c)]; ok {
					b.WriteString(sp)
					continue
				}
				b.WriteRune(unicode.ToLower(c))
			}
			if s := b.String(); s != "" && s != string(r) {
				m[r] = s
			}
		}
	}
	add(latin1Lo, latin1Hi)
	add(latinXLo, latinXHi)
	for r, s := range special {
		m[r] = s
	}
	return m
}

// Rune folds one rune; it returns "" for combining marks.
func Rune(r rune) string {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return string(r)
	case r == '\u2018' || r == '\u2019' || r == '\u201B' || r == '\u02BC' || r == '\u00B4' || r == '`':
		return "'"
	case r == '\u201C' || r == '\u201D' || r == '\u201E' || r == '\u00AB' || r == '\u00BB':
		return "\""
	case r >= '\u2010' && r <= '\u2015', r == '\u2212':
		return "-"
	case r == '\u00A0' || r == '\u2009' || r == '\u202F':
		return " "
	case unicode.Is(unicode.Mn, r):
		return ""
	}
	if s, ok := latin[r]; ok {
		return s
	}
	return string(unicode.ToLower(r))
}

// String folds s. ASCII input without upper case is returned as is, without
// allocating.
func String(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c == '`' {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		b.WriteString(Rune(r))
	}
	return b.String()
}

// IsUpperStart reports whether s starts with an upper-case letter (a cheap
// proper-noun test on original text).
func IsUpperStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
