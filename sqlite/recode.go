package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"attache"
)

// EachDocument calls fn for every stored document whose coder version is
// not current (every document when current is ""), in storage order, with
// its text and metadata: Key, CoderVersion and StoredAt are set, but not
// the sentences, events, facts or Duplicates. It reads in pages of 200 so
// that fn may write to the store; an error from fn stops the walk and is
// returned as it is.
func (s *Store) EachDocument(ctx context.Context, current string, fn func(attache.StoredDocument) error) error {
	last := int64(0)
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT `+documentColumns+`
			FROM documents WHERE id > ? AND (? = '' OR coder_version <> ?) ORDER BY id LIMIT 200`, last, current, current)
		if err != nil {
			return fmt.Errorf("read documents: %w", s.fail(err))
		}
		var page []attache.StoredDocument
		for rows.Next() {
			sd, err := scanDocument(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("read documents: %w", err)
			}
			page = append(page, sd)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("read documents: %w", s.fail(err))
		}
		if len(page) == 0 {
			return nil
		}
		for _, sd := range page {
			if err := fn(sd); err != nil {
				return err
			}
			last = sd.Key
		}
	}
}

// documentColumns are the columns scanDocument reads.
const documentColumns = `id, doc, publisher, url, title, lang, reference_date, text, coder_version, stored_at`

// scanDocument reads documentColumns.
func scanDocument(row interface{ Scan(...any) error }) (attache.StoredDocument, error) {
	var (
		sd            attache.StoredDocument
		ref, storedAt string
	)
	d := &sd.Document
	if err := row.Scan(&sd.Key, &d.ID, &d.Publisher, &d.URL, &d.Title, &d.Lang, &ref, &d.Text,
		&sd.CoderVersion, &storedAt); err != nil {
		return sd, err
	}
	var err error
	if d.RefDate, err = attache.ParseDate(ref); err != nil {
		return sd, fmt.Errorf("document %s: reference date: %w", d.ID, err)
	}
	if sd.StoredAt, err = time.Parse(time.RFC3339, storedAt); err != nil {
		return sd, fmt.Errorf("document %s: stored_at: %w", d.ID, err)
	}
	return sd, nil
}

// Recode replaces the sentences, events and facts of the stored document
// with key d.Key by those of d.Document and records the coder version, in
// one transaction. d.Text must be the stored text (it is what the spans
// point into); the document's metadata and its near-duplicate links are
// kept. An unknown key gives an error wrapping attache.ErrNotFound.
func (s *Store) Recode(ctx context.Context, d *attache.StoredDocument, coderVersion string) error {
	if err := s.recode(ctx, d, coderVersion); err != nil {
		return fmt.Errorf("recode document %s: %w", d.ID, s.fail(err))
	}
	return nil
}

func (s *Store) recode(ctx context.Context, d *attache.StoredDocument, coderVersion string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	var hash string
	err = tx.QueryRowContext(ctx, `SELECT content_hash FROM documents WHERE id = ?`, d.Key).Scan(&hash)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("key %d: %w", d.Key, attache.ErrNotFound)
		}
		return fmt.Errorf("read document: %w", err)
	}
	if hash != attache.ContentHash(d.Text) {
		return fmt.Errorf("key %d: the text differs from the stored text", d.Key)
	}
	// Deleting the facts deletes their fact_parties rows (ON DELETE
	// CASCADE).
	for _, q := range []string{
		`DELETE FROM sentences_fts WHERE rowid IN (SELECT id FROM sentences WHERE document_id = ?)`,
		`DELETE FROM events WHERE document_id = ?`,
		`DELETE FROM facts WHERE document_id = ?`,
		`DELETE FROM sentences WHERE document_id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, d.Key); err != nil {
			return fmt.Errorf("clear old coding: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET coder_version = ? WHERE id = ?`, coderVersion, d.Key); err != nil {
		return fmt.Errorf("update document: %w", err)
	}
	if err := s.stmts.in(ctx, tx).insertCoding(ctx, d.Key, &d.Document); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
