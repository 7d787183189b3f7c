// Package segment splits a document's story into sentences and tokens with
// byte offsets into the original text: for every sentence and token,
// text[Start:End] is exactly its text.
package segment

import (
	"bufio"
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"attache"
	"attache/fold"
)

type abbrevKind uint8

const (
	notAbbrev abbrevKind = iota
	titleAbbrev
	initialAbbrev
	otherAbbrev
)

//go:embed abbrev.txt
var builtinAbbrev string

// Splitter splits text into sentences and tokens. It is read-only after
// New and safe for concurrent use.
type Splitter struct {
	abbrev   map[string]abbrevKind
	starters map[string]bool
}

// New returns a splitter with the built-in abbreviation list.
func New() *Splitter {
	s := &Splitter{abbrev: map[string]abbrevKind{}, starters: map[string]bool{}}
	sc := bufio.NewScanner(strings.NewReader(builtinAbbrev))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		word, kind, _ := strings.Cut(line, "\t")
		switch kind {
		case "title":
			s.abbrev[word] = titleAbbrev
		case "initial":
			s.abbrev[word] = initialAbbrev
		default:
			s.abbrev[word] = otherAbbrev
		}
	}
	for _, w := range strings.Fields(`the a an he she it they we i you this that these those
		in on at but and however meanwhile also according after before during while when
		his her their its our there as for with`) {
		s.starters[w] = true
	}
	return s
}

// Result is what Split found.
type Result struct {
	Sentences []attache.Sentence
	Tokens    []attache.Token
}

// Split segments text, skipping the byte ranges in skip (sorted, not
// overlapping): leftovers that are not part of the story. Sentence indices
// count from 0 in document order.
func (s *Splitter) Split(text string, skip []attache.Span) Result {
	var res Result
	pos := 0
	for _, sk := range skip {
		if sk.Start > pos {
			s.splitRegion(text, pos, sk.Start, &res)
		}
		if sk.End > pos {
			pos = sk.End
		}
	}
	if pos < len(text) {
		s.splitRegion(text, pos, len(text), &res)
	}
	return res
}

// lexToken is a token plus what the sentence splitter needs to know about
// the whitespace before it.
type lexToken struct {
	attache.Token
	breaks int        // newlines between the previous token and this one
	abbrev abbrevKind // for words that took their final period
}

func (s *Splitter) splitRegion(text string, start, end int, res *Result) {
	toks := s.tokenize(text, start, end)
	if len(toks) == 0 {
		return
	}
	sentStart := 0
	flush := func(endTok int) {
		if endTok <= sentStart {
			return
		}
		first := len(res.Tokens)
		for _, t := range toks[sentStart:endTok] {
			res.Tokens = append(res.Tokens, t.Token)
		}
		last := toks[endTok-1]
		res.Sentences = append(res.Sentences, attache.Sentence{
			Span:       attache.Span{Start: toks[sentStart].Start, End: last.End},
			Index:      len(res.Sentences),
			Headline:   !isTerminal(last.Norm) && !isClosing(last.Norm),
			FirstToken: first,
			EndToken:   len(res.Tokens),
		})
		sentStart = endTok
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		// A line break before token i may end the sentence at i.
		if i > sentStart && t.breaks > 0 && s.breakEnds(text, toks[i-1], t) {
			flush(i)
		}
		if isTerminal(t.Norm) || t.abbrev != notAbbrev {
			j := i + 1
			for j < len(toks) && toks[j].breaks == 0 && isClosing(toks[j].Norm) && !opensNext(toks, j) {
				j++
			}
			if j >= len(toks) {
				continue
			}
			if s.periodEnds(text, t, toks[j]) {
				flush(j)
				i = j - 1
			}
		}
	}
	flush(len(toks))
}

// breakEnds decides whether a line break between prev and next ends a
// sentence. A line that stops without punctuation and is continued on the
// next line in lower case is a hard-wrapped sentence; anything else breaks.
func (s *Splitter) breakEnds(text string, prev, next lexToken) bool {
	if isTerminal(prev.Norm) || isClosing(prev.Norm) && prev.Norm != "," {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[next.Start:])
	if unicode.IsLower(r) {
		return false
	}
	return true
}

// periodEnds decides whether the terminal mark (or abbreviation) t, followed
// by next, ends a sentence.
func (s *Splitter) periodEnds(text string, t, next lexToken) bool {
	if next.breaks > 0 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[next.Start:])
	startsSentence := unicode.IsUpper(r) || unicode.IsDigit(r) || isOpening(next.Norm)
	if !startsSentence {
		return false
	}
	switch t.abbrev {
	case titleAbbrev:
		return false
	case initialAbbrev, otherAbbrev:
		return s.starters[next.Norm]
	}
	return true
}

// opensNext reports whether the quote mark toks[j], which may close or
// open a quotation, opens one: space before it and none after
// (Monday. "We ...), so it begins the next sentence.
func opensNext(toks []lexToken, j int) bool {
	n := toks[j].Norm
	if n != "\"" && n != "'" {
		return false
	}
	return toks[j].Start > toks[j-1].End && j+1 < len(toks) && toks[j+1].Start == toks[j].End
}

func isTerminal(n string) bool {
	return n == "." || n == "!" || n == "?" || n == "..." || n == "…"
}

func isClosing(n string) bool {
	return n == "\"" || n == "'" || n == ")" || n == "]" || n == "»"
}

func isOpening(n string) bool {
	return n == "\"" || n == "'" || n == "(" || n == "[" || n == "«"
}

// tokenize lexes text[start:end] into words, numbers and punctuation.
func (s *Splitter) tokenize(text string, start, end int) []lexToken {
	toks := make([]lexToken, 0, (end-start)/5)
	breaks := 0
	i := start
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		switch {
		case r == '\n':
			breaks++
			i += size
			continue
		case unicode.IsSpace(r) || r == '\u00A0' || r == '\uFEFF' || r == '\u200B':
			i += size
			continue
		}
		var t lexToken
		t.breaks = breaks
		breaks = 0
		switch {
		case isURLStart(text[i:end]):
			// A web address is one token: its words are not the story's.
			j := i
			for j < end {
				r, size := utf8.DecodeRuneInString(text[j:end])
				if unicode.IsSpace(r) || r == ')' || r == ']' || r == '>' || r == '"' || r == '”' {
					break
				}
				j += size
			}
			t.Token = attache.Token{Span: attache.Span{Start: i, End: j}, Kind: attache.Punct}
			t.Norm = "<url>"
			toks = append(toks, t)
			i = j
			continue
		case unicode.IsDigit(r):
			j := scanNumber(text, i, end)
			t.Token = attache.Token{Span: attache.Span{Start: i, End: j}, Kind: attache.Number}
		case isWordRune(r):
			j := scanWord(text, i, end)
			t.Token = attache.Token{Span: attache.Span{Start: i, End: j}, Kind: attache.Word}
			// Dotted abbreviations and initials take their final period.
			if j < end && text[j] == '.' {
				w := fold.String(text[i:j])
				if k, ok := s.abbrev[w]; ok {
					t.abbrev = k
					t.End = j + 1
				} else if utf8.RuneCountInString(text[i:j]) == 1 && unicode.IsUpper(r) {
					t.abbrev = titleAbbrev // an initial: J. Smith
					t.End = j + 1
				}
			}
		case (r == '\'' || r == '’') && i+size < end && (text[i+size] == 's' || text[i+size] == 'S') &&
			!isWordRune(runeAt(text, i+size+1, end)):
			t.Token = attache.Token{Span: attache.Span{Start: i, End: i + size + 1}, Kind: attache.Word}
		case r == '.' && strings.HasPrefix(text[i:end], "..."):
			t.Token = attache.Token{Span: attache.Span{Start: i, End: i + 3}, Kind: attache.Punct}
		default:
			t.Token = attache.Token{Span: attache.Span{Start: i, End: i + size}, Kind: attache.Punct}
		}
		t.Norm = fold.String(text[t.Start:t.End])
		toks = append(toks, t)
		i = t.End
	}
	return toks
}

func isURLStart(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "www.")
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// scanWord returns the end of the word starting at i: letters, marks and
// digits, with internal apostrophes (d'Ivoire) and dotted abbreviations
// (U.S, U.N) kept inside; a possessive 's is left for the next token.
func scanWord(text string, i, end int) int {
	j := i
	for j < end {
		r, size := utf8.DecodeRuneInString(text[j:end])
		switch {
		case isWordRune(r) || unicode.IsDigit(r):
			j += size
		case r == '\'' || r == '’':
			// keep an apostrophe between letters unless it starts a possessive 's
			k := j + size
			if k < end {
				n, nsize := utf8.DecodeRuneInString(text[k:end])
				if isWordRune(n) {
					if (n == 's' || n == 'S') && (k+nsize >= end || !isWordRune(runeAt(text, k+nsize, end))) {
						return j
					}
					j = k
					continue
				}
			}
			return j
		case r == '.':
			// U.S / U.N.: a single letter, a period, a single letter.
			k := j + 1
			if k < end && j-i <= 4 && isSingleLetterRun(text, i, j) {
				n, nsize := utf8.DecodeRuneInString(text[k:end])
				if unicode.IsLetter(n) && (k+nsize >= end || !isWordRune(runeAt(text, k+nsize, end))) {
					j = k + nsize
					continue
				}
			}
			return j
		default:
			return j
		}
	}
	return j
}

// isSingleLetterRun reports whether text[i:j] is letters separated by
// periods, each one letter long (U, U.S, U.S.A).
func isSingleLetterRun(text string, i, j int) bool {
	n := 0
	for _, r := range text[i:j] {
		if r == '.' {
			n = 0
			continue
		}
		n++
		if n > 1 {
			return false
		}
	}
	return true
}

func runeAt(text string, i, end int) rune {
	if i >= end {
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(text[i:end])
	return r
}

// scanNumber returns the end of the number at i: digits with internal
// decimal points and thousands separators (159.7, 1,000,000), and letter
// suffixes (1990s, 21st, 5G).
func scanNumber(text string, i, end int) int {
	j := i
	for j < end {
		c := text[j]
		switch {
		case c >= '0' && c <= '9':
			j++
		case (c == '.' || c == ',') && j+1 < end && text[j+1] >= '0' && text[j+1] <= '9':
			j++
		default:
			r, size := utf8.DecodeRuneInString(text[j:end])
			if unicode.IsLetter(r) {
				j += size
				continue
			}
			return j
		}
	}
	return j
}
