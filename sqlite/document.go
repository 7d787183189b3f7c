package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"attache"
)

// Document returns the stored document with this ID, the most recently
// stored one when several texts share the ID, with its sentences (Span,
// Index, Headline), its events (in sentence order, then in the order they
// were stored), its facts (in their order) and the IDs of its
// near-duplicates, sorted: the stored documents, before or after it,
// whose text is within merge.SimHashMaxDistance bits of its own (another
// text with the same ID included). All of it is read in one read
// transaction. An unknown ID gives an error wrapping attache.ErrNotFound.
func (s *Store) Document(ctx context.Context, id string) (*attache.StoredDocument, error) {
	sd, err := s.document(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("document %q: %w", id, s.fail(err))
	}
	return sd, nil
}

func (s *Store) document(ctx context.Context, id string) (*attache.StoredDocument, error) {
	// Read-only: a deferred transaction, which takes no write lock.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	sd, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+documentColumns+`
		FROM documents WHERE doc = ? ORDER BY id DESC LIMIT 1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, attache.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read document: %w", err)
	}
	for _, read := range []func(context.Context, *sql.Tx, *attache.StoredDocument) error{
		readSentences, readEvents, readFacts, readDuplicates,
	} {
		if err := read(ctx, tx, &sd); err != nil {
			return nil, err
		}
	}
	return &sd, nil
}

func readSentences(ctx context.Context, tx *sql.Tx, sd *attache.StoredDocument) error {
	rows, err := tx.QueryContext(ctx, `SELECT idx, span_start, span_end, headline
		FROM sentences WHERE document_id = ? ORDER BY idx`, sd.Key)
	if err != nil {
		return fmt.Errorf("read sentences: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var sn attache.Sentence
		if err := rows.Scan(&sn.Index, &sn.Start, &sn.End, &sn.Headline); err != nil {
			return fmt.Errorf("read sentences: %w", err)
		}
		sd.Sentences = append(sd.Sentences, sn)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read sentences: %w", err)
	}
	return nil
}

func readEvents(ctx context.Context, tx *sql.Tx, sd *attache.StoredDocument) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+eventColumns+`
	FROM events e
	JOIN documents d ON d.id = e.document_id
	LEFT JOIN sentences s ON s.document_id = e.document_id AND s.idx = e.sentence
	WHERE e.document_id = ?
	ORDER BY e.sentence, e.id`, sd.Key)
	if err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, _, err := scanEvent(rows)
		if err != nil {
			return err
		}
		sd.Events = append(sd.Events, e.Event)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read events: %w", err)
	}
	return nil
}

func readFacts(ctx context.Context, tx *sql.Tx, sd *attache.StoredDocument) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+factColumns+`
	FROM facts f
	JOIN documents d ON d.id = f.document_id
	WHERE f.document_id = ?
	ORDER BY f.idx`, sd.Key)
	if err != nil {
		return fmt.Errorf("read facts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		f, err := scanFact(rows)
		if err != nil {
			return err
		}
		sd.Facts = append(sd.Facts, f.Fact)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read facts: %w", err)
	}
	return nil
}

func readDuplicates(ctx context.Context, tx *sql.Tx, sd *attache.StoredDocument) error {
	rows, err := tx.QueryContext(ctx, `SELECT d.doc FROM near_duplicates n JOIN documents d ON d.id = n.other_id
		WHERE n.document_id = ?
	UNION
	SELECT d.doc FROM near_duplicates n JOIN documents d ON d.id = n.document_id
		WHERE n.other_id = ?
	ORDER BY 1`, sd.Key, sd.Key)
	if err != nil {
		return fmt.Errorf("read near-duplicates: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return fmt.Errorf("read near-duplicates: %w", err)
		}
		sd.Duplicates = append(sd.Duplicates, doc)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read near-duplicates: %w", err)
	}
	return nil
}
