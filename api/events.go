package api

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"attache"
	"attache/cameo"
	"attache/httpkit"
)

// eventPage is the reply of GET /api/events.
type eventPage struct {
	Events     []attache.StoredEvent `json:"events"`
	NextCursor string                `json:"next_cursor,omitempty"`
}

// events answers GET /api/events: one page of the events the query's
// filters select, newest first.
func (s *server) events(w http.ResponseWriter, r *http.Request) error {
	f, err := httpkit.ParseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	evs, next, err := s.st.FindEvents(r.Context(), f)
	if err != nil {
		return err
	}
	httpkit.WriteJSON(w, http.StatusOK, eventPage{Events: orEmpty(evs), NextCursor: next})
	return nil
}

// maxPages bounds the pages of MaxLimit events read to answer one request
// about one document or one cluster.
const maxPages = 20

// each calls fn with the events f selects, page after page, until fn
// returns false, the last page or maxPages pages.
func (s *server) each(r *http.Request, f attache.EventFilter, fn func(e *attache.StoredEvent) bool) error {
	f.Limit = httpkit.MaxLimit
	for range maxPages {
		page, next, err := s.st.FindEvents(r.Context(), f)
		if err != nil {
			return err
		}
		for i := range page {
			if !fn(&page[i]) {
				return nil
			}
		}
		if next == "" {
			return nil
		}
		f.Cursor = next
	}
	return nil
}

// event answers GET /api/events/{id}: one event by its ID "<doc>#<n>"
// (the '#' escaped as %23 in the path).
func (s *server) event(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	i := strings.LastIndexByte(id, '#')
	if i <= 0 || i == len(id)-1 {
		return httpkit.BadRequest("event id: want <document id>#<n>, such as seed-004#2 (with # written %%23)")
	}
	doc := id[:i]
	var found *attache.StoredEvent
	err = s.each(r, attache.EventFilter{Doc: doc}, func(e *attache.StoredEvent) bool {
		if e.ID == id && e.Doc == doc {
			found = e
			return false
		}
		return true
	})
	if err != nil {
		return err
	}
	if found == nil {
		return attache.ErrNotFound
	}
	httpkit.WriteJSON(w, http.StatusOK, found)
	return nil
}

// clusterView is one real-world event with every report of it.
type clusterView struct {
	ID string `json:"id"`
	// Pair is the source and target countries most members give.
	Pair [2]attache.Country `json:"pair"`
	// Code is the most common CAMEO code of the members.
	Code cameo.Code `json:"cameo"`
	// First and Last are the earliest and latest event dates (each at the
	// precision its report gives); null when no member is dated.
	First attache.Date `json:"first_date"`
	Last  attache.Date `json:"last_date"`
	// Mentions is the number of member events, Articles the number of
	// distinct documents they come from, Publishers the distinct
	// publishers of those documents.
	Mentions   int                   `json:"mentions"`
	Articles   int                   `json:"articles"`
	Documents  []string              `json:"documents"`
	Publishers []string              `json:"publishers"`
	Events     []attache.StoredEvent `json:"events"`
	// Truncated is true when the cluster has more members than one
	// request reads; the counts are those of the members listed.
	Truncated bool `json:"truncated,omitempty"`
}

// cluster answers GET /api/clusters/{id}: every report of one real-world
// event.
func (s *server) cluster(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v := clusterView{ID: id}
	const maxMembers = maxPages * httpkit.MaxLimit
	err = s.each(r, attache.EventFilter{Cluster: id}, func(e *attache.StoredEvent) bool {
		if e.Cluster != id {
			return true // a store that ignored the filter
		}
		if len(v.Events) == maxMembers {
			v.Truncated = true
			return false
		}
		v.Events = append(v.Events, *e)
		return true
	})
	if err != nil {
		return err
	}
	if len(v.Events) == 0 {
		return attache.ErrNotFound
	}
	summarize(&v)
	httpkit.WriteJSON(w, http.StatusOK, v)
	return nil
}

// summarize fills the counts, pair, code and dates of v from its events.
func summarize(v *clusterView) {
	docs := map[string]bool{}
	pubs := map[string]bool{}
	pairs := map[[2]attache.Country]int{}
	codes := map[cameo.Code]int{}
	for _, e := range v.Events {
		if !docs[e.Doc] {
			docs[e.Doc] = true
			v.Documents = append(v.Documents, e.Doc)
		}
		if e.Publisher != "" && !pubs[e.Publisher] {
			pubs[e.Publisher] = true
			v.Publishers = append(v.Publishers, e.Publisher)
		}
		pairs[[2]attache.Country{e.Source.Country, e.Target.Country}]++
		codes[e.Code]++
		if e.Date.IsZero() {
			continue
		}
		if v.First.IsZero() || e.Date.String() < v.First.String() {
			v.First = e.Date
		}
		if e.Date.String() > v.Last.String() {
			v.Last = e.Date
		}
	}
	v.Mentions = len(v.Events)
	v.Articles = len(docs)
	slices.Sort(v.Documents)
	slices.Sort(v.Publishers)
	v.Documents = orEmpty(v.Documents)
	v.Publishers = orEmpty(v.Publishers)
	v.Pair = mostCommon(pairs, func(a, b [2]attache.Country) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	// Among codes as common, the most specific wins, then the smallest.
	v.Code = mostCommon(codes, func(a, b cameo.Code) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a, b))
	})
}

// mostCommon returns the key with the highest count, ties going to the
// key that order puts first.
func mostCommon[K comparable](counts map[K]int, order func(a, b K) int) K {
	var best K
	n := -1
	for k, c := range counts {
		if c > n || (c == n && order(k, best) < 0) {
			best, n = k, c
		}
	}
	return best
}
