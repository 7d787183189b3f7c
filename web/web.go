// Package web serves the web pages of `attache serve`: the latest events,
// search with facets, a dyad's record, a country's partners, a document
// with its coding explained, the reports of one real-world event, and the
// static assets they use.
//
// Pages are html/template templates and the assets are files compiled into
// the binary with go:embed; nothing is fetched from elsewhere, so the pages
// work offline. They need no inline script (a Content-Security-Policy of
// script-src 'self' suits them, as httpkit.Harden sets), and they work
// without JavaScript: the script only makes explaining an event a toggle
// instead of a jump to an anchor.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"time"

	"attache"
	"attache/cameo"
	"attache/httpkit"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configures the pages.
type Options struct {
	// Names gives the display name of a country or organisation code
	// ("VNM" → "Viet Nam"); "" or a nil func shows the code.
	Names func(attache.Country) string
	// Now is the clock ("this month" on the home page); nil means time.Now.
	Now func() time.Time
	// Log receives errors that are the server's fault; nil means discard.
	Log *slog.Logger
}

// server holds what the handlers share; it is read-only after New.
type server struct {
	st     attache.EventStore
	names  func(attache.Country) string
	now    func() time.Time
	log    *slog.Logger
	cb     *cameo.Codebook
	pages  map[string]*template.Template
	static map[string]asset
	mux    *http.ServeMux
}

// asset is one embedded static file with its content hash.
type asset struct {
	body  []byte
	ctype string
	hash  string
}

// New returns the handler of the web pages over st. It parses the
// templates and reads the assets once; the handler is safe for concurrent
// use.
func New(st attache.EventStore, opt Options) (http.Handler, error) {
	s := &server{st: st, names: opt.Names, now: opt.Now, log: opt.Log, mux: http.NewServeMux()}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if s.cb, err = cameo.Builtin(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if err := s.loadStatic(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if err := s.parseTemplates(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	routes := []struct {
		pattern string
		h       func(http.ResponseWriter, *http.Request) error
	}{
		{"GET /{$}", s.home},
		{"GET /search", s.search},
		{"GET /dyad/{a}/{b}", s.dyad},
		{"GET /country/{c}", s.country},
		{"GET /document/{id}", s.document},
		{"GET /cluster/{id}", s.cluster},
		{"GET /event/{id}", s.event},
		{"GET /static/{file}", s.serveStatic},
		{"GET /", s.notFound},
	}
	for _, rt := range routes {
		h := rt.h
		s.mux.HandleFunc(rt.pattern, func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				s.fail(w, r, err)
			}
		})
	}
	return s.mux, nil
}

// pageNames are the templates of templates/<name>.html; each is parsed
// together with layout.html and parts.html.
var pageNames = []string{"home", "search", "dyad", "country", "document", "cluster", "error"}

func (s *server) parseTemplates() error {
	base, err := template.New("layout.html").Funcs(s.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.ParseFS(templateFS, "templates/"+name+".html"); err != nil {
			return err
		}
		s.pages[name] = t
	}
	return nil
}

func (s *server) loadStatic() error {
	s.static = map[string]asset{}
	return fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ctype := mime.TypeByExtension(path.Ext(p))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		s.static[path.Base(p)] = asset{body: b, ctype: ctype, hash: hex.EncodeToString(sum[:6])}
		return nil
	})
}

// staticURL returns the address of an asset with its content hash, so that
// it can be cached for good and still change with a new binary.
func (s *server) staticURL(name string) string {
	return "/static/" + name + "?v=" + s.static[name].hash
}

func (s *server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	a, ok := s.static[r.PathValue("file")]
	if !ok {
		return fmt.Errorf("static file %q: %w", r.PathValue("file"), attache.ErrNotFound)
	}
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("ETag", `"`+a.hash+`"`)
	if r.URL.Query().Get("v") == a.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	return nil
}

// head is what every page's layout needs.
type head struct {
	Title string
	Nav   string // the nav entry to mark as current: "home", "search"
	Query string // the search box's value
}

// render executes page with data into a buffer first, so a template error
// becomes a clean error page instead of half a page.
func (s *server) render(w http.ResponseWriter, status int, page string, data any) error {
	var buf bytes.Buffer
	if err := s.pages[page].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	if err != nil {
		s.log.Debug("write page", "page", page, "err", err)
	}
	return nil
}

// errorPage is the data of error.html.
type errorPage struct {
	head
	Status  int
	Message string
}

// fail writes err as an HTML error page with the status and message of
// httpkit.Status, logging errors that are the server's fault.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := httpkit.Status(err)
	if status >= 500 {
		s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	title := http.StatusText(status)
	switch status {
	case http.StatusNotFound:
		title = "Page not found"
		msg = "There is nothing at this address: the page, document, event or cluster is not in the store."
	case 499:
		title = "Request cancelled"
	}
	if title == "" {
		title = "Error"
	}
	data := errorPage{head: head{Title: title}, Status: status, Message: msg}
	if err := s.render(w, status, "error", data); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, msg, status)
	}
}

func (s *server) notFound(w http.ResponseWriter, r *http.Request) error {
	return fmt.Errorf("page %q: %w", r.URL.Path, attache.ErrNotFound)
}

// badRequest wraps a message for the client as a 400.
func badRequest(format string, args ...any) error { return httpkit.BadRequest(format, args...) }
