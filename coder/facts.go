package coder

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"attache"
	"attache/fold"
)

// facts extracts the structured facts the document states: agreements
// signed, trade volumes and growth, partnership frameworks and when
// diplomatic relations began.
func (c *Coder) facts(ds *docState) {
	d := ds.d
	for si, s := range d.Sentences {
		if ds.actors[si] == nil && s.EndToken-s.FirstToken > maxSentenceTokens {
			continue
		}
		// The regular expressions below are costly: run each only on
		// sentences whose words make it possible.
		var sign, document, trade, amount, frame, diplomatic bool
		for _, t := range d.Tokens[s.FirstToken:s.EndToken] {
			switch t.Norm {
			case "signed", "inked", "sign", "signing", "concluded", "exchanged", "exchange", "adopted", "ratified":
				sign = true
			case "agreement", "agreements", "memorandum", "memoranda", "mou", "mous", "treaty", "protocol",
				"statement", "declaration", "convention", "contract", "contracts", "programme", "program", "plan",
				"accord", "accords", "charter", "communique", "letter", "roadmap", "arrangement", "deal", "deals",
				"pact", "pacts", "documents", "notes":
				document = true
			case "trade", "turnover", "commerce":
				trade = true
			case "$", "€", "£", "¥", "usd", "eur", "dollars", "euros", "million", "billion", "trillion", "bn", "mln", "%", "percent", "cent":
				amount = true
			case "partnership", "relationship", "relation", "alliance":
				frame = true
			case "diplomatic":
				diplomatic = true
			}
		}
		sign = sign && document
		trade = trade && amount
		if !sign && !trade && !frame && !diplomatic {
			continue
		}
		text := d.Text[s.Start:s.End]
		key := fold.String(text)
		if len(key) != len(text) {
			// Folding changed lengths (diacritics): match on a
			// length-preserving lower-case copy instead.
			key = asciiLower(text)
		}
		if sign {
			c.agreements(ds, si, s, text, key)
		}
		if trade {
			c.trade(ds, si, s, text, key)
		}
		if frame {
			c.relationship(ds, si, s, text, key)
		}
		if diplomatic {
			c.established(ds, si, s, text, key)
		}
	}
}

// asciiLower lower-cases ASCII letters only, keeping byte offsets.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// sentenceParties returns the two parties a fact in sentence si is about:
// the distinct countries it names, else the story's dyad.
func (ds *docState) sentenceParties(si int) []attache.Country {
	var cs []attache.Country
	seen := map[attache.Country]bool{}
	for _, a := range ds.actors[si] {
		for _, p := range parties(a) {
			if p.country != "" && !seen[p.country] && p.place == nil {
				seen[p.country] = true
				cs = append(cs, p.country)
			}
		}
	}
	if len(cs) >= 2 {
		return cs[:2]
	}
	if ds.dyad[0] == "" || ds.dyad[1] == "" {
		return nil
	}
	if len(cs) == 1 && cs[0] != ds.dyad[0] && cs[0] != ds.dyad[1] {
		return nil
	}
	return []attache.Country{ds.dyad[0], ds.dyad[1]}
}

// sentenceCountries returns the distinct parties named in sentence si.
func (ds *docState) sentenceCountries(si int) []attache.Country {
	var cs []attache.Country
	seen := map[attache.Country]bool{}
	for _, a := range ds.actors[si] {
		for _, p := range parties(a) {
			if p.country != "" && !seen[p.country] && p.place == nil && len(a.members) == 0 {
				seen[p.country] = true
				cs = append(cs, p.country)
			}
		}
	}
	return cs
}

// tokenAt returns the index of the first token of s starting at or after
// byte offset off.
func (ds *docState) tokenAt(s attache.Sentence, off int) int {
	for k := s.FirstToken; k < s.EndToken; k++ {
		if ds.d.Tokens[k].Start >= off {
			return k
		}
	}
	return s.EndToken - 1
}

func (ds *docState) addFact(f attache.Fact, s attache.Sentence, start, end int) {
	ev := &attache.Evidence{Span: attache.Span{Start: s.Start + start, End: s.Start + end}}
	ev.Text = ds.d.Text[ev.Start:ev.End]
	f.Evidence = ev
	ds.d.Facts = append(ds.d.Facts, f)
}

var (
	signWords = regexp.MustCompile(`\b(signed|inked|sign|signing|concluded|exchanged|exchange of|adopted|ratified)\b`)
	// docTitle is a capitalised document title: a head word, then
	// capitalised words joined by short connectors.
	docTitle = regexp.MustCompile(`\b(?:Joint |Comprehensive |Framework |Bilateral |Cooperation |Strategic )*(?:Agreement|Exchange of Notes|Memorandum|MoU|MOU|Treaty|Protocol|Statement|Declaration|Convention|Contract|Programme|Program|Plan|Accord|Charter|Communiqu[eé]|Letter of Intent|Roadmap|Arrangement)\b(?:(?:,? | of | on | in | for | and | between | the | to | of the | on the | in the | between the |-)(?:[A-Z0-9][\w’'\-]*|the))*`)
	// lowerTitle is a document named in lower case ("a joint communiqué",
	// "an agreement for cooperation in hydrography"), or an exact count of
	// documents ("10 cooperation agreements"); vague counts ("several
	// documents") name nothing.
	lowerTitle = regexp.MustCompile(`\b((?:joint (?:statement|communiqu[eé]|declaration|press release|vision statement)|memorand(?:um|a) of understanding(?: \(mous?\))?|free trade (?:agreement|pact|deal)|action plan|(?:cooperation |bilateral |framework )?(?:agreement|deal|pact|accord) (?:on|for) [a-z -]+?|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:cooperation |bilateral )?(?:agreements|documents|mous|deals|memoranda|memorandum of understanding(?: \(mous?\))?)))(?:\s+(?:on|between|for|to|at|regarding|in|with|during|that|which|and)\b|\s*[(,.;]|$)`)
)

func (c *Coder) agreements(ds *docState, si int, s attache.Sentence, text, key string) {
	loc := signWords.FindStringIndex(key)
	if loc == nil || negatedBefore(key, loc[0]) {
		return
	}
	ps := ds.sentenceParties(si)
	if ps == nil {
		return
	}
	// A document signed by three ("Iran, Saudi Arabia and China signing
	// a joint statement") has three parties.
	if all := ds.sentenceCountries(si); len(all) > 2 && len(all) <= 4 {
		ps = all
	}
	k := ds.tokenAt(s, s.Start+loc[0])
	date := ds.eventDate(si, k, k+1)
	seen := map[string]bool{}
	add := func(title string, start, end int) {
		title = strings.TrimRight(strings.TrimSpace(title), ",;-")
		t := strings.ToLower(title)
		if seen[t] || len(strings.Fields(title)) == 0 {
			return
		}
		// A lone head word ("Agreement") is no title.
		if len(strings.Fields(title)) == 1 && !strings.EqualFold(title, "MoU") {
			return
		}
		seen[t] = true
		ds.addFact(attache.Fact{Kind: attache.Agreement, Parties: ps, Title: title, Date: date}, s, start, end)
	}
	for _, m := range docTitle.FindAllStringIndex(text, -1) {
		if m[0] < loc[0]-80 {
			continue
		}
		title := trimTitle(text[m[0]:m[1]])
		add(title, m[0], m[0]+len(title))
	}
	for _, m := range lowerTitle.FindAllStringSubmatchIndex(key, -1) {
		if m[2] < loc[0]-80 {
			continue
		}
		overlap := false
		for t := range seen {
			if strings.Contains(t, key[m[2]:m[3]]) {
				overlap = true
			}
		}
		if !overlap {
			add(text[m[2]:m[3]], m[2], m[3])
		}
	}
}

// trimTitle drops connectors and "the" left dangling at a title's end.
func trimTitle(t string) string {
	for {
		t = strings.TrimRight(t, " ,-")
		cut := false
		for _, w := range []string{" of", " on", " in", " for", " and", " between", " the", " to"} {
			if strings.HasSuffix(t, w) {
				t, cut = t[:len(t)-len(w)], true
			}
		}
		if !cut {
			return t
		}
	}
}

func negatedBefore(key string, at int) bool {
	lo := max(0, at-30)
	w := key[lo:at]
	return strings.Contains(w, " not ") || strings.Contains(w, "n't ") || strings.Contains(w, "never ") || strings.Contains(w, "failed to")
}

var (
	tradeWords = regexp.MustCompile(`\b(trade|turnover|import-export|two-way commerce)\b`)
	money      = regexp.MustCompile(`(?:(us\s?\$|usd\s?|\$|€|eur\s?|£|¥)\s?(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand|bn|mln|m|tn)?\b(?:\s*(usd|us dollars|dollars|euros))?|(\d[\d,]*(?:\.\d+)?)\s*(trillion|billion|million|thousand|bn|mln)\s*(usd|us dollars|dollars|euros|eur))`)
	percent    = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)`)
	yearRange  = regexp.MustCompile(`\b((?:19|20)\d\d)\s*(?:-|–|to|and)\s*((?:19|20)\d\d)\b`)
	year       = regexp.MustCompile(`\b((?:19|20)\d\d)\b`)
	growthWord = regexp.MustCompile(`\b(grew|growth|grow|increase|increased|increasing|up|rose|rise|rising|jumped|surged|expanded|climbed)\b`)
)

func (c *Coder) trade(ds *docState, si int, s attache.Sentence, text, key string) {
	if !tradeWords.MatchString(key) {
		return
	}
	ps := ds.sentenceParties(si)
	if ps == nil {
		return
	}
	period := tradePeriod(ds, key)
	for _, m := range money.FindAllStringSubmatchIndex(key, -1) {
		var cur, num, mult string
		if m[4] >= 0 {
			cur, num = key[m[2]:m[3]], key[m[4]:m[5]]
			if m[6] >= 0 {
				mult = key[m[6]:m[7]]
			}
		} else {
			num, mult, cur = key[m[10]:m[11]], key[m[12]:m[13]], key[m[14]:m[15]]
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", ""), 64)
		if err != nil {
			continue
		}
		switch mult {
		case "trillion", "tn":
			v *= 1e12
		case "billion", "bn":
			v *= 1e9
		case "million", "mln", "m":
			v *= 1e6
		case "thousand":
			v *= 1e3
		}
		// A target ("aim to raise trade to $1 billion") is no volume.
		before := key[max(0, m[0]-60):m[0]]
		if strings.Contains(before, "target") || strings.Contains(before, "aim") || strings.Contains(before, "strive") ||
			strings.Contains(before, "to raise") || strings.Contains(before, "to increase") || strings.Contains(before, "to boost") ||
			strings.Contains(before, "to reach") || strings.Contains(before, "goal") {
			continue
		}
		ds.addFact(attache.Fact{Kind: attache.Trade, Parties: ps, Period: period, Value: math.Round(v),
			Currency: currency(cur), Qualifier: qualifier(before)}, s, m[0], m[1])
	}
	if growthWord.MatchString(key) {
		for _, m := range percent.FindAllStringSubmatchIndex(key, -1) {
			p, err := strconv.ParseFloat(key[m[2]:m[3]], 64)
			if err != nil {
				continue
			}
			basis := "yoy"
			if strings.Contains(key, "average") || strings.Contains(key, "annually") || strings.Contains(key, "per year") || strings.Contains(key, "a year") || yearRange.MatchString(key) {
				basis = "average annual"
			}
			ds.addFact(attache.Fact{Kind: attache.TradeGrowth, Parties: ps, Percent: p, Basis: basis, Period: period}, s, m[0], m[1])
		}
	}
}

func tradePeriod(ds *docState, key string) string {
	if m := yearRange.FindStringSubmatch(key); m != nil {
		return m[1] + "-" + m[2]
	}
	if m := year.FindStringSubmatch(key); m != nil {
		return m[1]
	}
	switch {
	case strings.Contains(key, "last year"):
		return strconv.Itoa(ds.ref.Year - 1)
	case strings.Contains(key, "this year"):
		return strconv.Itoa(ds.ref.Year)
	}
	return ""
}

func currency(s string) string {
	switch strings.TrimSpace(s) {
	case "€", "eur", "euros":
		return "EUR"
	case "£":
		return "GBP"
	case "¥":
		return "JPY"
	}
	return "USD"
}

func qualifier(before string) string {
	w := strings.Fields(before)
	if len(w) > 4 {
		w = w[len(w)-4:]
	}
	tail := " " + strings.Join(w, " ") + " "
	for _, q := range []string{" more than ", " over ", " exceeded ", " exceeding ", " above ", " surpassed ", " topped "} {
		if strings.Contains(tail, q) {
			return "more than"
		}
	}
	for _, q := range []string{" about ", " around ", " nearly ", " almost ", " approximately ", " roughly ", " some ", " close to ", " approx "} {
		if strings.Contains(tail, q) {
			return "about"
		}
	}
	for _, q := range []string{" less than ", " under ", " below "} {
		if strings.Contains(tail, q) {
			return "less than"
		}
	}
	return "exact"
}

var (
	partnership = regexp.MustCompile(`\b((?:(?:comprehensive|strategic|extensive|enhanced|global|special|cooperative|all-round|all-weather|privileged|exceptional|innovative|all-encompassing)\s+)+(?:strategic\s+)?(?:cooperative\s+)?(?:partnership|relationship|relation|alliance))\b`)
	upgradeWord = regexp.MustCompile(`\b(upgrad\w*|elevat\w*|rais\w*|lift\w*|strengthen\w*|establish\w*)\b`)
)

func (c *Coder) relationship(ds *docState, si int, s attache.Sentence, text, key string) {
	ps := ds.sentenceParties(si)
	if ps == nil {
		return
	}
	for _, m := range partnership.FindAllStringSubmatchIndex(key, -1) {
		level := titleWords(key[m[2]:m[3]])
		status := "existing"
		before := key[max(0, m[2]-90):m[2]]
		if um := upgradeWord.FindAllStringIndex(before, -1); um != nil {
			w := before[um[len(um)-1][0]:um[len(um)-1][1]]
			pre := before[max(0, um[len(um)-1][0]-12):um[len(um)-1][0]]
			switch {
			case strings.HasSuffix(w, "ed") && !strings.Contains(pre, "to ") && !strings.Contains(pre, "will"):
				status = "upgraded"
			default:
				status = "planned upgrade"
			}
		}
		f := attache.Fact{Kind: attache.Relationship, Parties: ps, Level: level, Status: status}
		// One fact per framework and pair: a later, more specific status
		// replaces "existing".
		dup := false
		for i := range ds.d.Facts {
			o := &ds.d.Facts[i]
			if o.Kind == attache.Relationship && strings.EqualFold(o.Level, level) && sameSet(o.Parties, ps) {
				if o.Status == "existing" && status != "existing" {
					o.Status = status
				}
				dup = true
			}
		}
		if !dup {
			ds.addFact(f, s, m[2], m[3])
		}
	}
}

func titleWords(s string) string {
	w := strings.Fields(s)
	for i, x := range w {
		w[i] = strings.ToUpper(x[:1]) + x[1:]
	}
	return strings.Join(w, " ")
}

func sameSet(a, b []attache.Country) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

var (
	relationsWords = regexp.MustCompile(`\bdiplomatic (?:relations|ties)\b`)
	established    = regexp.MustCompile(`\b(?:establish\w*|since|set up|forged|began|started)\b[^.]{0,60}?\b((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\b[^.]{0,40}?\bestablish\w*`)
	yearsOf        = regexp.MustCompile(`\b(\d+)\s+years\s+of\s+(?:the\s+)?(?:establishment\s+of\s+)?(?:their\s+|bilateral\s+)?diplomatic (?:relations|ties)`)
	anniversary    = regexp.MustCompile(`\b(\d+)(?:st|nd|rd|th)\s+anniversary\s+of\s+(?:the\s+)?(?:establishment\s+of\s+)?(?:their\s+|bilateral\s+)?diplomatic (?:relations|ties)`)
)

func (c *Coder) established(ds *docState, si int, s attache.Sentence, text, key string) {
	if !relationsWords.MatchString(key) {
		return
	}
	ps := ds.sentenceParties(si)
	if ps == nil {
		return
	}
	y, at := 0, [2]int{}
	if m := yearsOf.FindStringSubmatchIndex(key); m != nil && !ds.ref.IsZero() {
		n, _ := strconv.Atoi(key[m[2]:m[3]])
		y, at = ds.ref.Year-n, [2]int{m[0], m[1]}
	} else if m := anniversary.FindStringSubmatchIndex(key); m != nil && !ds.ref.IsZero() {
		n, _ := strconv.Atoi(key[m[2]:m[3]])
		y, at = ds.ref.Year-n, [2]int{m[0], m[1]}
	} else if m := established.FindStringSubmatchIndex(key); m != nil {
		g := 2
		if m[2] < 0 {
			g = 4
		}
		y, _ = strconv.Atoi(key[m[g]:m[g+1]])
		at = [2]int{m[0], m[1]}
	}
	if y < 1900 || (!ds.ref.IsZero() && y > ds.ref.Year) {
		return
	}
	for _, o := range ds.d.Facts {
		if o.Kind == attache.RelationsEstablished && sameSet(o.Parties, ps) {
			return
		}
	}
	ds.addFact(attache.Fact{Kind: attache.RelationsEstablished, Parties: ps, Date: attache.Date{Year: y}}, s, at[0], at[1])
}
