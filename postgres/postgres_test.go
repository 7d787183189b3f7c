package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"attache"
	"attache/postgres"
	"attache/storekit"
	"attache/storetest"

	"github.com/jackc/pgx/v5"
)

// The tests run against the PostgreSQL server that ATTACHE_TEST_POSTGRES
// names, each in a schema of its own, dropped when it ends; .ci/run starts a
// server and sets the variable. Without it they skip.
const dsnVar = "ATTACHE_TEST_POSTGRES"

// testDSN returns the test server's connection string, or skips tb.
func testDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv(dsnVar)
	if dsn == "" {
		tb.Skipf("%s is not set: set it to a PostgreSQL URL the tests may create schemas in, "+
			"e.g. postgres://attache:attache@127.0.0.1:5432/attache_test?sslmode=disable "+
			"(.ci/run starts a server and sets it)", dsnVar)
	}
	return dsn
}

// NewSchema creates an empty schema on the test server, dropped when the
// test ends, and returns a connection string whose search_path is it.
func NewSchema(tb testing.TB) string {
	tb.Helper()
	dsn := testDSN(tb)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatalf("connecting to %s: %v", dsnVar, err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "attache_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{name}.Sanitize()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			tb.Errorf("dropping schema %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{name}.Sanitize()+" CASCADE"); err != nil {
			tb.Errorf("dropping schema %s: %v", name, err)
		}
	})
	return withSearchPath(tb, dsn, name)
}

// withSearchPath adds search_path=schema to a URL or keyword/value
// connection string.
func withSearchPath(tb testing.TB, dsn, schema string) string {
	if !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema
	}
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatalf("%s: %v", dsnVar, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// MustOpenDB returns a new, empty store in a schema of its own, closed
// when the test ends.
func MustOpenDB(tb testing.TB) *postgres.Store {
	tb.Helper()
	return mustOpen(tb, NewSchema(tb))
}

// mustOpen opens the store dsn names, closed when the test ends.
func mustOpen(tb testing.TB, dsn string) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), dsn)
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
	if postgres.DefaultLimit != storekit.DefaultLimit || postgres.MaxLimit != storekit.MaxLimit {
		t.Errorf("DefaultLimit %d, MaxLimit %d; the suite expects %d and %d",
			postgres.DefaultLimit, postgres.MaxLimit, storekit.DefaultLimit, storekit.MaxLimit)
	}
}

// TestOpenUnreachable opens stores on servers that refuse or never
// answer: Open must fail within its timeout, name the host and port, and
// never show the password. No PostgreSQL is needed.
func TestOpenUnreachable(t *testing.T) {
	const password = "pw-Sekr1t-do-not-print"
	// A server that accepts connections and says nothing.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	silent := ln.Addr().(*net.TCPAddr)
	tests := []struct {
		name, dsn, where string
		within           time.Duration
	}{
		{"refused", "postgres://attache:" + password + "@127.0.0.1:1/attache_test?sslmode=disable", "127.0.0.1:1", 2 * time.Second},
		{"refused keyword form", "host=127.0.0.1 port=1 user=attache password=" + password + " dbname=attache_test",
			"127.0.0.1:1", 2 * time.Second},
		{"silent, connect_timeout", fmt.Sprintf("postgres://attache:%s@127.0.0.1:%d/attache_test?connect_timeout=1", password, silent.Port),
			silent.String(), 3 * time.Second},
		{"silent, default timeout", fmt.Sprintf("postgres://attache:%s@127.0.0.1:%d/attache_test?sslmode=disable", password, silent.Port),
			silent.String(), postgres.ConnectTimeout + 2*time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			s, err := postgres.Open(context.Background(), tt.dsn)
			took := time.Since(start)
			if err == nil {
				s.Close()
				t.Fatal("no error")
			}
			t.Logf("after %v: %v", took.Round(time.Millisecond), err)
			if took > tt.within {
				t.Errorf("took %v, want under %v", took, tt.within)
			}
			if !strings.Contains(err.Error(), tt.where) {
				t.Errorf("error %q does not name %s", err, tt.where)
			}
			if strings.Contains(err.Error(), password) {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

func TestOpenBadDSN(t *testing.T) {
	const password = "pw-Sekr1t-do-not-print"
	for _, dsn := range []string{
		"postgres://attache:" + password + "@127.0.0.1:notaport/db",
		"host=127.0.0.1 password=" + password + " sslmode=nonsense",
	} {
		s, err := postgres.Open(context.Background(), dsn)
		if err == nil {
			s.Close()
			t.Fatalf("Open(%q): no error", dsn)
		}
		t.Log(err)
		if strings.Contains(err.Error(), password) {
			t.Errorf("error %q shows the password", err)
		}
	}
}

func TestOpenWrongPassword(t *testing.T) {
	dsn := testDSN(t)
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		t.Skipf("%s is not a URL with a user: %v", dsnVar, err)
	}
	const password = "pw-Wr0ng-do-not-print"
	u.User = url.UserPassword(u.User.Username(), password)
	s, err := postgres.Open(context.Background(), u.String())
	if err == nil {
		s.Close()
		t.Skip("the server accepts any password (trust authentication)")
	}
	t.Log(err)
	if strings.Contains(err.Error(), password) || !strings.Contains(err.Error(), u.Host) {
		t.Errorf("error %q: want it to name %s and not show the password", err, u.Host)
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dsn := NewSchema(t)
	s, err := postgres.Open(ctx, dsn)
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
	s = mustOpen(t, dsn)
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

// TestConcurrentSaves saves every document twice at once, from two stores
// on one schema, as two worker machines would.
func TestConcurrentSaves(t *testing.T) {
	ctx := context.Background()
	dsn := NewSchema(t)
	stores := []*postgres.Store{mustOpen(t, dsn), mustOpen(t, dsn)}
	docs := pagingCorpus()
	var (
		errs = make(chan error, 2*len(docs))
		news = make(chan bool, 2*len(docs))
	)
	for _, s := range stores {
		go func() {
			for _, d := range docs {
				res, err := s.SaveDocument(ctx, d, "test")
				errs <- err
				news <- res.New
			}
		}()
	}
	created := 0
	for range 2 * len(docs) {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		if <-news {
			created++
		}
	}
	if created != len(docs) {
		t.Errorf("%d saves were new, want %d", created, len(docs))
	}
	if st, err := stores[0].Stats(ctx); err != nil || st.Documents != len(docs) || st.Events != 250 {
		t.Errorf("after concurrent saves: %+v, %v", st, err)
	}
}

// TestConcurrentOpen opens several stores on one new schema at once: the
// migrations run once, and every store works.
func TestConcurrentOpen(t *testing.T) {
	dsn := NewSchema(t)
	const n = 4
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			s, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				_, err = s.Stats(context.Background())
				s.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	n2, top := schemaVersions(t, dsn)
	if n2 < 2 || n2 != top {
		t.Errorf("schema_version has %d rows up to %d, want one per migration", n2, top)
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

// TestHostileFilters passes filter values PostgreSQL cannot hold in text
// (a NUL byte, invalid UTF-8): they match nothing, and are no error.
func TestHostileFilters(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	mustSave(t, s, fixture()...)
	for _, bad := range []string{"VNM\x00", "\xff\xfe"} {
		filters := []attache.EventFilter{
			{Publisher: bad}, {Doc: bad}, {Codes: []string{bad}}, {Countries: []attache.Country{attache.Country(bad)}},
			{Dyad: [2]attache.Country{"VNM", attache.Country(bad)}}, {Dyad: [2]attache.Country{attache.Country(bad), ""}},
		}
		for _, f := range filters {
			evs, _, err := s.FindEvents(ctx, f)
			if err != nil || len(evs) != 0 {
				t.Errorf("FindEvents(%+v) = %d events, %v; want none, no error", f, len(evs), err)
			}
			facts, err := s.FindFacts(ctx, f)
			if err != nil || (len(facts) != 0 && f.Codes == nil) { // codes do not apply to facts
				t.Errorf("FindFacts(%+v) = %d facts, %v; want none, no error", f, len(facts), err)
			}
			hits, err := s.SearchSentences(ctx, "vietnam", f)
			if err != nil || len(hits) != 0 {
				t.Errorf("SearchSentences(%+v) = %d hits, %v; want none, no error", f, len(hits), err)
			}
		}
	}
	// A document PostgreSQL cannot store is refused with a clear error.
	d := newDoc("nul", "Wire", "2024-01-01", "Vietnam\x00and Laos talk.")
	if _, err := s.SaveDocument(ctx, d, "test"); err == nil || !strings.Contains(err.Error(), "NUL") {
		t.Errorf("saving text with a NUL byte: %v", err)
	}
}

// TestSearchLongQuery checks that a very long query is no error.
func TestSearchLongQuery(t *testing.T) {
	s := MustOpenDB(t)
	mustSave(t, s, fixture()...)
	for _, q := range []string{
		strings.Repeat("vietnam ", 5000),
		strings.Repeat("vietnam OR ", 5000) + "x",
		`"` + strings.Repeat("viet nam ", 5000) + `"`,
		strings.Repeat("x", 5000),
	} {
		if _, err := s.SearchSentences(context.Background(), q, attache.EventFilter{}); err != nil {
			t.Errorf("query of %d bytes: %v", len(q), err)
		}
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
	s := MustOpenDB(b)
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
}

// BenchmarkSaveDocumentParallel saves from as many goroutines as
// GOMAXPROCS, as concurrent workers would.
func BenchmarkSaveDocumentParallel(b *testing.B) {
	s := MustOpenDB(b)
	var (
		mu sync.Mutex
		n  int
	)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			mu.Lock()
			i := n
			n++
			mu.Unlock()
			if _, err := s.SaveDocument(context.Background(), benchDoc(i), "bench"); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkSaveDocumentAgain saves documents the store has.
func BenchmarkSaveDocumentAgain(b *testing.B) {
	s := MustOpenDB(b)
	d := benchDoc(0)
	mustSave(b, s, d)
	b.ResetTimer()
	for range b.N {
		if res, err := s.SaveDocument(context.Background(), d, "bench"); err != nil || res.New {
			b.Fatal(res, err)
		}
	}
}

// benchStore returns a store holding n documents of the benchmarks, 5n
// events, saved in batches.
func benchStore(b *testing.B, n int) *postgres.Store {
	s := MustOpenDB(b)
	for i := 0; i < n; i += 500 {
		docs := make([]*attache.Document, 0, 500)
		for j := i; j < min(i+500, n); j++ {
			docs = append(docs, benchDoc(j))
		}
		if _, err := s.SaveDocuments(context.Background(), docs, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

func BenchmarkFindEventsDyad(b *testing.B) {
	s := benchStore(b, 2000) // 10,000 events
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

// schemaVersions returns the number of schema_version rows in dsn's
// schema and the highest version.
func schemaVersions(tb testing.TB, dsn string) (n, top int) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := conn.QueryRow(ctx, `SELECT count(*), COALESCE(max(version), 0) FROM schema_version`).Scan(&n, &top); err != nil {
		tb.Fatal(err)
	}
	return n, top
}

func TestSchemaVersion(t *testing.T) {
	ctx := context.Background()
	dsn := NewSchema(t)
	s, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	n, top := schemaVersions(t, dsn)
	if n < 2 || n != top {
		t.Errorf("schema_version has %d rows up to %d, want one per migration", n, top)
	}
	// Reopening applies nothing twice.
	s, err = postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if again, _ := schemaVersions(t, dsn); again != n {
		t.Errorf("after reopening: %d rows; want %d", again, n)
	}
	// A schema from a newer program is refused, not damaged.
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO schema_version (version, name, applied_at) VALUES (9999, '9999_future.sql', now())`); err != nil {
		t.Fatal(err)
	}
	server := s.Server()
	if s, err := postgres.Open(ctx, dsn); err == nil {
		s.Close()
		t.Error("opening a schema with a newer version: no error")
	} else if !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), server) {
		t.Errorf("error %q: want it to name the server and say the schema is newer", err)
	}
}

// FuzzSearchSentences checks that no query, however odd, makes a search
// fail: the query is always turned into a valid tsquery.
func FuzzSearchSentences(f *testing.F) {
	for _, q := range []string{"viet nam", `"unbalanced`, `NEAR(`, `*`, `'; DROP TABLE events; --`,
		`a AND`, `NOT b`, `"a" * OR "b"*`, `folded:x`, `{folded}: x`, `^x`, `x + y`, `"" ""`, "\x00", `AND OR NOT`,
		"Việt Nam", "ǅ𞤀", `a:"b" - c`, `(a OR b) AND c`, `a & !b | c <-> d`, `'a':* & b:A`, `\'`, "\xff\xfe"} {
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

// BenchmarkSaveDocuments saves batches of 100 documents.
func BenchmarkSaveDocuments(b *testing.B) {
	const batch = 100
	s := MustOpenDB(b)
	docs := make([]*attache.Document, b.N*batch)
	for i := range docs {
		docs[i] = benchDoc(i)
	}
	b.ResetTimer()
	for i := range b.N {
		res, err := s.SaveDocuments(context.Background(), docs[i*batch:(i+1)*batch], "bench")
		if err != nil {
			b.Fatal(err)
		}
		if !res[0].New {
			b.Fatalf("document %d: New false", i*batch)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "docs/s")
}
