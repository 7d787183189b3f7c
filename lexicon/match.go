package lexicon

import (
	"unicode"

	"attache"
)

// trie maps token sequences to entries.
type trie struct {
	root *node
	size int
}

type node struct {
	next    map[string]*node
	entries []*Entry
}

func newTrie() *trie { return &trie{root: &node{}} }

func (t *trie) insert(tokens []string, e *Entry) {
	n := t.root
	for _, tok := range tokens {
		if n.next == nil {
			n.next = map[string]*node{}
		}
		c, ok := n.next[tok]
		if !ok {
			c = &node{}
			n.next[tok] = c
		}
		n = c
	}
	n.entries = append(n.entries, e)
	t.size++
}

// Match finds the longest dictionary phrase starting at toks[i] and ending
// before toks[end]. It returns its length in tokens and the entries it
// names (several when a phrase is ambiguous, such as a surname shared by two
// office holders); n is 0 when nothing matches. Exact entries are kept only
// when the text is in capitals.
func (l *Lexicon) Match(text string, toks []attache.Token, i, end int) (n int, entries []*Entry) {
	nd := l.phrases.root
	for j := i; j < end; j++ {
		c, ok := nd.next[toks[j].Norm]
		if !ok {
			break
		}
		nd = c
		if len(nd.entries) > 0 {
			var keep []*Entry
			for _, e := range nd.entries {
				if e.Exact && !allCaps(text, toks[i:j+1]) {
					continue
				}
				// Names are written with capitals: "Son" the minister,
				// not "son".
				if (e.Kind == PersonName || e.Kind == PlaceName || e.Kind == Capital) && !capitalized(text, toks[i]) {
					continue
				}
				keep = append(keep, e)
			}
			if len(keep) > 0 {
				n, entries = j-i+1, keep
			}
		}
		if nd.next == nil {
			break
		}
	}
	return n, entries
}

func capitalized(text string, t attache.Token) bool {
	for _, r := range text[t.Start:t.End] {
		return unicode.IsUpper(r)
	}
	return false
}

func allCaps(text string, toks []attache.Token) bool {
	for _, t := range toks {
		for _, r := range text[t.Start:t.End] {
			if unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}

// maxWild is how many tokens a `*` in an event phrase may skip.
const maxWild = 3

// MatchEvent finds the longest event phrase starting at toks[i] and ending
// before toks[end]; n is its length in tokens, 0 when none matches.
func (l *Lexicon) MatchEvent(toks []attache.Token, i, end int) (n int, ep *EventPhrase) {
	byNext := l.events[toks[i].Norm]
	if byNext == nil {
		return 0, nil
	}
	lits := 0
	try := func(cands []*EventPhrase) {
		for _, cand := range cands {
			m := matchPattern(cand.Pattern, toks, i, end)
			if m == 0 {
				continue
			}
			// The longest match wins; between equally long ones, the one
			// with more literal words (the more specific phrase).
			if cl := literals(cand.Pattern); m > n || m == n && cl > lits {
				n, ep, lits = m, cand, cl
			}
		}
	}
	try(byNext[""])
	try(byNext["*"])
	if i+1 < end {
		try(byNext[toks[i+1].Norm])
	}
	return n, ep
}

// matchPattern returns the number of tokens pattern p matches at toks[i],
// or 0. A `*` skips 0–maxWild tokens but never sentence punctuation.
func matchPattern(p []string, toks []attache.Token, i, end int) int {
	if r := matchFrom(p, 0, toks, i, end); r > 0 {
		return r - i
	}
	return 0
}

// matchFrom matches p[pi:] at toks[ti:] and returns the token index just
// after the match, or 0.
func matchFrom(p []string, pi int, toks []attache.Token, ti, end int) int {
	for pi < len(p) && p[pi] != "*" {
		if ti >= end || toks[ti].Norm != p[pi] {
			return 0
		}
		pi++
		ti++
	}
	if pi == len(p) {
		return ti
	}
	// p[pi] is a wildcard.
	for skip := 0; skip <= maxWild && ti+skip <= end; skip++ {
		if skip > 0 {
			k := toks[ti+skip-1]
			if k.Kind == attache.Punct && k.Norm != "-" {
				break
			}
		}
		if r := matchFrom(p, pi+1, toks, ti+skip, end); r > 0 {
			return r
		}
	}
	return 0
}

// People returns every office holder.
func (l *Lexicon) People() []*Person { return l.people }

func literals(p []string) int {
	n := 0
	for _, w := range p {
		if w != "*" {
			n++
		}
	}
	return n
}
