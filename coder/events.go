package coder

import (
	"strconv"
	"strings"

	"attache"
	"attache/cameo"
	"attache/dates"
	"attache/lexicon"
)

// prepositions before an actor make it an object, not a subject.
var prepositions = map[string]bool{"with": true, "to": true, "of": true, "for": true, "between": true,
	"from": true, "in": true, "on": true, "by": true, "at": true, "against": true, "toward": true,
	"towards": true, "into": true, "including": true, "among": true, "about": true, "over": true}

// locatives before an actor make it a place or an example, not a target.
var locatives = map[string]bool{"in": true, "at": true, "including": true, "among": true, "during": true,
	"within": true, "via": true, "inside": true, "across": true, "like": true}

// speechVerbs after an actor make it the speaker of a reported clause.
var speechVerbs = map[string]bool{"said": true, "told": true, "stated": true, "stressed": true, "affirmed": true,
	"noted": true, "added": true, "emphasised": true, "emphasized": true, "underlined": true, "underscored": true,
	"highlighted": true, "reiterated": true, "asserted": true, "says": true, "announced": true, "wrote": true,
	"declared": true, "explained": true, "remarked": true, "shared": true, "continued": true, "concluded": true}

var plannedMarkers = map[string]bool{"will": true, "would": true, "shall": true, "to": true, "plans": true,
	"upcoming": true, "forthcoming": true, "scheduled": true, "next": true, "future": true, "proposed": true,
	"possible": true, "potential": true,
	"plan": true, "planned": true, "planning": true, "expected": true, "going": true, "intends": true, "set": true}

var negators = map[string]bool{"not": true, "never": true, "n't": true, "no": true, "neither": true, "nor": true, "without": true}

// messageNouns are messages that carry out the act their purpose names:
// "sent a cable to congratulate".
var messageNouns = map[string]bool{"letter": true, "letters": true, "message": true, "messages": true,
	"telegram": true, "telegrams": true, "cable": true, "cables": true, "note": true, "notes": true,
	"greetings": true, "flowers": true, "congratulations": true}

// proposalVerbs introduce a clause with a proposed act: "proposed that".
var proposalVerbs = map[string]bool{"suggested": true, "proposed": true, "recommended": true, "urged": true,
	"requested": true, "asked": true, "demanded": true, "hoped": true, "wished": true, "insisted": true,
	"suggests": true, "proposes": true, "urges": true, "hopes": true, "demands": true, "requests": true}

var hypotheticals = map[string]bool{"if": true, "unless": true, "could": true, "might": true, "may": true,
	"should": true, "can": true, "how": true, "whether": true}

// trigger is an event phrase found in a sentence.
type trigger struct {
	first, end int
	ep         *lexicon.EventPhrase
}

func (c *Coder) codeSentence(ds *docState, si int, s attache.Sentence) {
	d, toks := ds.d, ds.d.Tokens
	actors := ds.actors[si]
	subject := ds.lastSubject
	ds.curActors = actors
	sawSubject := false
	for i, a := range actors {
		c.resolve(ds, a, subject)
		if a.resolved() && a.ref == refNone && subject == nil {
			subject = a
		}
		// A person named as a subject earlier in this sentence is whom a
		// later "he" or "his" means: "Ishiba arrived …, his first trip".
		if !sawSubject && a.ref == refNone && a.resolved() && len(a.members) == 0 &&
			!(a.first > s.FirstToken && prepositions[toks[a.first-1].Norm]) {
			sawSubject = true
			if (a.person != "" || a.role != "") && i+1 < len(actors) {
				ds.lastPerson = a
			}
		}
	}
	inActor := func(i int) bool {
		for _, a := range actors {
			if i >= a.first && i < a.end {
				return true
			}
		}
		return false
	}
	var trigs []trigger
	for i := s.FirstToken; i < s.EndToken; {
		if inActor(i) {
			i++
			continue
		}
		n, ep := c.lex.MatchEvent(toks, i, s.EndToken)
		if n == 0 {
			i++
			continue
		}
		trigs = append(trigs, trigger{i, i + n, ep})
		i += n
	}
	// "his visiting Russian counterpart": a visit without a verb.
	for _, a := range actors {
		if a.visiting && a.resolved() && len(a.members) == 0 {
			host := ds.other(a.country)
			if host != "" {
				c.emit(ds, si, s, a, &actor{country: host, first: -1}, "042", "visiting actor", a.first, a.end, 0.7)
				c.emit(ds, si, s, &actor{country: host, first: -1}, a, "043", "visiting actor", a.first, a.end, 0.7)
				ds.guest, ds.host = a.country, host
			}
		}
	}
	explicit := ds.explicitDate(si)
	switch {
	case !explicit.IsZero():
		ds.chain = explicit
	case continues(toks, s) && !ds.chain.IsZero():
		ds.here[si] = ds.chain
	default:
		ds.chain = attache.Date{}
	}
	var prevSubj *actor
	prevNone := false // the previous act had no actor subject ("which killed")
	for ti, t := range trigs {
		if prevNone && ti > 0 && sharesSubject(toks, trigs[ti-1], t) {
			continue // "…, which killed nine people and forced thousands from their homes"
		}
		prevSubj, prevNone = c.codeTrigger(ds, si, s, actors, trigs, ti, t, prevSubj)
	}
	// The first resolved non-object actor is the subject carried to the
	// next sentence ("He congratulated…").
	for _, a := range actors {
		if !a.resolved() || (a.first > s.FirstToken && prepositions[toks[a.first-1].Norm]) {
			continue
		}
		ds.lastSubject = a
		if a.person != "" || a.role != "" {
			ds.lastPerson = a
		}
		break
	}
	_ = d
}

// resolve fills a reference (pronoun, group, counterpart, role) from the
// document so far.
func (c *Coder) resolve(ds *docState, a *actor, subject *actor) {
	switch a.ref {
	case refPronoun:
		if p := ds.lastPerson; p != nil {
			a.country, a.sector, a.person, a.role = p.country, p.sector, p.person, p.role
		}
	case refGroup:
		if ds.dyad[0] != "" && ds.dyad[1] != "" {
			a.members = []*actor{{country: ds.dyad[0], first: a.first, end: a.end}, {country: ds.dyad[1], first: a.first, end: a.end}}
		}
	case refCounterpart:
		if a.country == "" {
			base := ds.lastSubject
			if subject != nil {
				base = subject
			}
			if base != nil && base.country != "" {
				a.country = ds.other(base.country)
				a.sector = base.sector
			}
		}
	case refIts:
		// "All activities of Taiwan …, including its drill": the first
		// country or body of the sentence, else the running subject.
		var before []*actor
		for _, b := range ds.curActors {
			if b == a {
				break
			}
			if b.resolved() && b.person == "" && len(b.members) == 0 {
				before = append(before, b)
			}
		}
		// Prefer a subject in the clause of "its" ("…, China continued
		// carrying out its drills"), then the sentence's first subject
		// ("The United States condemned … and reaffirmed its commitment"),
		// then its first party at all ("All activities of Taiwan …,
		// including its drill").
		toks := ds.d.Tokens
		bound := 0
		for k := a.first - 1; k >= 0 && bound == 0; k-- {
			switch toks[k].Norm {
			case ",", ";", "and", "but", "while", "that":
				bound = k
			}
		}
		notObject := func(b *actor) bool { return b.first == 0 || !prepositions[toks[b.first-1].Norm] }
		for k := len(before) - 1; k >= 0; k-- {
			if b := before[k]; b.first > bound && notObject(b) {
				a.country, a.sector = b.country, b.sector
				return
			}
		}
		for _, b := range before {
			if notObject(b) {
				a.country, a.sector = b.country, b.sector
				return
			}
		}
		if len(before) > 0 {
			a.country, a.sector = before[0].country, before[0].sector
			return
		}
		if subject != nil && len(subject.members) == 0 {
			a.country, a.sector = subject.country, subject.sector
		}
	case refGuest:
		a.country = ds.guest
	case refHost:
		a.country = ds.host
	case refRole:
		for _, as := range ds.actors {
			for _, b := range as {
				if b != a && b.role == a.role && b.country != "" && b.first < a.first {
					a.country, a.person = b.country, b.person
				}
			}
		}
		// A spokesperson or ministry the story never places belongs to
		// the dateline's country, when that is one of the story's parties.
		if a.country == "" && ds.home != "" && (ds.home == ds.dyad[0] || ds.home == ds.dyad[1]) &&
			(a.sector == "GOV" || a.sector == "DIP") {
			a.country = ds.home
		}
		if a.country != "" && a.person != "" {
			ds.remember(a)
		}
	}
}

// settleByCounterpart places a titled official the story never places by
// the counterpart named beside them: "Deputy Foreign Minister Le Thi Thu
// Hang … her phone talks with Uzbek counterpart Ilkhom Khaydarov" makes
// Hang the story's other party.
func settleByCounterpart(ds *docState, actors []*actor) bool {
	toks := ds.d.Tokens
	var counterpart *actor
	for _, a := range actors {
		if a.country == "" || len(a.members) > 0 {
			continue
		}
		for k := a.first; k < a.end; k++ {
			if toks[k].Norm == "counterpart" || toks[k].Norm == "counterparts" {
				counterpart = a
			}
		}
	}
	if counterpart == nil {
		return false
	}
	o := ds.other(counterpart.country)
	if o == "" {
		return false
	}
	named := false
	for _, a := range actors {
		if a.ref == refRole && a.country == "" && a.person != "" {
			a.country, a.ref = o, refNone
			ds.remember(a)
			named = true
		}
	}
	return named
}

// parties expands an actor into the countries it stands for.
func parties(a *actor) []*actor {
	if a == nil {
		return nil
	}
	if len(a.members) > 0 {
		return a.members
	}
	if a.country == "" {
		return nil
	}
	return []*actor{a}
}

// coordinated returns a together with the actors joined to it by "and" or
// commas ("Vietnam and Uzbekistan", "To Lam and Kasymaliev").
func coordinated(toks []attache.Token, actors []*actor, a *actor) []*actor {
	idx := -1
	for i, b := range actors {
		if b == a {
			idx = i
		}
	}
	if idx < 0 {
		return []*actor{a}
	}
	// joined reports whether only commas, "and" and bracketed asides
	// ("(DPRK)") stand between two actors.
	joined := func(x, y *actor) bool {
		if y.first <= x.end || y.first-x.end > 12 {
			return false
		}
		sep, depth := false, 0
		for k := x.end; k < y.first; k++ {
			switch n := toks[k].Norm; {
			case n == "(":
				depth++
			case n == ")":
				depth--
			case depth > 0:
			case n == "," || n == "and" || n == "or":
				sep = true
			default:
				return false
			}
		}
		return sep && depth == 0
	}
	// "the DRC and its support": a possessive pronoun is a determiner,
	// not a second party.
	possessive := func(b *actor) bool {
		if b.end-b.first != 1 {
			return false
		}
		switch toks[b.first].Norm {
		case "its", "their", "his", "her":
			return true
		}
		return false
	}
	lo, hi := idx, idx
	for lo > 0 && joined(actors[lo-1], actors[lo]) && !possessive(actors[lo-1]) && !possessive(actors[lo]) {
		lo--
	}
	for hi+1 < len(actors) && joined(actors[hi], actors[hi+1]) && !possessive(actors[hi+1]) && !possessive(actors[hi]) {
		hi++
	}
	return actors[lo : hi+1]
}

// codeTrigger codes one event phrase and returns the subject it used, for
// a following verb that shares it ("X condemned Y and urged Z").
func (c *Coder) codeTrigger(ds *docState, si int, s attache.Sentence, actors []*actor, trigs []trigger, ti int, t trigger, prevSubj *actor) (*actor, bool) {
	toks := ds.d.Tokens
	ep := t.ep
	// "thanked X for supporting", "congratulated X on hosting", "an
	// invitation for political consultations": the phrase is the content
	// or purpose of another act, not an act of its own.
	if t.first > s.FirstToken {
		switch toks[t.first-1].Norm {
		case "for", "on", "about", "of":
			if strings.HasSuffix(toks[t.first].Norm, "ing") || ep.Frame == lexicon.NOUN {
				return prevSubj, false
			}
		case "in":
			// "summoned the ambassador in protest against …": the
			// purpose of the act before, not a second act.
			if ep.Pattern[0] == "protest" {
				return prevSubj, false
			}
		}
	}
	// "the Free Trade Agreement", "their support": a verb's base form in
	// a noun's place names a thing, not an act (nominal visits and
	// meetings have their own frames).
	if ep.Base && ep.Frame == lexicon.SVO && nounContext(toks, s, t) {
		return prevSubj, false
	}
	// "was met with protesters": a passive joint verb is no meeting.
	if ep.Frame == lexicon.SYM && t.first > s.FirstToken {
		if p := toks[t.first-1].Norm; p == "was" || p == "were" || p == "been" || p == "being" {
			return prevSubj, false
		}
	}
	nextTrig := s.EndToken
	if ti+1 < len(trigs) {
		nextTrig = trigs[ti+1].first
	}
	mode := c.mode(ds, s, t, actors, nextTrig)
	// Subject: the nearest actor before the trigger that is not an object
	// of a preposition, with those coordinated with it. A verb joined to
	// the previous one by "and" shares its subject.
	var subj *actor
	lowBound := s.FirstToken
	if ti > 0 {
		lowBound = trigs[ti-1].first
		if prevSubj != nil && sharesSubject(toks, trigs[ti-1], t) {
			subj = prevSubj
		}
	}
	var roleSubj *actor
	// "… the eruption, which killed nine people": a relative pronoun
	// right before the verb stands for the noun before it; when that noun
	// is no actor, the act has no actor subject.
	relative := false
	if k := t.first - 1; k > s.FirstToken {
		switch toks[k].Norm {
		case "which", "that", "who":
			relative = true
			for _, a := range actors {
				if a.resolved() && (a.end == k || a.end == k-1 && toks[k-1].Norm == ",") {
					subj = a
				}
			}
		}
	}
	for k := len(actors) - 1; k >= 0 && subj == nil && !relative; k-- {
		a := actors[k]
		if a.end > t.first || a.first < lowBound {
			continue
		}
		if a.first > s.FirstToken && prepositions[toks[a.first-1].Norm] {
			// "an invitation for Hang to visit", "invited Chinh to pay":
			// the object before "to" is the subject of the infinitive.
			if !(a.end+1 == t.first && toks[a.end].Norm == "to" && a.resolved()) {
				continue
			}
		}
		if !a.resolved() {
			if a.ref == refRole && a.place == nil {
				// "The Foreign Office summoned …": a title with no
				// country; it is settled against the object below.
				roleSubj = a
				break
			}
			continue
		}
		subj = a
		break
	}
	// Objects: actors after the trigger, up to the next trigger.
	// A following infinitive ("commitment to defend the Philippines")
	// belongs to this clause: its object is this trigger's too.
	hiBound := s.EndToken
	for n := ti + 1; n < len(trigs); n++ {
		if trigs[n].ep.Base && trigs[n].first <= trigs[n-1].end+1 {
			continue
		}
		hiBound = trigs[n].first
		break
	}
	// Objects: actors after the trigger's first word, including those a
	// wildcard spans ("urged Russia to respect").
	var after []*actor
	for _, a := range actors {
		if a.first > t.first && a.first < hiBound && a.resolved() && !isPossessive(toks, a) {
			after = append(after, a)
		}
	}
	confidence := 0.8
	if subj == nil && roleSubj != nil {
		// A bare title acting on a foreign party is the story's other
		// party: "the Foreign Office summoned the Indian envoy".
		for _, a := range after {
			if o := ds.other(a.country); o != "" && len(a.members) == 0 {
				subj = &actor{country: o, sector: roleSubj.sector, role: roleSubj.role, first: roleSubj.first, end: roleSubj.end}
				confidence = 0.6
				break
			}
		}
	}
	if subj == nil {
		// Participial opening ("Congratulating X on …, To Lam affirmed")
		// or reported speech ("…, Chinh told his counterpart").
		for _, a := range actors {
			if a.first >= t.end && a.resolved() && a.end < s.EndToken && speechVerbs[toks[a.end].Norm] {
				subj = a
				break
			}
		}
		if subj == nil && !relative && t.ep.Frame != lexicon.NOUN && t.ep.Frame != lexicon.VISIT && t.ep.Frame != lexicon.PASS {
			subj = ds.lastSubject
			confidence = 0.6
		}
		if subj == nil && relative {
			return nil, true
		}
	}
	var objs []*actor
	for _, a := range after {
		if a != subj && !(subj != nil && a.country == subj.country && len(a.members) == 0) {
			objs = append(objs, a)
		}
	}
	if ep.Frame == lexicon.SVO {
		// "Vietnam's donation of rice": the possessor does the act.
		if p := toks[max(t.first-1, 0)].Norm; t.first > s.FirstToken && (p == "'s" || p == "its" || p == "their" || p == "his" || p == "her") {
			for _, a := range actors {
				if (a.end == t.first-1 || a.end == t.first) && a.resolved() {
					subj = a
				}
			}
		}
		// "ceasefire violations … by the Indian forces": a nominal act
		// names its doer after "by".
		if nominalPhrase(ep) {
			for _, a := range objs {
				if a.first > 0 && toks[a.first-1].Norm == "by" {
					subj, confidence = a, 0.6
					var rest []*actor
					for _, o := range objs {
						if o != a && o.country != a.country {
							rest = append(rest, o)
						}
					}
					objs = rest
					break
				}
			}
		}
		// A title resolved from earlier in the story that acts on its own
		// country's official is the other party's: "The Foreign Office
		// summoned Deputy High Commissioner Singh".
		if subj != nil && subj.ref == refRole && len(objs) > 0 && objs[0].country == subj.country {
			if o := ds.other(subj.country); o != "" {
				subj = &actor{country: o, sector: subj.sector, role: subj.role, first: subj.first, end: subj.end}
			}
		}
	}
	code := refineByTopic(toks, t, ep.Code, s.EndToken)
	// "to defend", "to expand": an infinitive completes another verb,
	// whose own phrase codes the intent; only an announced act ("will
	// visit") is an intent of its own.
	if mode == attache.Planned && ep.Base && !announced(toks, s, t) {
		mode = attache.Hypothetical
	}
	if mode != attache.Asserted {
		code = intentCode(code)
		if code == "" || mode != attache.Planned {
			if c.AllModes {
				c.emitPair(ds, si, s, subj, first(objs), ep.Code, ep, t, 0.5, mode)
			}
			// A phrase that is no act ("for its support of") does not
			// change who the next coordinated verb's subject is.
			if prevSubj != nil {
				return prevSubj, false
			}
			return subj, false
		}
	}
	switch ep.Frame {
	case lexicon.PASS:
		var agent *actor
		if len(objs) > 0 {
			agent = objs[0]
		}
		if agent != nil && subj != nil && agent.country == subj.country && len(subj.members) == 0 {
			// "a meeting hosted by Vietnam", said of a Vietnamese
			// subject: the passive is about a thing, not the other party.
			return subj, false
		}
		c.emitPair(ds, si, s, agent, subj, code, ep, t, confidence, attache.Asserted)
	case lexicon.SYM, lexicon.NOUN:
		var side []*actor
		switch {
		case subj != nil && len(subj.members) > 0:
			side = subj.members
		case subj != nil:
			side = coordinated(toks, actors, subj)
		}
		if ep.Frame == lexicon.NOUN && toks[t.end-1].Norm == "between" {
			// "talks between X and Y": the two actors after "between".
			var pair []*actor
			for _, a := range after {
				if len(pair) < 2 {
					pair = append(pair, a)
				}
			}
			if len(pair) == 2 {
				side, objs = pair[:1], pair[1:]
			}
		} else if ep.Frame == lexicon.NOUN && (subj == nil || subj.first < t.first-3) {
			// "talks between X and Y", "the visit of X": actors after the noun.
			side = nil
			if len(objs) >= 2 && t.end < len(toks) && toks[t.end-1].Norm == "between" || len(objs) >= 2 && objs[0].end+1 == objs[1].first {
				side, objs = objs[:1], objs[1:2]
			} else if subj != nil && subj.first >= t.first-3 {
				side = []*actor{subj}
			}
		}
		var all []*actor
		for _, a := range side {
			all = appendCountries(all, parties(a)...)
		}
		// The other side of a joint act is its object ("met X", "held
		// talks with X"), not any country named later in the clause.
		if len(objs) > 0 && len(all) < 2 && (objs[0].first <= t.end+1 || toks[objs[0].first-1].Norm == "with" ||
			ep.Frame == lexicon.NOUN) {
			all = appendCountries(all, parties(objs[0])...)
		}
		if len(all) < 2 && ds.dyad[1] != "" {
			if len(all) == 0 {
				all = []*actor{{country: ds.dyad[0], first: -1}, {country: ds.dyad[1], first: -1}}
			} else {
				all = append(all, &actor{country: ds.other(all[0].country), first: -1})
			}
			confidence = 0.6
		}
		for i := range all {
			for j := range all {
				if i != j && all[i].country != all[j].country {
					c.emit(ds, si, s, all[i], all[j], code, ruleOf(ep), t.first, t.end, confidence)
				}
			}
		}
	case lexicon.VISIT, lexicon.HOST:
		if subj != nil && len(subj.members) > 0 && ep.Frame == lexicon.VISIT {
			// "The two presidents visited the port": a joint outing,
			// not a visit of one to the other.
			return subj, false
		}
		if ep.Frame == lexicon.HOST && !isNominal(toks, s, t) && (len(objs) == 0 || objs[0].first > t.end+3) {
			// "received a 21-gun salute": what was received is no guest.
			return subj, false
		}
		src := subj
		rest := objs
		if ep.Frame == lexicon.VISIT && isNominal(toks, s, t) {
			src, rest = nominalVisit(toks, actors, t, hiBound)
			if src == nil && subj != nil && subj.end >= t.first-1 {
				src = subj // "Kasymaliev's visit to Vietnam"
			}
		}
		if src == nil && len(objs) > 0 {
			src, rest = objs[0], objs[1:]
		}
		var dst *actor
		if len(rest) > 0 {
			dst = rest[0]
		}
		if ep.Frame == lexicon.HOST {
			c.emitPair(ds, si, s, src, dst, code, ep, t, confidence, attache.Asserted)
			if code == "043" {
				c.emitPair(ds, si, s, dst, src, "042", ep, t, confidence, attache.Asserted)
				if src != nil && dst != nil {
					ds.host, ds.guest = src.country, dst.country
				}
			}
			return src, false
		}
		c.emitPair(ds, si, s, src, dst, code, ep, t, confidence, attache.Asserted)
		if code == "042" {
			c.emitPair(ds, si, s, dst, src, "043", ep, t, confidence, attache.Asserted)
			if src != nil && dst != nil {
				ds.guest, ds.host = src.country, dst.country
			}
		}
	default: // SVO
		if passive(toks, s, t) {
			// "Indian diplomats were summoned (by Pakistan)": the subject
			// is the target; the agent follows "by", else the other party.
			var agent *actor
			for _, a := range objs {
				if a.first > 0 && toks[a.first-1].Norm == "by" {
					agent = a
					break
				}
			}
			c.emitPair(ds, si, s, agent, subj, code, ep, t, confidence*0.9, attache.Asserted)
			return subj, false
		}
		var srcs []*actor
		if subj != nil {
			for _, a := range coordinated(toks, actors, subj) {
				srcs = append(srcs, parties(a)...)
			}
			if len(srcs) == 0 {
				srcs = parties(subj)
			}
		}
		// Acts inside one country are coded too ("Chinh instructed the
		// ministries to …"): users may want them; eval leaves them out.
		if len(srcs) == 1 && len(subj.members) == 0 {
			if dom := domesticObject(toks, actors, t, hiBound, srcs[0]); dom != nil {
				c.emit(ds, si, s, srcs[0], dom, code, ruleOf(ep), t.first, t.end, confidence)
				return subj, false
			}
		}
		// The target is the first object that is not a location or an
		// example ("in Hanoi", "including the United Nations").
		var tgt *actor
		for _, a := range objs {
			if a.first > 0 && locatives[toks[a.first-1].Norm] {
				continue
			}
			tgt = a
			break
		}
		for _, src := range srcs {
			for _, tg := range partiesOrOther(ds, tgt, src) {
				c.emit(ds, si, s, src, tg, code, ruleOf(ep), t.first, t.end, confidence)
			}
		}
	}
	return subj, false
}

// isPossessive reports whether an actor is a bare possessive pronoun
// ("expressed his pleasure"): a determiner, never an object.
func isPossessive(toks []attache.Token, a *actor) bool {
	if a.end-a.first != 1 {
		return false
	}
	switch toks[a.first].Norm {
	case "his", "her", "its", "their":
		return true
	}
	return false
}

// domesticObject returns the first object of an SVO act when it is an
// institution or official of the subject's own country: named as such
// ("Vietnamese ministries"), or a title the story never places ("the
// relevant ministries") right after the verb. Nil otherwise.
func domesticObject(toks []attache.Token, actors []*actor, t trigger, hi int, src *actor) *actor {
	for _, a := range actors {
		if a.first <= t.first || a.first >= hi || a.place != nil || isPossessive(toks, a) {
			continue
		}
		if len(a.members) > 0 || a.ref == refIts || a.ref == refGroup {
			return nil
		}
		// "warned that Beijing would …": the subject of a reported clause
		// is no object of the act.
		for k := t.first; k < a.first; k++ {
			switch toks[k].Norm {
			case "that", "which", "who", ",", ";":
				return nil
			}
		}
		switch {
		case a.resolved() && a.country == src.country && (a.sector != "" && a.sector != "CVL" || a.person != ""):
			return a
		case a.ref == refRole && a.country == "" && a.first <= t.end+2:
			own := *a
			own.country = src.country
			return &own
		}
		return nil
	}
	return nil
}

// sharesSubject reports whether trigger t is a verb coordinated with the
// previous trigger: only "and", commas and adverbs stand between t and
// the previous trigger's objects ("… condemned the attack and urged …").
func sharesSubject(toks []attache.Token, prev, t trigger) bool {
	for k := t.first - 1; k >= prev.end && k >= t.first-3; k-- {
		switch toks[k].Norm {
		case "also", "then", "later", "further", "again", "strongly", "repeatedly":
			continue
		case "and", ",":
			return true
		}
		return false
	}
	return false
}

// nounContext reports whether a phrase whose first word could be a verb's
// base form stands where a noun does: "PM Chinh's visit", "the support".
func nounContext(toks []attache.Token, s attache.Sentence, t trigger) bool {
	if t.first == s.FirstToken {
		return false
	}
	switch toks[t.first-1].Norm {
	case "the", "a", "an", "'s", "his", "her", "their", "its", "this", "that", "our", "official", "state",
		"first", "recent", "working", "historic", "successful", "strong", "continued", "further":
		return true
	}
	return false
}

// nominalPhrase reports whether an SVO phrase ends in a noun naming the
// act ("ceasefire violations", "missile attack", "bombing of"), whose doer
// may follow "by".
func nominalPhrase(ep *lexicon.EventPhrase) bool {
	last := ep.Pattern[len(ep.Pattern)-1]
	if last == "of" && len(ep.Pattern) > 1 {
		last = ep.Pattern[len(ep.Pattern)-2]
	}
	for _, suf := range []string{"ion", "ions", "ment", "ments", "ance", "ances", "ence", "ences", "attack", "attacks", "strike", "strikes", "raid", "raids", "bombing", "shelling", "killing", "incursion", "incursions"} {
		if strings.HasSuffix(last, suf) {
			return true
		}
	}
	return false
}

// announced reports whether a modal of the future stands just before the
// trigger: "will visit", "plans to sign", "is expected to meet".
func announced(toks []attache.Token, s attache.Sentence, t trigger) bool {
	for k := t.first - 1; k >= s.FirstToken && k >= t.first-4; k-- {
		switch toks[k].Norm {
		case "will", "shall", "plans", "plan", "planned", "intends", "expected", "going", "set", "scheduled":
			return true
		case ",", ".", ";":
			return false
		}
	}
	return false
}

// passive reports whether an SVO trigger is a participle after a form of
// "be": "was summoned", "were condemned by".
func passive(toks []attache.Token, s attache.Sentence, t trigger) bool {
	if len(t.ep.Pattern) > 1 {
		return false
	}
	for k := t.first - 1; k >= s.FirstToken && k >= t.first-3; k-- {
		switch toks[k].Norm {
		case "was", "were", "been", "being", "is", "are", "be", "get", "got":
			return true
		case "also", "later", "reportedly", "then", "not", "formally", "officially", "strongly", "publicly":
			continue
		}
		return false
	}
	return false
}

// isNominal reports whether a visit phrase is a noun ("the visit of X to
// Y", "an official visit to Y by X") rather than a verb ("X visited Y").
func isNominal(toks []attache.Token, s attache.Sentence, t trigger) bool {
	if visitVerbs[t.ep.Pattern[0]] {
		return false
	}
	if t.first > s.FirstToken {
		switch toks[t.first-1].Norm {
		case "the", "a", "an", "his", "her", "their", "its", "'s", "official", "state", "working", "first", "recent", "of":
			return true
		}
	}
	for _, w := range t.ep.Pattern {
		switch w {
		case "visit", "visits", "trip", "trips", "tour", "stay":
			return true
		}
	}
	return false
}

// visitVerbs open verbal visit phrases: "paid a visit to", "arrived in".
var visitVerbs = map[string]bool{"paid": true, "pay": true, "pays": true, "paying": true, "made": true,
	"make": true, "makes": true, "making": true, "undertook": true, "undertake": true, "undertakes": true,
	"conducted": true, "began": true, "begins": true, "started": true, "starts": true, "concluded": true,
	"concludes": true, "ended": true, "wrapped": true, "wraps": true, "completed": true, "embarked": true,
	"visited": true, "visiting": true, "arrived": true, "arrives": true, "arriving": true, "travelled": true,
	"traveled": true, "travels": true, "flew": true, "landed": true, "toured": true, "is": true, "was": true,
	"are": true, "were": true, "be": true, "been": true, "on": true, "came": true, "comes": true, "went": true}

// nominalVisit finds the visitor and the host of a nominal visit: the
// visitor follows "of" or "by", the host follows "to" or "in".
func nominalVisit(toks []attache.Token, actors []*actor, t trigger, hi int) (*actor, []*actor) {
	var visitor, host *actor
	// "Kasymaliev's official visit to Vietnam"
	for _, a := range actors {
		if a.resolved() && a.end < t.first && toks[a.end].Norm == "'s" && a.end+3 >= t.first {
			visitor = a
		}
	}
	for _, a := range actors {
		if a.first < t.end-1 || a.first >= hi || !a.resolved() {
			continue
		}
		prev := toks[a.first-1].Norm
		switch {
		case (prev == "of" || prev == "by") && visitor == nil:
			visitor = a
		case (prev == "to" || prev == "in") && host == nil:
			host = a
		}
	}
	if host == nil {
		return visitor, nil
	}
	return visitor, []*actor{host}
}

// appendCountries appends the actors whose country is not in as yet: "the
// General Secretary and President To Lam" is one party.
func appendCountries(as []*actor, more ...*actor) []*actor {
	for _, m := range more {
		dup := false
		for _, a := range as {
			if a.country == m.country {
				dup = true
				break
			}
		}
		if !dup {
			as = append(as, m)
		}
	}
	return as
}

func first(as []*actor) *actor {
	if len(as) == 0 {
		return nil
	}
	return as[0]
}

// partiesOrOther returns the target's parties, or the story's other party
// when the clause names no target ("Chinh affirmed Vietnam's readiness…").
func partiesOrOther(ds *docState, tgt, src *actor) []*actor {
	if ps := parties(tgt); len(ps) > 0 {
		var out []*actor
		for _, p := range ps {
			if p.country != src.country {
				out = append(out, p)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if o := ds.other(src.country); o != "" {
		return []*actor{{country: o, first: -1}}
	}
	return nil
}

// emitPair codes src → tgt for every party of each, falling back to the
// story's other party for a missing side.
func (c *Coder) emitPair(ds *docState, si int, s attache.Sentence, src, tgt *actor, code cameo.Code, ep *lexicon.EventPhrase, t trigger, conf float64, mode attache.Mode) {
	srcs := parties(src)
	if len(srcs) == 0 {
		if tgt == nil || len(parties(tgt)) == 0 {
			return
		}
		for _, tg := range parties(tgt) {
			if o := ds.other(tg.country); o != "" {
				c.emitMode(ds, si, s, &actor{country: o, first: -1}, tg, code, ruleOf(ep), t.first, t.end, conf*0.8, mode)
			}
		}
		return
	}
	for _, sr := range srcs {
		for _, tg := range partiesOrOther(ds, tgt, sr) {
			c.emitMode(ds, si, s, sr, tg, code, ruleOf(ep), t.first, t.end, conf, mode)
		}
	}
}

// intentCode maps a planned cooperative act to the intent it announces:
// "will visit" is an intent to meet (036), "agreed to sign" an intent to
// cooperate (030). Conflict acts have no intent code here.
func intentCode(c cameo.Code) cameo.Code {
	switch c.Root() {
	case "03":
		return c
	case "04":
		return "036"
	case "05":
		return "030"
	case "06":
		return "031"
	case "07":
		return "033"
	case "08":
		return "035"
	}
	return ""
}

// mode reads the words before a trigger: "will", "to" and "plans to" make
// it planned, "not" negated, "if" hypothetical.
func (c *Coder) mode(ds *docState, s attache.Sentence, t trigger, actors []*actor, nextTrig int) attache.Mode {
	toks := ds.d.Tokens
	inActor := func(k int) bool {
		for _, a := range actors {
			if k >= a.first && k < a.end {
				return true
			}
		}
		return false
	}
	// The trigger's own first word may be the marker ("will visit").
	if plannedMarkers[t.ep.Pattern[0]] {
		return attache.Planned
	}
	// A base form ("congratulate") is asserted only in a headline
	// ("Leaders Congratulate Vietnam") or right after a plural subject
	// ("the two sides agree"); elsewhere it is an infinitive or follows a
	// modal.
	base := false
	if t.ep.Base && !s.Headline && !nounContext(toks, s, t) {
		plural := false
		for _, a := range actors {
			if a.end == t.first && (len(a.members) > 0 || a.ref == refGroup) {
				plural = true
			}
			if a.end == t.first && a.first > s.FirstToken {
				// "Vietnam and Laos agree …"
				if p := toks[a.first-1].Norm; p == "and" {
					plural = true
				}
			}
		}
		base = !plural
	}
	for k := t.first - 1; k >= s.FirstToken && k >= t.first-5; k-- {
		n := toks[k].Norm
		if inActor(k) {
			// "To Lam": a name, not a marker; the subject ends the window.
			break
		}
		switch {
		case negators[n]:
			return attache.Negated
		case n == "to" && k > s.FirstToken && messageNouns[toks[k-1].Norm]:
			// "sent letters to congratulate": the letters did it.
			return attache.Asserted
		case plannedMarkers[n]:
			return attache.Planned
		case hypotheticals[n]:
			return attache.Hypothetical
		}
		if toks[k].Kind == attache.Punct {
			break
		}
	}
	if base {
		// An infinitive with no "to" or modal near it ("need to maintain
		// …, and enhance …"), or an adjective that looks like a verb
		// ("Free Trade Agreement"): not an act of its own.
		return attache.Hypothetical
	}
	for k := s.FirstToken; k < t.first; k++ {
		if n := toks[k].Norm; n == "if" || n == "unless" {
			return attache.Hypothetical
		}
		// "suggested that both sides reach an agreement": the embedded
		// act is what was proposed, not something that happened.
		if toks[k].Norm == "that" && k > s.FirstToken && proposalVerbs[toks[k-1].Norm] {
			return attache.Hypothetical
		}
	}
	// A future date in the clause makes the act planned; one after the
	// next act belongs to that act.
	for _, e := range ds.dates[s.Index] {
		if e.Future && e.FirstTok >= t.first && e.FirstTok < nextTrig {
			return attache.Planned
		}
	}
	return attache.Asserted
}

func (c *Coder) emit(ds *docState, si int, s attache.Sentence, src, tgt *actor, code cameo.Code, rule string, first, end int, conf float64) {
	c.emitMode(ds, si, s, src, tgt, code, rule, first, end, conf, attache.Asserted)
}

func (c *Coder) emitMode(ds *docState, si int, s attache.Sentence, src, tgt *actor, code cameo.Code, rule string, first, end int, conf float64, mode attache.Mode) {
	if src == nil || tgt == nil || src.country == "" || tgt.country == "" {
		return
	}
	d := ds.d
	ev := attache.Event{Sentence: si, Code: code, Root: code.Root(), Mode: mode, Confidence: conf}
	ev.Source, ev.Target = c.actorOut(ds, src), c.actorOut(ds, tgt)
	// A state does not march in the street: "Ankara protests against …"
	// is an official protest (114), not a demonstration (14x).
	if code.Root() == "14" && (src.sector == "" || src.sector == "GOV" || src.sector == "DIP") && src.person == "" {
		code = "114"
		ev.Code, ev.Root = code, code.Root()
	}
	if e, ok := c.cb.Lookup(code); ok {
		ev.Goldstein, ev.Quad, ev.Plover = e.Goldstein, int(e.Quad), e.Plover
	}
	dates := ds.eventDates(si, first, end)
	ev.Date = dates[0]
	ev.DatePrecision = ev.Date.Precision().String()
	// Evidence: the trigger with the actors of this sentence around it.
	lo, hi := d.Tokens[first].Start, d.Tokens[end-1].End
	for _, a := range []*actor{src, tgt} {
		if a.first >= s.FirstToken && a.first < s.EndToken {
			lo = min(lo, d.Tokens[a.first].Start)
			hi = max(hi, d.Tokens[a.end-1].End)
		}
	}
	ev.Evidence = attache.Evidence{Span: attache.Span{Start: lo, End: hi}, Text: d.Text[lo:hi]}
	ev.Place = ds.place(si)
	// A meeting in a country that is neither party's is a meeting at a
	// third location (044).
	if (code == "040" || code == "046") && ev.Place != nil && ev.Place.Country != "" &&
		ev.Place.Country != src.country && ev.Place.Country != tgt.country {
		ev.Code, ev.Root = "044", "04"
		if e, ok := c.cb.Lookup("044"); ok {
			ev.Goldstein, ev.Quad, ev.Plover = e.Goldstein, int(e.Quad), e.Plover
		}
	}
	ev.Rule = rule
	for _, day := range dates {
		ev.Date = day
		ds.add(ev)
	}
	// Talks held in one party's country imply a visit by the other ("held
	// talks with his visiting counterpart in Hanoi"); envoys posted there
	// do not visit.
	if (ev.Code == "040" || ev.Code == "046") && ev.Place != nil && src.sector != "DIP" && tgt.sector != "DIP" {
		var host, guest attache.Actor
		switch ev.Place.Country {
		case ev.Source.Country:
			host, guest = ev.Source, ev.Target
		case ev.Target.Country:
			host, guest = ev.Target, ev.Source
		default:
			return
		}
		for _, day := range dates {
			for _, v := range []struct {
				code     cameo.Code
				src, tgt attache.Actor
			}{{"042", guest, host}, {"043", host, guest}} {
				iv := ev
				iv.Code, iv.Root, iv.Source, iv.Target, iv.Date = v.code, "04", v.src, v.tgt, day
				iv.Rule = ev.Rule + " + talks held in " + ev.Place.Name
				iv.Confidence = conf * 0.8
				if e, ok := c.cb.Lookup(v.code); ok {
					iv.Goldstein, iv.Quad, iv.Plover = e.Goldstein, int(e.Quad), e.Plover
				}
				ds.add(iv)
			}
		}
	}
}

// add appends ev unless the sentence already has the same act between the
// same parties on the same day.
func (ds *docState) add(ev attache.Event) {
	for _, o := range ds.d.Events {
		if o.Sentence == ev.Sentence && o.Source.Country == ev.Source.Country && o.Target.Country == ev.Target.Country && o.Code == ev.Code && o.Date == ev.Date {
			return
		}
	}
	ds.d.Events = append(ds.d.Events, ev)
}

func (c *Coder) actorOut(ds *docState, a *actor) attache.Actor {
	out := attache.Actor{Country: a.country, Sector: a.sector, Person: a.person, Role: a.role}
	out.Code = attache.ActorCode(a.country, a.sector)
	if a.first >= 0 && a.end > a.first {
		sp := attache.Span{Start: ds.d.Tokens[a.first].Start, End: ds.d.Tokens[a.end-1].End}
		out.Text = ds.d.Text[sp.Start:sp.End]
		out.Span = &sp
	} else {
		out.Text = ""
	}
	return out
}

// eventDate picks the date expression of the sentence nearest the trigger,
// or the story's anchor date.
func (ds *docState) eventDate(si, first, end int) attache.Date {
	return ds.eventDates(si, first, end)[0]
}

// eventDates is eventDate with the further days of an enumeration ("on
// October 25, 26 and 28"): one act on each day.
func (ds *docState) eventDates(si, first, end int) []attache.Date {
	best, bestDist := attache.Date{}, 1<<30
	var also []attache.Date
	for _, e := range ds.dates[si] {
		if isDateline(ds.d.Tokens, ds.d.Sentences[si], e) {
			continue
		}
		// A reported act is not dated after the report: "congratulated
		// Canada on hosting the G7 in 2025" happened before 2025.
		if e.Future || !ds.ref.IsZero() && e.Date.Year > ds.ref.Year ||
			ds.ref.Precision() == attache.DayPrecision && e.Date.Precision() == attache.DayPrecision && e.Date.Time().After(ds.ref.Time()) {
			continue
		}
		dist := 0
		switch {
		case e.EndTok <= first:
			dist = first - e.EndTok
		case e.FirstTok >= end:
			dist = e.FirstTok - end
		}
		if dist < bestDist && !clauseBetween(ds.d.Tokens, e, first, end) {
			d := e.Date
			if e.Kind == dates.Range {
				// An act during a span of days is dated by the story's
				// day when that falls inside the span.
				switch {
				case ds.anchor.Precision() == attache.DayPrecision && !ds.anchor.Time().Before(e.Date.Time()) && !ds.anchor.Time().After(e.Last.Time()):
					d = ds.anchor
				case !ds.ref.IsZero() && !ds.ref.Time().Before(e.Date.Time()) && !ds.ref.Time().After(e.Last.Time()):
					d = ds.ref
				}
			}
			best, bestDist, also = d, dist, e.Also
		}
	}
	// "this year", "in 2025" around a dated story: the story's day is the
	// same date, said more precisely.
	if !best.IsZero() && len(also) == 0 && best.Precision() < ds.anchor.Precision() && ds.anchor.Fits(best) {
		best = ds.anchor
	}
	if !best.IsZero() {
		return append([]attache.Date{best}, also...)
	}
	if h := ds.here[si]; !h.IsZero() {
		return []attache.Date{h}
	}
	return []attache.Date{ds.anchor}
}

// isDateline reports whether date e is the dateline of a wire story
// ("Dhaka, February 17 (Agency) - …"): the day of the report, not of the
// acts in the sentence.
func isDateline(toks []attache.Token, s attache.Sentence, e dates.Expr) bool {
	if s.Index > 2 || e.FirstTok > s.FirstToken+3 {
		return false
	}
	for k := e.EndTok; k < s.EndToken && k < e.EndTok+8; k++ {
		switch toks[k].Norm {
		case "-", "—", "–", ":":
			return true
		}
	}
	return false
}

// explicitDate returns the first past, day- or month-precise date written
// in sentence si, or the zero Date.
func (ds *docState) explicitDate(si int) attache.Date {
	for _, e := range ds.dates[si] {
		if e.Future || e.Date.Precision() < attache.MonthPrecision {
			continue
		}
		if !ds.ref.IsZero() && e.Date.Time().After(ds.ref.Time()) {
			continue
		}
		return e.Date
	}
	return attache.Date{}
}

// continues reports whether a sentence opens by referring back to the one
// before: "They", "Both sides", "The two leaders", "He", "At the meeting".
func continues(toks []attache.Token, s attache.Sentence) bool {
	if s.EndToken-s.FirstToken < 2 {
		return false
	}
	w1, w2 := toks[s.FirstToken].Norm, toks[s.FirstToken+1].Norm
	switch w1 {
	case "they", "he", "she", "both", "also", "there":
		return true
	case "the":
		return w2 == "two" || w2 == "sides" || w2 == "leaders" || w2 == "ministers"
	case "at", "during", "in":
		return w2 == "the" && s.FirstToken+2 < s.EndToken && (toks[s.FirstToken+2].Norm == "meeting" || toks[s.FirstToken+2].Norm == "talks" || toks[s.FirstToken+2].Norm == "dialogue" || toks[s.FirstToken+2].Norm == "event")
	}
	return false
}

// clauseWords open a subordinate clause whose dates belong to another
// act: "… since the two countries established relations in 1992".
var clauseWords = map[string]bool{"since": true, "when": true, "which": true, "who": true, "after": true,
	"before": true, "while": true, "where": true, "as": true, ";": true, "following": true, "until": true}

// clauseBetween reports whether a clause boundary separates date e from
// the trigger [first, end).
func clauseBetween(toks []attache.Token, e dates.Expr, first, end int) bool {
	lo, hi := e.EndTok, first
	if e.FirstTok >= end {
		lo, hi = end, e.FirstTok
	}
	for k := lo; k < hi; k++ {
		if clauseWords[toks[k].Norm] {
			// "on May 16 when the minister was visiting": a "when" right
			// after the date opens the clause the date is about.
			if k == e.EndTok && e.EndTok <= first && (toks[k].Norm == "when" || toks[k].Norm == "as" || toks[k].Norm == "while") {
				continue
			}
			return true
		}
	}
	// "since 1992", "after March 3": the date is the clause.
	if e.FirstTok > 0 {
		if p := toks[e.FirstTok-1].Norm; p == "since" || p == "until" {
			return true
		}
	}
	return false
}

// place returns the location named in the sentence ("in Hanoi").
func (ds *docState) place(si int) *attache.Place {
	for _, a := range ds.actors[si] {
		if a.place != nil {
			p := a.place
			return &attache.Place{Name: p.Name, Country: p.Country, Lat: p.Lat, Lon: p.Lon}
		}
	}
	return nil
}

// ruleOf names the lexicon line and phrase that coded an event, so a user
// can see why: `events.tsv:412 SVO "congratulated"`.
func ruleOf(ep *lexicon.EventPhrase) string {
	return ep.Src + " " + ep.Frame.String() + " " + strconv.Quote(strings.Join(ep.Pattern, " "))
}

// topics names the fields of cooperation that make an intent or appeal
// material, by CAMEO sub-code: economic (…1), military (…2), judicial
// (…3), intelligence (…4); "" marks other material fields.
var topics = map[string]string{
	"trade": "1", "economic": "1", "economy": "1", "investment": "1", "investments": "1", "business": "1",
	"businesses": "1", "commerce": "1", "commercial": "1", "market": "1", "markets": "1", "energy": "1",
	"oil": "1", "gas": "1", "infrastructure": "1", "agriculture": "1", "agricultural": "1", "finance": "1",
	"financial": "1", "banking": "1", "industry": "1", "industrial": "1", "exports": "1", "imports": "1",
	"export": "1", "import": "1", "economy-trade": "1", "mining": "1", "minerals": "1",
	"defence": "2", "defense": "2", "military": "2", "security": "2", "arms": "2", "naval": "2",
	"drills": "2", "exercise": "2", "exercises": "2", "warships": "2", "patrols": "2",
	"judicial": "3", "legal": "3", "justice": "3", "law": "3", "extradition": "3", "crime": "3", "police": "3",
	"intelligence": "4",
	"education":    "", "training": "", "health": "", "science": "", "technology": "", "culture": "",
	"communications": "", "transport": "", "transportation": "", "aviation": "", "railways": "",
	"labour": "", "labor": "", "tourism": "", "ict": "", "digital": "", "logistics": "", "climate": "",
}

// cooperationWords mark that a clause is about cooperation in a field.
var cooperationWords = map[string]bool{"cooperation": true, "collaboration": true, "co": true,
	"partnership": true, "ties": true, "links": true, "trade": true, "investment": true, "drills": true,
	"exercise": true, "exercises": true}

// refineByTopic sharpens a general intent (030) or appeal (020) to the
// material sub-code the clause's field of cooperation supports: "agreed to
// boost cooperation in trade and investment" is 0311, "… in education and
// health" 031. Several kinds of field give the plain material code.
func refineByTopic(toks []attache.Token, t trigger, code cameo.Code, hi int) cameo.Code {
	if code != "030" && code != "020" && code != "060" {
		return code
	}
	coop, kinds, n := false, "", 0
	for k := t.end; k < hi && k < t.end+18; k++ {
		w := toks[k].Norm
		if w == ";" || w == "." {
			break
		}
		if cooperationWords[w] {
			coop = true
		}
		if kind, ok := topics[w]; ok {
			n++
			if !strings.Contains(kinds, "<"+kind+">") {
				kinds += "<" + kind + ">"
			}
		}
	}
	if !coop || n == 0 {
		return code
	}
	base := string(code[:2])
	if base == "06" {
		// Material cooperation itself: 061 economic, 062 military, 063
		// judicial, 064 intelligence.
		if strings.Count(kinds, "<") == 1 && kinds != "<>" {
			return cameo.Code("06" + kinds[1:2])
		}
		return code
	}
	if strings.Count(kinds, "<") == 1 && kinds != "<>" {
		return cameo.Code(base + "1" + kinds[1:2])
	}
	return cameo.Code(base + "1")
}
