package synth

import (
	"fmt"
	"strings"
	"time"
)

// kind is what a story is mainly about; it picks the headline, the lead
// and whether the body leans to cooperation or conflict.
type kind int

const (
	visitStory kind = iota
	callStory
	signingStory
	tradeStory
	aidStory
	exerciseStory
	disputeStory
	sanctionStory
	sidelineStory
	numKinds
)

// kindWeights says how common each kind is.
var kindWeights = [numKinds]int{
	visitStory: 22, callStory: 12, signingStory: 10, tradeStory: 10, aidStory: 6,
	exerciseStory: 6, disputeStory: 18, sanctionStory: 8, sidelineStory: 8,
}

func (k kind) conflict() bool { return k == disputeStory || k == sanctionStory }

// person is someone a story names. The first mention gives country, title
// and full name; later ones mostly the surname, as news does.
type person struct {
	first, last string
	title       string
	female      bool
	c           *country
	named       bool
}

func (p *person) name() string { return p.first + " " + p.last }

func (p *person) his() string {
	if p.female {
		return "her"
	}
	return "his"
}

// ref names p for a sentence.
func (p *person) ref(r *rng) string {
	if !p.named {
		p.named = true
		return p.c.adj + " " + p.title + " " + p.name()
	}
	if r.chance(15) {
		return "the " + p.c.adj + " " + strings.ToLower(p.title)
	}
	return p.last
}

// counterpart names q as the object of p's act: "his Uzbek counterpart
// Dilnoza Rasulova" when they hold the same office and q is new.
func (p *person) counterpart(r *rng, q *person) string {
	if !q.named && p.title == q.title {
		q.named = true
		return p.his() + " " + q.c.adj + " counterpart " + q.name()
	}
	return q.ref(r)
}

// side is one party of the story's dyad with the people who speak for it.
type side struct {
	c          *country
	leader, fm *person
}

func (c *country) noun() string {
	if c.def {
		return "the " + c.name
	}
	return c.name
}

func (c *country) poss() string {
	n := c.noun()
	if strings.HasSuffix(n, "s") {
		return n + "'"
	}
	return n + "'s"
}

// story is the state of one article being written.
type story struct {
	r         *rng
	id        string
	pub       time.Time
	publisher string
	kind      kind
	a, b      *side    // a acts first: visits, condemns, sanctions, gives
	host      *country // where the meetings of the story take place
	guest     *side    // the side that travels to host
	third     *country
	dispute   string          // what a conflict story is about
	disaster  int             // index in disasters, for aid stories
	docs      int             // documents signed, for signing stories
	summit    string          // where the foreign ministers of a sideline story meet
	since     int             // the year diplomatic relations were established
	used      []int           // times each template was used
	said      map[string]bool // sentences written, so none is written twice
}

// epoch and days bound the publication dates: 2023 to 2025.
var epoch = time.Date(2023, time.January, 1, 0, 0, 0, 0, time.UTC)

const days = 3 * 365

func newStory(r *rng, id string) *story {
	s := &story{r: r, id: id, used: make([]int, len(templates)), said: map[string]bool{}}
	s.pub = epoch.AddDate(0, 0, r.intn(days))
	s.publisher = pick(r, publishers)
	s.kind = kind(r.weighted(kindWeights[:]))
	ca := s.drawCountry()
	cb := s.drawCountry(ca)
	s.third = s.drawCountry(ca, cb)
	taken := map[string]bool{}
	s.a = &side{c: ca, leader: s.newPerson(ca, ca.leader, taken), fm: s.newPerson(ca, "Foreign Minister", taken)}
	s.b = &side{c: cb, leader: s.newPerson(cb, cb.leader, taken), fm: s.newPerson(cb, "Foreign Minister", taken)}
	s.host, s.guest = cb, s.a
	if s.kind != visitStory && r.chance(50) {
		s.host, s.guest = ca, s.b
	}
	s.dispute = pick(r, disputes)
	s.disaster = r.intn(len(disasters))
	s.docs = r.between(2, 9)
	s.summit = pick(r, summits)
	s.since = r.between(1950, 1999)
	return s
}

func (s *story) drawCountry(not ...*country) *country {
	var buf [128]int
	weights := buf[:len(countries)]
	for i := range countries {
		weights[i] = countries[i].weight
		for _, c := range not {
			if c == &countries[i] {
				weights[i] = 0
			}
		}
	}
	return &countries[s.r.weighted(weights)]
}

func (s *story) newPerson(c *country, title string, taken map[string]bool) *person {
	p := &person{title: title, c: c, female: s.r.chance(40)}
	firsts := firstNamesM
	if p.female {
		firsts = firstNamesF
	}
	for p.first == "" || taken[p.first] {
		p.first = pick(s.r, firsts)
	}
	for p.last == "" || taken[p.last] {
		p.last = pick(s.r, lastNames)
	}
	taken[p.first], taken[p.last] = true, true
	return p
}

// pair returns the two sides in the story's order, or swapped half the
// time for acts that go both ways.
func (s *story) pair() (x, y *side) {
	if s.r.chance(50) {
		return s.b, s.a
	}
	return s.a, s.b
}

// cref refers to a country as an actor: its name, mostly, or its capital
// or government.
func (s *story) cref(c *country) string {
	switch n := s.r.intn(100); {
	case n < 75:
		return c.noun()
	case n < 88:
		return c.capital
	default:
		return "the " + c.adj + " government"
	}
}

// article writes the story out.
func (s *story) article() Article {
	title := s.headline()
	lead := s.lead()
	s.said[lead] = true
	paras := []string{s.dateline() + lead}
	if s.r.chance(40) {
		paras[0] += " " + s.body()
	}
	n := s.r.between(4, 15)
	for len(paras) < n {
		k := s.r.weighted([]int{45, 40, 15})
		sents := make([]string, 0, 3)
		for range k + 1 {
			sents = append(sents, s.body())
		}
		paras = append(paras, strings.Join(sents, " "))
	}
	paras = s.leftovers(paras)
	return Article{ID: s.id, Publisher: s.publisher, Published: s.pub, Title: title, Text: strings.Join(paras, "\n\n")}
}

// dateline opens half the stories: "HANOI, March 4 (Meridian Post) - ".
func (s *story) dateline() string {
	if s.r.chance(50) {
		return ""
	}
	city := s.host.capital
	if s.r.chance(50) {
		city = strings.ToUpper(city)
	}
	return fmt.Sprintf("%s, %s %d (%s) - ", city, s.pub.Month(), s.pub.Day(), s.publisher)
}

// leftovers adds, to some stories, what scraping a web page leaves in the
// text: a "Read more" link, a photo credit, a block of related headlines, a
// share widget.
func (s *story) leftovers(paras []string) []string {
	r := s.r
	if r.chance(12) && len(paras) > 2 {
		at := r.between(2, len(paras)-1)
		paras = append(paras[:at], append([]string{"Read more: " + s.teaser()}, paras[at:]...)...)
	}
	if r.chance(6) {
		paras = append(paras, "Photo: "+s.publisher)
	}
	if r.chance(8) {
		block := []string{pick(r, []string{"Related news", "Read more", "Most read", "Related articles"})}
		for range r.between(2, 4) {
			block = append(block, s.teaser())
		}
		paras = append(paras, strings.Join(block, "\n"))
	}
	if r.chance(5) {
		paras = append(paras, pick(r, []string{"Share this story", "Share on Facebook", "Sign up for our newsletter"}))
	}
	return paras
}

// teaser is the headline of another story, linked from this one.
func (s *story) teaser() string {
	c1 := s.drawCountry()
	c2 := s.drawCountry(c1)
	return capFirst(c1.noun() + " and " + c2.noun() + " " + pick(s.r, teaserEnds))
}

func (s *story) headline() string {
	r, a, b := s.r, s.a.c, s.b.c
	var h string
	switch s.kind {
	case visitStory:
		h = pick(r, []string{
			a.adj + " " + strings.ToLower(a.leader) + " visits " + b.noun() + ", pledges closer " + pick(r, fields) + " ties",
			a.noun() + ", " + b.noun() + " agree to deepen " + pick(r, fields) + " cooperation",
			a.adj + " leader begins official visit to " + b.noun(),
		})
	case callStory:
		h = pick(r, []string{
			a.noun() + ", " + b.noun() + " leaders discuss " + pick(r, fields) + " ties in phone call",
			a.adj + " and " + b.adj + " leaders hold phone talks",
		})
	case signingStory:
		h = a.noun() + ", " + b.noun() + " sign " + numberWord(s.docs) + " cooperation deals"
	case tradeStory:
		h = pick(r, []string{
			a.noun() + " and " + b.noun() + " aim to double trade",
			a.noun() + "-" + b.noun() + " trade hits record high",
		})
	case aidStory:
		h = a.noun() + " pledges aid to " + disasters[s.disaster].hit + " " + b.noun()
	case exerciseStory:
		h = a.noun() + ", " + b.noun() + " hold joint military drills"
	case disputeStory:
		h = pick(r, []string{
			a.noun() + " condemns " + b.adj + " " + s.dispute,
			a.noun() + " summons " + b.adj + " envoy over " + s.dispute,
		})
	case sanctionStory:
		h = a.noun() + " slaps sanctions on " + b.adj + " officials"
	case sidelineStory:
		h = a.noun() + ", " + b.noun() + " foreign ministers meet at " + s.summit
	}
	return capFirst(h)
}

// lead is the first sentence, which says what the story is about.
func (s *story) lead() string {
	r, a, b := s.r, s.a, s.b
	switch s.kind {
	case visitStory: // a visits b
		switch r.intn(3) {
		case 0:
			return fmt.Sprintf("%s arrived in %s %s for a %s-day %s visit.", capFirst(a.leader.ref(r)), b.c.capital,
				s.past(), numberWord(r.between(2, 4)), pick(r, []string{"official", "state", "working"}))
		case 1:
			return fmt.Sprintf("%s paid an official visit to %s %s.", capFirst(a.leader.ref(r)), b.c.noun(), s.span())
		default:
			return fmt.Sprintf("%s held talks with %s in %s %s.", capFirst(a.leader.ref(r)),
				a.leader.counterpart(r, b.leader), b.c.capital, s.past())
		}
	case callStory:
		return fmt.Sprintf("%s %s %s %s, and the two leaders agreed to %s cooperation in %s.",
			capFirst(a.leader.ref(r)), pick(r, []string{"spoke by phone with", "held a phone call with", "held phone talks with"}),
			a.leader.counterpart(r, b.leader), s.past(), pick(r, strengthen), s.fieldList(2))
	case signingStory:
		return fmt.Sprintf("%s and %s signed %s cooperation documents in %s %s, including %s.",
			capFirst(a.c.noun()), b.c.noun(), numberWord(s.docs), s.host.capital, s.past(), s.agreementTitle())
	case tradeStory:
		return fmt.Sprintf("%s and %s officials agreed %s to raise two-way trade to US$%d billion by %d.",
			a.c.adj, b.c.adj, s.past(), r.between(2, 30), s.pub.Year()+r.between(2, 5))
	case aidStory:
		return s.aid()
	case exerciseStory:
		return s.exercise()
	case disputeStory:
		if r.chance(50) {
			return s.condemn()
		}
		return s.summon()
	case sanctionStory:
		return s.sanction(true)
	default:
		return fmt.Sprintf("%s met %s on the sidelines of the %s in %s %s.", capFirst(a.fm.ref(r)),
			b.fm.ref(r), s.summit, s.third.capital, s.past())
	}
}

// body draws one more sentence: cooperation stories mostly tell of
// cooperation, conflict stories of conflict, and either may tell of both.
func (s *story) body() string {
	var buf [64]int
	weights := buf[:len(templates)]
	conflict := s.kind.conflict()
	for i, t := range templates {
		w := t.coop
		if conflict {
			w = t.conflict
		}
		// Each use makes a template less likely, so long stories vary.
		weights[i] = w * 4 / (4 + 12*s.used[i])
		if w > 0 && weights[i] == 0 {
			weights[i] = 1
		}
	}
	var sent string
	for try := 0; try < 8; try++ {
		i := s.r.weighted(weights)
		s.used[i]++
		if sent = templates[i].f(s); !s.said[sent] {
			break
		}
	}
	s.said[sent] = true
	return sent
}

// template writes one body sentence (or two).
type template struct {
	name           string
	coop, conflict int // weights in cooperation and in conflict stories
	f              func(s *story) string
}

var templates = []template{
	{"talks", 8, 1, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s held talks with %s in %s %s.", capFirst(x.leader.ref(s.r)),
			x.leader.counterpart(s.r, y.leader), s.host.capital, s.past())
	}},
	{"visit", 5, 0, func(s *story) string {
		if s.r.chance(50) {
			return fmt.Sprintf("%s arrived in %s %s for a %s-day official visit.", capFirst(s.guest.fm.ref(s.r)),
				s.host.capital, s.past(), numberWord(s.r.between(2, 4)))
		}
		return fmt.Sprintf("%s paid an official visit to %s %s.", capFirst(s.guest.leader.ref(s.r)), s.host.noun(), s.span())
	}},
	{"received", 6, 0, func(s *story) string {
		host := s.a
		if s.guest == s.a {
			host = s.b
		}
		return fmt.Sprintf("%s received %s in %s %s.", capFirst(host.leader.ref(s.r)), s.guest.fm.ref(s.r), s.host.capital, s.past())
	}},
	{"phone call", 4, 1, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s %s %s %s.", capFirst(x.leader.ref(s.r)),
			pick(s.r, []string{"spoke by phone with", "held a phone call with", "held phone talks with"}),
			x.leader.counterpart(s.r, y.leader), s.past())
	}},
	{"signed", 7, 0, func(s *story) string {
		x, y := s.pair()
		switch s.r.intn(3) {
		case 0:
			return fmt.Sprintf("The two sides signed %s and %s.", s.agreementTitle(), s.agreementTitle())
		case 1:
			return fmt.Sprintf("%s and %s signed %s %s.", capFirst(x.c.noun()), y.c.noun(), s.agreementTitle(), s.past())
		default:
			return fmt.Sprintf("After the talks, %s and %s witnessed the signing of %s.", x.leader.ref(s.r), y.leader.ref(s.r), s.agreementTitle())
		}
	}},
	{"trade figure", 7, 2, func(s *story) string {
		x, y := s.pair()
		switch s.r.intn(3) {
		case 0:
			return fmt.Sprintf("Two-way trade reached %s%s in %s, up %s year-on-year.", s.approx(), s.money(), s.tradePeriod(), s.percent())
		case 1:
			return fmt.Sprintf("Bilateral trade between %s and %s %s%s in %s.", x.c.noun(), y.c.noun(),
				pick(s.r, []string{"reached " + s.approx(), "exceeded ", "totalled " + s.approx()}), s.money(), s.tradePeriod())
		default:
			return fmt.Sprintf("Trade between the two countries grew by %s to %s in %s.", s.percent(), s.money(), s.tradePeriod())
		}
	}},
	{"trade target", 3, 0, func(s *story) string {
		return fmt.Sprintf("The two sides agreed to raise bilateral trade to US$%d billion by %d.",
			s.r.between(2, 30), s.pub.Year()+s.r.between(2, 5))
	}},
	{"investment", 3, 1, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s companies have invested %s%s in %s, according to official figures.",
			x.c.adj, s.approx(), s.money(), y.c.noun())
	}},
	{"agreed to cooperate", 8, 0, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s and %s agreed to %s cooperation in %s.", capFirst(s.cref(x.c)), s.cref(y.c),
			pick(s.r, strengthen), s.fieldList(3))
	}},
	{"invitation", 4, 0, func(s *story) string {
		x, y := s.pair()
		if s.r.chance(50) {
			return fmt.Sprintf("%s invited %s to visit %s at a convenient time, and the invitation was accepted.",
				capFirst(x.leader.ref(s.r)), y.leader.ref(s.r), x.c.noun())
		}
		return fmt.Sprintf("%s accepted an invitation to visit %s %s.", capFirst(y.leader.ref(s.r)), x.c.noun(), s.future())
	}},
	{"congratulated", 3, 0, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s congratulated %s on %s.", capFirst(x.leader.ref(s.r)), y.c.noun(), pick(s.r, []string{
			"its successful hosting of the summit", "the anniversary of diplomatic relations",
			"its national day", "its economic achievements", "its election to the UN Human Rights Council"}))
	}},
	{"praised", 3, 0, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s praised %s %s.", capFirst(x.leader.ref(s.r)), y.c.poss(), pick(s.r, []string{
			"contribution to regional peace", "role in the peace talks", "economic reforms",
			"support during the pandemic"}))
	}},
	{"thanked", 3, 0, func(s *story) string {
		if s.r.chance(40) {
			return fmt.Sprintf("%s thanked %s for the warm welcome.", capFirst(s.guest.leader.ref(s.r)), s.host.noun())
		}
		x, y := s.pair()
		return fmt.Sprintf("%s thanked %s for %s.", capFirst(y.leader.ref(s.r)), x.c.noun(), pick(s.r, []string{
			"its support", "its humanitarian assistance", "its help in evacuating citizens"}))
	}},
	{"called on", 4, 2, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s called on %s to %s.", capFirst(x.leader.ref(s.r)), y.c.noun(), pick(s.r, []string{
			"create favourable conditions for " + x.c.adj + " businesses",
			"open its market wider to " + x.c.adj + " farm products",
			"simplify visa procedures for " + x.c.adj + " tourists",
			"increase direct flights between the two countries"}))
	}},
	{"support", 2, 0, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s reaffirmed its support for %s bid to %s.", capFirst(x.c.noun()), y.c.poss(), pick(s.r, []string{
			"join the World Trade Organization", "become a non-permanent member of the UN Security Council",
			"host the next summit"}))
	}},
	{"partnership", 3, 0, func(s *story) string {
		y := s.pub.Year() - s.r.between(1, 8)
		return fmt.Sprintf("The two countries upgraded their relationship to %s in %s %d.",
			withArticle(pick(s.r, partnerships)), time.Month(s.r.between(1, 12)), y)
	}},
	{"relations established", 2, 1, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s and %s established diplomatic relations in %d.", capFirst(x.c.noun()), y.c.noun(), s.since)
	}},
	{"aid", 1, 0, func(s *story) string { return s.aid() }},
	{"exercise", 2, 0, func(s *story) string { return s.exercise() }},
	{"sidelines", 2, 1, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s met %s on the sidelines of the %s %s.", capFirst(x.fm.ref(s.r)), y.fm.ref(s.r), pick(s.r, summits), s.pastMonth())
	}},
	{"scheduled visit", 3, 1, func(s *story) string {
		x, y := s.pair()
		if x == s.guest && s.kind == visitStory {
			return fmt.Sprintf("%s is scheduled to meet %s before leaving %s %s.", capFirst(x.leader.ref(s.r)),
				pick(s.r, []string{"business leaders", "students", "members of the " + x.c.adj + " community"}), s.host.capital, s.future())
		}
		return fmt.Sprintf("%s is scheduled to visit %s %s.", capFirst(x.leader.ref(s.r)), y.c.noun(), s.future())
	}},
	{"condemned", 0, 8, func(s *story) string { return s.condemn() }},
	{"demonstration", 0, 4, func(s *story) string {
		x, y := s.a, s.b
		if s.r.chance(50) {
			return fmt.Sprintf("Hundreds of protesters gathered outside the %s embassy in %s %s to denounce %s %s.",
				y.c.adj, x.c.capital, s.past(), y.c.poss(), s.theDispute())
		}
		return fmt.Sprintf("Thousands of people rallied in %s %s against %s %s.", x.c.capital, s.past(), y.c.poss(), s.theDispute())
	}},
	{"diplomatic protest", 0, 5, func(s *story) string {
		x, y := s.a, s.b
		return fmt.Sprintf("%s lodged a diplomatic protest with %s over the %s.", capFirst(s.cref(x.c)), y.c.noun(), s.theDispute())
	}},
	{"summoned", 0, 4, func(s *story) string { return s.summon() }},
	{"sanctions", 0, 4, func(s *story) string { return s.sanction(s.kind != sanctionStory) }},
	{"accused", 0, 6, func(s *story) string {
		x, y := s.a, s.b
		return fmt.Sprintf("%s accused %s of %s.", capFirst(x.fm.ref(s.r)), y.c.noun(), pick(s.r, accusations))
	}},
	{"rejected", 0, 5, func(s *story) string {
		y := s.b
		if s.r.chance(50) {
			return fmt.Sprintf("%s rejected the accusations as groundless.", capFirst(y.c.noun()))
		}
		return fmt.Sprintf("%s rejected the protest, saying %s had acted in line with international law.", capFirst(y.fm.ref(s.r)), y.c.noun())
	}},
	{"denied", 0, 3, func(s *story) string {
		return fmt.Sprintf("%s Foreign Ministry denied the allegations.", capFirst(s.b.c.poss()))
	}},
	{"expelled", 0, 3, func(s *story) string {
		x, y := s.a, s.b
		return fmt.Sprintf("%s expelled %s %s diplomats %s.", capFirst(x.c.noun()), numberWord(s.r.between(2, 6)), y.c.adj, s.past())
	}},
	{"recalled", 0, 2, func(s *story) string {
		x, y := s.a, s.b
		return fmt.Sprintf("%s recalled its ambassador from %s for consultations.", capFirst(x.c.noun()), y.c.noun())
	}},
	{"warned", 0, 3, func(s *story) string {
		x, y := s.a, s.b
		return fmt.Sprintf("%s warned %s that it would take countermeasures if the provocations continued.", capFirst(s.cref(x.c)), y.c.noun())
	}},
	{"demanded", 0, 3, func(s *story) string {
		x, y := s.a, s.b
		return fmt.Sprintf("%s demanded that %s %s immediately.", capFirst(x.c.noun()), y.c.noun(), pick(s.r, []string{
			"release the detained fishermen", "withdraw its troops from the border area", "stop its provocations"}))
	}},
	{"border clash", 0, 2, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s and %s troops exchanged fire along the border %s, officials said.", x.c.adj, y.c.adj, s.past())
	}},
	{"resume talks", 0, 3, func(s *story) string {
		x, y := s.pair()
		return fmt.Sprintf("%s and %s agreed to resume negotiations to ease tensions.", capFirst(x.c.noun()), y.c.noun())
	}},
	{"restraint", 0, 3, func(s *story) string {
		return fmt.Sprintf("%s called on both sides to exercise restraint.", capFirst(s.third.noun()))
	}},
	{"quote", 4, 3, func(s *story) string {
		x, y := s.pair()
		if s.kind.conflict() {
			return fmt.Sprintf(`"Such actions are unacceptable and must stop immediately," %s told reporters.`, s.a.fm.ref(s.r))
		}
		return fmt.Sprintf(`"We stand ready to deepen cooperation with %s in %s," %s said.`, y.c.noun(), s.fieldList(2), x.leader.ref(s.r))
	}},
	{"background", 4, 3, func(s *story) string {
		x, y := s.pair()
		switch s.r.intn(4) {
		case 0:
			return fmt.Sprintf("The talks lasted about %s hours, officials said.", numberWord(s.r.between(2, 4)))
		case 1:
			return "Further details were not immediately available."
		case 2:
			return fmt.Sprintf("%s is among the largest trading partners of %s.", capFirst(y.c.noun()), x.c.noun())
		default:
			if s.kind != visitStory {
				return "Officials gave no further details."
			}
			return fmt.Sprintf("The visit is the first by a %s %s to %s in %s years.", s.guest.c.adj,
				strings.ToLower(s.guest.c.leader), s.host.noun(), numberWord(s.r.between(3, 9)))
		}
	}},
}

var strengthen = []string{"boost", "deepen", "expand", "strengthen"}

func (s *story) aid() string {
	x, y := s.a, s.b
	if s.r.chance(60) {
		return fmt.Sprintf("%s pledged %s in humanitarian aid to %s to help victims of %s.", capFirst(x.c.noun()),
			s.moneyIn("million"), y.c.noun(), disasters[s.disaster].noun)
	}
	return fmt.Sprintf("%s will provide %s with %s tonnes of rice and medical supplies.", capFirst(x.c.noun()), y.c.noun(),
		pick(s.r, []string{"500", "1,000", "2,500", "10,000"}))
}

func (s *story) exercise() string {
	x, y := s.pair()
	if s.r.chance(70) {
		return fmt.Sprintf("%s and %s forces held joint military exercises %s %s.", x.c.adj, y.c.adj,
			pick(s.r, []string{"near the border", "at sea", "in the region", "on the coast"}), s.past())
	}
	return fmt.Sprintf("%s and %s will hold joint naval drills %s.", capFirst(x.c.noun()), y.c.noun(), s.future())
}

func (s *story) condemn() string {
	x, y := s.a, s.b
	if s.r.chance(50) {
		return fmt.Sprintf("%s condemned %s %s %s, calling it %s.", capFirst(s.cref(x.c)), y.c.poss(), s.theDispute(), s.past(),
			pick(s.r, []string{"a violation of international law", "a serious threat to regional stability", "a dangerous provocation"}))
	}
	return fmt.Sprintf("The %s Foreign Ministry strongly condemned %s %s.", x.c.adj, y.c.poss(), s.theDispute())
}

func (s *story) summon() string {
	x, y := s.a, s.b
	return fmt.Sprintf("%s Foreign Ministry summoned the %s ambassador %s over the %s.", capFirst(x.c.poss()), y.c.adj, s.past(), s.theDispute())
}

// sanction writes of sanctions on officials (when officials is true and
// most of the time) or on a sector of the economy.
func (s *story) sanction(officials bool) string {
	x, y := s.a, s.b
	if officials && s.r.chance(60) {
		return fmt.Sprintf("%s imposed sanctions on %s %s officials %s over the %s.", capFirst(x.c.noun()),
			numberWord(s.r.between(2, 12)), y.c.adj, s.past(), s.theDispute())
	}
	return fmt.Sprintf("%s announced new sanctions against %s %s sector.", capFirst(x.c.noun()), y.c.poss(),
		pick(s.r, []string{"banking", "energy", "defence", "shipping"}))
}

// theDispute is what a conflict sentence is about: mostly the story's
// dispute, sometimes another grievance.
func (s *story) theDispute() string {
	if s.r.chance(70) {
		return s.dispute
	}
	return pick(s.r, disputes)
}

// agreementTitle is the title of a signed document, with its article.
func (s *story) agreementTitle() string {
	t := pick(s.r, agreementTopics)
	switch s.r.intn(4) {
	case 0:
		return "a Memorandum of Understanding on Cooperation in " + t
	case 1:
		return "an Agreement on " + t + " Cooperation"
	case 2:
		return "a Protocol on Cooperation in " + t
	default:
		y := s.pub.Year()
		return fmt.Sprintf("an Action Plan on %s Cooperation for %d-%d", t, y, y+2)
	}
}

// fieldList names n different fields: "trade, energy and tourism".
func (s *story) fieldList(n int) string {
	var fs []string
	for len(fs) < n {
		f := pick(s.r, fields)
		dup := false
		for _, g := range fs {
			dup = dup || g == f
		}
		if !dup {
			fs = append(fs, f)
		}
	}
	if n == 1 {
		return fs[0]
	}
	return strings.Join(fs[:n-1], ", ") + " and " + fs[n-1]
}

// past is a recent day, written as news writes it relative to the
// publication date: "on Monday", "on March 4", "today", "yesterday", "last
// week", "earlier this month".
func (s *story) past() string {
	r := s.r
	switch n := r.intn(100); {
	case n < 35:
		return "on " + s.pub.AddDate(0, 0, -r.between(1, 6)).Weekday().String()
	case n < 65:
		d := s.pub.AddDate(0, 0, -r.between(0, 9))
		return fmt.Sprintf("on %s %d", d.Month(), d.Day())
	case n < 75:
		return "today"
	case n < 85:
		return "yesterday"
	case n < 93:
		return "last week"
	default:
		if s.pub.Day() > 10 {
			return "earlier this month"
		}
		return "last week"
	}
}

// span is a stretch of recent days: "from March 17 to 19", "from March
// 17-19".
func (s *story) span() string {
	end := s.pub.AddDate(0, 0, -s.r.between(0, 2))
	start := end.AddDate(0, 0, -s.r.between(1, 3))
	if start.Month() != end.Month() {
		return s.past()
	}
	if s.r.chance(50) {
		return fmt.Sprintf("from %s %d to %d", start.Month(), start.Day(), end.Day())
	}
	return fmt.Sprintf("from %s %d-%d", start.Month(), start.Day(), end.Day())
}

// future is a time to come: "next week", "next month", "in October 2025".
func (s *story) future() string {
	switch s.r.intn(4) {
	case 0:
		return "next week"
	case 1:
		return "next month"
	case 2:
		d := s.pub.AddDate(0, s.r.between(2, 8), 0)
		return fmt.Sprintf("in %s %d", d.Month(), d.Year())
	default:
		return "at a convenient time"
	}
}

// pastMonth is a time in the last months: "last month", "in March 2024".
func (s *story) pastMonth() string {
	if s.r.chance(40) {
		return "last month"
	}
	d := s.pub.AddDate(0, -s.r.between(1, 10), 0)
	return fmt.Sprintf("in %s %d", d.Month(), d.Year())
}

// tradePeriod is the last year or the months of this year so far.
func (s *story) tradePeriod() string {
	if m := int(s.pub.Month()) - 1; m >= 2 && s.r.chance(50) {
		return fmt.Sprintf("the first %s months of %d", numberWord(m), s.pub.Year())
	}
	return fmt.Sprintf("%d", s.pub.Year()-1)
}

// money is a trade-sized amount: "US$1.2 billion", "nearly US$460 million".
func (s *story) money() string {
	if s.r.chance(60) {
		return s.moneyIn("billion")
	}
	return s.moneyIn("million")
}

func (s *story) moneyIn(unit string) string {
	r := s.r
	var v string
	if unit == "billion" {
		v = fmt.Sprintf("%d.%d", r.between(1, 99), r.intn(10))
		v = strings.TrimSuffix(v, ".0")
	} else {
		v = fmt.Sprintf("%d", r.between(5, 950))
	}
	return "US$" + v + " " + unit
}

// approx qualifies an amount, or not: "nearly ", "more than ".
func (s *story) approx() string {
	return pick(s.r, []string{"", "", "nearly ", "more than ", "about "})
}

// percent is a growth rate: "8%", "12.5 percent".
func (s *story) percent() string {
	v := fmt.Sprintf("%d", s.r.between(1, 40))
	if s.r.chance(30) {
		v += fmt.Sprintf(".%d", s.r.between(1, 9))
	}
	if s.r.chance(50) {
		return v + "%"
	}
	return v + " percent"
}

var numberWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve"}

func numberWord(n int) string {
	if n >= 0 && n < len(numberWords) {
		return numberWords[n]
	}
	return fmt.Sprint(n)
}

// withArticle puts "a" or "an" before a noun phrase.
func withArticle(s string) string {
	if s != "" && strings.ContainsRune("AEIOUaeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

// capFirst capitalises the first letter of s, for the start of a sentence.
func capFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
