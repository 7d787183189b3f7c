package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"attache"
	"attache/httpkit"
)

// MaxIngestBody is the largest request body POST /api/documents reads,
// whatever limit the server wrapping the handler sets (the smaller wins).
const MaxIngestBody = 8 << 20

// maxField is the longest publisher, title or language accepted.
const maxField = 1000

// ingestRequest is the body of POST /api/documents.
type ingestRequest struct {
	ID            string `json:"id"`
	Text          string `json:"text"`
	Publisher     string `json:"publisher"`
	URL           string `json:"url"`
	Title         string `json:"title"`
	Lang          string `json:"lang"`
	ReferenceDate string `json:"reference_date"`
}

// ingestResult is the reply of POST /api/documents.
type ingestResult struct {
	Doc    string `json:"doc"`
	New    bool   `json:"new"`
	Events int    `json:"events"`
	Facts  int    `json:"facts"`
}

// ingest answers POST /api/documents: code and store one document. Only a
// request with the configured bearer token may.
func (s *server) ingest(w http.ResponseWriter, r *http.Request) error {
	if s.opt.Token == "" || s.opt.Ingest == nil {
		writeError(w, http.StatusForbidden, "ingestion over HTTP is disabled on this server")
		return nil
	}
	if !httpkit.TokenMatches(r, s.opt.Token) {
		writeError(w, http.StatusForbidden, "missing or wrong bearer token")
		return nil
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		writeError(w, http.StatusUnsupportedMediaType, "want Content-Type: application/json")
		return nil
	}
	d, err := readDocument(w, r)
	if err != nil {
		return err
	}
	res, err := s.opt.Ingest(r.Context(), d)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if !res.New {
		status = http.StatusOK
	}
	httpkit.WriteJSON(w, status, ingestResult{Doc: d.ID, New: res.New, Events: res.Events, Facts: res.Facts})
	return nil
}

// isJSON reports whether a Content-Type header names JSON in UTF-8.
func isJSON(ct string) bool {
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

// readDocument reads and checks the request body: one JSON object with
// only the fields of ingestRequest, in valid UTF-8, with an ID and a text.
func readDocument(w http.ResponseWriter, r *http.Request) (*attache.Document, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxIngestBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err // 413
		}
		return nil, httpkit.BadRequest("body: could not be read")
	}
	if !utf8.Valid(body) {
		return nil, httpkit.BadRequest("body: not valid UTF-8")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, httpkit.BadRequest("body: empty; want a JSON object with id and text")
	}
	var req ingestRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return nil, httpkit.BadRequest("body: %s", jsonProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, httpkit.BadRequest("body: want exactly one JSON object")
	}
	if err := checkID(req.ID); err != nil {
		return nil, httpkit.BadRequest("id: %v", err)
	}
	if strings.TrimSpace(req.Text) == "" {
		return nil, httpkit.BadRequest("text: empty; want the article text")
	}
	if strings.IndexByte(req.Text, 0) >= 0 {
		return nil, httpkit.BadRequest("text: contains NUL characters")
	}
	for _, fl := range []struct{ name, v string }{
		{"publisher", req.Publisher}, {"title", req.Title}, {"lang", req.Lang},
	} {
		switch {
		case len(fl.v) > maxField:
			return nil, httpkit.BadRequest("%s: longer than %d bytes", fl.name, maxField)
		case strings.ContainsFunc(fl.v, unicode.IsControl):
			return nil, httpkit.BadRequest("%s: contains control characters", fl.name)
		}
	}
	if req.URL != "" {
		u, err := url.Parse(req.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(req.URL) > 2048 {
			return nil, httpkit.BadRequest("url: want an absolute http or https URL")
		}
	}
	ref, err := attache.ParseDate(req.ReferenceDate)
	if err != nil {
		return nil, httpkit.BadRequest("reference_date: %v", err)
	}
	return &attache.Document{
		ID: req.ID, Source: "api", Publisher: req.Publisher, URL: req.URL, Title: req.Title,
		Lang: req.Lang, RefDate: ref, Text: req.Text,
	}, nil
}

// jsonProblem describes a decoding error for the client without quoting
// the body.
func jsonProblem(err error) string {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &syn):
		return "invalid JSON at byte " + strconv.FormatInt(syn.Offset, 10)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return "field " + typ.Field + ": want a " + typ.Type.String()
		}
		return "want a JSON object with id and text"
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "truncated JSON"
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if len(f) > 60 {
			f = f[:60] + "…"
		}
		return "unknown field " + f + "; want id, text, publisher, url, title, lang, reference_date"
	}
	return "invalid JSON"
}
