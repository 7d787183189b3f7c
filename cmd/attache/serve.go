package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"attache"
	"attache/api"
	"attache/coder"
	"attache/httpkit"
	"attache/input"
	"attache/pipeline"
	"attache/samples"
	"attache/web"
)

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve", "[--addr HOST:PORT] [--db PATH] [--demo] [--token-file FILE]",
		"Serve the web pages and the JSON API (documented at /api/openapi.json) over the store.\n"+
			"The server is read-only unless a token is configured (--token-file or $ATTACHE_TOKEN):\n"+
			"then POST /api/documents ingests a document sent with 'Authorization: Bearer TOKEN'.\n"+
			"--demo first ingests the bundled sample articles, so the pages have something to show.")
	db := dbFlag(fs)
	addr := fs.String("addr", "localhost:8080", "`address` to listen on (':8080' listens on every interface)")
	demo := fs.Bool("demo", false, "ingest the bundled sample articles (and cluster them) before serving")
	tokenFile := fs.String("token-file", "", "`FILE` holding the token that allows POST /api/documents")
	timeout := fs.Duration("timeout", 30*time.Second, "time limit of one request")
	maxBody := fs.Int64("max-body", 8<<20, "largest request body in `bytes`")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	token, err := readToken(*tokenFile)
	if err != nil {
		return err
	}
	lex, err := loadLexicon(appConfig{})
	if err != nil {
		return err
	}
	p, err := pipelineWith(lex, appConfig{})
	if err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *demo {
		if err := ingestSamples(ctx, e, st, p); err != nil {
			return err
		}
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	h, err := newServer(st, p, lex.CountryName, token, log)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler: httpkit.Harden(h, httpkit.Limits{MaxBody: *maxBody, Timeout: *timeout}, log),
		// Slow clients must not hold connections open forever.
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       *timeout,
		WriteTimeout:      *timeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	mode := "read-only"
	if token != "" {
		mode = "POST /api/documents enabled by token"
	}
	fmt.Fprintf(e.stdout, "serving http://%s/ (%s); Ctrl-C stops\n", displayAddr(ln.Addr()), mode)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("serve: shutting down: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// newServer joins the API and the pages: /api/ and /healthz go to the API,
// everything else to the pages.
func newServer(st attache.EventStore, p *pipeline.Pipeline, names func(attache.Country) string, token string, log *slog.Logger) (http.Handler, error) {
	ingest := func(ctx context.Context, d *attache.Document) (attache.SaveResult, error) {
		if err := p.Process(ctx, d); err != nil {
			// The text could not be coded: the client's document, not
			// the server, is at fault.
			return attache.SaveResult{}, httpkit.BadRequest("document %s: %v", d.ID, err)
		}
		return st.SaveDocument(ctx, d, coder.Version)
	}
	apiH := api.New(st, api.Options{Token: token, Ingest: ingest, Log: log, Version: coder.Version})
	pages, err := web.New(st, web.Options{Names: names, Log: log})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/", apiH)
	mux.Handle("/healthz", apiH)
	mux.Handle("/", pages)
	return mux, nil
}

// readToken reads the write token from a file or $ATTACHE_TOKEN. It is
// never taken from the command line, where other users of the machine
// could read it.
func readToken(path string) (string, error) {
	if path == "" {
		return strings.TrimSpace(os.Getenv("ATTACHE_TOKEN")), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--token-file: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if len(tok) < 16 {
		return "", fmt.Errorf("--token-file %s: the token is shorter than 16 characters; use a long random one", path)
	}
	return tok, nil
}

// ingestSamples stores the bundled sample articles and clusters the
// store's events, for --demo.
func ingestSamples(ctx context.Context, e *env, st attache.EventStore, p *pipeline.Pipeline) error {
	dir, err := os.MkdirTemp("", "attache-demo")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.CopyFS(dir, samples.FS()); err != nil {
		return err
	}
	rd := &input.Reader{}
	c := ingestAll(ctx, e, "serve --demo", st, p, rd, []string{filepath.Join(dir, "articles")}, runtime.GOMAXPROCS(0), false)
	if c.stopped != nil {
		return c.stopped
	}
	if c.failed > 0 {
		return fmt.Errorf("serve --demo: %d sample documents failed", c.failed)
	}
	if _, _, err := mergeStore(ctx, st); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "demo: %d sample documents stored (%d already there), %d events\n", c.added, c.unchanged, c.events)
	return nil
}

// displayAddr turns a listening address into one a browser can open.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		if ok {
			return fmt.Sprintf("localhost:%d", tcp.Port)
		}
		return a.String()
	}
	return a.String()
}
