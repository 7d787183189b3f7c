// Package api is the JSON HTTP API of `attache serve`: stored events with
// filters and cursors, the reports of one real-world event (a cluster), a
// dyad's and a country's record, documents with their coding, full-text
// search with facets, ingestion of one document, a health check, and the
// OpenAPI 3.1 description of all of it (openapi.json, compiled in).
//
// New returns one http.Handler serving GET /healthz and everything under
// /api/. Errors become statuses in httpkit.Status, so no internal detail
// reaches a client; every response, errors included, is JSON with HTML
// escaped. The server is expected to wrap the handler in httpkit.Harden
// (security headers, body and time limits, panic recovery, access log).
package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"attache"
	"attache/httpkit"
)

// Options configures the API.
type Options struct {
	// Token is the bearer token POST /api/documents requires. Empty means
	// ingestion over HTTP is disabled (every POST gets 403).
	Token string
	// Ingest codes and stores one document; POST /api/documents calls it.
	// Nil disables ingestion like an empty Token. A *httpkit.BadRequestError
	// it returns is shown to the client; any other error is an internal
	// error.
	Ingest func(ctx context.Context, d *attache.Document) (attache.SaveResult, error)
	// Log receives errors that are the server's fault; nil means discard.
	Log *slog.Logger
	// Version is reported by GET /healthz.
	Version string
}

// server holds what the handlers share. It has no mutable state.
type server struct {
	st  attache.EventStore
	opt Options
	log *slog.Logger
	mux *http.ServeMux
}

// handlerFunc is a handler that returns its error instead of writing it;
// the route wrapper writes it with httpkit.WriteJSONError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one endpoint: a method, a ServeMux path pattern (which is also
// the path template of openapi.json) and its handler.
type route struct {
	Method string
	Path   string
	h      handlerFunc
}

// New returns the API handler over st.
func New(st attache.EventStore, opt Options) http.Handler {
	s := &server{st: st, opt: opt, log: opt.Log, mux: http.NewServeMux()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	for _, rt := range s.routes() {
		h := rt.h
		s.mux.Handle(rt.Method+" "+rt.Path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				httpkit.WriteJSONError(w, r, s.log, err)
			}
		}))
	}
	return s
}

// routes lists every endpoint. openapi_test.go checks that openapi.json
// describes exactly these.
func (s *server) routes() []route {
	return []route{
		{"GET", "/healthz", s.health},
		{"GET", "/api/openapi.json", s.openAPI},
		{"GET", "/api/events", s.events},
		{"GET", "/api/events/{id}", s.event},
		{"GET", "/api/clusters/{id}", s.cluster},
		{"GET", "/api/dyads/{a}/{b}", s.dyad},
		{"GET", "/api/countries/{c}", s.country},
		{"GET", "/api/documents/{id}", s.document},
		{"POST", "/api/documents", s.ingest},
		{"GET", "/api/search", s.search},
	}
}

// ServeHTTP routes r. What the mux has no route for gets a JSON 404, or a
// JSON 405 with an Allow header when the path exists under other methods,
// instead of the mux's plain-text replies.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, pattern := s.mux.Handler(r)
	if pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	// Let the mux decide between 404 and 405, then answer in JSON.
	c := &capture{header: http.Header{}}
	h.ServeHTTP(c, r)
	if c.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", c.header.Get("Allow"))
		writeError(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	writeError(w, http.StatusNotFound, "not found")
}

// capture records the status a fallback handler of the mux writes and
// throws its body away.
type capture struct {
	header http.Header
	status int
}

func (c *capture) Header() http.Header { return c.header }

func (c *capture) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *capture) Write(b []byte) (int, error) {
	c.WriteHeader(http.StatusOK)
	return len(b), nil
}

// writeError writes {"error": msg} with a status that httpkit.Status has
// no error for (403, 404 of an unknown path, 405, 415, 503). msg must be a
// fixed text, never an internal error.
func writeError(w http.ResponseWriter, status int, msg string) {
	httpkit.WriteJSON(w, status, map[string]string{"error": msg})
}

// maxID is the longest document, event or cluster ID accepted in a path.
const maxID = 512

// pathID returns the path value name, checked to be a plausible ID: not
// empty, at most maxID bytes, valid UTF-8 without control characters.
func pathID(r *http.Request, name string) (string, error) {
	v := r.PathValue(name)
	if err := checkID(v); err != nil {
		return "", httpkit.BadRequest("%s: %v", name, err)
	}
	return v, nil
}

// checkID reports what is wrong with an ID given by a client.
func checkID(v string) error {
	switch {
	case strings.TrimSpace(v) == "":
		return fmt.Errorf("empty")
	case len(v) > maxID:
		return fmt.Errorf("longer than %d bytes", maxID)
	case !utf8.ValidString(v):
		return fmt.Errorf("not valid UTF-8")
	case strings.ContainsFunc(v, unicode.IsControl):
		return fmt.Errorf("contains control characters")
	}
	return nil
}

// orEmpty returns s, or an empty slice when s is nil, so that lists are
// written as [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
