package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"attache"
)

// newFake returns the fake store over the test data set and the API on it.
func newFake(t *testing.T) (*fakeStore, http.Handler) {
	t.Helper()
	evs, facts, docs := testData().stored()
	st := newFakeStore(evs, facts, docs)
	return st, New(st, Options{Version: "test-1"})
}

// do sends a request to h; hdr is name, value pairs.
func do(t *testing.T, h http.Handler, method, target string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// decode checks that w is JSON with the status want and decodes it.
func decode[T any](t *testing.T, w *httptest.ResponseRecorder, want int) T {
	t.Helper()
	var v T
	if w.Code != want {
		t.Fatalf("status %d, want %d; body %s", w.Code, want, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want JSON", ct)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %s: %v", w.Body, err)
	}
	return v
}

// errorOf checks that w is a JSON error with the status want and returns
// its message.
func errorOf(t *testing.T, w *httptest.ResponseRecorder, want int) string {
	t.Helper()
	v := decode[map[string]string](t, w, want)
	if len(v) != 1 || v["error"] == "" {
		t.Fatalf("body %s, want {\"error\": ...}", w.Body)
	}
	return v["error"]
}

func ids(evs []attache.StoredEvent) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func TestHealth(t *testing.T) {
	_, h := newFake(t)
	v := decode[map[string]any](t, do(t, h, "GET", "/healthz", nil), http.StatusOK)
	if v["status"] != "ok" || v["documents"] != 3.0 || v["events"] != 6.0 || v["facts"] != 1.0 || v["version"] != "test-1" {
		t.Errorf("health = %v", v)
	}
}

func TestListEvents(t *testing.T) {
	st, h := newFake(t)
	page := decode[eventPage](t, do(t, h, "GET", "/api/events?country=vnm&code=04&since=2025-01&publisher=VNA", nil), http.StatusOK)
	if got, want := ids(page.Events), []string{"vnuz-1#0", "vnuz-1#1"}; !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	if page.NextCursor != "" {
		t.Errorf("next_cursor %q on the only page", page.NextCursor)
	}
	f := st.calls()[0]
	if !slices.Equal(f.Countries, []attache.Country{"VNM"}) || !slices.Equal(f.Codes, []string{"04"}) ||
		f.Since != (attache.Date{Year: 2025, Month: 1}) || f.Publisher != "VNA" {
		t.Errorf("filter %+v", f)
	}
	e := page.Events[0]
	if e.Publisher != "VNA" || e.URL != "https://news.example/vnuz-1" || e.Cluster != talks ||
		e.SentenceText != "Vietnam and Uzbekistan held talks in Hanoi on January 14." || e.Code != "040" {
		t.Errorf("event %+v", e)
	}

	// Every filter parameter reaches the store.
	decode[eventPage](t, do(t, h, "GET", "/api/events?dyad=VNM-uzb&until=2025&doc=vnuz-2&cluster="+talks+"&q=talks&limit=7", nil), http.StatusOK)
	f = st.calls()[1]
	if f.Dyad != [2]attache.Country{"VNM", "UZB"} || f.Until != (attache.Date{Year: 2025}) || f.Doc != docTalks2 ||
		f.Cluster != talks || f.Text != "talks" || f.Limit != 7 {
		t.Errorf("filter %+v", f)
	}

	// An empty result is an empty list, not null.
	w := do(t, h, "GET", "/api/events?country=FRA", nil)
	if got := strings.TrimSpace(w.Body.String()); got != `{"events":[]}` {
		t.Errorf("empty page = %s", got)
	}
}

func TestListEventsPages(t *testing.T) {
	_, h := newFake(t)
	var all []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("cursors do not end")
		}
		target := "/api/events?limit=2"
		if cursor != "" {
			target += "&cursor=" + url.QueryEscape(cursor)
		}
		w := do(t, h, "GET", target, nil)
		page := decode[eventPage](t, w, http.StatusOK)
		all = append(all, ids(page.Events)...)
		if page.NextCursor == "" {
			if strings.Contains(w.Body.String(), "next_cursor") {
				t.Errorf("last page names next_cursor: %s", w.Body)
			}
			if pages != 2 {
				t.Errorf("%d pages, want 3", pages+1)
			}
			break
		}
		if len(page.Events) != 2 {
			t.Errorf("page %d has %d events, want 2", pages, len(page.Events))
		}
		cursor = page.NextCursor
	}
	want := []string{"vnuz-1#0", "vnuz-1#1", "vnuz-1#2", "vnuz-2#0", "vnru-1#0", "vnru-1#1"}
	if len(all) != 6 {
		t.Fatalf("events over all pages %v", all)
	}
	slices.Sort(all)
	slices.Sort(want)
	if !slices.Equal(all, want) {
		t.Errorf("events over all pages %v, want %v", all, want)
	}
}

func TestListEventsBadParameters(t *testing.T) {
	_, h := newFake(t)
	for _, tc := range []struct{ name, query, want string }{
		{"country", "country=" + url.QueryEscape(script), "country"},
		{"dyad without dash", "dyad=VNMUZB", "dyad"},
		{"code", "code=4x", "code"},
		{"limit zero", "limit=0", "limit"},
		{"limit too big", "limit=1001", "limit"},
		{"limit not a number", "limit=ten", "limit"},
		{"since", "since=2024-13", "since"},
		{"until", "until=yesterday", "until"},
		{"cursor", "cursor=" + url.QueryEscape(script), "cursor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := do(t, h, "GET", "/api/events?"+tc.query, nil)
			if msg := errorOf(t, w, http.StatusBadRequest); !strings.HasPrefix(msg, tc.want) {
				t.Errorf("error %q, want it to start with %q", msg, tc.want)
			}
			if strings.Contains(w.Body.String(), "<script") {
				t.Errorf("raw markup in %s", w.Body)
			}
		})
	}
}

func TestEvent(t *testing.T) {
	st, h := newFake(t)
	e := decode[attache.StoredEvent](t, do(t, h, "GET", "/api/events/vnru-1%231", nil), http.StatusOK)
	if e.ID != "vnru-1#1" || e.Code != "042" || e.Date != (attache.Date{Year: 2024, Month: 10}) || e.Target.Country != "RUS" {
		t.Errorf("event %+v", e)
	}
	if f := st.calls()[0]; f.Doc != docRussia {
		t.Errorf("looked up with %+v, want Doc %s", f, docRussia)
	}
	errorOf(t, do(t, h, "GET", "/api/events/vnru-1%239", nil), http.StatusNotFound)
	errorOf(t, do(t, h, "GET", "/api/events/nodoc%230", nil), http.StatusNotFound)
	errorOf(t, do(t, h, "GET", "/api/events/vnru-1", nil), http.StatusBadRequest)
	errorOf(t, do(t, h, "GET", "/api/events/%231", nil), http.StatusBadRequest)
	errorOf(t, do(t, h, "GET", "/api/events/vnru-1%23", nil), http.StatusBadRequest)
}

// An event is found on a later page of its document's events.
func TestEventOnLaterPage(t *testing.T) {
	d := newDoc("big", "P", "2025-01-01", "A met B.")
	var evs []attache.StoredEvent
	for i := range 2500 {
		addEvent(d, 0, "VNM", "UZB", "040", "2025-01-01", 1, 1)
		evs = append(evs, attache.StoredEvent{Event: d.Events[i]})
	}
	st := newFakeStore(evs, nil, nil)
	e := decode[attache.StoredEvent](t, do(t, New(st, Options{}), "GET", "/api/events/big%232400", nil), http.StatusOK)
	if e.ID != "big#2400" {
		t.Errorf("event %s", e.ID)
	}
	if n := len(st.calls()); n != 3 {
		t.Errorf("%d pages read, want 3", n)
	}
}

func TestCluster(t *testing.T) {
	st, h := newFake(t)
	v := decode[clusterView](t, do(t, h, "GET", "/api/clusters/"+talks, nil), http.StatusOK)
	if v.ID != talks || v.Mentions != 3 || v.Articles != 2 || v.Code != "040" ||
		v.Pair != [2]attache.Country{"VNM", "UZB"} || v.Truncated {
		t.Errorf("cluster %+v", v)
	}
	if !slices.Equal(v.Publishers, []string{"Tuoi Tre", "VNA"}) || !slices.Equal(v.Documents, []string{docTalks, docTalks2}) {
		t.Errorf("publishers %v, documents %v", v.Publishers, v.Documents)
	}
	if v.First != mustDate("2025-01-14") || v.Last != mustDate("2025-01-14") {
		t.Errorf("dates %v..%v", v.First, v.Last)
	}
	if got := ids(v.Events); len(got) != 3 || !slices.Contains(got, "vnuz-2#0") {
		t.Errorf("members %v", got)
	}
	for _, e := range v.Events {
		if e.Evidence.Text == "" || e.Publisher == "" || e.URL == "" {
			t.Errorf("member without evidence, publisher or URL: %+v", e)
		}
	}
	if f := st.calls()[0]; f.Cluster != talks {
		t.Errorf("filter %+v", f)
	}
	errorOf(t, do(t, h, "GET", "/api/clusters/cdeadbeef", nil), http.StatusNotFound)
}

func TestSummarizeDates(t *testing.T) {
	v := clusterView{Events: []attache.StoredEvent{
		{Event: attache.Event{ID: "a#0", Doc: "a", Code: "042", Date: mustDate("2024-10")}},
		{Event: attache.Event{ID: "b#0", Doc: "b", Code: "0421", Date: mustDate("2024-10-03")}},
		{Event: attache.Event{ID: "c#0", Doc: "c", Code: "042", Date: mustDate("2024-09-30")}},
		{Event: attache.Event{ID: "d#0", Doc: "d", Code: "0421"}},
	}}
	summarize(&v)
	if v.First != mustDate("2024-09-30") || v.Last != mustDate("2024-10-03") {
		t.Errorf("dates %v..%v", v.First, v.Last)
	}
	if v.Code != "0421" { // as common as 042 and more specific
		t.Errorf("code %s, want 0421", v.Code)
	}
	if v.Mentions != 4 || v.Articles != 4 || len(v.Publishers) != 0 || v.Publishers == nil {
		t.Errorf("counts %+v", v)
	}
}

func TestDyad(t *testing.T) {
	_, h := newFake(t)
	v := decode[map[string]any](t, do(t, h, "GET", "/api/dyads/vnm/UZB?since=2025", nil), http.StatusOK)
	if v["events"] != 4.0 || v["cooperation"] != 4.0 || v["conflict"] != 0.0 || v["since"] != "2025" {
		t.Errorf("summary %v", v)
	}
	if p := v["pair"].([]any); p[0] != "VNM" || p[1] != "UZB" {
		t.Errorf("pair %v", p)
	}
	months := v["months"].([]any)
	if len(months) != 1 || months[0].(map[string]any)["month"] != "2025-01" {
		t.Errorf("months %v", months)
	}
	ag := v["agreements"].([]any)
	if len(ag) != 1 || ag[0].(map[string]any)["title"] != "agreement on trade" {
		t.Errorf("agreements %v", ag)
	}
	for _, k := range []string{"trade", "frameworks", "relations_established"} {
		if l, ok := v[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %v, want []", k, v[k])
		}
	}
	// The Russian events are a dyad of their own, with a conflict.
	v = decode[map[string]any](t, do(t, h, "GET", "/api/dyads/RUS/VNM", nil), http.StatusOK)
	if v["events"] != 2.0 || v["conflict"] != 1.0 {
		t.Errorf("RUS-VNM summary %v", v)
	}
	for _, target := range []string{"/api/dyads/VNM/VNM", "/api/dyads/VNM/vnm", "/api/dyads/V/UZB",
		"/api/dyads/VNM/%3Cscript%3E", "/api/dyads/VNM/UZB?since=soon"} {
		errorOf(t, do(t, h, "GET", target, nil), http.StatusBadRequest)
	}
}

func TestCountry(t *testing.T) {
	st, h := newFake(t)
	v := decode[countryView](t, do(t, h, "GET", "/api/countries/vnm?since=2024&until=2025-12-31", nil), http.StatusOK)
	if v.Country != "VNM" || v.Since != (attache.Date{Year: 2024}) || v.Until != mustDate("2025-12-31") {
		t.Errorf("country %s %v..%v", v.Country, v.Since, v.Until)
	}
	want := []partner{{"UZB", 4, 2.75}, {"RUS", 2, -0.05}}
	if len(v.Partners) != 2 || v.Partners[0] != want[0] || v.Partners[1].Country != "RUS" || v.Partners[1].Events != 2 {
		t.Errorf("partners %+v, want %+v", v.Partners, want)
	}
	if v.Events != 6 || len(v.Roots) != 3 || v.Roots[0] != (attache.FacetCount{Value: "04", Count: 4}) {
		t.Errorf("events %d, roots %+v", v.Events, v.Roots)
	}
	if len(v.Latest) != 6 || v.Latest[0].Date.String() != "2025-01-14" {
		t.Errorf("latest %v", ids(v.Latest))
	}
	for _, f := range st.calls() {
		if !slices.Equal(f.Countries, []attache.Country{"VNM"}) || f.Since != (attache.Date{Year: 2024}) {
			t.Errorf("filter %+v", f)
		}
	}
	if f := st.calls()[2]; f.Limit != countryLatest {
		t.Errorf("latest asked with limit %d", f.Limit)
	}
	// A country with no events has an empty record.
	w := do(t, h, "GET", "/api/countries/FRA", nil)
	v = decode[countryView](t, w, http.StatusOK)
	if v.Events != 0 || !strings.Contains(w.Body.String(), `"partners":[]`) || !strings.Contains(w.Body.String(), `"latest":[]`) {
		t.Errorf("empty record %s", w.Body)
	}
	errorOf(t, do(t, h, "GET", "/api/countries/1X", nil), http.StatusBadRequest)
	errorOf(t, do(t, h, "GET", "/api/countries/VNM?until=2025-02-30", nil), http.StatusBadRequest)
}

func TestDocument(t *testing.T) {
	_, h := newFake(t)
	v := decode[documentView](t, do(t, h, "GET", "/api/documents/"+docTalks, nil), http.StatusOK)
	want := testData().docs[0]
	if v.ID != docTalks || v.Text != want.Text || v.Publisher != "VNA" || v.ReferenceDate != mustDate("2025-01-14") ||
		v.CoderVersion != "test" || v.URL != want.URL {
		t.Errorf("document %+v", v)
	}
	if len(v.Sentences) != 2 || v.Sentences[1].Text != "The two sides signed an agreement on trade." || v.Sentences[1].Index != 1 {
		t.Errorf("sentences %+v", v.Sentences)
	}
	if len(v.Events) != 3 || v.Events[2].Code != "057" || len(v.Facts) != 1 || v.Facts[0].Kind != attache.Agreement {
		t.Errorf("events %+v facts %+v", v.Events, v.Facts)
	}
	if !slices.Equal(v.Duplicates, []string{docTalks2}) {
		t.Errorf("duplicates %v", v.Duplicates)
	}
	for _, s := range v.Sentences {
		if v.Text[s.Start:s.End] != s.Text {
			t.Errorf("sentence %d: text %q is not text[%d:%d]", s.Index, s.Text, s.Start, s.End)
		}
	}
	w := do(t, h, "GET", "/api/documents/"+docTalks2, nil)
	if !strings.Contains(w.Body.String(), `"duplicates":[]`) || !strings.Contains(w.Body.String(), `"facts":[]`) {
		t.Errorf("no duplicates or facts should be [], got %s", w.Body)
	}
	if msg := errorOf(t, do(t, h, "GET", "/api/documents/nope", nil), http.StatusNotFound); msg != "not found" {
		t.Errorf("error %q", msg)
	}
}

func TestSearch(t *testing.T) {
	st, h := newFake(t)
	v := decode[searchResult](t, do(t, h, "GET", "/api/search?q=held+talks&country=VNM&limit=5", nil), http.StatusOK)
	if v.Query != "held talks" || len(v.Hits) != 2 || v.Hits[0].Doc != docTalks || v.Hits[1].Doc != docTalks2 {
		t.Errorf("result %+v", v)
	}
	if len(v.Facets.Roots) == 0 || v.Facets.Countries == nil || v.Facets.Publishers == nil {
		t.Errorf("facets %+v", v.Facets)
	}
	calls := st.calls()
	if len(calls) != 2 || st.queries[0] != "held talks" {
		t.Fatalf("calls %+v, queries %v", calls, st.queries)
	}
	if calls[0].Limit != 5 || !slices.Equal(calls[0].Countries, []attache.Country{"VNM"}) {
		t.Errorf("search filter %+v", calls[0])
	}
	if f := calls[1]; f.Text != "held talks" || !slices.Equal(f.Countries, []attache.Country{"VNM"}) {
		t.Errorf("facets filter %+v, want Text = q", f)
	}
	for _, target := range []string{"/api/search", "/api/search?q=", "/api/search?q=+++", "/api/search?q=x&since=never"} {
		errorOf(t, do(t, h, "GET", target, nil), http.StatusBadRequest)
	}
}

func TestUnknownPathsAndMethods(t *testing.T) {
	_, h := newFake(t)
	for _, target := range []string{"/api/nothing", "/api/", "/api", "/api/events/a/b", "/healthzz", "/", "/api/dyads/VNM"} {
		if msg := errorOf(t, do(t, h, "GET", target, nil), http.StatusNotFound); msg != "not found" {
			t.Errorf("GET %s: error %q", target, msg)
		}
	}
	for _, tc := range []struct{ method, target, allow string }{
		{"DELETE", "/api/events", "GET, HEAD"},
		{"POST", "/api/events", "GET, HEAD"},
		{"PUT", "/api/documents/x", "GET, HEAD"},
		{"GET", "/api/documents", "POST"},
		{"DELETE", "/healthz", "GET, HEAD"},
	} {
		w := do(t, h, tc.method, tc.target, nil)
		if msg := errorOf(t, w, http.StatusMethodNotAllowed); msg != "method not allowed" {
			t.Errorf("%s %s: error %q", tc.method, tc.target, msg)
		}
		if got := w.Header().Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.target, got, tc.allow)
		}
	}
}
