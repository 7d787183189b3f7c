package sqlite

import (
	"context"
	"fmt"

	"attache"
)

// StoredDocument is a stored document's text and metadata, for re-coding.
type StoredDocument struct {
	RowID        int64
	CoderVersion string
	Doc          attache.Document
}

// EachDocument calls fn for every stored document whose coder version is
// not current (every document when current is ""), in storage order. It
// reads in pages so that fn may write to the store.
func (s *Store) EachDocument(ctx context.Context, current string, fn func(StoredDocument) error) error {
	last := int64(0)
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT id, doc, publisher, url, title, lang, reference_date, text, coder_version
			FROM documents WHERE id > ? AND (? = '' OR coder_version <> ?) ORDER BY id LIMIT 200`, last, current, current)
		if err != nil {
			return fmt.Errorf("read documents: %w", s.fail(err))
		}
		var page []StoredDocument
		for rows.Next() {
			var sd StoredDocument
			var ref string
			d := &sd.Doc
			if err := rows.Scan(&sd.RowID, &d.ID, &d.Publisher, &d.URL, &d.Title, &d.Lang, &ref, &d.Text, &sd.CoderVersion); err != nil {
				rows.Close()
				return fmt.Errorf("read documents: %w", err)
			}
			d.RefDate, _ = attache.ParseDate(ref)
			page = append(page, sd)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("read documents: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		for _, sd := range page {
			if err := fn(sd); err != nil {
				return err
			}
			last = sd.RowID
		}
	}
}

// Recode replaces a stored document's sentences, events and facts with
// those of d (the same text coded again) and records the coder version,
// in one transaction.
func (s *Store) Recode(ctx context.Context, rowID int64, d *attache.Document, coderVersion string) error {
	err := func() error {
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer tx.Rollback()
		for _, q := range []string{
			`DELETE FROM sentences_fts WHERE rowid IN (SELECT id FROM sentences WHERE document_id = ?)`,
			`DELETE FROM events WHERE document_id = ?`,
			`DELETE FROM facts WHERE document_id = ?`,
			`DELETE FROM sentences WHERE document_id = ?`,
		} {
			if _, err := tx.ExecContext(ctx, q, rowID); err != nil {
				return fmt.Errorf("clear old coding: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET coder_version = ? WHERE id = ?`, coderVersion, rowID); err != nil {
			return fmt.Errorf("update document: %w", err)
		}
		if err := s.insertSentences(ctx, tx, rowID, d); err != nil {
			return err
		}
		if err := s.insertEvents(ctx, tx, rowID, d); err != nil {
			return err
		}
		if err := s.insertFacts(ctx, tx, rowID, d); err != nil {
			return err
		}
		return tx.Commit()
	}()
	if err != nil {
		return fmt.Errorf("recode document %s: %w", d.ID, s.fail(err))
	}
	return nil
}
