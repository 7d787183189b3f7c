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

// The statements SaveDocuments runs, prepared once per store.
const (
	hasHashSQL     = `SELECT count(*) FROM documents WHERE content_hash = ?`
	insDocumentSQL = `INSERT INTO documents
		(doc, content_hash, publisher, url, title, lang, reference_date, text, coder_version, stored_at,
		fingerprint, fp_band0, fp_band1, fp_band2, fp_band3)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
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
	insFactPartySQL = `INSERT INTO fact_parties (fact_id, country) VALUES (?, ?)`
)

// statements are the prepared statements of a store.
type statements struct {
	hasHash *sql.Stmt
	// The writes of a save.
	coding
}

// coding are the statements that write a document and its coding; in a
// transaction, they are the store's statements bound to it (coding.in).
type coding struct {
	insDocument, insSentence, indexSentence, insEvent, insFact, insFactParty *sql.Stmt
	nearCandidates, insNearDuplicate                                         *sql.Stmt
}

// list pairs each statement with its SQL.
func (st *statements) list() []struct {
	stmt **sql.Stmt
	sql  string
} {
	return []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&st.hasHash, hasHashSQL}, {&st.insDocument, insDocumentSQL}, {&st.insSentence, insSentenceSQL},
		{&st.indexSentence, indexSentenceSQL}, {&st.insEvent, insEventSQL}, {&st.insFact, insFactSQL},
		{&st.insFactParty, insFactPartySQL}, {&st.nearCandidates, nearCandidatesSQL},
		{&st.insNearDuplicate, insNearDuplicateSQL},
	}
}

func (st *statements) prepare(ctx context.Context, db *sql.DB) error {
	for _, p := range st.list() {
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
	for _, p := range st.list() {
		if *p.stmt != nil {
			(*p.stmt).Close()
		}
	}
}

// in returns the statements bound to tx.
func (c *coding) in(ctx context.Context, tx *sql.Tx) *coding {
	return &coding{
		insDocument:      tx.StmtContext(ctx, c.insDocument),
		insSentence:      tx.StmtContext(ctx, c.insSentence),
		indexSentence:    tx.StmtContext(ctx, c.indexSentence),
		insEvent:         tx.StmtContext(ctx, c.insEvent),
		insFact:          tx.StmtContext(ctx, c.insFact),
		insFactParty:     tx.StmtContext(ctx, c.insFactParty),
		nearCandidates:   tx.StmtContext(ctx, c.nearCandidates),
		insNearDuplicate: tx.StmtContext(ctx, c.insNearDuplicate),
	}
}

// SaveDocument stores d with its sentences, events and facts in one
// transaction: either all of it is stored or none. A document whose text
// (content hash) is stored already is left as it is and New is false. It
// is SaveDocuments of one document.
func (s *Store) SaveDocument(ctx context.Context, d *attache.Document, coderVersion string) (attache.SaveResult, error) {
	res, err := s.SaveDocuments(ctx, []*attache.Document{d}, coderVersion)
	if err != nil {
		return attache.SaveResult{}, err
	}
	return res[0], nil
}

// SaveDocuments stores docs with their sentences, events and facts in one
// transaction, and returns what it did with each, in order. A document
// whose text (content hash) is stored already, or that repeats an earlier
// document of docs, is not stored again: New is false and Events and Facts
// are 0. Each new document is linked to the stored documents whose text is
// a near-duplicate of its own (see Document), those of the same batch
// included.
//
// On error nothing of the batch is stored, and the error names the
// document that failed. Events with an empty ID are stored as "<doc>#<n>",
// n their position in d.Events, the form the coder gives. The documents
// are not modified.
func (s *Store) SaveDocuments(ctx context.Context, docs []*attache.Document, coderVersion string) ([]attache.SaveResult, error) {
	for i, d := range docs {
		if d == nil {
			return nil, fmt.Errorf("save documents: document %d of %d is nil", i+1, len(docs))
		}
	}
	res, failed, err := s.save(ctx, docs, coderVersion)
	if err == nil {
		return res, nil
	}
	err = s.fail(err)
	switch {
	case len(docs) == 1:
		return nil, fmt.Errorf("save document %s: %w", docs[0].ID, err)
	case failed >= 0:
		return nil, fmt.Errorf("save documents (batch of %d, none saved): document %s (%d of the batch): %w",
			len(docs), docs[failed].ID, failed+1, err)
	default:
		return nil, fmt.Errorf("save documents (batch of %d, none saved): %w", len(docs), err)
	}
}

// save does the work of SaveDocuments. On error it also returns the index
// of the document that failed, -1 when the error is not about one.
func (s *Store) save(ctx context.Context, docs []*attache.Document, coderVersion string) ([]attache.SaveResult, int, error) {
	results := make([]attache.SaveResult, len(docs))
	hashes := make([]string, len(docs))
	insert := make([]bool, len(docs))
	seen := make(map[string]bool, len(docs))
	n := 0
	for i, d := range docs {
		h := attache.ContentHash(d.Text)
		hashes[i] = h
		if seen[h] {
			continue
		}
		seen[h] = true
		// A cheap look first: re-ingesting a corpus mostly meets documents
		// it has, and this needs no write lock.
		var stored int
		if err := s.stmts.hasHash.QueryRowContext(ctx, h).Scan(&stored); err != nil {
			return nil, i, fmt.Errorf("look up content hash: %w", err)
		}
		if stored == 0 {
			insert[i] = true
			n++
		}
	}
	if n == 0 {
		return results, -1, nil
	}

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, -1, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	st := s.stmts.in(ctx, tx)
	now := s.now().UTC().Format(time.RFC3339)
	for i, d := range docs {
		if !insert[i] {
			continue
		}
		if results[i], err = st.insert(ctx, d, hashes[i], coderVersion, now); err != nil {
			return nil, i, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, -1, fmt.Errorf("commit: %w", err)
	}
	return results, -1, nil
}

// insert stores one document of content hash hash and links it to its
// near-duplicates.
func (st *coding) insert(ctx context.Context, d *attache.Document, hash, coderVersion, now string) (attache.SaveResult, error) {
	fp := fingerprintOf(d.Text)
	// Another writer may have stored the same text since the look before
	// the transaction; the unique content hash settles it here.
	var docID int64
	args := append([]any{d.ID, hash, d.Publisher, d.URL, d.Title, d.Lang, d.RefDate.String(), d.Text,
		coderVersion, now}, fp.args()...)
	err := st.insDocument.QueryRowContext(ctx, args...).Scan(&docID)
	if errors.Is(err, sql.ErrNoRows) {
		return attache.SaveResult{New: false}, nil
	}
	if err != nil {
		return attache.SaveResult{}, fmt.Errorf("insert document: %w", err)
	}
	if err := st.insertCoding(ctx, docID, d); err != nil {
		return attache.SaveResult{}, err
	}
	if err := linkNearDuplicates(ctx, st.nearCandidates, st.insNearDuplicate, docID, fp); err != nil {
		return attache.SaveResult{}, err
	}
	return attache.SaveResult{New: true, Events: len(d.Events), Facts: len(d.Facts)}, nil
}

// insertCoding stores d's sentences, events and facts as those of the
// stored document docID.
func (st *coding) insertCoding(ctx context.Context, docID int64, d *attache.Document) error {
	if err := st.insertSentences(ctx, docID, d); err != nil {
		return err
	}
	if err := st.insertEvents(ctx, docID, d); err != nil {
		return err
	}
	return st.insertFacts(ctx, docID, d)
}

func (st *coding) insertSentences(ctx context.Context, docID int64, d *attache.Document) error {
	for _, sn := range d.Sentences {
		if sn.Start < 0 || sn.End < sn.Start || sn.End > len(d.Text) {
			return fmt.Errorf("sentence %d: span %d-%d outside the text (%d bytes)", sn.Index, sn.Start, sn.End, len(d.Text))
		}
		text := d.Slice(sn.Span)
		r, err := st.insSentence.ExecContext(ctx, docID, sn.Index, sn.Start, sn.End, text, sn.Headline)
		if err != nil {
			return fmt.Errorf("insert sentence %d: %w", sn.Index, err)
		}
		id, err := r.LastInsertId()
		if err != nil {
			return fmt.Errorf("insert sentence %d: %w", sn.Index, err)
		}
		if _, err := st.indexSentence.ExecContext(ctx, id, fold.String(text)); err != nil {
			return fmt.Errorf("index sentence %d: %w", sn.Index, err)
		}
	}
	return nil
}

func (st *coding) insertEvents(ctx context.Context, docID int64, d *attache.Document) error {
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
		if _, err := st.insEvent.ExecContext(ctx, args...); err != nil {
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

// insertFacts stores d's facts, and their parties in fact_parties, which
// the country and dyad filters of FindFacts read.
func (st *coding) insertFacts(ctx context.Context, docID int64, d *attache.Document) error {
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
		r, err := st.insFact.ExecContext(ctx, docID, i, string(f.Kind), string(pj), f.Title, f.Date.String(),
			f.Period, f.Value, f.Currency, f.Qualifier, f.Percent, f.Basis, f.Level, f.Status, ev)
		if err != nil {
			return fmt.Errorf("insert fact %d (%s): %w", i, f.Kind, err)
		}
		id, err := r.LastInsertId()
		if err != nil {
			return fmt.Errorf("insert fact %d (%s): %w", i, f.Kind, err)
		}
		for _, c := range parties {
			if _, err := st.insFactParty.ExecContext(ctx, id, string(c)); err != nil {
				return fmt.Errorf("insert fact %d (%s): party %s: %w", i, f.Kind, c, err)
			}
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
