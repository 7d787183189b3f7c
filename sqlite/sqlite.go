// Package sqlite is the embedded event store: an attache.EventStore on
// SQLite (modernc.org/sqlite, pure Go), with full-text search over story
// sentences through FTS5.
//
// The schema lives in migrations/*.sql, compiled into the binary and applied
// in order when a store is opened, each with its Go step if it has one
// (goSteps); the schema_version table records which ones a database has.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"attache"

	modernc "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// BusyTimeout is how long a statement waits for another connection's (or
// process's) write lock before giving up with "database is locked".
const BusyTimeout = 10 * time.Second

//go:embed migrations/*.sql
var migrations embed.FS

// Store is an attache.EventStore in one SQLite database. It is safe for
// concurrent use.
type Store struct {
	db    *sql.DB
	path  string
	stmts statements

	// Now stamps documents.stored_at; nil means time.Now.
	Now func() time.Time
}

var (
	_ attache.EventStore = (*Store)(nil)
	_ attache.Maintainer = (*Store)(nil)
)

// Open opens the store at path, creating it if needed, and brings its
// schema up to date. path is a file name or ":memory:" for a private
// in-memory database. Files use WAL journaling; every connection has
// foreign keys on and a busy timeout.
//
// A file that is not an SQLite database, or is damaged, gives an error that
// names it. A file the process may not write opens for reading; saving to
// it fails with an error saying the store is read-only.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("open store: empty path (want a file name or :memory:)")
	}
	memory := path == ":memory:"
	params := url.Values{}
	params.Add("_pragma", "foreign_keys(1)")
	params.Add("_pragma", "busy_timeout("+strconv.FormatInt(BusyTimeout.Milliseconds(), 10)+")")
	// Writers take the write lock when they begin, so two writers queue on
	// the busy timeout instead of one failing on a lock upgrade.
	params.Set("_txlock", "immediate")
	var dsn string
	if memory {
		dsn = ":memory:?" + params.Encode()
	} else {
		params.Add("_pragma", "journal_mode(WAL)")
		params.Add("_pragma", "synchronous(NORMAL)")
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
		dsn = "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + params.Encode()
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if memory {
		// Each connection to ":memory:" is a database of its own: keep one.
		db.SetMaxOpenConns(1)
	} else {
		n := max(4, runtime.GOMAXPROCS(0))
		db.SetMaxOpenConns(n)
		db.SetMaxIdleConns(n)
	}
	s := &Store{db: db, path: path}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, explain(err))
	}
	if err := s.stmts.prepare(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, explain(err))
	}
	return s, nil
}

// Path returns the path the store was opened with.
func (s *Store) Path() string { return s.path }

// Close closes the database, first letting SQLite refresh the statistics
// its query planner uses (PRAGMA optimize; a no-op when nothing changed).
func (s *Store) Close() error {
	// Best effort: a read-only store cannot save statistics, and that is
	// no reason to fail closing it.
	_, _ = s.db.Exec(`PRAGMA optimize`)
	s.stmts.close()
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	return nil
}

func (s *Store) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Stats counts the documents, sentences, events and facts in the store.
func (s *Store) Stats(ctx context.Context) (attache.StoreStats, error) {
	var st attache.StoreStats
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM documents),
		(SELECT count(*) FROM sentences),
		(SELECT count(*) FROM events),
		(SELECT count(*) FROM facts)`).
		Scan(&st.Documents, &st.Sentences, &st.Events, &st.Facts)
	if err != nil {
		return st, fmt.Errorf("store stats: %w", s.fail(err))
	}
	return st, nil
}

// fail adds to err what the user needs to know about the store file: its
// path and, for the errors a user can do something about, what they mean.
func (s *Store) fail(err error) error {
	var se *modernc.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_READONLY:
		return attache.StoreUnavailable(fmt.Errorf("store %s is read-only (check the permissions of the file and its directory): %w", s.path, err))
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return attache.StoreUnavailable(fmt.Errorf("store %s is damaged or not an SQLite database: %w", s.path, err))
	case sqlite3.SQLITE_FULL:
		return attache.StoreUnavailable(fmt.Errorf("store %s: the disk is full (free some space, then run the same command again): %w", s.path, err))
	case sqlite3.SQLITE_IOERR:
		// A write cut short by a full disk or a file-size limit (ulimit -f)
		// shows up as a plain I/O error.
		return attache.StoreUnavailable(fmt.Errorf("store %s could not be written (a full disk, a file-size limit, or a failing disk?): %w", s.path, err))
	case sqlite3.SQLITE_CANTOPEN:
		return attache.StoreUnavailable(fmt.Errorf("store %s: %w", s.path, err))
	}
	return err
}

// explain is fail for errors met while opening, where the caller already
// names the path.
func explain(err error) error {
	var se *modernc.Error
	if !errors.As(err, &se) {
		return err
	}
	if se.Code() == sqlite3.SQLITE_READONLY_DIRECTORY {
		return fmt.Errorf("its directory is read-only, and SQLite needs to create the -wal and -shm files there: %w", err)
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_READONLY:
		return fmt.Errorf("read-only (check the permissions of the file and its directory): %w", err)
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("damaged or not an SQLite database: %w", err)
	case sqlite3.SQLITE_CANTOPEN:
		return fmt.Errorf("cannot open the file or create its -wal and -shm files beside it (check the directory exists and is writable): %w", err)
	}
	return err
}

// migration is one schema step: migrations/NNN_name.sql, and the Go step
// of that version, if it has one.
type migration struct {
	version int
	name    string
	up      string
	step    func(context.Context, *sql.Tx) error
}

// goSteps are the migrations' steps that SQL cannot do, by version. Each
// runs after the statements of its file, in the same transaction.
var goSteps = map[int]func(context.Context, *sql.Tx) error{
	3: backfillFingerprints,
}

// loadMigrations reads the embedded migration files in version order.
func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := filepath.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must be NNN_what.sql", base)
		}
		b, err := migrations.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", base, err)
		}
		ms = append(ms, migration{version: v, name: base, up: upSection(string(b)), step: goSteps[v]})
	}
	slices.SortFunc(ms, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s have the same version", ms[i-1].name, ms[i].name)
		}
	}
	for v := range goSteps {
		if !slices.ContainsFunc(ms, func(m migration) bool { return m.version == v }) {
			return nil, fmt.Errorf("migration %d has a Go step but no file", v)
		}
	}
	return ms, nil
}

// upSection returns the statements of a migration file between the goose
// annotations "-- +goose Up" and "-- +goose Down" (the whole file when it
// has none), so the PostgreSQL store can run the same files with goose.
func upSection(src string) string {
	if _, after, ok := strings.Cut(src, "-- +goose Up"); ok {
		src = after
	}
	if before, _, ok := strings.Cut(src, "-- +goose Down"); ok {
		src = before
	}
	return src
}

// migrate applies the migrations the database does not have yet, each in a
// transaction of its own together with its schema_version row.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	// Read first, so that a current database opened read-only needs no
	// write at all.
	current, err := s.schemaVersion(ctx)
	if err != nil {
		return err
	}
	if last := ms[len(ms)-1].version; current > last {
		return fmt.Errorf("schema version %d is newer than this program knows (%d): use a newer attache", current, last)
	}
	if current == ms[len(ms)-1].version {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	for _, m := range ms {
		if err := s.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// schemaVersion returns the highest applied migration, 0 for a new database.
func (s *Store) schemaVersion(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).Scan(&n)
	if err != nil || n == 0 {
		return 0, err
	}
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT max(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema_version: %w", err)
	}
	return int(v.Int64), nil
}

// apply runs one migration unless another connection (or process) applied
// it first: the check and the change share a write transaction.
func (s *Store) apply(ctx context.Context, m migration) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_version WHERE version = ?`, m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.up); err != nil {
		return err
	}
	if m.step != nil {
		if err := m.step(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, s.now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}
