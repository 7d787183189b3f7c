package web_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"attache"
	"attache/httpkit"
	"attache/sqlite"
)

// The browser tests drive a headless Chromium over the pages, served
// through httpkit.Harden so that the Content-Security-Policy the real
// server sends is in force. They skip when no Chromium is installed.

// findChromium returns the path of a Chromium or Chrome, or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is a running headless Chromium with a page server.
type browser struct {
	t       *testing.T
	ctx     context.Context // the browser's first tab
	base    string          // the server's URL
	shots   string          // where screenshots go
	mu      sync.Mutex
	console []chromedp.ConsoleMessage
}

func startBrowser(t *testing.T, st *sqlite.Store) *browser {
	t.Helper()
	path := findChromium()
	if path == "" {
		skipWithoutBrowser(t)
	}
	srv := httptest.NewServer(httpkit.Harden(newHandler(t, st), httpkit.Limits{}, nil))
	t.Cleanup(srv.Close)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests may run as root
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)

	b := &browser{t: t, ctx: ctx, base: srv.URL, shots: os.Getenv("ATTACHE_SCREENSHOTS")}
	if b.shots == "" {
		b.shots = t.TempDir()
	} else if err := os.MkdirAll(b.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	initTab(t, ctx, cancel)
	b.listen(ctx)
	return b
}

// initTab opens the tab of ctx (the first action on a chromedp context
// starts its tab, and the tab lives as long as the context it was started
// with, so it cannot be a context with a deadline). A watchdog cancels the
// tab if opening takes more than a minute.
func initTab(t *testing.T, ctx context.Context, cancel context.CancelFunc) {
	t.Helper()
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			cancel()
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("open a chromium tab: %v", err)
	}
}

// listen records the console messages of a tab: errors there (a script
// failing, a CSP violation) fail the test.
func (b *browser) listen(ctx context.Context) {
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
}

func (b *browser) checkConsole(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if strings.Contains(m.URL, "/no-such-document") {
			continue // the 404 the "not found" step asks for
		}
		if m.Type == chromedp.ConsoleError || m.IsException() {
			t.Errorf("browser console: %s (%s)", m, m.URL)
		}
	}
	b.console = nil
}

// step returns a context for one step, on the tab of ctx, with a time limit.
func step(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel)
	return c
}

func (b *browser) open(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("footer.site"))); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
}

// follow clicks a link and waits for the page it leads to.
func follow(t *testing.T, ctx context.Context, selector string) {
	t.Helper()
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		t.Fatalf("follow %s: %v", selector, err)
	}
}

func (b *browser) screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	// From the top, so that sticky parts sit where they belong.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("window.scrollTo(0, 0)")); err != nil {
		t.Fatal(err)
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

func count(t *testing.T, ctx context.Context, selector string) int {
	t.Helper()
	return eval[int](t, ctx, fmt.Sprintf("document.querySelectorAll(%q).length", selector))
}

func atLeast(t *testing.T, ctx context.Context, selector string, n int) {
	t.Helper()
	if got := count(t, ctx, selector); got < n {
		t.Errorf("%d of %q on the page, want at least %d", got, selector, n)
	}
}

// e2eData stores the seed corpus and the test articles, and says which
// pages to visit.
type e2eData struct {
	pairA, pairB attache.Country
	country      attache.Country
	doc          string
	query        string
	cluster      string
	partners     int // at least this many partners of country
}

func loadE2E(t *testing.T, st *sqlite.Store) e2eData {
	t.Helper()
	d := e2eData{pairA: "VNM", pairB: "KAZ", country: "VNM", doc: "kaz-visit", query: "talks", partners: 1}
	if dir := seedsDir(); dir != "" {
		n := ingestDir(t, st, dir)
		t.Logf("seed corpus: %d documents from %s", n, dir)
		d.pairB, d.doc, d.query, d.partners = "UZB", "seed-001", "visit", 3
	} else {
		t.Log("no seed corpus at ../shared/corpus/seeds: the test articles only")
	}
	ingest(t, st, testArticles())
	// The cluster with most reports.
	evs, _, err := st.FindEvents(context.Background(), attache.EventFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	reports := map[string]int{}
	for _, e := range evs {
		if e.Cluster != "" {
			reports[e.Cluster]++
		}
	}
	for id, n := range reports {
		if d.cluster == "" || n > reports[d.cluster] || (n == reports[d.cluster] && id < d.cluster) {
			d.cluster = id
		}
	}
	if d.cluster == "" {
		t.Fatal("no event has a cluster")
	}
	return d
}

// skipWithoutBrowser skips a browser test on a machine without Chromium,
// unless ATTACHE_REQUIRE_BROWSER is set (as .ci/run does), where a missing
// browser is a failure: the pages must not go untested in CI.
func skipWithoutBrowser(t *testing.T) {
	t.Helper()
	if os.Getenv("ATTACHE_REQUIRE_BROWSER") != "" {
		t.Fatal("no chromium, chromium-browser or google-chrome on PATH, and ATTACHE_REQUIRE_BROWSER is set")
	}
	t.Skip("no chromium, chromium-browser or google-chrome on PATH")
}

func TestE2EPages(t *testing.T) {
	if findChromium() == "" {
		skipWithoutBrowser(t)
	}
	st := openStore(t)
	data := loadE2E(t, st)
	b := startBrowser(t, st)
	ctx := b.ctx

	t.Run("home", func(t *testing.T) {
		c := step(t, ctx)
		b.open(t, c, "/")
		atLeast(t, c, "ol.events li.event", 5)
		atLeast(t, c, "ol.events blockquote.sentence mark", 1)
		atLeast(t, c, "table a[href^='/dyad/']", 1)
		b.screenshot(t, c, "home")
		// The skip link is the first thing Tab reaches.
		if err := chromedp.Do(c, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		if got := eval[string](t, c, "document.activeElement.className"); got != "skip" {
			t.Errorf("first Tab focuses %q, want the skip link", got)
		}
		// Searching from the home page's box.
		if _, err := chromedp.RunResponse(c, chromedp.SendKeys(chromedp.ID("home-q"), data.query+kb.Enter)); err != nil {
			t.Fatalf("search from home: %v", err)
		}
		atLeast(t, c, "ol.hits li", 1)
		b.checkConsole(t)
	})

	t.Run("search", func(t *testing.T) {
		c := step(t, ctx)
		b.open(t, c, "/search?q="+url.QueryEscape(data.query))
		atLeast(t, c, "ol.hits li", 1)
		atLeast(t, c, "ol.hits .snippet mark", 1)
		atLeast(t, c, ".facets a[href*='code=']", 1)
		if got := eval[string](t, c, "document.querySelector('ol.hits .snippet mark').textContent.toLowerCase()"); !strings.Contains(got, data.query) {
			t.Errorf("the first hit marks %q, want %q", got, data.query)
		}
		b.screenshot(t, c, "search")
		// A facet adds its filter.
		follow(t, c, ".facets a[href*='code=']")
		if got := eval[string](t, c, "location.search"); !strings.Contains(got, "code=") {
			t.Errorf("after the facet the search is %q", got)
		}
		// The listing without words, one page at a time.
		b.open(t, c, "/search?limit=5")
		atLeast(t, c, "ol.events li.event", 5)
		follow(t, c, "a[rel=next]")
		if got := eval[string](t, c, "location.search"); !strings.Contains(got, "cursor=") {
			t.Errorf("next page address %q has no cursor", got)
		}
		atLeast(t, c, "ol.events li.event", 1)
		b.checkConsole(t)
	})

	t.Run("dyad", func(t *testing.T) {
		c := step(t, ctx)
		b.open(t, c, "/dyad/"+string(data.pairA)+"/"+string(data.pairB))
		atLeast(t, c, "figure.chart svg rect.bar", 1)
		atLeast(t, c, "figure.chart svg .goldstein-line", 1)
		atLeast(t, c, "figure.chart svg .goldstein-point", 1)
		atLeast(t, c, "figure.chart svg .trade-bar", 1)
		atLeast(t, c, "#events ol.events li.event blockquote.sentence mark", 3)
		if got := eval[string](t, c, "document.querySelector('figure.chart svg').getAttribute('role')"); got != "img" {
			t.Errorf("the timeline's role is %q, want img", got)
		}
		b.screenshot(t, c, "dyad")
		// Every event, a page at a time.
		if count(t, c, "#events a[rel=next]") > 0 {
			follow(t, c, "#events a[rel=next]")
			atLeast(t, c, "#events ol.events li.event", 1)
			atLeast(t, c, "#events a[href$='#events']", 1) // back to the first page
		} else if data.pairB == "UZB" {
			t.Error("no next page of the 34 VNM–UZB events")
		}
		b.checkConsole(t)
	})

	t.Run("country", func(t *testing.T) {
		c := step(t, ctx)
		b.open(t, c, "/country/"+string(data.country))
		atLeast(t, c, "figure.network svg .node", data.partners+1) // with the centre
		atLeast(t, c, "figure.network svg a[href^='/dyad/"+string(data.country)+"/']", data.partners)
		atLeast(t, c, "table a[href^='/dyad/"+string(data.country)+"/']", data.partners)
		b.screenshot(t, c, "country")
		b.checkConsole(t)
	})

	t.Run("document", func(t *testing.T) {
		c := step(t, ctx)
		b.open(t, c, "/document/"+url.PathEscape(data.doc))
		atLeast(t, c, "#article mark.ev", 3)
		atLeast(t, c, "#article .actor", 2)
		if n := count(t, c, "#article .cur"); n != 0 {
			t.Errorf("%d spans emphasised before any event is chosen", n)
		}
		if err := chromedp.Do(c, chromedp.WaitNotVisible(chromedp.CSS("#event-1 .how"))); err != nil {
			t.Fatal(err)
		}
		// A click opens the event's coding and marks its evidence.
		if err := chromedp.Do(c, chromedp.Click(chromedp.CSS("#event-1 a.explain")),
			chromedp.WaitVisible(chromedp.CSS("#event-1 .how"))); err != nil {
			t.Fatalf("open event 1: %v", err)
		}
		if got := eval[string](t, c, "document.querySelector('#event-1 a.explain').getAttribute('aria-expanded')"); got != "true" {
			t.Errorf("aria-expanded = %q after opening", got)
		}
		atLeast(t, c, "#article mark.ev.cur", 1)
		evidence := eval[string](t, c, "document.querySelector('#event-1 q.evidence').textContent")
		marked := eval[string](t, c, "Array.from(document.querySelectorAll('#article mark.ev')).filter(m => m.dataset.ev.split(' ').includes('1')).map(m => m.textContent).join('')")
		if marked != evidence {
			t.Errorf("event 1: the text marks %q, its evidence is %q", marked, evidence)
		}
		if got := eval[string](t, c, "location.hash"); got != "#event-1" {
			t.Errorf("address fragment %q, want #event-1", got)
		}
		for _, want := range []string{"Source actor", "Target actor", "Lexicon rule", "Goldstein", "Confidence"} {
			if !strings.Contains(eval[string](t, c, "document.querySelector('#event-1 .how').textContent"), want) {
				t.Errorf("the coding details lack %q", want)
			}
		}
		b.screenshot(t, c, "document")

		// The keyboard: focus the first toggle, Enter opens, Enter closes.
		b.open(t, c, "/document/"+url.PathEscape(data.doc))
		if err := chromedp.Do(c, chromedp.Focus(chromedp.CSS("#event-0 a.explain")), chromedp.KeyEvent(kb.Enter),
			chromedp.WaitVisible(chromedp.CSS("#event-0 .how"))); err != nil {
			t.Fatalf("Enter on the first event: %v", err)
		}
		if err := chromedp.Do(c, chromedp.KeyEvent(kb.Enter), chromedp.WaitNotVisible(chromedp.CSS("#event-0 .how"))); err != nil {
			t.Fatalf("Enter again: %v", err)
		}
		// Space works too, as on a button.
		if err := chromedp.Do(c, chromedp.KeyEvent(" "), chromedp.WaitVisible(chromedp.CSS("#event-0 .how"))); err != nil {
			t.Fatalf("Space on the first event: %v", err)
		}
		// An address with #event-N opens that event.
		b.open(t, c, "/document/"+url.PathEscape(data.doc)+"#event-2")
		if err := chromedp.Do(c, chromedp.WaitVisible(chromedp.CSS("#event-2 .how"))); err != nil {
			t.Fatalf("#event-2: %v", err)
		}
		b.checkConsole(t)
	})

	t.Run("event redirect", func(t *testing.T) {
		c := step(t, ctx)
		b.open(t, c, "/event/"+url.PathEscape(data.doc+"#3"))
		if got := eval[string](t, c, "location.pathname + location.hash"); got != "/document/"+url.PathEscape(data.doc)+"#event-3" {
			t.Errorf("the event's address leads to %q", got)
		}
		if err := chromedp.Do(c, chromedp.WaitVisible(chromedp.CSS("#event-3 .how"))); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("cluster", func(t *testing.T) {
		c := step(t, ctx)
		b.open(t, c, "/cluster/"+url.PathEscape(data.cluster))
		atLeast(t, c, "ol.events li.event", 1)
		atLeast(t, c, "dl.summary", 1)
		b.screenshot(t, c, "cluster")
		b.checkConsole(t)
	})

	t.Run("not found", func(t *testing.T) {
		c := step(t, ctx)
		b.open(t, c, "/document/no-such-document")
		if got := eval[string](t, c, "document.querySelector('h1').textContent"); got != "Page not found" {
			t.Errorf("heading %q", got)
		}
		b.screenshot(t, c, "not-found")
	})

	t.Run("hostile text", func(t *testing.T) {
		c := step(t, ctx)
		b.open(t, c, "/document/hostile")
		if n := count(t, c, "#article script, #article img, #article b"); n != 0 {
			t.Errorf("the article's markup became %d elements", n)
		}
		if got := eval[bool](t, c, "document.body.innerText.includes('<script>alert(1)</script>')"); !got {
			t.Error("the article's markup is not shown as text")
		}
		b.open(t, c, "/search?q="+url.QueryEscape("<script>alert(3)</script>"))
		if n := count(t, c, "main script"); n != 0 {
			t.Errorf("the query became %d script elements", n)
		}
		b.checkConsole(t)
	})

	t.Run("without script", func(t *testing.T) {
		tab, cancel := chromedp.NewContext(ctx)
		defer cancel()
		initTab(t, tab, cancel)
		c := step(t, tab)
		if _, err := chromedp.Call(c, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		b.open(t, c, "/document/"+url.PathEscape(data.doc))
		if err := chromedp.Do(c, chromedp.WaitNotVisible(chromedp.CSS("#event-1 .how")),
			chromedp.Click(chromedp.CSS("#event-1 a.explain")),
			chromedp.WaitVisible(chromedp.CSS("#event-1 .how"))); err != nil {
			t.Fatalf("the #event-1 anchor without script: %v", err)
		}
		b.screenshot(t, c, "document-noscript")
	})

	t.Run("phone", func(t *testing.T) {
		tab, cancel := chromedp.NewContext(ctx)
		defer cancel()
		initTab(t, tab, cancel)
		b.listen(tab)
		c := step(t, tab)
		if err := chromedp.Do(c, chromedp.EmulateViewport(375, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
			t.Fatal(err)
		}
		pages := []struct{ name, path string }{
			{"phone-home", "/"},
			{"phone-search", "/search?q=" + url.QueryEscape(data.query)},
			{"phone-dyad", "/dyad/" + string(data.pairA) + "/" + string(data.pairB)},
			{"phone-country", "/country/" + string(data.country)},
			{"phone-document", "/document/" + url.PathEscape(data.doc) + "#event-1"},
			{"phone-cluster", "/cluster/" + url.PathEscape(data.cluster)},
		}
		for _, p := range pages {
			b.open(t, c, p.path)
			if w := eval[int](t, c, "document.documentElement.scrollWidth"); w > 375+1 {
				wide := eval[string](t, c, `Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 376 && !e.closest('.table-wrap')).slice(0, 5).map(e => e.tagName + '.' + e.className).join(', ')`)
				t.Errorf("%s: the page is %d px wide on a 375 px screen (%s)", p.path, w, wide)
			}
			b.screenshot(t, c, p.name)
		}
		b.checkConsole(t)
	})

	if !t.Failed() {
		entries, _ := os.ReadDir(b.shots)
		names := make([]string, 0, len(entries))
		for _, e := range entries {
			names = append(names, e.Name())
		}
		slices.Sort(names)
		t.Logf("screenshots in %s: %s", cmp.Or(os.Getenv("ATTACHE_SCREENSHOTS"), "a temporary directory"), strings.Join(names, " "))
	}
}
