package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

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
	const party = "EXISTS (SELECT 1 FROM json_each(f.parties) p WHERE p.value "
	var w where
	if len(f.Countries) > 0 {
		w.add(party+"IN ("+marks(len(f.Countries))+"))", countryArgs(f.Countries)...)
	}
	for _, c := range f.Dyad {
		if c != "" {
			w.add(party+"= ?)", string(c))
		}
	}
	w.dateRange(factDate, f.Since, f.Until)
	w.docFilter(f)
	q := `SELECT d.doc, d.publisher, d.url, f.kind, f.parties, f.title, f.fact_date, f.period,
		f.value, f.currency, f.qualifier, f.percent, f.basis, f.level, f.status, f.evidence
	FROM facts f
	JOIN documents d ON d.id = f.document_id
	` + w.String() + `
	ORDER BY ` + factDate + ` DESC, f.id DESC
	LIMIT ?`
	rows, err := s.db.QueryContext(ctx, q, append(w.args, storekit.Limit(f))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var facts []attache.StoredFact
	for rows.Next() {
		var (
			sf            attache.StoredFact
			parties, date string
			evidence      sql.NullString
		)
		err := rows.Scan(&sf.Doc, &sf.Publisher, &sf.URL, &sf.Kind, &parties, &sf.Title, &date, &sf.Period,
			&sf.Value, &sf.Currency, &sf.Qualifier, &sf.Percent, &sf.Basis, &sf.Level, &sf.Status, &evidence)
		if err != nil {
			return nil, fmt.Errorf("read fact: %w", err)
		}
		if err := json.Unmarshal([]byte(parties), &sf.Parties); err != nil {
			return nil, fmt.Errorf("document %s: fact parties: %w", sf.Doc, err)
		}
		if sf.Date, err = attache.ParseDate(date); err != nil {
			return nil, fmt.Errorf("document %s: fact date: %w", sf.Doc, err)
		}
		if evidence.Valid {
			sf.Evidence = new(attache.Evidence)
			if err := json.Unmarshal([]byte(evidence.String), sf.Evidence); err != nil {
				return nil, fmt.Errorf("document %s: fact evidence: %w", sf.Doc, err)
			}
		}
		facts = append(facts, sf)
	}
	return facts, rows.Err()
}
