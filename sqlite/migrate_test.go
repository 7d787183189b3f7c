package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"attache"
	"attache/sqlite"
)

// oldStore creates, at path, a database with only migrations 001 and 002,
// as a store written before migration 003 left it, holding four documents
// inserted the way that store did: the wire story, its republished copy,
// an unrelated story, and a coded document with an event and two facts.
func oldStore(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
	for v, name := range []string{"001_schema.sql", "002_fts.sql"} {
		b, err := os.ReadFile(filepath.Join("migrations", name))
		if err != nil {
			t.Fatal(err)
		}
		up := string(b)
		_, up, _ = strings.Cut(up, "-- +goose Up")
		up, _, _ = strings.Cut(up, "-- +goose Down")
		exec(up)
		exec(`INSERT INTO schema_version VALUES (?, ?, '2025-01-01T00:00:00Z')`, v+1, name)
	}
	insDoc := func(id, text string) int64 {
		t.Helper()
		var key int64
		err := db.QueryRow(`INSERT INTO documents (doc, content_hash, publisher, url, title, lang, reference_date, text,
			coder_version, stored_at) VALUES (?, ?, 'Wire', '', ?, 'en', '2025-03-03', ?, 'old', '2025-03-04T00:00:00Z')
			RETURNING id`, id, attache.ContentHash(text), id, text).Scan(&key)
		if err != nil {
			t.Fatal(err)
		}
		return key
	}
	insDoc("wire", wireStory)
	insDoc("other", otherStory)
	insDoc("copy", republished)
	const text = "Kyrgyzstan and Vietnam signed a visa agreement."
	key := insDoc("kg", text)
	exec(`INSERT INTO sentences (id, document_id, idx, span_start, span_end, text) VALUES (100, ?, 0, 0, ?, ?)`,
		key, len(text), text)
	exec(`INSERT INTO sentences_fts (rowid, folded) VALUES (100, ?)`, strings.ToLower(text))
	exec(`INSERT INTO events (event_id, document_id, sentence, src_country, tgt_country, cameo, root, event_date,
		evidence_start, evidence_end, evidence_text) VALUES ('kg#0', ?, 0, 'KGZ', 'VNM', '057', '05', '2025-03-01', 0, ?, ?)`,
		key, len(text), text)
	exec(`INSERT INTO facts (document_id, idx, kind, parties, title) VALUES (?, 0, 'agreement', '["KGZ","VNM"]', 'Visa agreement')`, key)
	exec(`INSERT INTO facts (document_id, idx, kind, parties, title) VALUES (?, 1, 'relationship', '["VNM"]', 'Friendship')`, key)
}

func TestMigrateFrom002(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	oldStore(t, path)

	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	// The data is all there.
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (attache.StoreStats{Documents: 4, Sentences: 1, Events: 1, Facts: 2}); st != want {
		t.Errorf("stats after migrating = %+v, want %+v", st, want)
	}
	kg, err := s.Document(ctx, "kg")
	if err != nil {
		t.Fatal(err)
	}
	if len(kg.Events) != 1 || kg.Events[0].ID != "kg#0" || kg.Events[0].Source.Country != "KGZ" ||
		len(kg.Facts) != 2 || kg.Facts[0].Title != "Visa agreement" || kg.CoderVersion != "old" {
		t.Errorf("document kg after migrating: %s", jsonOf(kg))
	}
	if hits, err := s.SearchSentences(ctx, "visa", attache.EventFilter{}); err != nil || len(hits) != 1 {
		t.Errorf("search after migrating: %d hits, %v", len(hits), err)
	}

	// The fingerprints of the stored documents were filled in and their
	// near-duplicates linked.
	dups := func(id string) []string {
		t.Helper()
		sd, err := s.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return sd.Duplicates
	}
	for id, want := range map[string][]string{"wire": {"copy"}, "copy": {"wire"}, "other": nil, "kg": nil} {
		if got := dups(id); !slices.Equal(got, want) {
			t.Errorf("%s: Duplicates = %q after migrating, want %q", id, got, want)
		}
	}

	// fact_parties was filled from the facts' JSON parties.
	for _, tt := range []struct {
		f    attache.EventFilter
		want int
	}{
		{attache.EventFilter{Countries: []attache.Country{"KGZ"}}, 1},
		{attache.EventFilter{Countries: []attache.Country{"VNM"}}, 2},
		{attache.EventFilter{Dyad: [2]attache.Country{"VNM", "KGZ"}}, 1},
		{attache.EventFilter{Countries: []attache.Country{"UZB"}}, 0},
	} {
		facts, err := s.FindFacts(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		if len(facts) != tt.want {
			t.Errorf("FindFacts(%+v) after migrating: %d facts, want %d", tt.f, len(facts), tt.want)
		}
	}

	// A document saved after the migration is linked to the old ones.
	mustSave(t, s, textDoc("fixed", corrected))
	if got, want := dups("fixed"), []string{"copy", "wire"}; !slices.Equal(got, want) {
		t.Errorf("new document: Duplicates = %q, want %q", got, want)
	}
	if got, want := dups("wire"), []string{"copy", "fixed"}; !slices.Equal(got, want) {
		t.Errorf("wire: Duplicates = %q, want %q", got, want)
	}

	// Every migration is recorded once.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n, top int
	if err := db.QueryRow(`SELECT count(*), max(version) FROM schema_version`).Scan(&n, &top); err != nil {
		t.Fatal(err)
	}
	if top < 3 || n != top {
		t.Errorf("schema_version has %d rows up to %d after migrating from 2", n, top)
	}
}
