package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"attache"
	"attache/sqlite"
)

// TestFindFactsSameAsJSON checks FindFacts, which reads fact_parties,
// against the query it replaced, which read the JSON array facts.parties
// of every fact, on the same store and the same filters.
func TestFindFactsSameAsJSON(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "attache.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs := fixture()
	for i := range 40 {
		docs = append(docs, benchDoc(i))
	}
	odd := newDoc("odd", "Wire", "2024-02-02", "Odd parties.")
	odd.Facts = []attache.Fact{
		{Kind: attache.Agreement, Parties: []attache.Country{"VNM", "VNM", "LAO"}, Title: "repeated party"},
		{Kind: attache.Agreement, Title: "no parties"},
		{Kind: attache.Relationship, Parties: []attache.Country{"LAO"}, Title: "one party"},
		{Kind: attache.Trade, Parties: []attache.Country{"KHM", "LAO", "VNM"}, Title: "three parties"},
	}
	docs = append(docs, odd)
	if _, err := s.SaveDocuments(ctx, docs, "test"); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	cs := func(c ...attache.Country) []attache.Country { return c }
	tests := []attache.EventFilter{
		{},
		{Countries: cs("UZB")},
		{Countries: cs("LAO")},
		{Countries: cs("KGZ", "RUS", "LAO")},
		{Countries: cs("FRA")},
		{Dyad: [2]attache.Country{"VNM", "LAO"}},
		{Dyad: [2]attache.Country{"LAO", "KHM"}},
		{Dyad: [2]attache.Country{"VNM", "VNM"}},
		{Dyad: [2]attache.Country{"LAO", ""}},
		{Dyad: [2]attache.Country{"", "JPN"}},
		{Dyad: [2]attache.Country{"UZB", "KGZ"}},
		{Countries: cs("LAO", "JPN"), Dyad: [2]attache.Country{"VNM", ""}},
		{Countries: cs("THA"), Publisher: "VNA"},
		{Countries: cs("LAO"), Doc: "bench-4"},
		{Countries: cs("VNM"), Limit: 7},
		{Dyad: [2]attache.Country{"VNM", "KAZ"}, Limit: 3},
	}
	selecting := 0
	for _, f := range tests {
		t.Run(fmt.Sprintf("%v %v %s %s %d", f.Countries, f.Dyad, f.Publisher, f.Doc, f.Limit), func(t *testing.T) {
			facts, err := s.FindFacts(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, sf := range facts {
				got = append(got, fmt.Sprintf("%s/%s/%s/%v", sf.Doc, sf.Kind, sf.Title, sf.Value))
			}
			want := findFactsJSON(t, db, f)
			if !slices.Equal(got, want) {
				t.Errorf("FindFacts = %q\nwant %q", got, want)
			}
			if len(want) > 0 {
				selecting++
			}
		})
	}
	// Only FRA and UZB-KGZ select nothing.
	if selecting != len(tests)-2 {
		t.Errorf("%d of %d filters select facts, want all but 2", selecting, len(tests))
	}
}

// findFactsJSON is FindFacts as it was before fact_parties, for the
// filters TestFindFactsSameAsJSON uses (no dates).
func findFactsJSON(t *testing.T, db *sql.DB, f attache.EventFilter) []string {
	t.Helper()
	const party = "EXISTS (SELECT 1 FROM json_each(f.parties) p WHERE p.value "
	var (
		conds []string
		args  []any
	)
	if len(f.Countries) > 0 {
		conds = append(conds, party+"IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(f.Countries)), ", ")+"))")
		for _, c := range f.Countries {
			args = append(args, string(c))
		}
	}
	for _, c := range f.Dyad {
		if c != "" {
			conds = append(conds, party+"= ?)")
			args = append(args, string(c))
		}
	}
	if f.Publisher != "" {
		conds = append(conds, "d.publisher = ?")
		args = append(args, f.Publisher)
	}
	if f.Doc != "" {
		conds = append(conds, "d.doc = ?")
		args = append(args, f.Doc)
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	limit := f.Limit
	if limit == 0 {
		limit = sqlite.DefaultLimit
	}
	const date = "(CASE WHEN f.fact_date <> '' THEN f.fact_date ELSE d.reference_date END)"
	rows, err := db.Query(`SELECT d.doc, f.kind, f.title, f.value FROM facts f JOIN documents d ON d.id = f.document_id
		`+where+` ORDER BY `+date+` DESC, f.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var (
			doc, kind, title string
			value            float64
		)
		if err := rows.Scan(&doc, &kind, &title, &value); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, fmt.Sprintf("%s/%s/%s/%v", doc, kind, title, value))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return keys
}
