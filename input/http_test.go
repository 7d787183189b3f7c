package input_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"attache/input"
)

const testFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Leaders meet</title><link>https://example.org/a</link><guid>a</guid>
<pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate><description>The two leaders met in the capital.</description></item>
<item><title>Ministers talk</title><link>https://example.org/b</link><guid>b</guid>
<pubDate>Wed, 05 Mar 2025 08:00:00 GMT</pubDate><description>The ministers held talks.</description></item>
</channel></rss>`

func TestReadURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(testFeed))
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<html><head><title>Talks held</title></head><body><nav>Home | World</nav><article><h1>Talks held</h1><p>The foreign ministers of the two countries held talks on Monday and agreed to meet again in the autumn.</p></article></body></html>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	rd := &input.Reader{HTTP: srv.Client()}
	var ids []string
	var errs []string
	for d, err := range rd.All(context.Background(), []string{srv.URL + "/feed", srv.URL + "/page", srv.URL + "/missing", "http://"}) {
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		ids = append(ids, d.ID)
		if d.ID == "a" && d.RefDate.String() != "2025-03-04" {
			t.Errorf("feed item a: reference date %s", d.RefDate)
		}
		if strings.HasSuffix(d.ID, "/page") && !strings.Contains(d.Text, "held talks on Monday") {
			t.Errorf("page text %q", d.Text)
		}
	}
	if strings.Join(ids, ",") != "a,b,"+srv.URL+"/page" {
		t.Errorf("ids %v", ids)
	}
	if len(errs) != 2 || !strings.Contains(errs[0], "/missing: fetch: HTTP 404") || !strings.Contains(errs[1], "not a valid URL") {
		t.Errorf("errors %q", errs)
	}
}
