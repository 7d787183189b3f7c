package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
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

// TestMergeTwoReports stores two outlets' reports of the same talks and
// checks that they form one cluster with two articles.
func TestMergeTwoReports(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "news.jsonl")
	lines := `{"id":"wire-1","publisher":"Wire One","published":"2025-03-06","text":"Leaders meet in Hanoi\n\nPrime Minister Pham Minh Chinh held talks with Kyrgyz Prime Minister Adylbek Kasymaliev in Hanoi on Thursday. The two sides agreed to expand trade."}
{"id":"wire-2","publisher":"Wire Two","published":"2025-03-06","text":"Kyrgyz premier visits Vietnam\n\nKyrgyz Prime Minister Adylbek Kasymaliev and Vietnamese Prime Minister Pham Minh Chinh held talks in Hanoi on March 6, officials said."}
`
	if err := os.WriteFile(corpus, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "m.db")
	if code, out, errs := runCmd(t, "", "ingest", "--db", db, corpus); code != 0 {
		t.Fatalf("ingest: %d %q %q", code, out, errs)
	}
	code, out, errs := runCmd(t, "", "merge", "--db", db)
	if code != 0 {
		t.Fatalf("merge: %d %q", code, errs)
	}
	if !strings.Contains(out, "reported by more than one article") {
		t.Errorf("merge output %q", out)
	}
	code, out, _ = runCmd(t, "", "export", "--db", db, "--format", "jsonl", "--dyad", "VNM-KGZ", "--code", "040")
	if code != 0 {
		t.Fatalf("export: %d", code)
	}
	clusters := map[string]map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev struct {
			Doc     string `json:"doc"`
			Cluster string `json:"cluster"`
			Date    string `json:"date"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Cluster == "" {
			t.Fatalf("event of %s has no cluster", ev.Doc)
		}
		if clusters[ev.Cluster] == nil {
			clusters[ev.Cluster] = map[string]bool{}
		}
		clusters[ev.Cluster][ev.Doc+" "+ev.Date] = true
	}
	if len(clusters) != 1 {
		t.Fatalf("the talks form %d clusters, want 1: %v", len(clusters), clusters)
	}
	for _, docs := range clusters {
		if !docs["wire-1 2025-03-06"] || !docs["wire-2 2025-03-06"] {
			t.Errorf("cluster members %v", docs)
		}
	}
}

// TestRecodeWithLexicon stores documents, then re-codes them with a user
// lexicon that adds a phrase: the new events appear, nothing is doubled.
func TestRecodeWithLexicon(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "news.jsonl")
	text := `{"id":"r-1","published":"2025-03-06","text":"Kenya and Ethiopia zorbled on Thursday. Kenya and Ethiopia held talks."}` + "\n"
	if err := os.WriteFile(corpus, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "r.db")
	if code, _, errs := runCmd(t, "", "ingest", "--db", db, corpus); code != 0 {
		t.Fatalf("ingest: %s", errs)
	}
	count := func(code string) int {
		t.Helper()
		_, out, _ := runCmd(t, "", "export", "--db", db, "--format", "jsonl", "--code", code)
		return strings.Count(out, "\n")
	}
	if count("057") != 0 || count("040") != 2 {
		t.Fatalf("before: 057 %d, 040 %d", count("057"), count("040"))
	}
	lex := filepath.Join(dir, "lex")
	if err := os.MkdirAll(lex, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(lex, "events.tsv"), []byte("057\tSYM\tzorbled\ta made-up verb for the test\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "", "recode", "--db", db, "--all", "--lexicon", lex)
	if code != 0 || !strings.Contains(out, "1 documents re-coded, 0 failed") {
		t.Fatalf("recode: %d %q %q", code, out, errs)
	}
	if count("057") != 2 || count("040") != 2 {
		t.Errorf("after: 057 %d (want 2), 040 %d (want 2)", count("057"), count("040"))
	}
	_, out, _ = runCmd(t, "", "search", "--db", db, "zorbled")
	if strings.Count(out, "[zorbled]") != 1 {
		t.Errorf("the sentence index holds the document %d times:\n%s", strings.Count(out, "[zorbled]"), out)
	}
}
