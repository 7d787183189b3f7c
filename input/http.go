package input

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// isURL reports whether an argument names a web address to fetch.
func isURL(arg string) bool {
	return strings.HasPrefix(arg, "http://") || strings.HasPrefix(arg, "https://")
}

// httpClient returns the client used for URLs: the Reader's, or one with a
// 30-second timeout.
func (r *Reader) httpClient() *http.Client {
	if r.HTTP != nil {
		return r.HTTP
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// readURL fetches a page or feed and reads it like a file of the format its
// content type (or first bytes) shows. A page's id is its URL.
func (r *Reader) readURL(ctx context.Context, raw string, yield yieldFunc) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return yield(nil, &Error{File: raw, Err: fmt.Errorf("not a valid URL")})
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return yield(nil, &Error{File: raw, Err: err})
	}
	req.Header.Set("User-Agent", "attache (+https://example.org/attache)")
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/xml, text/html, text/plain;q=0.8, */*;q=0.5")
	resp, err := r.httpClient().Do(req)
	if err != nil {
		return yield(nil, &Error{File: raw, Err: fmt.Errorf("fetch: %w", err)})
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return yield(nil, &Error{File: raw, Err: fmt.Errorf("fetch: HTTP %s", resp.Status)})
	}
	data, err := readLimited(resp.Body, r.maxBytes())
	if err != nil {
		return yield(nil, &Error{File: raw, Err: err})
	}
	format := sniff("", data)
	if mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err == nil {
		switch {
		case strings.Contains(mt, "rss"), strings.Contains(mt, "atom"):
			format = Feed
		case mt == "text/html" || mt == "application/xhtml+xml":
			if format != Feed {
				format = HTML
			}
		}
	}
	return r.readBytes(ctx, raw, raw, format, data, yield)
}
