package coder

import (
	"sort"
	"strings"

	"attache"
	"attache/dates"
	"attache/fold"
)

// docState is what the coder knows about one document while reading it.
type docState struct {
	d      *attache.Document
	ref    attache.Date
	anchor attache.Date // date of the story's main occasion
	// here is the fallback date of the sentence being coded: the anchor, or
	// the date of the sentence before when this one continues it ("Both
	// sides discussed …" after "… held the dialogue on August 30").
	here  []attache.Date // by sentence; zero means the anchor
	chain attache.Date
	// people seen with their country: full name and surname keys (folded
	// tokens joined by spaces).
	people map[string]*actor
	multi  map[string]bool // first words of remembered multi-word names
	// dyad is the story's main pair of parties, by mentions.
	dyad [2]attache.Country
	// lastPerson is the last person-like actor that was a subject, for
	// "he"/"she"; lastSubject the last subject of any kind.
	lastPerson, lastSubject *actor
	guest, host             attache.Country
	// home is the country of the story's dateline ("Manila, June 4 -"):
	// titles the story never ties to a country are most likely its own
	// ("the foreign ministry spokesperson said").
	home attache.Country
	// sentences' actors and dates, recognised in a first pass.
	actors [][]*actor
	// curActors are the actors of the sentence being coded.
	curActors []*actor
	dates     [][]dates.Expr
}

// nameSplitter cuts a folded name into the tokens the splitter makes of it.
var nameSplitter = strings.NewReplacer(".", " ", "-", " - ")

func (ds *docState) remember(a *actor) {
	toks := strings.Fields(nameSplitter.Replace(fold.String(a.person)))
	if len(toks) == 0 {
		return
	}
	ds.people[strings.Join(toks, " ")] = a
	if ds.multi == nil {
		ds.multi = map[string]bool{}
	}
	ds.multi[toks[0]] = true // a longer name starts with this word
	// Later mentions use one part of the name: the last for most names
	// ("Kasymaliev", "Chinh"), the first for family-name-first ones ("Lee"
	// for Lee Jae-myung). Both are remembered, the last winning ties.
	if len(toks) > 1 {
		if _, ok := ds.people[toks[0]]; !ok && toks[0] != "-" {
			ds.people[toks[0]] = a
		}
	}
	ds.people[toks[len(toks)-1]] = a
}

// knownPerson matches a person already named in the document by their full
// name or surname ("Kasymaliev" after "Adylbek Kasymaliev").
func (ds *docState) knownPerson(toks []attache.Token, j, end int) (*actor, int) {
	// Names are capitalised: "To Lam" is a person, "to" is not.
	if toks[j].Kind != attache.Word || !isCapitalized(ds.d.Text, toks[j]) {
		return nil, 0
	}
	best, ok := ds.people[toks[j].Norm]
	if !ok && !ds.multi[toks[j].Norm] {
		return nil, 0
	}
	n := 0
	if ok {
		n = 1
	}
	key := toks[j].Norm
	for k := j + 1; k < end && k < j+5; k++ {
		key += " " + toks[k].Norm
		if a, ok := ds.people[key]; ok {
			best, n = a, k-j+1
		}
	}
	return best, n
}

// findDyad picks the two parties the story is about: the two countries or
// organisations with the most actor mentions, the headline and lead
// counting double.
func (ds *docState) findDyad() {
	count := map[attache.Country]int{}
	first := map[attache.Country]int{}
	pos := 0
	for si, as := range ds.actors {
		w := 1
		if si < 3 {
			w = 2
		}
		for _, a := range as {
			if a.country == "" || a.place != nil {
				continue
			}
			count[a.country] += w
			if _, ok := first[a.country]; !ok {
				first[a.country] = pos
			}
			pos++
		}
	}
	cs := make([]attache.Country, 0, len(count))
	for c := range count {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if count[cs[i]] != count[cs[j]] {
			return count[cs[i]] > count[cs[j]]
		}
		return first[cs[i]] < first[cs[j]]
	})
	if len(cs) > 0 {
		ds.dyad[0] = cs[0]
	}
	if len(cs) > 1 {
		ds.dyad[1] = cs[1]
	}
}

// other returns the dyad party that is not c.
func (ds *docState) other(c attache.Country) attache.Country {
	switch c {
	case ds.dyad[0]:
		return ds.dyad[1]
	case ds.dyad[1]:
		return ds.dyad[0]
	}
	return ""
}

// findHome reads the dateline city of the first sentences.
func (ds *docState) findHome() {
	toks := ds.d.Tokens
	for si := 0; si < len(ds.actors) && si < 3; si++ {
		s := ds.d.Sentences[si]
		for _, a := range ds.actors[si] {
			if a.place == nil || a.first != s.FirstToken || a.end >= s.EndToken {
				continue
			}
			switch toks[a.end].Norm {
			case ",", "(", "-", "—", "–", ":":
				ds.home = a.place.Country
				return
			}
		}
	}
}
