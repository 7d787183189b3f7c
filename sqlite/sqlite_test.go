package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"attache"
	"attache/sqlite"
	"attache/storekit"
	"attache/storetest"
)

// MustOpenDB returns a new, empty in-memory store, closed when the test ends.
func MustOpenDB(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), ":memory:")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
	return s
}

// Aliases of the suite's helpers, for the tests of this package.
var (
	mustSave  = storetest.MustSave
	mustDate  = storetest.MustDate
	newDoc    = storetest.NewDoc
	addEvent  = storetest.AddEvent
	fixture   = storetest.Fixture
	jsonOf    = storetest.JSONOf
	eventKeys = storetest.EventKeys

	pagingCorpus = storetest.PagingCorpus
)

// TestStore runs the suite every event store passes, each case on a new,
// empty store.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return MustOpenDB(t) })
}

// TestLimits checks that the suite's page sizes are this store's.
func TestLimits(t *testing.T) {
	if sqlite.DefaultLimit != storekit.DefaultLimit || sqlite.MaxLimit != storekit.MaxLimit {
		t.Errorf("DefaultLimit %d, MaxLimit %d; the suite expects %d and %d",
			sqlite.DefaultLimit, sqlite.MaxLimit, storekit.DefaultLimit, storekit.MaxLimit)
	}
}

func TestOpenNotADatabase(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("this is not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	// A real store whose first page (the schema) is overwritten.
	corrupt := filepath.Join(dir, "corrupt.db")
	s, err := sqlite.Open(context.Background(), corrupt)
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, fixture()...)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(corrupt, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", 3000)), 100); err != nil {
		t.Fatal(err)
	}
	f.Close()

	for _, path := range []string{garbage, corrupt, dir} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			s, err := sqlite.Open(context.Background(), path)
			if err == nil {
				s.Close()
				t.Fatalf("Open(%s): no error", path)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			t.Log(err)
		})
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "attache.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, fixture()...)
	want, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, err := s.Stats(ctx); err != nil || got != want {
		t.Errorf("after reopening: %+v, %v; want %+v", got, err, want)
	}
	if res, err := s.SaveDocument(ctx, fixture()[0], "test"); err != nil || res.New {
		t.Errorf("saving again after reopening: %+v, %v", res, err)
	}
	hits, err := s.SearchSentences(ctx, "viet nam", attache.EventFilter{})
	if err != nil || len(hits) != 2 {
		t.Errorf("search after reopening: %d hits, %v", len(hits), err)
	}
}

// TestReadOnly opens a store whose file, or whose directory, may not be
// written. As root, permissions do not apply, so the test runs itself again
// as an unprivileged user (see unprivileged_*_test.go).
func TestReadOnly(t *testing.T) {
	if os.Geteuid() == 0 {
		runUnprivileged(t, "TestReadOnly")
		return
	}
	ctx := context.Background()
	create := func(t *testing.T) (dir, path string) {
		dir = t.TempDir()
		path = filepath.Join(dir, "attache.db")
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		mustSave(t, s, fixture()[0])
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		return dir, path
	}
	check := func(t *testing.T, path string) {
		s, err := sqlite.Open(ctx, path)
		if err != nil {
			// Refusing to open is clear enough, if it names the file.
			if !strings.Contains(err.Error(), path) {
				t.Errorf("Open error %q does not name %s", err, path)
			}
			t.Log(err)
			return
		}
		defer s.Close()
		if st, err := s.Stats(ctx); err != nil || st.Documents != 1 {
			t.Errorf("reading a read-only store: %+v, %v", st, err)
		}
		_, err = s.SaveDocument(ctx, fixture()[1], "test")
		if err == nil {
			t.Fatal("saving to a read-only store: no error")
		}
		if !strings.Contains(err.Error(), "read-only") || !strings.Contains(err.Error(), path) ||
			!strings.Contains(err.Error(), "save document vn-ru") {
			t.Errorf("error %q: want it to say the store %s is read-only", err, path)
		}
		t.Log(err)
	}
	t.Run("file", func(t *testing.T) {
		_, path := create(t)
		if err := os.Chmod(path, 0o444); err != nil {
			t.Fatal(err)
		}
		check(t, path)
	})
	t.Run("directory", func(t *testing.T) {
		dir, path := create(t)
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		check(t, path)
	})
	t.Run("new file in read-only directory", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		path := filepath.Join(dir, "new.db")
		s, err := sqlite.Open(ctx, path)
		if err == nil {
			s.Close()
			t.Fatal("creating a store in a read-only directory: no error")
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("error %q does not name %s", err, path)
		}
		t.Log(err)
	})
}

func TestConcurrentSaves(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "attache.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	docs := pagingCorpus()
	errs := make(chan error, 2*len(docs))
	for range 2 { // every document twice, from two writers
		go func() {
			for _, d := range docs {
				_, err := s.SaveDocument(ctx, d, "test")
				errs <- err
			}
		}()
	}
	for range 2 * len(docs) {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if st, err := s.Stats(ctx); err != nil || st.Documents != len(docs) || st.Events != 250 {
		t.Errorf("after concurrent saves: %+v, %v", st, err)
	}
}

func TestCancelledContext(t *testing.T) {
	s := MustOpenDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.SaveDocument(ctx, fixture()[0], "test"); !errors.Is(err, context.Canceled) {
		t.Errorf("save with a cancelled context: %v", err)
	}
}

// benchDoc returns the i-th of a stream of distinct documents: ten
// sentences, five events, two facts.
func benchDoc(i int) *attache.Document {
	partners := []attache.Country{"UZB", "KGZ", "RUS", "KAZ", "LAO", "KHM", "THA", "JPN"}
	var sents []string
	for j := range 10 {
		sents = append(sents, fmt.Sprintf("In story %d, Prime Minister Phạm Minh Chính met the %s delegation in Hà Nội for round %d of talks on trade and investment.", i, partners[(i+j)%len(partners)], j))
	}
	d := newDoc(fmt.Sprintf("bench-%d", i), []string{"VNA", "Nhân Dân", "Wire"}[i%3], "2024-06-01", sents...)
	for j := range 5 {
		date := mustDate("2023-01-01").AddDays((i*5 + j) % 700).String()
		addEvent(d, j*2, "VNM", partners[(i+j)%len(partners)], []string{"040", "042", "051", "057", "036"}[j], date)
	}
	d.Facts = []attache.Fact{
		{Kind: attache.Agreement, Parties: []attache.Country{"VNM", partners[i%len(partners)]}, Title: "Memorandum on trade"},
		{Kind: attache.Trade, Parties: []attache.Country{"VNM", partners[i%len(partners)]}, Value: 160e6, Currency: "USD"},
	}
	return d
}

func BenchmarkSaveDocument(b *testing.B) {
	for _, where := range []string{"memory", "file"} {
		b.Run(where, func(b *testing.B) {
			path := ":memory:"
			if where == "file" {
				path = filepath.Join(b.TempDir(), "bench.db")
			}
			s, err := sqlite.Open(context.Background(), path)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			docs := make([]*attache.Document, b.N)
			for i := range docs {
				docs[i] = benchDoc(i)
			}
			b.ResetTimer()
			for i := range b.N {
				if _, err := s.SaveDocument(context.Background(), docs[i], "bench"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

func BenchmarkFindEventsDyad(b *testing.B) {
	s := MustOpenDB(b)
	for i := range 2000 { // 10,000 events
		if _, err := s.SaveDocument(context.Background(), benchDoc(i), "bench"); err != nil {
			b.Fatal(err)
		}
	}
	f := attache.EventFilter{Dyad: [2]attache.Country{"UZB", "VNM"}, Since: mustDate("2023-06"), Limit: 100}
	b.ResetTimer()
	for range b.N {
		evs, _, err := s.FindEvents(context.Background(), f)
		if err != nil {
			b.Fatal(err)
		}
		if len(evs) != 100 {
			b.Fatalf("got %d events", len(evs))
		}
	}
}

func TestSchemaVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "attache.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	// The driver is registered by the store package.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n, top int
	if err := db.QueryRow(`SELECT count(*), max(version) FROM schema_version`).Scan(&n, &top); err != nil {
		t.Fatal(err)
	}
	if n < 2 || n != top {
		t.Errorf("schema_version has %d rows up to %d, want one per migration", n, top)
	}
	// Reopening applies nothing twice.
	s, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	var again int
	if err := db.QueryRow(`SELECT count(*) FROM schema_version`).Scan(&again); err != nil || again != n {
		t.Errorf("after reopening: %d rows, %v; want %d", again, err, n)
	}
	// A database from a newer program is refused, not damaged.
	if _, err := db.Exec(`INSERT INTO schema_version (version, name, applied_at) VALUES (9999, '9999_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	if s, err := sqlite.Open(ctx, path); err == nil {
		s.Close()
		t.Error("opening a database with a newer schema: no error")
	} else if !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), path) {
		t.Errorf("error %q: want it to name %s and say the schema is newer", err, path)
	}
}

// FuzzSearchSentences checks that no query, however odd, makes a search
// fail: every FTS5 syntax error must be turned into a plain search.
func FuzzSearchSentences(f *testing.F) {
	for _, q := range []string{"viet nam", `"unbalanced`, `NEAR(`, `*`, `'; DROP TABLE events; --`,
		`a AND`, `NOT b`, `"a" * OR "b"*`, `folded:x`, `{folded}: x`, `^x`, `x + y`, `"" ""`, "\x00", `AND OR NOT`,
		"Việt Nam", "ǅ𞤀", `a:"b" - c`, `(a OR b) AND c`} {
		f.Add(q)
	}
	s := MustOpenDB(f)
	mustSave(f, s, fixture()...)
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.SearchSentences(context.Background(), q, attache.EventFilter{}); err != nil {
			t.Errorf("SearchSentences(%q): %v", q, err)
		}
		if _, _, err := s.FindEvents(context.Background(), attache.EventFilter{Text: q}); err != nil {
			t.Errorf("FindEvents(Text %q): %v", q, err)
		}
	})
}
