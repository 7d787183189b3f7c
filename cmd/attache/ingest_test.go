package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"attache"
	"attache/input"
	"attache/sqlite"
	"attache/synth"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// The attache binary, built once for the tests that run it as a process
// of its own: to kill it, or to run it as another user or under limits.
var (
	binOnce sync.Once
	binDir  string // removed by TestMain
	binPath string
	binErr  error
)

// attacheBinary builds the attache binary, once per test run, into a
// directory any user may read, and returns its path. The tests that need
// it are long, so it skips them under -short.
func attacheBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the attache binary; skipped under -short")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build attache with: %v", err)
	}
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "attache-bin-"); binErr != nil {
			return
		}
		if binErr = os.Chmod(binDir, 0o755); binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "attache")
		// No VCS stamp: git may refuse a checkout owned by another user,
		// and the tests do not read the version.
		cmd := exec.Command(goTool, "build", "-buildvcs=false", "-o", binPath, ".")
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// writeCorpus writes the first n synthetic articles of seed as JSONL.
func writeCorpus(t testing.TB, path string, seed uint64, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteJSONL(context.Background(), f, seed, n); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// distinctTexts counts the documents of a corpus with different texts, as
// the reader gives them: what an idempotent ingest stores.
func distinctTexts(t testing.TB, path string) int {
	t.Helper()
	seen := map[string]bool{}
	for d, err := range (&input.Reader{}).All(context.Background(), []string{path}) {
		if err != nil {
			t.Fatal(err)
		}
		seen[attache.ContentHash(d.Text)] = true
	}
	return len(seen)
}

func storeStats(t testing.TB, path string) attache.StoreStats {
	t.Helper()
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	stats, err := st.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return stats
}

// openRaw opens a database file with the SQLite driver alone, without the
// store's migrations; readOnly opens it with mode=ro.
func openRaw(t testing.TB, path string, readOnly bool) *sql.DB {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	dsn := "file:" + (&url.URL{Path: abs}).EscapedPath() + "?_pragma=busy_timeout(10000)"
	if readOnly {
		dsn += "&mode=ro"
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// docRows is what the store holds of one document.
type docRows struct {
	doc                        string
	sentences, indexed, events int
	facts                      int
	eventList                  string // event IDs and codes in order
}

// storedDocuments returns every document of a database by content hash,
// with the rows that belong to it, after checking the file's integrity.
func storedDocuments(t testing.TB, path string) map[string]docRows {
	t.Helper()
	db := openRaw(t, path, false)
	defer db.Close()
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("%s: integrity_check: %q, %v", path, check, err)
	}
	rows, err := db.Query(`SELECT d.content_hash, d.doc,
		(SELECT count(*) FROM sentences s WHERE s.document_id = d.id),
		(SELECT count(*) FROM sentences s JOIN sentences_fts f ON f.rowid = s.id WHERE s.document_id = d.id),
		(SELECT count(*) FROM events e WHERE e.document_id = d.id),
		(SELECT count(*) FROM facts f WHERE f.document_id = d.id),
		(SELECT coalesce(group_concat(event_id || ' ' || cameo, ','), '')
			FROM (SELECT event_id, cameo FROM events e WHERE e.document_id = d.id ORDER BY e.id))
		FROM documents d`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]docRows{}
	for rows.Next() {
		var hash string
		var r docRows
		if err := rows.Scan(&hash, &r.doc, &r.sentences, &r.indexed, &r.events, &r.facts, &r.eventList); err != nil {
			t.Fatal(err)
		}
		out[hash] = r
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var orphans int
	if err := db.QueryRow(`SELECT
		(SELECT count(*) FROM sentences WHERE document_id NOT IN (SELECT id FROM documents)) +
		(SELECT count(*) FROM events WHERE document_id NOT IN (SELECT id FROM documents)) +
		(SELECT count(*) FROM facts WHERE document_id NOT IN (SELECT id FROM documents)) +
		(SELECT count(*) FROM sentences_fts WHERE rowid NOT IN (SELECT id FROM sentences))`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans > 0 {
		t.Errorf("%s: %d rows belong to no document", path, orphans)
	}
	return out
}

// sameDocuments checks that two databases hold the same documents with the
// same rows each.
func sameDocuments(t *testing.T, gotPath, wantPath string) {
	t.Helper()
	got, want := storedDocuments(t, gotPath), storedDocuments(t, wantPath)
	if len(got) != len(want) {
		t.Errorf("%d documents, want %d", len(got), len(want))
	}
	bad := 0
	for hash, w := range want {
		g, ok := got[hash]
		switch {
		case !ok:
			t.Errorf("document %s is missing", w.doc)
		case g != w:
			t.Errorf("document %s: stored %+v\nwant %+v", w.doc, g, w)
		case g.indexed != g.sentences:
			t.Errorf("document %s: %d of %d sentences in the full-text index", w.doc, g.indexed, g.sentences)
		default:
			continue
		}
		if bad++; bad >= 10 {
			t.Fatal("too many differences")
		}
	}
}

// ingestLine is the summary `attache ingest` prints.
var ingestLine = regexp.MustCompile(`documents: (\d+) new, (\d+) unchanged, (\d+) failed; events: (\d+); facts: (\d+)`)

func ingestSummary(t *testing.T, stdout string) (added, unchanged, failed int) {
	t.Helper()
	m := ingestLine.FindStringSubmatch(stdout)
	if m == nil {
		t.Fatalf("no summary line in the output of ingest:\n%s", stdout)
	}
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	return n(m[1]), n(m[2]), n(m[3])
}

func TestIngestTwice(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	// The first 30 articles of seed 1 hold a wire copy, stored once.
	if code, _, stderr := runCmd(t, "", "gen", "--n", "30", "--seed", "1", "--out", corpus); code != 0 {
		t.Fatalf("gen: exit code %d\n%s", code, stderr)
	}
	distinct := distinctTexts(t, corpus)
	if distinct != 29 {
		t.Fatalf("%d distinct texts in the corpus, want 29", distinct)
	}
	db := filepath.Join(dir, "attache.db")

	code, out, stderr := runCmd(t, "", "ingest", "--db", db, corpus)
	if code != 0 {
		t.Fatalf("first ingest: exit code %d\n%s%s", code, out, stderr)
	}
	added, unchanged, failed := ingestSummary(t, out)
	if added != distinct || added+unchanged != 30 || failed != 0 {
		t.Errorf("first ingest: %d new, %d unchanged, %d failed; want %d new of 30", added, unchanged, failed, distinct)
	}
	first := storeStats(t, db)
	rows := storedDocuments(t, db)

	code, out, stderr = runCmd(t, "", "ingest", "--db", db, corpus)
	if code != 0 {
		t.Fatalf("second ingest: exit code %d\n%s%s", code, out, stderr)
	}
	if added, unchanged, failed := ingestSummary(t, out); added != 0 || unchanged != 30 || failed != 0 {
		t.Errorf("second ingest: %d new, %d unchanged, %d failed; want 0 new, 30 unchanged", added, unchanged, failed)
	}
	if !strings.Contains(out, "events: 0; facts: 0") {
		t.Errorf("second ingest reports new events or facts: %s", out)
	}
	if second := storeStats(t, db); second != first {
		t.Errorf("stats after the second ingest %+v, after the first %+v", second, first)
	}
	if first.Documents != distinct || first.Sentences == 0 || first.Events == 0 || first.Facts == 0 {
		t.Errorf("stats %+v, want %d documents with sentences, events and facts", first, distinct)
	}
	again := storedDocuments(t, db)
	for hash, r := range rows {
		if again[hash] != r {
			t.Errorf("document %s changed: %+v, then %+v", r.doc, r, again[hash])
		}
	}
}

func TestGen(t *testing.T) {
	var want bytes.Buffer
	if err := synth.WriteJSONL(context.Background(), &want, 7, 25); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd(t, "", "gen", "--n", "25", "--seed", "7")
	if code != 0 || out != want.String() {
		t.Fatalf("gen to stdout: exit code %d, %d bytes, want the %d bytes of synth.WriteJSONL\n%s", code, len(out), want.Len(), stderr)
	}
	path := filepath.Join(t.TempDir(), "c.jsonl")
	code, _, stderr = runCmd(t, "", "gen", "--seed", "7", "--out", path, "--n", "25")
	if code != 0 {
		t.Fatalf("gen --out: exit code %d\n%s", code, stderr)
	}
	if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, want.Bytes()) {
		t.Errorf("gen --out wrote %d bytes (%v), want the same as to stdout", len(b), err)
	}
	if !strings.Contains(stderr, "wrote 25 articles") {
		t.Errorf("gen --out says %q", stderr)
	}
	for _, args := range [][]string{{"gen", "--n", "-1"}, {"gen", "extra"}, {"gen", "--seed", "x"}} {
		if code, _, stderr := runCmd(t, "", args...); code != 2 {
			t.Errorf("%v: exit code %d, want 2\n%s", args, code, stderr)
		}
	}
	missing := filepath.Join(t.TempDir(), "no", "such", "dir", "c.jsonl")
	if code, _, stderr := runCmd(t, "", "gen", "--out", missing); code != 1 || !strings.Contains(stderr, missing) {
		t.Errorf("gen into a missing directory: exit code %d, stderr %q", code, stderr)
	}
}

// killResumeDocs is the corpus size of TestIngestKillResume: enough for
// the ingest to be caught midway, small enough for the test to stay near
// 20 seconds on two cores.
const killResumeDocs = 1500

// TestIngestKillResume kills an ingest with SIGKILL midway, starts it
// again, and checks that the store ends up exactly as after an ingest that
// was never interrupted: every document once, none with part of its rows.
func TestIngestKillResume(t *testing.T) {
	bin := attacheBinary(t)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	writeCorpus(t, corpus, 1, killResumeDocs)
	distinct := distinctTexts(t, corpus)
	db := filepath.Join(dir, "killed.db")

	var stderr bytes.Buffer
	cmd := exec.Command(bin, "ingest", "--db", db, corpus)
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stored := waitForProgress(t, db, killResumeDocs/4, done)
	if stored < 0 {
		t.Fatalf("the ingest ended before it could be killed (corpus too small for this machine?)\n%s", stderr.String())
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; cmd.ProcessState.Success() {
		t.Fatalf("the ingest ended before it was killed: %v\n%s", err, stderr.String())
	}
	atKill := storeStats(t, db).Documents
	t.Logf("killed after %d documents were seen stored; %d stored at the end", stored, atKill)
	if atKill >= distinct {
		t.Fatalf("all %d documents were stored before the kill", distinct)
	}
	// The killed run's file is consistent, with whole documents only.
	storedDocuments(t, db)

	out, err := exec.Command(bin, "ingest", "--db", db, corpus).CombinedOutput()
	if err != nil {
		t.Fatalf("resumed ingest: %v\n%s", err, out)
	}
	added, unchanged, failed := ingestSummary(t, string(out))
	if added != distinct-atKill || added+unchanged != killResumeDocs || failed != 0 {
		t.Errorf("resumed ingest: %d new, %d unchanged, %d failed; want %d new of %d", added, unchanged, failed,
			distinct-atKill, killResumeDocs)
	}
	if got := storeStats(t, db).Documents; got != distinct {
		t.Errorf("%d documents stored, want %d (the distinct texts of the corpus)", got, distinct)
	}

	clean := filepath.Join(dir, "clean.db")
	if code, out, stderr := runCmd(t, "", "ingest", "--db", clean, corpus); code != 0 {
		t.Fatalf("clean ingest: exit code %d\n%s%s", code, out, stderr)
	}
	sameDocuments(t, db, clean)
}

// waitForProgress polls a database that an ingest is writing until it
// holds at least want documents, and returns how many it saw; -1 when the
// ingest ended first. It gives up after two minutes.
func waitForProgress(t *testing.T, path string, want int, done <-chan error) int {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	var db *sql.DB
	defer func() {
		if db != nil {
			db.Close()
		}
	}()
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Logf("ingest ended: %v", err)
			return -1
		case <-time.After(5 * time.Millisecond):
		}
		if db == nil {
			if _, err := os.Stat(path + "-wal"); err != nil {
				continue // not created yet, or its schema not yet written
			}
			db = openRaw(t, path, true)
		}
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM documents`).Scan(&n); err == nil && n >= max(want, 1) {
			return n
		}
	}
	t.Fatal("no document was stored in two minutes")
	return 0
}

// BenchmarkIngestSQLite ingests b.N synthetic documents into a new SQLite
// file with `attache ingest`, as a user would, and reports documents and
// sentences per second and the size of the database per document. The
// time includes loading the lexicon once, so small b.N understate the rate:
// use -benchtime 3000x or more. The 100,000-document figures come from the
// binary:
//
//	attache gen --n 100000 --seed 1 --out corpus.jsonl
//	time attache ingest --db bench.db corpus.jsonl
func BenchmarkIngestSQLite(b *testing.B) {
	dir := b.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	writeCorpus(b, corpus, 1, b.N)
	db := filepath.Join(dir, "bench.db")
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	b.ResetTimer()
	code := run(context.Background(), e, []string{"ingest", "--db", db, corpus})
	b.StopTimer()
	if code != 0 {
		b.Fatalf("ingest: exit code %d", code)
	}
	st := storeStats(b, db)
	var size int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(db + suffix); err == nil {
			size += fi.Size()
		}
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/sec, "docs/s")
	b.ReportMetric(float64(st.Sentences)/sec, "sentences/s")
	b.ReportMetric(float64(size)/float64(max(st.Documents, 1)), "dbbytes/doc")
}
