package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"attache"
	"attache/fold"
)

// The statements SaveDocument runs, prepared once per store.
const (
	hasHashSQL     = `SELECT count(*) FROM documents WHERE content_hash = ?`
	insDocumentSQL = `INSERT INTO documents
		(doc, content_hash, publisher, url, title, lang, reference_date, text, coder_version, stored_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (content_hash) DO NOTHING
		RETURNING id`
	insSentenceSQL = `INSERT INTO sentences
		(document_id, idx, span_start, span_end, text, headline) VALUES (?, ?, ?, ?, ?, ?)`
	indexSentenceSQL = `INSERT INTO sentences_fts (rowid, folded) VALUES (?, ?)`
	insEventSQL      = `INSERT INTO events (
		event_id, document_id, sentence,
		src_text, src_code, src_country, src_sector, src_person, src_role, src_start, src_end,
		tgt_text, tgt_code, tgt_country, tgt_sector, tgt_person, tgt_role, tgt_start, tgt_end,
		cameo, root, plover, quad, goldstein, event_date, date_precision, place, mode, confidence,
		evidence_start, evidence_end, evidence_text, rule)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insFactSQL = `INSERT INTO facts (
		document_id, idx, kind, parties, title, fact_date, period, value, currency,
		qualifier, percent, basis, level, status, evidence)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

// statements are the prepared statements of a store.
type statements struct {
	hasHash, insDocument, insSentence, indexSentence, insEvent, insFact *sql.Stmt
}

func (st *statements) prepare(ctx context.Context, db *sql.DB) error {
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&st.hasHash, hasHashSQL}, {&st.insDocument, insDocumentSQL}, {&st.insSentence, insSentenceSQL},
		{&st.indexSentence, indexSentenceSQL}, {&st.insEvent, insEventSQL}, {&st.insFact, insFactSQL},
	} {
		stmt, err := db.PrepareContext(ctx, p.sql)
		if err != nil {
			st.close()
			return fmt.Errorf("prepare %.40q: %w", p.sql, err)
		}
		*p.stmt = stmt
	}
	return nil
}

func (st *statements) close() {
	for _, stmt := range []*sql.Stmt{st.hasHash, st.insDocument, st.insSentence, st.indexSentence, st.insEvent, st.insFact} {
		if stmt != nil {
			stmt.Close()
		}
	}
}

// SaveDocument stores d with its sentences, events and facts in one
// transaction: either all of it is stored or none. A document whose text
// (content hash) is stored already is left as it is and New is false.
//
// Events with an empty ID are stored as "<doc>#<n>", n their position in
// d.Events, the form the coder gives. d is not modified.
func (s *Store) SaveDocument(ctx context.Context, d *attache.Document, coderVersion string) (attache.SaveResult, error) {
	res, err := s.save(ctx, d, coderVersion)
	if err != nil {
		return attache.SaveResult{}, fmt.Errorf("save document %s: %w", d.ID, s.fail(err))
	}
	return res, nil
}

func (s *Store) save(ctx context.Context, d *attache.Document, coderVersion string) (attache.SaveResult, error) {
	hash := attache.ContentHash(d.Text)
	// A cheap look first: re-ingesting a corpus mostly meets documents it
	// has, and this needs no write lock.
	var n int
	if err := s.stmts.hasHash.QueryRowContext(ctx, hash).Scan(&n); err != nil {
		return attache.SaveResult{}, fmt.Errorf("look up content hash: %w", err)
	}
	if n > 0 {
		return attache.SaveResult{New: false}, nil
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return attache.SaveResult{}, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()

	// Another writer may have stored the same text since the look above;
	// the unique content hash settles it inside the transaction.
	var docID int64
	err = tx.StmtContext(ctx, s.stmts.insDocument).QueryRowContext(ctx,
		d.ID, hash, d.Publisher, d.URL, d.Title, d.Lang, d.RefDate.String(), d.Text, coderVersion,
		s.now().UTC().Format(time.RFC3339)).Scan(&docID)
	if errors.Is(err, sql.ErrNoRows) {
		return attache.SaveResult{New: false}, nil
	}
	if err != nil {
		return attache.SaveResult{}, fmt.Errorf("insert document: %w", err)
	}

	if err := s.insertSentences(ctx, tx, docID, d); err != nil {
		return attache.SaveResult{}, err
	}
	if err := s.insertEvents(ctx, tx, docID, d); err != nil {
		return attache.SaveResult{}, err
	}
	if err := s.insertFacts(ctx, tx, docID, d); err != nil {
		return attache.SaveResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return attache.SaveResult{}, fmt.Errorf("commit: %w", err)
	}
	return attache.SaveResult{New: true, Events: len(d.Events), Facts: len(d.Facts)}, nil
}

func (s *Store) insertSentences(ctx context.Context, tx *sql.Tx, docID int64, d *attache.Document) error {
	if len(d.Sentences) == 0 {
		return nil
	}
	ins := tx.StmtContext(ctx, s.stmts.insSentence)
	fts := tx.StmtContext(ctx, s.stmts.indexSentence)
	for _, sn := range d.Sentences {
		if sn.Start < 0 || sn.End < sn.Start || sn.End > len(d.Text) {
			return fmt.Errorf("sentence %d: span %d-%d outside the text (%d bytes)", sn.Index, sn.Start, sn.End, len(d.Text))
		}
		text := d.Slice(sn.Span)
		r, err := ins.ExecContext(ctx, docID, sn.Index, sn.Start, sn.End, text, sn.Headline)
		if err != nil {
			return fmt.Errorf("insert sentence %d: %w", sn.Index, err)
		}
		id, err := r.LastInsertId()
		if err != nil {
			return fmt.Errorf("insert sentence %d: %w", sn.Index, err)
		}
		if _, err := fts.ExecContext(ctx, id, fold.String(text)); err != nil {
			return fmt.Errorf("index sentence %d: %w", sn.Index, err)
		}
	}
	return nil
}

func (s *Store) insertEvents(ctx context.Context, tx *sql.Tx, docID int64, d *attache.Document) error {
	if len(d.Events) == 0 {
		return nil
	}
	ins := tx.StmtContext(ctx, s.stmts.insEvent)
	for i := range d.Events {
		e := &d.Events[i]
		id := e.ID
		if id == "" {
			id = fmt.Sprintf("%s#%d", d.ID, i)
		}
		root := e.Root
		if root == "" {
			root = e.Code.Root()
		}
		prec := e.DatePrecision
		if prec == "" {
			prec = e.Date.Precision().String()
		}
		place, err := jsonOrNull(e.Place)
		if err != nil {
			return fmt.Errorf("event %s: place: %w", id, err)
		}
		args := []any{id, docID, e.Sentence}
		args = appendActor(args, &e.Source)
		args = appendActor(args, &e.Target)
		args = append(args, string(e.Code), string(root), e.Plover, e.Quad, e.Goldstein,
			e.Date.String(), prec, place, e.Mode.String(), e.Confidence,
			e.Evidence.Start, e.Evidence.End, e.Evidence.Text, e.Rule)
		if _, err := ins.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("insert event %s: %w", id, err)
		}
	}
	return nil
}

func appendActor(args []any, a *attache.Actor) []any {
	var start, end sql.NullInt64
	if a.Span != nil {
		start = sql.NullInt64{Int64: int64(a.Span.Start), Valid: true}
		end = sql.NullInt64{Int64: int64(a.Span.End), Valid: true}
	}
	return append(args, a.Text, a.Code, string(a.Country), string(a.Sector), a.Person, a.Role, start, end)
}

func (s *Store) insertFacts(ctx context.Context, tx *sql.Tx, docID int64, d *attache.Document) error {
	if len(d.Facts) == 0 {
		return nil
	}
	ins := tx.StmtContext(ctx, s.stmts.insFact)
	for i, f := range d.Facts {
		parties := slices.Clone(f.Parties)
		slices.Sort(parties)
		parties = slices.Compact(parties)
		if parties == nil {
			parties = []attache.Country{}
		}
		pj, err := json.Marshal(parties)
		if err != nil {
			return fmt.Errorf("fact %d: parties: %w", i, err)
		}
		ev, err := jsonOrNull(f.Evidence)
		if err != nil {
			return fmt.Errorf("fact %d: evidence: %w", i, err)
		}
		if _, err := ins.ExecContext(ctx, docID, i, string(f.Kind), string(pj), f.Title, f.Date.String(),
			f.Period, f.Value, f.Currency, f.Qualifier, f.Percent, f.Basis, f.Level, f.Status, ev); err != nil {
			return fmt.Errorf("insert fact %d (%s): %w", i, f.Kind, err)
		}
	}
	return nil
}

// jsonOrNull encodes v as JSON text, or NULL when v is a nil pointer.
func jsonOrNull[T any](v *T) (sql.NullString, error) {
	if v == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return sql.NullString{}, err
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}
