package coder

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"attache"
	"attache/lexicon"
)

// actor is a phrase of a sentence that names a party: a country, an
// organisation, an official with a title, a person, a pronoun or a group
// ("the two sides") resolved against the document.
type actor struct {
	first, end int // token range [first, end) in Document.Tokens
	country    attache.Country
	sector     attache.Sector
	person     string
	role       string
	src        string // lexicon line
	// members holds the parties of a group ("the two sides", "X and Y").
	members []*actor
	// visiting marks "his visiting Russian counterpart": the actor is a
	// guest in the other party's country.
	visiting bool
	// pending marks references resolved later: pronouns, "his
	// counterpart", "the guest".
	ref refKind
	// place marks a capital or city used as a location ("in Hanoi").
	place *lexicon.Place
}

type refKind uint8

const (
	refNone        refKind = iota
	refPronoun             // he, she, his, her
	refGroup               // they, the two sides, both leaders
	refCounterpart         // his counterpart (no nationality given)
	refGuest               // the guest, the visitor
	refHost                // the host, the hosts
	refRole                // the Prime Minister (alone)
	refIts                 // its: the country or body named before
)

func (a *actor) resolved() bool { return a.place == nil && (a.country != "" || len(a.members) > 0) }

// groupWords name both parties of the story.
var groupWords = map[string]bool{
	"the two sides": true, "both sides": true, "the two countries": true, "both countries": true,
	"the two leaders": true, "both leaders": true, "the two nations": true, "both nations": true,
	"the two pms": true, "two pms": true, "the two prime ministers": true, "two prime ministers": true,
	"the two ministers": true, "both ministers": true, "the two presidents": true, "both presidents": true,
	"the two foreign ministers": true, "the two governments": true, "both governments": true,
	"the two parties": true, "both parties": true, "the sides": true, "the two": true,
	"two leaders": true, "two sides": true, "two countries": true,
	"the leaders": true, "they": true, "the two delegations": true, "both delegations": true,
}

var pronouns = map[string]refKind{"he": refPronoun, "she": refPronoun, "his": refPronoun, "her": refPronoun,
	"him": refPronoun, "their": refGroup, "its": refIts}

// recognize finds the actors of sentence s.
func (c *Coder) recognize(ds *docState, s attache.Sentence) []*actor {
	d, toks := ds.d, ds.d.Tokens
	var out []*actor
	placeEnd := -1 // token after the last place name ("Kazan" in "Kazan, Russia")
	for i := s.FirstToken; i < s.EndToken; {
		// Groups: "the two sides", "both leaders".
		if n := matchGroup(toks, i, s.EndToken); n > 0 {
			out = append(out, &actor{first: i, end: i + n, ref: refGroup})
			i += n
			continue
		}
		a, n := c.actorPhrase(ds, s, i)
		if n > 0 && placeEnd > 0 && a.first == placeEnd+1 && toks[placeEnd].Norm == "," && a.person == "" && a.role == "" {
			// "in Kazan, Russia": the country locates the city.
			a.place = &lexicon.Place{Name: d.Text[toks[a.first].Start:toks[a.end-1].End], Country: a.country}
		}
		if n == 0 {
			// Place names are capitalised: only then is a second lookup
			// worth it.
			if m, es := c.placeMatch(d.Text, toks, i, s.EndToken); m > 0 {
				var place *lexicon.Place
				for _, e := range es {
					if e.Kind == lexicon.PlaceName || e.Kind == lexicon.Capital {
						placeEnd = i + m
						if e.Place != nil {
							place = e.Place
						}
					}
				}
				if place != nil && (i == s.FirstToken || isPlacePreposition(toks, i)) {
					out = append(out, &actor{first: i, end: i + m, place: place})
				}
				if placeEnd == i+m {
					i += m
					continue
				}
			}
			if k, ok := pronouns[toks[i].Norm]; ok {
				// "his Japanese counterpart Shigeru Ishiba": a possessive
				// before an actor phrase is its determiner.
				if n := toks[i].Norm; n == "his" || n == "her" || n == "their" || n == "its" {
					if b, m := c.actorPhrase(ds, s, i+1); m > 0 && b.ref == refNone && b.country != "" {
						b.first = i
						out = append(out, b)
						i = b.end
						continue
					}
				}
				a = &actor{first: i, end: i + 1, ref: k}
				// "his counterpart", "his visiting counterpart"
				j := i + 1
				if j < s.EndToken && toks[j].Norm == "visiting" {
					j++
				}
				if j < s.EndToken && (toks[j].Norm == "guest" || toks[j].Norm == "guests" || toks[j].Norm == "visitor") {
					out = append(out, &actor{first: i, end: j + 1, ref: refGuest})
					i = j + 1
					continue
				}
				if j < s.EndToken && (toks[j].Norm == "host" || toks[j].Norm == "hosts") {
					out = append(out, &actor{first: i, end: j + 1, ref: refHost})
					i = j + 1
					continue
				}
				if j < s.EndToken && toks[j].Norm == "counterpart" {
					a = &actor{first: i, end: j + 1, ref: refCounterpart, visiting: j > i+1}
					// "his counterpart Mikhail Mishustin": the name tells more.
					if b, m := c.actorPhrase(ds, s, j+1); m > 0 && b.country != "" {
						b.first = i
						b.visiting = b.visiting || j > i+1
						a, j = b, b.end-1
					}
				}
				out = append(out, a)
				i = a.end
				continue
			}
			switch toks[i].Norm {
			case "the":
				if i+1 < s.EndToken {
					switch toks[i+1].Norm {
					case "guest", "guests", "visitor", "visitors":
						out = append(out, &actor{first: i, end: i + 2, ref: refGuest})
						i += 2
						continue
					case "host", "hosts":
						out = append(out, &actor{first: i, end: i + 2, ref: refHost})
						i += 2
						continue
					}
				}
			}
			i++
			continue
		}
		// "the African Union (AU)", "Director General (South Asia &
		// SAARC)": a bracketed name restates or qualifies, it is no party.
		if inParens(toks, s, a.first) {
			i = a.end
			continue
		}
		_ = d
		out = append(out, a)
		i = a.end
	}
	return out
}

// placeMatch looks a capitalised word up in the lexicon.
func (c *Coder) placeMatch(text string, toks []attache.Token, i, end int) (int, []*lexicon.Entry) {
	if !isCapitalized(text, toks[i]) {
		return 0, nil
	}
	return c.lex.Match(text, toks, i, end)
}

// inParens reports whether token k sits inside round brackets opened
// earlier in the sentence and not yet closed.
func inParens(toks []attache.Token, s attache.Sentence, k int) bool {
	depth := 0
	for j := s.FirstToken; j < k; j++ {
		switch toks[j].Norm {
		case "(":
			depth++
		case ")":
			if depth > 0 {
				depth--
			}
		}
	}
	return depth > 0
}

func matchGroup(toks []attache.Token, i, end int) int {
	switch toks[i].Norm {
	case "the", "both", "two", "they", "their":
	default:
		return 0
	}
	best := 0
	var b strings.Builder
	for j := i; j < end && j < i+4; j++ {
		if j > i {
			b.WriteByte(' ')
		}
		b.WriteString(toks[j].Norm)
		if groupWords[b.String()] {
			best = j - i + 1
		}
	}
	return best
}

// actorPhrase reads an actor phrase starting at token i: determiners,
// nationality adjectives or country names, titles, and a person's name, in
// any of the orders news uses ("Kyrgyz Prime Minister Adylbek Kasymaliev",
// "Uzbekistan Minister of Foreign Affairs Bakhtiyor Saidov", "the Russian
// side", "Chinh"). It returns nil, 0 when no actor starts at i.
func (c *Coder) actorPhrase(ds *docState, s attache.Sentence, i int) (*actor, int) {
	d, toks, end := ds.d, ds.d.Tokens, s.EndToken
	// a is built on the stack: most tokens start no actor, and only a
	// found one is copied to the heap.
	var a actor
	a.first = i
	peopleForm := false // a plural demonym: "Americans", "Uzbeks"
	named := false      // a name may follow ("his counterpart Ilkhom Khaydarov")
	j := i
	if j < end && (toks[j].Norm == "the" || toks[j].Norm == "a" || toks[j].Norm == "an") {
		j++
	}
	if j < end && toks[j].Norm == "visiting" {
		a.visiting = true
		j++
	}
	found := false
	for j < end {
		n, entries := c.lex.Match(d.Text, toks, j, end)
		// A person already named in this document wins over the
		// dictionary's people with the same surname.
		if p, m := ds.knownPerson(toks, j, end); m > 0 && m >= n && a.person == "" &&
			(a.country == "" || a.country == p.country) {
			a.country, a.sector, a.person, a.role = p.country, p.sector, p.person, p.role
			j += m
			found = true
			break
		}
		// "Deputy High Commissioner", "Acting Foreign Minister": a
		// rank before a title belongs to it.
		if n == 0 && titleModifiers[toks[j].Norm] && j+1 < end {
			if m, es := c.lex.Match(d.Text, toks, j+1, end); m > 0 {
				if e := pick(es, ds.ref); e != nil && e.Kind == lexicon.Title {
					j++
					continue
				}
			}
		}
		if n == 0 {
			// A person known in this document by name.
			if p, m := ds.knownPerson(toks, j, end); m > 0 {
				a.country, a.sector, a.person, a.role = p.country, p.sector, p.person, p.role
				j += m
				found = true
				break
			}
			// Words that complete a nationality: "the Russian side".
			if a.country != "" && found {
				switch toks[j].Norm {
				case "side", "counterpart", "delegation", "guest", "guests", "host", "hosts":
					if toks[j].Norm == "guest" || toks[j].Norm == "guests" {
						a.visiting = true
					}
					if toks[j].Norm == "counterpart" {
						named = true // "Uzbek counterpart Ilkhom Khaydarov"
					}
					j++
					continue
				case "'s":
					if a.sector == "" && a.person == "" {
						// "Kyrgyzstan's top leaders": keep reading the head.
						j++
						continue
					}
				}
			}
			if (a.role != "" || named) && a.person == "" && isCapitalized(d.Text, toks[j]) {
				// A name after a title: "Prime Minister Adylbek Kasymaliev".
				m := nameLength(d.Text, toks, j, end)
				if m > 0 {
					a.person = d.Text[toks[j].Start:toks[j+m-1].End]
					j += m
				}
			}
			break
		}
		e := pick(entries, ds.ref)
		if e == nil {
			break
		}
		// "US$", "HK$", "S$": a currency, not a country.
		if j+n < end && toks[j+n].Norm == "$" {
			break
		}
		switch e.Kind {
		case lexicon.CountryName, lexicon.CountryAdjective, lexicon.Org:
			peopleForm = e.Kind == lexicon.CountryAdjective && strings.HasSuffix(toks[j+n-1].Norm, "s") && !strings.HasSuffix(toks[j+n-1].Norm, "ese")
			if a.visiting && !found && e.Kind == lexicon.CountryName {
				return nil, 0 // "visiting Vietnam" is the verb, not a guest
			}
			if a.country != "" && a.country != e.Country {
				// A second country starts another actor, unless this
				// one is "Minister of X" style: handled below.
				goto done
			}
			a.country = e.Country
			if e.Kind == lexicon.Org && a.sector == "" {
				a.sector = e.Sector
			}
			if a.src == "" {
				a.src = e.Src
			}
		case lexicon.Metonym, lexicon.Capital:
			// "in Hanoi", "at the Elysee Palace": where, not who.
			if !found && isPlacePreposition(toks, j) {
				goto done
			}
			if a.country != "" && a.country != e.Country {
				goto done
			}
			a.country, a.sector, a.src = e.Country, e.Sector, e.Src
			// "USS Halsey", "HMAS Warramunga": a ship prefix takes the
			// ship's name with it.
			if e.Exact && j+n < end && isCapitalized(d.Text, toks[j+n]) {
				if m := nameLength(d.Text, toks, j+n, end); m > 0 {
					a.person = d.Text[toks[j+n].Start:toks[j+n+m-1].End]
					n += m
				}
			}
		case lexicon.Title:
			if a.person != "" {
				goto done
			}
			a.sector, a.role = e.Sector, e.Role
			if a.src == "" {
				a.src = e.Src
			}
		case lexicon.PersonName:
			if a.person != "" {
				goto done
			}
			if a.country != "" && a.country != e.Country {
				// "South Korean President Lee …" is not Hong Kong's Lee:
				// read the name as a new one.
				if m := nameLength(d.Text, toks, j, end); m > 0 {
					a.person = d.Text[toks[j].Start:toks[j+m-1].End]
					j += m
				}
				goto done
			}
			a.person, a.role, a.sector = e.Person.Name, e.Person.Role, e.Sector
			if a.country == "" || a.country != e.Country {
				a.country = e.Country
			}
			a.src = e.Src
		case lexicon.PlaceName:
			goto done
		}
		found = true
		j += n
		// "Minister of Foreign Affairs of Vietnam", "people of Vietnam".
		// "officials from Tehran and Riyadh" (the first of them).
		if j+1 < end && (toks[j].Norm == "of" || toks[j].Norm == "from") && a.role != "" && a.country == "" {
			k := j + 1
			if toks[k].Norm == "the" && k+1 < end {
				k++
			}
			if m, es := c.lex.Match(d.Text, toks, k, end); m > 0 {
				if e := pick(es, ds.ref); e != nil && (e.Kind == lexicon.CountryName || e.Kind == lexicon.Org || e.Kind == lexicon.Capital) {
					a.country = e.Country
					j = k + m
				}
			}
		}
	}
done:
	if !found || j == i {
		return nil, 0
	}
	// "the BRICS Summit", "The Hanoi Times": an occasion or a
	// publication named after a party is not that party.
	if j < end && occasionWords[toks[j].Norm] && a.person == "" && a.role == "" {
		return nil, 0
	}
	a.end = j
	if a.country == "" && a.role != "" {
		// "the Prime Minister", "DFA spokesperson Teresita Daza": a
		// title the phrase does not place; resolved from the story.
		a.ref = refRole
	}
	// "Americans gathered outside": a people, not their state.
	if a.sector == "" && a.role == "" && a.person == "" && peopleForm {
		a.sector = "CVL"
	}
	if a.country == "" && a.ref == refNone {
		return nil, 0
	}
	res := new(actor)
	*res = a
	if a.person != "" && a.country != "" {
		ds.remember(res)
	}
	return res, j - i
}

// titleModifiers are ranks that may stand before any title.
var titleModifiers = map[string]bool{"deputy": true, "vice": true, "acting": true, "first": true,
	"senior": true, "chief": true, "former": true, "outgoing": true, "incoming": true, "top": true, "interim": true}

// occasionWords after an organisation or place name make it an occasion
// or a publication: "the BRICS Summit", "the ASEAN Regional Forum", "The
// Hanoi Times".
var occasionWords = map[string]bool{"summit": true, "summits": true, "forum": true, "conference": true,
	"meeting": true, "ministerial": true, "session": true, "games": true, "times": true, "post": true,
	"news": true, "herald": true, "daily": true, "tribune": true, "journal": true, "gazette": true,
	"expo": true, "olympics": true, "cup": true, "declaration": true, "charter": true, "treaty": true, "convention": true}

// pick chooses among the entries of one phrase: people in office on the
// reference date first, then any other kind.
func pick(es []*lexicon.Entry, ref attache.Date) *lexicon.Entry {
	var other, former *lexicon.Entry
	// A country or organisation name wins over a person who shares it
	// ("Pak" the headline short form of Pakistan, not a Korean surname).
	for _, e := range es {
		switch e.Kind {
		case lexicon.CountryName, lexicon.Org:
			return e
		}
	}
	for _, e := range es {
		if e.Kind == lexicon.PersonName {
			if e.Person.InOffice(ref) {
				return e
			}
			if former == nil {
				former = e
			}
			continue
		}
		if other == nil {
			other = e
		}
	}
	if other != nil {
		return other
	}
	// Someone out of office on the date still belongs to their country.
	return former
}

// isPlacePreposition reports whether the token before j makes a capital a
// location: "in Hanoi", "to Moscow".
func isPlacePreposition(toks []attache.Token, j int) bool {
	if j > 0 && toks[j-1].Norm == "the" {
		j-- // "at the Kremlin"
	}
	if j == 0 {
		return false
	}
	switch toks[j-1].Norm {
	case "in", "at", "to", "from", "into", "near", "outside", "via", "toward", "towards", ",":
		return true
	}
	return false
}

func isCapitalized(text string, t attache.Token) bool {
	if t.Kind != attache.Word {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[t.Start:])
	return unicode.IsUpper(r)
}

// nameLength returns how many capitalised words from j form a name
// (at most four), stopping at lexicon words that are not names.
func nameLength(text string, toks []attache.Token, j, end int) int {
	n := 0
	for k := j; k < end && n < 6; k++ {
		t := toks[k]
		// "Lee Jae-myung": a hyphen joined to both neighbours.
		if t.Norm == "-" && n > 0 && k+1 < end && toks[k-1].End == t.Start && toks[k+1].Start == t.End && toks[k+1].Kind == attache.Word {
			n += 2
			k++
			continue
		}
		if !isCapitalized(text, t) {
			break
		}
		switch t.Norm {
		case "the", "on", "in", "at", "and", "of", "for", "with":
			return n
		}
		n++
	}
	return n
}
