package postgres

import (
	"context"
	"fmt"
	"slices"

	"attache"
	"attache/storekit"

	"github.com/jackc/pgx/v5"
)

// factDate is the date a fact is filtered and listed by: its own date, or
// its document's reference date when the text gives none (a partnership
// level, a trade figure "this year"). Both columns have the "C" collation,
// and so has this.
const factDate = "(CASE WHEN f.fact_date <> '' THEN f.fact_date ELSE d.reference_date END)"

// FindFacts returns the facts matching f, newest first: Countries (any
// party), Dyad (both parties), Since/Until (the fact's date, or its
// document's reference date when it has none), Publisher and Doc. Codes,
// Text and Cursor do not apply to facts; Limit does.
func (s *Store) FindFacts(ctx context.Context, f attache.EventFilter) ([]attache.StoredFact, error) {
	facts, err := s.findFacts(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("find facts: %w", s.fail(err))
	}
	return facts, nil
}

func (s *Store) findFacts(ctx context.Context, f attache.EventFilter) ([]attache.StoredFact, error) {
	// Parties are looked up in fact_parties, by its (country, fact_id)
	// index.
	var w where
	if len(f.Countries) > 0 {
		w.add("EXISTS (SELECT 1 FROM fact_parties p WHERE p.fact_id = f.id AND p.country = ANY(" +
			w.arg(countryArgs(f.Countries)) + "::text[]))")
	}
	var dyad []string
	for _, c := range f.Dyad {
		if c != "" && !slices.Contains(dyad, string(c)) {
			dyad = append(dyad, string(c))
		}
	}
	switch {
	case len(dyad) == 0:
	case len(countryArgs(f.Dyad[:])) < len(f.Dyad):
		w.never() // a country no fact can name
	default:
		for _, c := range dyad {
			w.add("EXISTS (SELECT 1 FROM fact_parties p WHERE p.fact_id = f.id AND p.country = " + w.arg(c) + ")")
		}
	}
	w.dateRange(factDate, f.Since, f.Until)
	w.docFilter(f)
	q := `SELECT ` + factColumns + `
	FROM facts f
	JOIN documents d ON d.id = f.document_id
	` + w.String() + `
	ORDER BY ` + factDate + ` DESC, f.id DESC
	LIMIT ` + w.arg(storekit.Limit(f))
	rows, err := s.pool.Query(ctx, q, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var facts []attache.StoredFact
	for rows.Next() {
		sf, err := scanFact(rows)
		if err != nil {
			return nil, err
		}
		facts = append(facts, sf)
	}
	return facts, rows.Err()
}

// factColumns are what scanFact reads: the columns of the facts f and
// their documents d.
const factColumns = `d.doc, d.publisher, d.url, f.kind, f.parties, f.title, f.fact_date, f.period,
	f.value, f.currency, f.qualifier, f.percent, f.basis, f.level, f.status, f.evidence`

func scanFact(rows pgx.Rows) (attache.StoredFact, error) {
	var (
		sf   attache.StoredFact
		date string
	)
	err := rows.Scan(&sf.Doc, &sf.Publisher, &sf.URL, &sf.Kind, &sf.Parties, &sf.Title, &date, &sf.Period,
		&sf.Value, &sf.Currency, &sf.Qualifier, &sf.Percent, &sf.Basis, &sf.Level, &sf.Status, &sf.Evidence)
	if err != nil {
		return sf, fmt.Errorf("read fact: %w", err)
	}
	if sf.Date, err = attache.ParseDate(date); err != nil {
		return sf, fmt.Errorf("document %s: fact date: %w", sf.Doc, err)
	}
	return sf, nil
}
