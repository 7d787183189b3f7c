package api

import (
	"net/http"
	"time"

	"attache"
	"attache/httpkit"
)

// documentView is a stored document as the API shows it.
type documentView struct {
	ID            string       `json:"id"`
	Publisher     string       `json:"publisher,omitempty"`
	URL           string       `json:"url,omitempty"`
	Title         string       `json:"title,omitempty"`
	Lang          string       `json:"lang,omitempty"`
	ReferenceDate attache.Date `json:"reference_date"`
	CoderVersion  string       `json:"coder_version"`
	StoredAt      time.Time    `json:"stored_at"`
	// Text is the document text as read; every span is a byte range of it.
	Text       string                `json:"text"`
	Sentences  []attache.SentenceOut `json:"sentences"`
	Events     []attache.Event       `json:"events"`
	Facts      []attache.Fact        `json:"facts"`
	Duplicates []string              `json:"duplicates"`
}

// document answers GET /api/documents/{id}.
func (s *server) document(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.st.Document(r.Context(), id)
	if err != nil {
		return err
	}
	v := documentView{
		ID: d.ID, Publisher: d.Publisher, URL: d.URL, Title: d.Title, Lang: d.Lang,
		ReferenceDate: d.RefDate, CoderVersion: d.CoderVersion, StoredAt: d.StoredAt,
		Text: d.Text, Sentences: make([]attache.SentenceOut, 0, len(d.Sentences)),
		Events: orEmpty(d.Events), Facts: orEmpty(d.Facts), Duplicates: orEmpty(d.Duplicates),
	}
	for _, sn := range d.Sentences {
		out := attache.SentenceOut{Span: sn.Span, Index: sn.Index, Headline: sn.Headline}
		if sn.Start >= 0 && sn.Start <= sn.End && sn.End <= len(d.Text) {
			out.Text = d.Text[sn.Start:sn.End]
		}
		v.Sentences = append(v.Sentences, out)
	}
	httpkit.WriteJSON(w, http.StatusOK, v)
	return nil
}

// searchFacets is how many values of each facet a search returns.
const searchFacets = 20

// searchResult is the reply of GET /api/search.
type searchResult struct {
	Query  string                `json:"query"`
	Hits   []attache.SentenceHit `json:"hits"`
	Facets attache.Facets        `json:"facets"`
}

// search answers GET /api/search: the sentences matching q under the
// filters, and the facets of the events in matching sentences.
func (s *server) search(w http.ResponseWriter, r *http.Request) error {
	f, err := httpkit.ParseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	if f.Text == "" {
		return httpkit.BadRequest("q: want the words to search for")
	}
	q := f.Text
	f.Cursor = "" // a search is one page
	hf := f
	hf.Text = ""
	hits, err := s.st.SearchSentences(r.Context(), q, hf)
	if err != nil {
		return err
	}
	fc, err := s.st.Facets(r.Context(), f, searchFacets)
	if err != nil {
		return err
	}
	fc.Roots, fc.Countries, fc.Publishers = orEmpty(fc.Roots), orEmpty(fc.Countries), orEmpty(fc.Publishers)
	httpkit.WriteJSON(w, http.StatusOK, searchResult{Query: q, Hits: orEmpty(hits), Facets: fc})
	return nil
}
