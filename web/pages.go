package web

import (
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"attache"
	"attache/cameo"
	"attache/dyad"
	"attache/httpkit"
)

// Page sizes.
const (
	latestEvents = 15  // home and country pages
	pageEvents   = 25  // paged event lists
	searchHits   = 50  // sentence hits of a search
	facetValues  = 12  // values per facet
	topDyads     = 10  // home page
	partners     = 40  // country page
	docEvents    = 500 // events of one document or cluster read for links
)

type homePage struct {
	head
	Stats       attache.StoreStats
	Latest      []eventView
	Dyads       []dyadView
	ThisMonth   bool   // Dyads are this month's; else those of LatestMonth
	Month       string // "March 2025"
	LatestMonth string // the month of the newest dated event, when this month has none
}

// latestMonth returns the first day of the month of the newest event
// dated at least to the month, among events listed newest first.
func latestMonth(evs []attache.StoredEvent) (attache.Date, bool) {
	for _, e := range evs {
		if e.Date.Precision() >= attache.MonthPrecision {
			return attache.Date{Year: e.Date.Year, Month: e.Date.Month, Day: 1}, true
		}
	}
	return attache.Date{}, false
}

// storeMonthEnd returns the last day of the month that starts on d.
func storeMonthEnd(d attache.Date) attache.Date {
	return attache.DayDate(time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC))
}

func (s *server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := homePage{head: head{Title: "Latest events", Nav: "home"}}
	var err error
	if p.Stats, err = s.st.Stats(ctx); err != nil {
		return err
	}
	latest, _, err := s.st.FindEvents(ctx, attache.EventFilter{Limit: latestEvents})
	if err != nil {
		return err
	}
	p.Latest = s.eventViews(latest)
	now := s.now()
	p.Month = now.Format("January 2006")
	ds, err := s.st.Dyads(ctx, attache.EventFilter{Since: attache.Date{Year: now.Year(), Month: int(now.Month()), Day: 1}}, topDyads)
	if err != nil {
		return err
	}
	p.ThisMonth = len(ds) > 0
	if !p.ThisMonth {
		// A quiet month (or a store of older news): the pairs of the
		// latest month on record. Counting over the whole store instead
		// would read every event on each visit to the home page.
		if m, ok := latestMonth(latest); ok {
			p.LatestMonth = time.Date(m.Year, time.Month(m.Month), 1, 0, 0, 0, 0, time.UTC).Format("January 2006")
			if ds, err = s.st.Dyads(ctx, attache.EventFilter{Since: m, Until: storeMonthEnd(m)}, topDyads); err != nil {
				return err
			}
		}
	}
	p.Dyads = s.dyadViews(ds)
	return s.render(w, http.StatusOK, "home", p)
}

type searchPage struct {
	head
	Form       searchForm
	Searched   bool // a text query was given: Hits, not Events
	Hits       []hitView
	Events     []eventView
	NextURL    string
	Filtered   bool
	Active     []activeFilter
	Roots      []facetLink
	Countries  []facetLink
	Publishers []facetLink
}

// searchForm holds the values of the search form as typed.
type searchForm struct {
	Q, Country, Dyad, Code, Since, Until, Publisher string
}

type hitView struct {
	attache.SentenceHit
	Snippet template.HTML
	DocURL  string
}

// activeFilter is a filter in force, with the address of the search
// without it.
type activeFilter struct {
	Label     string
	RemoveURL string
}

func (s *server) search(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := r.URL.Query()
	f, err := httpkit.ParseFilter(q)
	if err != nil {
		return err
	}
	p := searchPage{head: head{Title: "Search", Nav: "search"}}
	p.Form = searchForm{Q: q.Get("q"), Country: q.Get("country"), Dyad: q.Get("dyad"), Code: q.Get("code"),
		Since: q.Get("since"), Until: q.Get("until"), Publisher: q.Get("publisher")}
	p.Query = p.Form.Q
	if f.Text != "" {
		p.Title = "Search: " + f.Text
	}
	for _, k := range []struct{ key, label string }{{"q", "Words"}, {"country", "Country"}, {"dyad", "Pair"},
		{"code", "CAMEO code"}, {"since", "Since"}, {"until", "Until"}, {"publisher", "Publisher"}} {
		if v := q.Get(k.key); v != "" {
			p.Active = append(p.Active, activeFilter{Label: k.label + ": " + v, RemoveURL: withParams(q, k.key, "")})
			p.Filtered = true
		}
	}

	if f.Text != "" {
		p.Searched = true
		sf := f
		sf.Text, sf.Cursor = "", ""
		sf.Limit = searchHits
		hits, err := s.st.SearchSentences(ctx, f.Text, sf)
		if err != nil {
			return err
		}
		for _, h := range hits {
			p.Hits = append(p.Hits, hitView{SentenceHit: h, Snippet: markSnippet(h.Snippet, h.Text), DocURL: docURL(h.Doc)})
		}
	} else {
		lf := f
		if lf.Limit == 0 {
			lf.Limit = pageEvents
		}
		evs, next, err := s.st.FindEvents(ctx, lf)
		if err != nil {
			return err
		}
		p.Events = s.eventViews(evs)
		if next != "" {
			nq := url.Values{}
			for k, v := range q {
				nq[k] = v
			}
			nq.Set("cursor", next)
			p.NextURL = "/search?" + nq.Encode()
		}
	}

	ff := f
	ff.Cursor, ff.Limit = "", 0
	facets, err := s.st.Facets(ctx, ff, facetValues)
	if err != nil {
		return err
	}
	for _, fc := range facets.Roots {
		name := s.codeName(cameo.Code(fc.Value))
		p.Roots = append(p.Roots, facetLink{Label: fc.Value + " " + name, Value: fc.Value, Count: fc.Count,
			URL: withParams(q, "code", fc.Value), On: q.Get("code") == fc.Value})
	}
	for _, fc := range facets.Countries {
		c := attache.Country(fc.Value)
		l := facetLink{Label: s.name(c), Value: fc.Value, Count: fc.Count}
		switch {
		case len(f.Countries) == 1 && f.Countries[0] == c, f.Dyad[0] == c || f.Dyad[1] == c:
			l.On = true
			l.URL = withParams(q)
		case len(f.Countries) == 1 && f.Dyad[0] == "":
			// One country chosen: a second one narrows to the pair.
			l.URL = withParams(q, "country", "", "dyad", string(f.Countries[0])+"-"+fc.Value)
		default:
			l.URL = withParams(q, "country", fc.Value)
		}
		p.Countries = append(p.Countries, l)
	}
	for _, fc := range facets.Publishers {
		p.Publishers = append(p.Publishers, facetLink{Label: fc.Value, Value: fc.Value, Count: fc.Count,
			URL: withParams(q, "publisher", fc.Value), On: f.Publisher == fc.Value})
	}
	return s.render(w, http.StatusOK, "search", p)
}

type dyadPage struct {
	head
	A, B         attache.Country
	AName, BName string
	Sum          *dyad.Summary
	First, Last  *eventView
	Timeline     template.HTML
	Months       []monthRow
	TradeChart   template.HTML
	Trade        []factView
	Agreements   []factView
	Frameworks   []factView
	Established  []factView
	Events       []eventView
	NextURL      string
	SearchURL    string
	Paged        bool // showing a later page of events
}

// monthRow is a month of the timeline as a table row: the chart's text
// alternative.
type monthRow struct {
	Month     string
	Quads     [5]int // by quad class 1–4
	Events    int
	Goldstein float64
}

func (s *server) dyad(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, b, err := httpkit.ParsePair(r.PathValue("a"), r.PathValue("b"))
	if err != nil {
		return err
	}
	p := dyadPage{A: a, B: b, AName: s.name(a), BName: s.name(b)}
	p.head = head{Title: p.AName + " – " + p.BName}
	sum, err := dyad.Build(ctx, s.st, a, b, dyad.Options{Latest: 1})
	if err != nil {
		return err
	}
	p.Sum = sum
	if sum.First != nil {
		v := s.eventView(*sum.First, "", -1)
		p.First = &v
	}
	if sum.Last != nil {
		v := s.eventView(*sum.Last, "", -1)
		p.Last = &v
	}
	for _, m := range sum.Months {
		row := monthRow{Month: m.Month, Events: m.Events, Goldstein: m.Goldstein}
		for root, n := range m.Roots {
			if e, ok := s.cb.Lookup(cameo.Code(root)); ok && e.Quad >= 1 && e.Quad <= 4 {
				row.Quads[e.Quad] += n
			}
		}
		p.Months = append(p.Months, row)
	}
	p.Timeline = s.timelineChart(p)
	p.Trade = s.factViews(sum.Trade)
	p.TradeChart = s.tradeChart(p)
	p.Agreements = s.factViews(sum.Agreements)
	frameworks := slices.Clone(sum.Frameworks)
	slices.SortStableFunc(frameworks, func(x, y attache.StoredFact) int { return cmp.Compare(x.Date.String(), y.Date.String()) })
	p.Frameworks = s.factViews(frameworks)
	p.Established = s.factViews(sum.Established)

	cursor := r.URL.Query().Get("cursor")
	p.Paged = cursor != ""
	evs, next, err := s.st.FindEvents(ctx, attache.EventFilter{Dyad: [2]attache.Country{a, b}, Limit: pageEvents, Cursor: cursor})
	if err != nil {
		return err
	}
	p.Events = s.eventViews(evs)
	for i := range p.Events {
		p.Events[i].DyadURL = "" // this page
	}
	if next != "" {
		p.NextURL = dyadURL(a, b) + "?" + url.Values{"cursor": {next}}.Encode() + "#events"
	}
	p.SearchURL = "/search?" + url.Values{"dyad": {string(a) + "-" + string(b)}}.Encode()
	return s.render(w, http.StatusOK, "dyad", p)
}

type countryPage struct {
	head
	C        attache.Country
	Name     string
	Network  template.HTML
	Partners []partnerRow
	Roots    []rootRow
	Latest   []eventView
	Events   int // events with the country, as counted by the facets
}

type partnerRow struct {
	Partner   attache.Country
	Name      string
	Events    int
	Goldstein float64
	URL       string
}

type rootRow struct {
	Root  string
	Name  string
	Count int
	URL   string
}

func (s *server) country(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	c, err := httpkit.ParseCountry(r.PathValue("c"))
	if err != nil {
		return err
	}
	p := countryPage{C: c, Name: s.name(c)}
	p.head = head{Title: p.Name}
	f := attache.EventFilter{Countries: []attache.Country{c}}
	ds, err := s.st.Dyads(ctx, f, partners)
	if err != nil {
		return err
	}
	for _, d := range ds {
		other := d.B
		switch c {
		case d.A:
		case d.B:
			other = d.A
		default:
			continue
		}
		p.Partners = append(p.Partners, partnerRow{Partner: other, Name: s.name(other), Events: d.Events,
			Goldstein: d.Goldstein, URL: dyadURL(c, other)})
	}
	facets, err := s.st.Facets(ctx, f, 20)
	if err != nil {
		return err
	}
	for _, fc := range facets.Roots {
		p.Roots = append(p.Roots, rootRow{Root: fc.Value, Name: s.codeName(cameo.Code(fc.Value)), Count: fc.Count,
			URL: "/search?" + url.Values{"country": {string(c)}, "code": {fc.Value}}.Encode()})
	}
	for _, fc := range facets.Countries {
		if fc.Value == string(c) {
			p.Events = fc.Count
		}
	}
	latest, _, err := s.st.FindEvents(ctx, attache.EventFilter{Countries: []attache.Country{c}, Limit: latestEvents})
	if err != nil {
		return err
	}
	p.Latest = s.eventViews(latest)
	p.Network = s.networkChart(p)
	return s.render(w, http.StatusOK, "country", p)
}

type documentPage struct {
	head
	Doc        *attache.StoredDocument
	Date       string
	SourceURL  string
	Text       template.HTML
	Events     []eventView
	Facts      []factView
	Duplicates []dupLink
	Sentences  int
	Titled     bool // the heading is the document's title, not its ID
}

type dupLink struct{ ID, URL string }

func (s *server) document(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	d, err := s.st.Document(ctx, id)
	if err != nil {
		return err
	}
	// The stored events carry their clusters; the document's own do not.
	clusters := map[string]string{}
	stored, _, err := s.st.FindEvents(ctx, attache.EventFilter{Doc: d.ID, Limit: docEvents})
	if err != nil {
		return err
	}
	for _, e := range stored {
		clusters[e.ID] = e.Cluster
	}

	p := documentPage{Doc: d, Date: d.RefDate.String(), SourceURL: webURL(d.URL), Sentences: len(d.Sentences)}
	p.head = head{Title: docTitle(d)}
	p.Titled = p.Title != "Document "+d.ID
	sentences := map[int]attache.Span{}
	var layers []layer
	for _, sn := range d.Sentences {
		sentences[sn.Index] = sn.Span
		layers = append(layers, layer{start: sn.Start, end: sn.End, class: "s", event: -1, sent: sn.Index})
	}
	for i, e := range d.Events {
		layers = append(layers, layer{start: e.Evidence.Start, end: e.Evidence.End, class: "ev", event: i, sent: -1})
		for _, a := range []attache.Actor{e.Source, e.Target} {
			if a.Span != nil {
				layers = append(layers, layer{start: a.Span.Start, end: a.Span.End, class: "actor", event: i, sent: -1})
			}
		}
		se := attache.StoredEvent{Event: e, Publisher: d.Publisher, URL: d.URL, Cluster: clusters[e.ID]}
		sentence, at := "", -1
		if sp, ok := sentences[e.Sentence]; ok && sp.Start >= 0 && sp.End <= len(d.Text) && sp.Start <= sp.End {
			sentence = d.Text[sp.Start:sp.End]
			at = e.Evidence.Start - sp.Start
		}
		v := s.eventView(se, sentence, at)
		v.Index = i
		p.Events = append(p.Events, v)
	}
	p.Text = highlight(d.Text, layers)
	facts := make([]attache.StoredFact, len(d.Facts))
	for i, f := range d.Facts {
		facts[i] = attache.StoredFact{Fact: f, Doc: d.ID, Publisher: d.Publisher, URL: d.URL}
	}
	p.Facts = s.factViews(facts)
	for _, dup := range d.Duplicates {
		p.Duplicates = append(p.Duplicates, dupLink{ID: dup, URL: docURL(dup)})
	}
	return s.render(w, http.StatusOK, "document", p)
}

type clusterPage struct {
	head
	ID         string
	Events     []eventView
	First      eventView
	Pair       string
	DyadURL    string
	Dates      string
	Articles   int
	Publishers []string
}

func (s *server) cluster(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := r.PathValue("id")
	evs, _, err := s.st.FindEvents(ctx, attache.EventFilter{Cluster: id, Limit: docEvents})
	if err != nil {
		return err
	}
	if len(evs) == 0 {
		return fmt.Errorf("cluster %q: %w", id, attache.ErrNotFound)
	}
	p := clusterPage{ID: id, Events: s.eventViews(evs)}
	for i := range p.Events {
		p.Events[i].Cluster = "" // no link from each report to this page
	}
	p.First = p.Events[len(p.Events)-1]
	a, b := p.First.Source.Country, p.First.Target.Country
	p.Pair = s.name(a) + " → " + s.name(b)
	if a != "" && b != "" && a != b {
		p.DyadURL = dyadURL(a, b)
	}
	docs := map[string]bool{}
	pubs := map[string]bool{}
	var dates []string
	for _, e := range evs {
		docs[e.Doc] = true
		if e.Publisher != "" && !pubs[e.Publisher] {
			pubs[e.Publisher] = true
			p.Publishers = append(p.Publishers, e.Publisher)
		}
		if d := e.Date.String(); d != "" {
			dates = append(dates, d)
		}
	}
	slices.Sort(p.Publishers)
	p.Articles = len(docs)
	slices.Sort(dates)
	switch {
	case len(dates) == 0:
		p.Dates = "undated"
	case dates[0] == dates[len(dates)-1]:
		p.Dates = dates[0]
	default:
		p.Dates = dates[0] + " to " + dates[len(dates)-1]
	}
	p.head = head{Title: fmt.Sprintf("%s: %s", p.Pair, cmp.Or(p.First.CodeName, string(p.First.Code)))}
	return s.render(w, http.StatusOK, "cluster", p)
}

// event sends the browser to the event's place on its document's page.
func (s *server) event(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	// IDs are "<doc>#<n>", and a document ID may hold '#' itself.
	cut := strings.LastIndexByte(id, '#')
	if cut <= 0 {
		return fmt.Errorf("event %q: %w", id, attache.ErrNotFound)
	}
	d, err := s.st.Document(r.Context(), id[:cut])
	if err != nil {
		return err
	}
	for i, e := range d.Events {
		if e.ID == id {
			http.Redirect(w, r, docURL(d.ID)+fmt.Sprintf("#event-%d", i), http.StatusSeeOther)
			return nil
		}
	}
	return fmt.Errorf("event %q: %w", id, attache.ErrNotFound)
}

// docTitle is the heading of a document's page: its title, else its first
// sentence when that is a headline, else its ID.
func docTitle(d *attache.StoredDocument) string {
	if t := strings.TrimSpace(d.Title); t != "" {
		return t
	}
	if len(d.Sentences) > 0 {
		s := d.Sentences[0]
		if s.Headline && s.Start >= 0 && s.End <= len(d.Text) && s.Start < s.End && s.Len() <= 200 {
			return strings.TrimSpace(d.Text[s.Start:s.End])
		}
	}
	return "Document " + d.ID
}
