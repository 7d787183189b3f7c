package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"attache"
	"attache/postgres"
	"attache/sqlite"
)

// defaultDB is the embedded database used when neither --db nor
// $ATTACHE_DB names one.
const defaultDB = "attache.db"

// dbFlag adds --db to a command.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "", "database: a SQLite `PATH` (default $ATTACHE_DB, else ./attache.db)")
}

// openStore opens the store a command works on.
func openStore(ctx context.Context, path string) (attache.EventStore, error) {
	if path == "" {
		path = os.Getenv("ATTACHE_DB")
	}
	if path == "" {
		path = defaultDB
	}
	if strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://") {
		st, err := postgres.Open(ctx, path)
		if err != nil {
			return nil, err
		}
		return st, nil
	}
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	return st, nil
}

// parseCountryPair reads "VNM-UZB" or two arguments.
func parseCountryPair(s string) ([2]attache.Country, error) {
	a, b, ok := strings.Cut(strings.ToUpper(s), "-")
	if !ok || a == "" || b == "" {
		return [2]attache.Country{}, fmt.Errorf("dyad %q: want two codes joined by '-', such as VNM-UZB", s)
	}
	return [2]attache.Country{attache.Country(a), attache.Country(b)}, nil
}

// isTerminal reports whether f is a terminal, for progress output.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
