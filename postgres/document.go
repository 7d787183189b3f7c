package postgres

import (
	"context"
	"errors"
	"fmt"

	"attache"

	"github.com/jackc/pgx/v5"
)

// The statements of Document.
const (
	documentSQL = `SELECT id, doc, publisher, url, title, lang, reference_date, text, coder_version, stored_at
		FROM documents WHERE doc = $1 ORDER BY id DESC LIMIT 1`
	docSentencesSQL = `SELECT idx, span_start, span_end, headline FROM sentences
		WHERE document_id = $1 ORDER BY idx`
	docEventsSQL = `SELECT ` + eventColumns + `
		FROM events e
		JOIN documents d ON d.id = e.document_id
		LEFT JOIN sentences s ON s.document_id = e.document_id AND s.idx = e.sentence
		WHERE e.document_id = $1
		ORDER BY e.sentence, e.id`
	docFactsSQL = `SELECT ` + factColumns + `
		FROM facts f JOIN documents d ON d.id = f.document_id
		WHERE f.document_id = $1 ORDER BY f.idx`
	// The near-duplicates of a document, linked either way.
	docDuplicatesSQL = `SELECT DISTINCT d.doc COLLATE "C" FROM documents d
		WHERE d.id IN (SELECT other_id FROM near_duplicates WHERE document_id = $1
			UNION ALL SELECT document_id FROM near_duplicates WHERE other_id = $1)
		ORDER BY 1`
)

// Document returns the stored document with this ID, the most recently
// stored one when several texts were stored under it: its text and
// metadata, its sentences (Span, Index and Headline) in order, its events
// in sentence order and then in the order they were stored (their order in
// the document), its facts in their order, and the IDs of the stored
// documents that are near-duplicates of it, before or after it, sorted
// byte by byte (another text with the same ID included). All of it is read
// in one snapshot. A document not stored gives an error wrapping
// attache.ErrNotFound.
func (s *Store) Document(ctx context.Context, id string) (*attache.StoredDocument, error) {
	if !storable(id) {
		return nil, fmt.Errorf("document %q: %w", id, attache.ErrNotFound)
	}
	sd, err := s.document(ctx, id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("document %q: %w", id, attache.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("document %q: %w", id, s.fail(err))
	}
	return sd, nil
}

func (s *Store) document(ctx context.Context, id string) (*attache.StoredDocument, error) {
	// One snapshot for the document and its parts: a recode running at the
	// same time shows entirely or not at all.
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	sd := &attache.StoredDocument{}
	d := &sd.Document
	var ref string
	err = tx.QueryRow(ctx, documentSQL, id).Scan(&sd.Key, &d.ID, &d.Publisher, &d.URL, &d.Title, &d.Lang, &ref,
		&d.Text, &sd.CoderVersion, &sd.StoredAt)
	if err != nil {
		return nil, err
	}
	if d.RefDate, err = attache.ParseDate(ref); err != nil {
		return nil, fmt.Errorf("reference date: %w", err)
	}
	sd.StoredAt = sd.StoredAt.UTC()

	var b pgx.Batch
	b.Queue(docSentencesSQL, sd.Key).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var sn attache.Sentence
			if err := rows.Scan(&sn.Index, &sn.Start, &sn.End, &sn.Headline); err != nil {
				return fmt.Errorf("read sentence: %w", err)
			}
			d.Sentences = append(d.Sentences, sn)
		}
		return rows.Err()
	})
	b.Queue(docEventsSQL, sd.Key).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			e, _, err := scanEvent(rows)
			if err != nil {
				return err
			}
			d.Events = append(d.Events, e.Event)
		}
		return rows.Err()
	})
	b.Queue(docFactsSQL, sd.Key).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			f, err := scanFact(rows)
			if err != nil {
				return err
			}
			d.Facts = append(d.Facts, f.Fact)
		}
		return rows.Err()
	})
	b.Queue(docDuplicatesSQL, sd.Key).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var dup string
			if err := rows.Scan(&dup); err != nil {
				return fmt.Errorf("read near-duplicate: %w", err)
			}
			sd.Duplicates = append(sd.Duplicates, dup)
		}
		return rows.Err()
	})
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return nil, err
	}
	return sd, nil
}
