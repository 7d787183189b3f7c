package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"attache"
	"attache/storekit"
)

// factDate is the date a fact is filtered and listed by: its own date, or
// its document's reference date when the text gives none (a partnership
// level, a trade figure "this year").
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
	// Parties are looked up in fact_parties by its country index, not by
	// decoding every fact's JSON array. The facts having all the parties
	// asked for are an INTERSECT of one list per condition, so that a
	// common party (VNM in a Vietnamese corpus) does not drive the query.
	var (
		parts []string
		args  []any
	)
	if len(f.Countries) > 0 {
		parts = append(parts, "SELECT fact_id FROM fact_parties WHERE country IN ("+marks(len(f.Countries))+")")
		args = append(args, countryArgs(f.Countries)...)
	}
	for _, c := range f.Dyad {
		if c != "" {
			parts = append(parts, "SELECT fact_id FROM fact_parties WHERE country = ?")
			args = append(args, string(c))
		}
	}
	var w where
	if len(parts) > 0 {
		w.add("f.id IN ("+strings.Join(parts, " INTERSECT ")+")", args...)
	}
	w.dateRange(factDate, f.Since, f.Until)
	w.docFilter(f)
	// Sort the keys first, then read the wide rows of the page.
	q := `SELECT ` + factColumns + `
	FROM (
		SELECT f.id, ` + factDate + ` AS date
		FROM facts f
		JOIN documents d ON d.id = f.document_id
		` + w.String() + `
		ORDER BY date DESC, f.id DESC
		LIMIT ?
	) page
	JOIN facts f ON f.id = page.id
	JOIN documents d ON d.id = f.document_id
	ORDER BY page.date DESC, page.id DESC`
	rows, err := s.db.QueryContext(ctx, q, append(w.args, storekit.Limit(f))...)
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

// factColumns are the columns scanFact reads, of the fact f and its
// document d.
const factColumns = `d.doc, d.publisher, d.url, f.kind, f.parties, f.title, f.fact_date, f.period,
		f.value, f.currency, f.qualifier, f.percent, f.basis, f.level, f.status, f.evidence`

func scanFact(rows *sql.Rows) (attache.StoredFact, error) {
	var (
		sf            attache.StoredFact
		parties, date string
		evidence      sql.NullString
	)
	err := rows.Scan(&sf.Doc, &sf.Publisher, &sf.URL, &sf.Kind, &parties, &sf.Title, &date, &sf.Period,
		&sf.Value, &sf.Currency, &sf.Qualifier, &sf.Percent, &sf.Basis, &sf.Level, &sf.Status, &evidence)
	if err != nil {
		return sf, fmt.Errorf("read fact: %w", err)
	}
	if err := json.Unmarshal([]byte(parties), &sf.Parties); err != nil {
		return sf, fmt.Errorf("document %s: fact parties: %w", sf.Doc, err)
	}
	if sf.Date, err = attache.ParseDate(date); err != nil {
		return sf, fmt.Errorf("document %s: fact date: %w", sf.Doc, err)
	}
	if evidence.Valid {
		sf.Evidence = new(attache.Evidence)
		if err := json.Unmarshal([]byte(evidence.String), sf.Evidence); err != nil {
			return sf, fmt.Errorf("document %s: fact evidence: %w", sf.Doc, err)
		}
	}
	return sf, nil
}
