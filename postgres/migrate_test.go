package postgres_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"attache"

	"github.com/jackc/pgx/v5"
)

// oldSchema creates, in a new schema, the tables of migrations 001 and 002
// (the store before near-duplicates and fact_parties) and returns its
// connection string and a connection to it.
func oldSchema(t *testing.T) (string, *pgx.Conn) {
	t.Helper()
	ctx := context.Background()
	dsn := NewSchema(t)
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	if _, err := conn.Exec(ctx, `CREATE TABLE schema_version (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"001_schema.sql", "002_search.sql"} {
		b, err := os.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		up, _, _ := strings.Cut(string(b), "-- +goose Down")
		if _, err := conn.Exec(ctx, up); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO schema_version VALUES ($1, $2, now())`, i+1, name); err != nil {
			t.Fatal(err)
		}
	}
	return dsn, conn
}

// TestMigrateExisting upgrades a store written before migration 003: its
// documents get fingerprints and near-duplicate links, its facts
// fact_parties, and it works as a new one.
func TestMigrateExisting(t *testing.T) {
	ctx := context.Background()
	dsn, conn := oldSchema(t)
	texts := map[string]string{
		"base":      nearBase,
		"unrelated": unrelatedText,
		"spring":    strings.Replace(nearBase, "autumn", "spring", 1),
		"empty":     "…",
		"leaders":   strings.Replace(nearBase, "governors", "leaders", 1),
	}
	for _, id := range []string{"base", "unrelated", "spring", "empty", "leaders"} {
		var key int64
		err := conn.QueryRow(ctx, `INSERT INTO documents (doc, content_hash, text, reference_date, stored_at)
			VALUES ($1, $2, $3, '2024-05-01', now()) RETURNING id`, id, attache.ContentHash(texts[id]), texts[id]).Scan(&key)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO facts (document_id, idx, kind, parties) VALUES ($1, 0, 'trade', $2)`,
			key, []string{"LAO", "VNM"}); err != nil {
			t.Fatal(err)
		}
	}

	s := mustOpen(t, dsn)
	if n, top := schemaVersions(t, dsn); n != top || top < 3 {
		t.Errorf("schema_version: %d rows up to %d", n, top)
	}
	for id, want := range map[string][]string{
		"base":      {"leaders", "spring"},
		"spring":    {"base", "leaders"},
		"leaders":   {"base", "spring"},
		"unrelated": nil,
		"empty":     nil,
	} {
		d, err := s.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(d.Duplicates, want) {
			t.Errorf("duplicates of %s = %q, want %q", id, d.Duplicates, want)
		}
	}
	var unprinted int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM documents WHERE fingerprint IS NULL`).Scan(&unprinted); err != nil {
		t.Fatal(err)
	}
	if unprinted != 1 {
		t.Errorf("%d documents without a fingerprint, want 1 (the one without words)", unprinted)
	}
	facts, err := s.FindFacts(ctx, attache.EventFilter{Dyad: [2]attache.Country{"VNM", "LAO"}})
	if err != nil || len(facts) != 5 {
		t.Errorf("facts of LAO-VNM after migrating: %d, %v", len(facts), err)
	}
	// A document saved now is linked to the ones stored before.
	mustSave(t, s, textDoc("new", strings.Replace(nearBase, "night", "evening", 1)))
	if got := duplicatesOf(t, s, "new"); !slices.Equal(got, []string{"base", "leaders", "spring"}) {
		t.Errorf("duplicates of a new document = %q", got)
	}
	// Opening again migrates nothing.
	s.Close()
	s = mustOpen(t, dsn)
	if got := duplicatesOf(t, s, "base"); !slices.Equal(got, []string{"leaders", "new", "spring"}) {
		t.Errorf("after reopening, duplicates of base = %q", got)
	}
}
