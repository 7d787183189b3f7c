package web_test

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"attache"
	"attache/mock"
	"attache/sqlite"
	"attache/web"
)

// fixture is a store holding the test articles and the pages over it.
type fixture struct {
	st *sqlite.Store
	h  http.Handler
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	st := openStore(t)
	ingest(t, st, testArticles())
	return fixture{st: st, h: newHandler(t, st)}
}

func (fx fixture) get(t *testing.T, path string, status int) string {
	t.Helper()
	code, body, _ := get(t, fx.h, path)
	if code != status {
		t.Fatalf("GET %s: status %d, want %d\n%s", path, code, status, body)
	}
	checkPage(t, path, body)
	return body
}

var (
	tagRE     = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	scriptRE  = regexp.MustCompile(`<script\b[^>]*>`)
	handlerRE = regexp.MustCompile(`(?i)\son[a-z]+\s*=`)
)

// checkPage checks what every page must be: a whole HTML document in
// English, with no inline script or event handler (the CSP forbids them)
// and no markup from the test articles let through.
func checkPage(t *testing.T, path, body string) {
	t.Helper()
	if !strings.HasPrefix(body, "<!doctype html>") || !strings.Contains(body, `<html lang="en">`) {
		t.Errorf("%s: not a whole HTML page in English", path)
	}
	for _, tag := range scriptRE.FindAllString(body, -1) {
		if !strings.Contains(tag, " src=") {
			t.Errorf("%s: inline script %s", path, tag)
		}
	}
	for _, tag := range tagRE.FindAllString(body, -1) {
		if handlerRE.MatchString(tag) {
			t.Errorf("%s: inline event handler in %s", path, tag)
		}
	}
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>Evil</b>", `href="javascript:`} {
		if strings.Contains(body, bad) {
			t.Errorf("%s: unescaped %q", path, bad)
		}
	}
}

func TestHome(t *testing.T) {
	fx := newFixture(t)
	body := fx.get(t, "/", http.StatusOK)
	contains(t, body, "<h1>Latest events</h1>")
	contains(t, body, `<mark class="ev">The two leaders signed</mark>`) // evidence in its sentence
	contains(t, body, "Kazakhstan")
	contains(t, body, `href="/dyad/KAZ/VNM"`) // the most active pair this month
	contains(t, body, "Most active pairs in March 2025")
	contains(t, body, `href="/event/kaz-visit%234"`)
	contains(t, body, `href="/document/`+oddIDInURL+`"`)
	contains(t, body, `<strong>4</strong> documents`)
	contains(t, body, `name="q"`)
	if strings.Contains(body, "No events dated in") {
		t.Error("home says there are no events this month")
	}
}

func TestHomeQuietMonth(t *testing.T) {
	st := openStore(t)
	ingest(t, st, testArticles())
	h, err := web.New(st, web.Options{Now: func() time.Time { return time.Date(2031, 1, 5, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	code, body, _ := get(t, h, "/")
	if code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	contains(t, body, "No events dated in January 2031 yet")
	contains(t, body, "the latest month on record")
	contains(t, body, `href="/dyad/KAZ/VNM"`) // the most active pair of that month
	contains(t, body, "KAZ – VNM")            // no names given: codes
}

func TestSearchSentences(t *testing.T) {
	fx := newFixture(t)
	body := fx.get(t, "/search?q=signed", http.StatusOK)
	contains(t, body, `<mark class="ev">signed</mark>`)
	contains(t, body, `value="signed"`)
	contains(t, body, `href="/document/kaz-visit#s-2"`) // the sentence in its document
	// Facets link to the search with one more filter.
	contains(t, body, `href="/search?code=05&amp;q=signed"`)

	body = fx.get(t, "/search?q=%3Cscript%3E", http.StatusOK)
	if strings.Contains(body, "<script>") {
		t.Error("the query reaches the page unescaped")
	}
	contains(t, body, "&lt;script&gt;")

	body = fx.get(t, "/search?q=held+talks&country=IDN", http.StatusOK)
	contains(t, body, `<mark class="ev">held</mark> phone <mark class="ev">talks</mark>`)
	contains(t, body, "Sugiono")
	if strings.Contains(body, "Bektenov") {
		t.Error("country=IDN keeps a sentence without an Indonesian event")
	}
}

func TestSearchEvents(t *testing.T) {
	fx := newFixture(t)
	body := fx.get(t, "/search?country=JPN", http.StatusOK)
	contains(t, body, "Japan expressed its hope that Indonesia")
	contains(t, body, `<label for="f-country">`)
	// With one country chosen, another country narrows to the pair.
	contains(t, body, `href="/search?dyad=JPN-IDN"`)
	if strings.Contains(body, "Bektenov") {
		t.Error("country=JPN lists an event without Japan")
	}

	// Pages follow each other through the cursor.
	body = fx.get(t, "/search?dyad=VNM-KAZ&limit=3", http.StatusOK)
	m := regexp.MustCompile(`href="(/search\?[^"]*cursor=[^"]*)" rel="next">Next page`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no next page link")
	}
	next := html.UnescapeString(m[1])
	body2 := fx.get(t, next, http.StatusOK)
	if strings.Count(body2, `<li class="event`) == 0 {
		t.Error("the next page lists no events")
	}
	first := regexp.MustCompile(`href="/event/([^"]+)"`).FindAllStringSubmatch(body, -1)
	for _, e := range regexp.MustCompile(`href="/event/([^"]+)"`).FindAllStringSubmatch(body2, -1) {
		for _, f := range first {
			if e[1] == f[1] {
				t.Errorf("event %s is on both pages", e[1])
			}
		}
	}
}

func TestBadFilter(t *testing.T) {
	fx := newFixture(t)
	for _, path := range []string{
		"/search?since=yesterday",
		"/search?dyad=VNM",
		"/search?code=abc",
		"/search?country=%3Cscript%3E",
		"/search?limit=0",
		"/dyad/VNM/VNM",
		"/dyad/VNM/%3Cb%3E",
		"/country/not-a-code",
	} {
		body := fx.get(t, path, http.StatusBadRequest)
		contains(t, body, "<h1>Bad Request</h1>")
	}
}

func TestDyad(t *testing.T) {
	fx := newFixture(t)
	body := fx.get(t, "/dyad/VNM/KAZ", http.StatusOK)
	contains(t, body, "<h1>Vietnam <span class=\"amp\">and</span> Kazakhstan</h1>")
	// The timeline: bars by quad class and the Goldstein line.
	contains(t, body, "<svg")
	contains(t, body, `class="bar q1"`)
	contains(t, body, `class="goldstein-line"`)
	contains(t, body, "<th scope=\"row\">2025-03</th>")
	// Agreements, trade (chart and table), with sources.
	contains(t, body, "agreement on cooperation")
	contains(t, body, `class="trade-bar`)
	contains(t, body, "US$250M")
	contains(t, body, `<a href="https://news.example.com/2025/03/kaz-visit" rel="noopener noreferrer">`)
	// Every event with its evidence marked in its sentence.
	contains(t, body, `<mark class="ev">Chinh invited Bektenov</mark>`)
	contains(t, body, "First contact")
	// A source URL that is not http(s) is not a link.
	if strings.Contains(body, "javascript:") {
		t.Error("a javascript: URL reaches the page")
	}
	// The lower-case pair is read as codes too.
	fx.get(t, "/dyad/vnm/kaz", http.StatusOK)
	// A pair with no events has a page that says so.
	body = fx.get(t, "/dyad/VNM/FRA", http.StatusOK)
	contains(t, body, "No events between Vietnam and France are on record.")
}

func TestCountry(t *testing.T) {
	fx := newFixture(t)
	body := fx.get(t, "/country/VNM", http.StatusOK)
	contains(t, body, "<h1>Vietnam")
	contains(t, body, `class="node`)
	contains(t, body, `href="/dyad/VNM/KAZ"`)
	contains(t, body, `<th scope="row"><a href="/dyad/VNM/KAZ">Kazakhstan</a></th>`)
	contains(t, body, "Consult") // events by root
	contains(t, body, "Latest events")
}

// marked returns the text of each run of adjacent <mark> elements of the
// article whose data-ev lists event n.
var segRE = regexp.MustCompile(`<(mark|span) class="([^"]*)"(?: data-s="\d+")?(?: data-ev="([^"]*)")?>([^<]*)</(?:mark|span)>|<span class="sb"[^>]*></span>|[^<]+`)

func markedRuns(article string, n string) []string {
	var runs []string
	var cur strings.Builder
	in := false
	for _, m := range segRE.FindAllStringSubmatch(article, -1) {
		if strings.HasPrefix(m[0], `<span class="sb"`) {
			continue
		}
		hit := m[1] == "mark" && strings.Contains(" "+m[3]+" ", " "+n+" ")
		if hit {
			cur.WriteString(html.UnescapeString(m[4]))
			in = true
		} else if in {
			runs = append(runs, cur.String())
			cur.Reset()
			in = false
		}
	}
	if in {
		runs = append(runs, cur.String())
	}
	return runs
}

func articleOf(t *testing.T, body string) string {
	t.Helper()
	_, rest, ok := strings.Cut(body, `<div class="article" id="article">`)
	if !ok {
		t.Fatal("no article text")
	}
	art, _, _ := strings.Cut(rest, "</div>")
	return art
}

func TestDocument(t *testing.T) {
	fx := newFixture(t)
	body := fx.get(t, "/document/kaz-visit", http.StatusOK)
	art := articleOf(t, body)
	// The text is all there, in order, whatever is marked.
	plain := html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(art, ""))
	doc, err := fx.st.Document(context.Background(), "kaz-visit")
	if err != nil {
		t.Fatal(err)
	}
	if plain != doc.Text {
		t.Errorf("article text differs from the document:\n%q\n%q", plain, doc.Text)
	}
	// Event 6's evidence is marked exactly, around its actors.
	if runs := markedRuns(art, "6"); len(runs) != 1 || runs[0] != "Chinh invited Bektenov" {
		t.Errorf("event 6 marks %q, want [Chinh invited Bektenov]", runs)
	}
	contains(t, art, `<span class="sb" id="s-0" data-n="1" aria-hidden="true"></span>`)
	contains(t, art, `<mark class="s ev actor" data-s="4" data-ev="6">Chinh</mark>`)
	// Each event has a toggle and a details block reachable without script.
	contains(t, body, `<li class="event q1" id="event-6" data-event="6"`)
	contains(t, body, `<a class="explain" href="#event-6" aria-controls="event-6-how" aria-expanded="false">`)
	contains(t, body, `<div class="how" id="event-6-how">`)
	contains(t, body, "events.tsv:")                         // the lexicon rule
	contains(t, body, "Express intent to meet or negotiate") // the CAMEO name of 036
	contains(t, body, "Olzhas Bektenov")
	contains(t, body, "precision: day")
	// Facts with their evidence.
	contains(t, body, "<strong>agreement on cooperation</strong>")
	contains(t, body, `<q class="evidence">US$250 million</q>`)
	contains(t, body, `<script src="/static/app.js?v=`)

	// An ID with '/', ':' and '#', escaped in links and read back.
	if url.PathEscape(oddID) != oddIDInURL {
		t.Fatalf("PathEscape(%q) = %q", oddID, url.PathEscape(oddID))
	}
	body = fx.get(t, "/document/"+oddIDInURL, http.StatusOK)
	contains(t, body, oddID)
	contains(t, body, "Kazakhstan thanked Viet Nam")
}

func TestHostileText(t *testing.T) {
	fx := newFixture(t)
	body := fx.get(t, "/document/hostile", http.StatusOK)
	contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
	contains(t, body, "&lt;img src=x onerror=alert(2)&gt;")
	contains(t, body, "&lt;b&gt;Evil&lt;/b&gt; Press")
	for _, path := range []string{"/", "/search?dyad=VNM-KAZ", "/search?q=alert", "/dyad/VNM/KAZ", "/country/KAZ"} {
		body := fx.get(t, path, http.StatusOK) // checkPage looks for the markup
		if path == "/search?q=alert" {
			contains(t, body, `&lt;script&gt;<mark class="ev">alert</mark>(1)&lt;/script&gt;`)
		}
	}
}

func TestEventRedirect(t *testing.T) {
	fx := newFixture(t)
	code, _, hd := get(t, fx.h, "/event/"+url.PathEscape("kaz-visit#6"))
	if code != http.StatusSeeOther || hd.Get("Location") != "/document/kaz-visit#event-6" {
		t.Errorf("status %d, Location %q", code, hd.Get("Location"))
	}
	code, _, hd = get(t, fx.h, "/event/"+url.PathEscape(oddID+"#4"))
	if code != http.StatusSeeOther || hd.Get("Location") != "/document/"+oddIDInURL+"#event-4" {
		t.Errorf("status %d, Location %q", code, hd.Get("Location"))
	}
	for _, id := range []string{"kaz-visit#99", "nope#1", "nope"} {
		fx.get(t, "/event/"+url.PathEscape(id), http.StatusNotFound)
	}
}

func TestCluster(t *testing.T) {
	fx := newFixture(t)
	evs, _, err := fx.st.FindEvents(context.Background(), attache.EventFilter{Doc: oddID})
	if err != nil {
		t.Fatal(err)
	}
	var id string
	for _, e := range evs {
		if e.Code == "042" {
			id = e.Cluster
		}
	}
	if id == "" {
		t.Fatal("the visit has no cluster")
	}
	body := fx.get(t, "/cluster/"+url.PathEscape(id), http.StatusOK)
	contains(t, body, "Kazakhstan → Vietnam")
	contains(t, body, "Make a visit")
	contains(t, body, "2 articles")
	contains(t, body, "Capital Wire, Steppe Daily")
	contains(t, body, `href="/document/kaz-visit"`)
	contains(t, body, `href="/document/`+oddIDInURL+`"`)

	fx.get(t, "/cluster/c-none", http.StatusNotFound)
}

func TestNotFound(t *testing.T) {
	fx := newFixture(t)
	for _, path := range []string{"/nope", "/document/nope", "/static/nope.css", "/dyad/VNM", "/document/a/b"} {
		body := fx.get(t, path, http.StatusNotFound)
		contains(t, body, "<h1>Page not found</h1>")
	}
}

func TestStatic(t *testing.T) {
	fx := newFixture(t)
	body := fx.get(t, "/", http.StatusOK)
	m := regexp.MustCompile(`href="(/static/style\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no stylesheet link")
	}
	code, css, hd := get(t, fx.h, m[1])
	if code != http.StatusOK || !strings.HasPrefix(hd.Get("Content-Type"), "text/css") || !strings.Contains(css, ":focus-visible") {
		t.Errorf("stylesheet: %d %s", code, hd.Get("Content-Type"))
	}
	if !strings.Contains(hd.Get("Cache-Control"), "immutable") || hd.Get("ETag") == "" {
		t.Errorf("versioned asset cached as %q, ETag %q", hd.Get("Cache-Control"), hd.Get("ETag"))
	}
	code, js, hd := get(t, fx.h, "/static/app.js")
	if code != http.StatusOK || !strings.Contains(hd.Get("Content-Type"), "javascript") || !strings.Contains(js, "aria-expanded") {
		t.Errorf("script: %d %s", code, hd.Get("Content-Type"))
	}
	if strings.Contains(hd.Get("Cache-Control"), "immutable") {
		t.Error("an unversioned asset is cached for good")
	}
	req, _ := http.NewRequest(http.MethodGet, "/static/app.js", nil)
	req.Header.Set("If-None-Match", hd.Get("ETag"))
	rec := httptest.NewRecorder()
	fx.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("conditional request: %d, want 304", rec.Code)
	}
}

func TestStoreErrorsStayInside(t *testing.T) {
	secret := errors.New("sqlite: /var/lib/attache/secret.db: disk I/O error")
	st := &mock.EventStore{
		StatsFn: func(context.Context) (attache.StoreStats, error) { return attache.StoreStats{}, secret },
		FindEventsFn: func(context.Context, attache.EventFilter) ([]attache.StoredEvent, string, error) {
			return nil, "", secret
		},
		DocumentFn: func(context.Context, string) (*attache.StoredDocument, error) {
			return nil, context.DeadlineExceeded
		},
	}
	h, err := web.New(st, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for path, status := range map[string]int{"/": 500, "/search": 500, "/document/x": 503} {
		code, body, _ := get(t, h, path)
		if code != status {
			t.Errorf("%s: status %d, want %d", path, code, status)
		}
		if strings.Contains(body, "secret") || strings.Contains(body, "sqlite") {
			t.Errorf("%s: the page shows the internal error", path)
		}
		checkPage(t, path, body)
	}
}
