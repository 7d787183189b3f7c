// Package postgres is the shared event store: an attache.EventStore and
// attache.Maintainer on PostgreSQL (github.com/jackc/pgx/v5), for when
// several users, processes or machines work on one store. It has the
// semantics of the SQLite store (package sqlite): idempotent saves by
// content hash, one at a time or in batches, near-duplicate documents found
// by SimHash, the same filters, date precision, paging and limits, dyad and
// facet counts, and full-text search over folded sentences, here through a
// tsvector column and the 'simple' configuration.
//
// The schema lives in migrations/*.sql, compiled into the binary and applied
// in order when a store is opened, each with its Go step if it has one
// (goSteps); the schema_version table records which ones a database has,
// as in the SQLite store. Tables go into the first schema of the
// connection's search_path, so one database can hold several stores
// (search_path=NAME in the connection string).
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"attache"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// ConnectTimeout bounds connecting to the server when the connection string
// sets no connect_timeout: a server that does not answer gives an error in
// this time rather than hanging.
const ConnectTimeout = 5 * time.Second

//go:embed migrations/*.sql
var migrations embed.FS

// Store is an attache.EventStore in one PostgreSQL database (or one schema
// of it). It is safe for concurrent use, and any number of processes may
// share the database.
type Store struct {
	pool   *pgxpool.Pool
	server string // "host:port/database", for messages; never the password

	// Now stamps documents.stored_at; nil means time.Now.
	Now func() time.Time
}

var (
	_ attache.EventStore = (*Store)(nil)
	_ attache.Maintainer = (*Store)(nil)
)

// Open connects to the PostgreSQL database dsn names and brings its schema
// up to date. dsn is a URL (postgres://user:password@host:port/db?…) or a
// keyword/value string (host=… dbname=…), as libpq takes; unset parts come
// from the PG* environment variables and libpq's defaults.
//
// A server that does not answer within the connection string's
// connect_timeout, or ConnectTimeout when it sets none, gives an error that
// names the host and port. No error Open returns contains the password.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if err := checkUserinfo(dsn); err != nil {
		return nil, fmt.Errorf("open store: bad PostgreSQL connection string: %w", err)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open store: bad PostgreSQL connection string: %w", parseReason(err, passwordOf(dsn)))
	}
	cc := cfg.ConnConfig
	if cc.ConnectTimeout <= 0 {
		cc.ConnectTimeout = ConnectTimeout
	}
	s := &Store{server: serverOf(cc.Config)}
	fail := func(what string, err error) error {
		return fmt.Errorf("open store: PostgreSQL at %s: %s: %w", s.server, what, scrub(err, cc.Password))
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fail("cannot connect", err)
	}
	s.pool = pool
	// The pool connects lazily: connect now, so that a bad address or
	// password shows here and not at the first save. pgx gives each server
	// address the string lists ConnectTimeout; so does this.
	pingCtx, cancel := context.WithTimeout(ctx, cc.ConnectTimeout*time.Duration(servers(cc.Config)))
	err = pool.Ping(pingCtx)
	cancel()
	if err != nil {
		pool.Close()
		what := "cannot connect"
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			what = fmt.Sprintf("no answer within %s", cc.ConnectTimeout)
		}
		return nil, fail(what, err)
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fail("schema", s.fail(err))
	}
	return s, nil
}

// serverOf names the server a configuration connects to: host:port/db (a
// Unix socket directory shows as the host).
func serverOf(c pgconn.Config) string {
	addr := net.JoinHostPort(c.Host, strconv.Itoa(int(c.Port)))
	if strings.HasPrefix(c.Host, "/") {
		addr = c.Host + ":" + strconv.Itoa(int(c.Port))
	}
	return addr + "/" + c.Database
}

// servers counts the distinct host:port pairs a configuration tries (its
// fallbacks also list TLS and plain-text variants of one server).
func servers(c pgconn.Config) int {
	seen := map[string]bool{net.JoinHostPort(c.Host, strconv.Itoa(int(c.Port))): true}
	for _, fb := range c.Fallbacks {
		seen[net.JoinHostPort(fb.Host, strconv.Itoa(int(fb.Port)))] = true
	}
	return len(seen)
}

// checkUserinfo refuses a URL whose user name or password holds a raw '@':
// parsers split such a URL at one '@' or another, and a part of the
// password would be taken for the host name and shown in messages.
func checkUserinfo(dsn string) error {
	_, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return nil
	}
	if q := strings.IndexByte(rest, '?'); q >= 0 {
		rest = rest[:q]
	}
	if strings.Count(rest, "@") > 1 {
		return errors.New("more than one '@' before the host name: write an '@' in the user name or password as %40")
	}
	return nil
}

// parseReason keeps the reason of a parse error and drops the connection
// string pgconn quotes in it (with the password masked, but the rest of a
// malformed string can still hold parts of it).
func parseReason(err error, password string) error {
	msg := err.Error()
	if i := strings.LastIndex(msg, "`: "); i >= 0 {
		msg = msg[i+3:]
	}
	// The reason no longer quotes the string; a very short password found
	// in it ("p" in "invalid port") is a coincidence, not a leak.
	if len(password) >= 4 && strings.Contains(msg, password) {
		msg = strings.ReplaceAll(msg, password, "xxxxx")
	}
	return &scrubbed{msg: msg, err: err}
}

// passwordOf digs the password out of a connection string that pgx could
// not parse, so that it can be kept out of the error: the userinfo of a URL,
// or a password=… keyword.
func passwordOf(dsn string) string {
	if _, rest, ok := strings.Cut(dsn, "://"); ok {
		userinfo, _, ok := strings.Cut(rest, "@")
		if !ok {
			return ""
		}
		_, pw, _ := strings.Cut(userinfo, ":")
		return pw
	}
	for f := range strings.FieldsSeq(dsn) {
		if v, ok := strings.CutPrefix(f, "password="); ok {
			return strings.Trim(v, "'")
		}
	}
	return ""
}

// scrubbed is an error whose message has a secret cut out; it still
// unwraps to the original, so errors.Is and errors.As see through it.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// scrub returns err with every occurrence of secret in its message
// replaced by "xxxxx".
func scrub(err error, secret string) error {
	if err == nil || secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return &scrubbed{msg: strings.ReplaceAll(err.Error(), secret, "xxxxx"), err: err}
}

// Server returns host:port/database of the store, for messages.
func (s *Store) Server() string { return s.server }

// Close closes the store's connections, waiting for those in use.
func (s *Store) Close() error {
	s.pool.Close()
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
	err := s.pool.QueryRow(ctx, `SELECT
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

// fail adds to err what the user needs to know about the server: which one
// it is and, for the errors a user can do something about, what they mean.
// Errors of the store as a whole rather than of what was asked (a
// read-only or full server, a missing privilege, a lost connection) are
// marked attache.ErrStoreUnavailable: going on with the next document
// would only fail again.
func (s *Store) fail(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "25006": // read_only_sql_transaction
			return attache.StoreUnavailable(fmt.Errorf("store %s is read-only (a standby, or default_transaction_read_only is on): %w", s.server, err))
		case pe.Code == "42501": // insufficient_privilege
			return attache.StoreUnavailable(fmt.Errorf("store %s: the role lacks a privilege this needs (see the message): %w", s.server, err))
		case pe.Code == "53100": // disk_full
			return attache.StoreUnavailable(fmt.Errorf("store %s: the server's disk is full: %w", s.server, err))
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "57P"), strings.HasPrefix(pe.Code, "53"):
			// Connection exceptions, shutdowns, insufficient resources.
			return attache.StoreUnavailable(fmt.Errorf("store %s: %w", s.server, err))
		}
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err // the caller's doing, not the store's
	}
	var (
		ce *pgconn.ConnectError
		ne net.Error
	)
	if errors.As(err, &ce) || pgconn.SafeToRetry(err) || errors.As(err, &ne) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return attache.StoreUnavailable(fmt.Errorf("store %s: %w", s.server, err))
	}
	return err
}

// migration is one schema step: migrations/NNN_name.sql, and the Go step
// of that version, if it has one.
type migration struct {
	version int
	name    string
	up      string
	step    func(context.Context, pgx.Tx) error
}

// goSteps are the migrations' steps that SQL cannot do, by version. Each
// runs after the statements of its file, in the same transaction.
var goSteps = map[int]func(context.Context, pgx.Tx) error{
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
		base := path.Base(name)
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
	if len(ms) == 0 {
		return nil, errors.New("no migrations embedded")
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
// has none), as the SQLite store reads its files.
func upSection(src string) string {
	if _, after, ok := strings.Cut(src, "-- +goose Up"); ok {
		src = after
	}
	if before, _, ok := strings.Cut(src, "-- +goose Down"); ok {
		src = before
	}
	return src
}

// migrateLock is the key of the transaction-level advisory lock that
// serialises schema changes among all processes opening stores on one
// server ("attache" in ASCII).
const migrateLock int64 = 0x61747461636865

// migrate applies the migrations the schema does not have yet. Processes on
// several machines may open a new store at once: the first takes an
// advisory lock and applies everything in one transaction (PostgreSQL's DDL
// is transactional), and the others, once they get the lock, find nothing
// left to do. A schema that is up to date is only read, so a role without
// the right to create tables can open it.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	last := ms[len(ms)-1].version
	current, err := schemaVersion(ctx, s.pool)
	if err != nil {
		return err
	}
	if current > last {
		return fmt.Errorf("schema version %d is newer than this program knows (%d): use a newer attache", current, last)
	}
	if current == last {
		return nil
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLock); err != nil {
			return fmt.Errorf("lock for migrating: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TIMESTAMPTZ NOT NULL
		)`); err != nil {
			return fmt.Errorf("create schema_version: %w", err)
		}
		// Read again under the lock: another process may have migrated.
		current, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if current > last {
			return fmt.Errorf("schema version %d is newer than this program knows (%d): use a newer attache", current, last)
		}
		for _, m := range ms {
			if m.version <= current {
				continue
			}
			if _, err := tx.Exec(ctx, m.up); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if m.step != nil {
				if err := m.step(ctx, tx); err != nil {
					return fmt.Errorf("migration %s: %w", m.name, err)
				}
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.version, m.name, s.now().UTC()); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		return nil
	})
}

// querier is what pgxpool.Pool and pgx.Tx have in common here.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// schemaVersion returns the highest applied migration, 0 for a new schema.
func schemaVersion(ctx context.Context, q querier) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, `SELECT to_regclass('schema_version') IS NOT NULL`).Scan(&exists); err != nil || !exists {
		return 0, err
	}
	var v *int
	if err := q.QueryRow(ctx, `SELECT max(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema_version: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}
