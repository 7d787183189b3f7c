// Package httpkit holds what the JSON API and the web pages share: reading
// event filters from a query string, turning errors into HTTP statuses in
// one place, and the middleware that hardens every response (security
// headers, body and time limits, panic recovery, an access log that
// records no secrets).
package httpkit

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"attache"
)

// MaxLimit is the most events one request may ask for.
const MaxLimit = 1000

// BadRequestError is a mistake in the request: a malformed filter, bad
// JSON, an unknown parameter value. Its message is shown to the client.
type BadRequestError struct{ Msg string }

func (e *BadRequestError) Error() string { return e.Msg }

// BadRequest returns a BadRequestError with a formatted message.
func BadRequest(format string, args ...any) error {
	return &BadRequestError{Msg: fmt.Sprintf(format, args...)}
}

// Status returns the HTTP status for err and the message safe to show a
// client: the message itself for bad requests and missing things, a
// generic one otherwise, so that no internal detail (SQL, paths, DSNs)
// reaches the client.
func Status(err error) (int, string) {
	var br *BadRequestError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &br):
		return http.StatusBadRequest, br.Msg
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", mbe.Limit)
	case errors.Is(err, attache.ErrBadCursor):
		return http.StatusBadRequest, "cursor: pass back the next_cursor of the previous page unchanged"
	case errors.Is(err, attache.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, "the request took too long"
	case errors.Is(err, context.Canceled):
		return 499, "request cancelled"
	}
	return http.StatusInternalServerError, "internal error"
}

// WriteJSON writes v as JSON with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// WriteJSONError writes {"error": message} with err's status, logging
// errors that are the server's fault.
func WriteJSONError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	status, msg := Status(err)
	if status >= 500 && log != nil {
		log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	WriteJSON(w, status, map[string]string{"error": msg})
}

var (
	countryCode = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,7}$`)
	cameoPrefix = regexp.MustCompile(`^[0-9]{2,4}$`)
)

// ParseCountry reads a party code (VNM, ASEAN), upper-cased.
func ParseCountry(s string) (attache.Country, error) {
	c := strings.ToUpper(strings.TrimSpace(s))
	if !countryCode.MatchString(c) {
		return "", BadRequest("country %q: want a code such as VNM or ASEAN", truncate(s))
	}
	return attache.Country(c), nil
}

// ParsePair reads two different party codes, as in /dyad/{a}/{b}.
func ParsePair(a, b string) (attache.Country, attache.Country, error) {
	ca, err := ParseCountry(a)
	if err != nil {
		return "", "", err
	}
	cb, err := ParseCountry(b)
	if err != nil {
		return "", "", err
	}
	if ca == cb {
		return "", "", BadRequest("dyad %s-%s: want two different parties", ca, cb)
	}
	return ca, cb, nil
}

// ParseFilter reads an event filter from query parameters:
//
//	country=VNM,UZB  dyad=VNM-UZB  code=04,042  since=2024-03  until=2025
//	publisher=...  doc=...  cluster=...  q=words  limit=50  cursor=...
//
// Unknown parameters are ignored; malformed values are a BadRequestError.
func ParseFilter(q url.Values) (attache.EventFilter, error) {
	var f attache.EventFilter
	for _, s := range splitList(q.Get("country")) {
		c, err := ParseCountry(s)
		if err != nil {
			return f, err
		}
		f.Countries = append(f.Countries, c)
	}
	if d := q.Get("dyad"); d != "" {
		a, b, ok := strings.Cut(d, "-")
		if !ok {
			return f, BadRequest("dyad %q: want two codes joined by '-', such as VNM-UZB", truncate(d))
		}
		ca, err := ParseCountry(a)
		if err != nil {
			return f, err
		}
		cb, err := ParseCountry(b)
		if err != nil {
			return f, err
		}
		f.Dyad = [2]attache.Country{ca, cb}
	}
	for _, c := range splitList(q.Get("code")) {
		if !cameoPrefix.MatchString(c) {
			return f, BadRequest("code %q: want a CAMEO code or prefix of 2 to 4 digits, such as 04 or 042", truncate(c))
		}
		f.Codes = append(f.Codes, c)
	}
	var err error
	if f.Since, err = attache.ParseDate(q.Get("since")); err != nil {
		return f, BadRequest("since: %v", err)
	}
	if f.Until, err = attache.ParseDate(q.Get("until")); err != nil {
		return f, BadRequest("until: %v", err)
	}
	f.Publisher = q.Get("publisher")
	f.Doc = q.Get("doc")
	f.Cluster = q.Get("cluster")
	f.Text = strings.TrimSpace(q.Get("q"))
	f.Cursor = q.Get("cursor")
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > MaxLimit {
			return f, BadRequest("limit %q: want a number from 1 to %d", truncate(l), MaxLimit)
		}
		f.Limit = n
	}
	return f, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// truncate keeps error messages short when a client sends a huge value.
func truncate(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

// TokenMatches reports whether the request carries "Authorization: Bearer
// <token>", comparing in constant time. An empty token matches nothing.
func TokenMatches(r *http.Request, token string) bool {
	if token == "" {
		return false
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}

// Limits bound what one request may cost.
type Limits struct {
	MaxBody int64         // bytes of request body; 0 means 1 MiB
	Timeout time.Duration // per request; 0 means 30 s
}

// Harden wraps h with the protections every response gets: security
// headers (a Content-Security-Policy allowing only this origin's scripts,
// styles and images, no framing, no MIME sniffing), a request body limit,
// a time limit, recovery from panics, and an access log of method, path,
// status and duration (never the query string or headers, which may carry
// tokens or search terms).
func Harden(h http.Handler, lim Limits, log *slog.Logger) http.Handler {
	if lim.MaxBody <= 0 {
		lim.MaxBody = 1 << 20
	}
	if lim.Timeout <= 0 {
		lim.Timeout = 30 * time.Second
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, lim.MaxBody)
		}
		ctx, cancel := context.WithTimeout(r.Context(), lim.Timeout)
		defer cancel()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				if log != nil {
					log.Error("panic serving request", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(p))
				}
				if !rec.wrote {
					http.Error(rec, "internal error", http.StatusInternalServerError)
				}
			}
			if log != nil {
				log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "ms", time.Since(start).Milliseconds())
			}
		}()
		h.ServeHTTP(rec, r.WithContext(ctx))
	})
}

// statusRecorder remembers the status written, for the access log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	s.wrote = true
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
