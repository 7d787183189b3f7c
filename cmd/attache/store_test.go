package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestQueryExport ingests the bundled sample articles twice, then
// asks the store what a user would: a dyad summary, a search, exports.
func TestIngestQueryExport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "a.db")
	samples := filepath.Join("..", "..", "samples", "articles")
	code, out, errs := runCmd(t, "", "ingest", "--db", db, samples)
	if code != 0 || !strings.Contains(out, "8 new, 0 unchanged, 0 failed") {
		t.Fatalf("first ingest: exit %d, %q %q", code, out, errs)
	}
	code, out, _ = runCmd(t, "", "ingest", "--db", db, samples)
	if code != 0 || !strings.Contains(out, "0 new, 8 unchanged, 0 failed; events: 0; facts: 0") {
		t.Fatalf("second ingest: exit %d, %q", code, out)
	}

	code, out, errs = runCmd(t, "", "dyad", "--db", db, "--json", "JPN", "VNM")
	if code != 0 {
		t.Fatalf("dyad: exit %d %s", code, errs)
	}
	var s struct {
		Events      int `json:"events"`
		Established []struct {
			Date string `json:"date"`
		} `json:"relations_established"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Events == 0 || len(s.Established) == 0 || s.Established[0].Date != "1973" {
		t.Errorf("dyad JPN-VNM: %+v", s)
	}

	code, out, _ = runCmd(t, "", "search", "--db", db, "water cannon")
	if code != 0 || !strings.Contains(out, "[water cannon]") {
		t.Errorf("search: exit %d, %q", code, out)
	}

	code, out, _ = runCmd(t, "", "export", "--db", db, "--format", "csv", "--dyad", "JPN-VNM")
	if code != 0 {
		t.Fatalf("export: exit %d", code)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("export csv does not parse: %v", err)
	}
	if len(rows) < 2 || rows[0][0] != "id" {
		t.Fatalf("export csv: %d rows, header %v", len(rows), rows[0])
	}
	for _, r := range rows[1:] {
		if !(r[4] == "JPN" && r[9] == "VNM" || r[4] == "VNM" && r[9] == "JPN") {
			t.Errorf("row outside the dyad: %v", r[:10])
		}
	}

	if code, _, errs := runCmd(t, "", "export", "--db", db, "--format", "xml"); code != 2 || !strings.Contains(errs, "format") {
		t.Errorf("bad format: exit %d, %q", code, errs)
	}
}
