package api

import (
	"net/http"
	"net/url"

	"attache"
	"attache/dyad"
	"attache/httpkit"
)

// dateParam reads the date query parameter name ("" gives the zero Date).
func dateParam(q url.Values, name string) (attache.Date, error) {
	d, err := attache.ParseDate(q.Get(name))
	if err != nil {
		return d, httpkit.BadRequest("%s: %v", name, err)
	}
	return d, nil
}

// dyad answers GET /api/dyads/{a}/{b}: the record of the relationship
// between two parties (dyad.Summary).
func (s *server) dyad(w http.ResponseWriter, r *http.Request) error {
	a, b, err := httpkit.ParsePair(r.PathValue("a"), r.PathValue("b"))
	if err != nil {
		return err
	}
	since, err := dateParam(r.URL.Query(), "since")
	if err != nil {
		return err
	}
	sum, err := dyad.Build(r.Context(), s.st, a, b, dyad.Options{Since: since})
	if err != nil {
		return err
	}
	sum.Months = orEmpty(sum.Months)
	sum.Latest = orEmpty(sum.Latest)
	sum.Agreements = orEmpty(sum.Agreements)
	sum.Trade = orEmpty(sum.Trade)
	sum.Frameworks = orEmpty(sum.Frameworks)
	sum.Established = orEmpty(sum.Established)
	httpkit.WriteJSON(w, http.StatusOK, sum)
	return nil
}

// Sizes of a country's record.
const (
	countryPartners = 100
	countryLatest   = 20
	countryRoots    = 20 // every CAMEO root
)

// partner is a country's partner and how active the pair is.
type partner struct {
	Country   attache.Country `json:"country"`
	Events    int             `json:"events"`
	Goldstein float64         `json:"goldstein"` // mean Goldstein value of the pair's events
}

// countryView is a country's record: its partners (the network around
// it), its events by CAMEO root, and its latest events.
type countryView struct {
	Country  attache.Country       `json:"country"`
	Since    attache.Date          `json:"since,omitzero"`
	Until    attache.Date          `json:"until,omitzero"`
	Events   int                   `json:"events"` // the country's events (the sum of Roots)
	Partners []partner             `json:"partners"`
	Roots    []attache.FacetCount  `json:"roots"`
	Latest   []attache.StoredEvent `json:"latest"`
}

// country answers GET /api/countries/{c}.
func (s *server) country(w http.ResponseWriter, r *http.Request) error {
	c, err := httpkit.ParseCountry(r.PathValue("c"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	v := countryView{Country: c}
	if v.Since, err = dateParam(q, "since"); err != nil {
		return err
	}
	if v.Until, err = dateParam(q, "until"); err != nil {
		return err
	}
	f := attache.EventFilter{Countries: []attache.Country{c}, Since: v.Since, Until: v.Until}
	ctx := r.Context()
	dyads, err := s.st.Dyads(ctx, f, countryPartners)
	if err != nil {
		return err
	}
	v.Partners = []partner{}
	for _, d := range dyads {
		p := partner{Events: d.Events, Goldstein: d.Goldstein}
		switch c {
		case d.A:
			p.Country = d.B
		case d.B:
			p.Country = d.A
		default:
			continue // not a pair of c's
		}
		v.Partners = append(v.Partners, p)
	}
	fc, err := s.st.Facets(ctx, f, countryRoots)
	if err != nil {
		return err
	}
	v.Roots = orEmpty(fc.Roots)
	for _, rc := range v.Roots {
		v.Events += rc.Count
	}
	f.Limit = countryLatest
	latest, _, err := s.st.FindEvents(ctx, f)
	if err != nil {
		return err
	}
	v.Latest = orEmpty(latest)
	httpkit.WriteJSON(w, http.StatusOK, v)
	return nil
}
