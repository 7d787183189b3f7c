package api

import (
	_ "embed"
	"net/http"

	"attache"
	"attache/httpkit"
)

// openAPIDoc is the OpenAPI 3.1 description of the API.
//
//go:embed openapi.json
var openAPIDoc []byte

// health answers GET /healthz: the store's counts, or 503 when the store
// does not answer.
func (s *server) health(w http.ResponseWriter, r *http.Request) error {
	st, err := s.st.Stats(r.Context())
	if err != nil {
		s.log.Error("health check failed", "err", err)
		httpkit.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{
			"status": "unavailable", "error": "store unavailable"})
		return nil
	}
	httpkit.WriteJSON(w, http.StatusOK, struct {
		Status  string `json:"status"`
		Version string `json:"version,omitempty"`
		attache.StoreStats
	}{"ok", s.opt.Version, st})
	return nil
}

// openAPI serves the embedded openapi.json.
func (s *server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openAPIDoc)
	return nil
}
