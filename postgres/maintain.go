package postgres

import (
	"context"
	"errors"
	"fmt"

	"attache"

	"github.com/jackc/pgx/v5"
)

// eachPage is how many documents EachDocument reads at a time.
const eachPage = 200

// The statements of the Maintainer methods.
const (
	eachDocumentSQL = `SELECT id, doc, publisher, url, title, lang, reference_date, text, coder_version, stored_at
		FROM documents
		WHERE id > $1 AND ($2 = '' OR coder_version <> $2)
		ORDER BY id LIMIT $3`
	recodeDocumentSQL = `UPDATE documents SET coder_version = $2 WHERE id = $1 RETURNING content_hash`
	// Every event gets the cluster the map gives it, NULL when it gives
	// none; rows that keep their cluster are not written.
	setClustersSQL = `UPDATE events e SET cluster = n.cluster
		FROM (
			SELECT e.id, c.cluster
			FROM events e
			LEFT JOIN (unnest($1::text[], $2::text[], $3::text[]) AS c (doc, event_id, cluster)
				JOIN documents d ON d.doc = c.doc)
			ON e.document_id = d.id AND e.event_id = c.event_id
		) n
		WHERE e.id = n.id AND e.cluster IS DISTINCT FROM n.cluster`
)

// EachDocument calls fn for every stored document whose coder version is
// not current (every document when current is ""), in key order, with its
// text, metadata, coder version and storage time (no sentences, events,
// facts or duplicates). It reads a page of documents at a time and calls fn
// with no query open, so fn may write to the store (Recode). An error from
// fn stops the walk and is returned as it is.
func (s *Store) EachDocument(ctx context.Context, current string, fn func(attache.StoredDocument) error) error {
	if !storable(current) {
		return errors.New("each document: the coder version has a NUL byte or invalid UTF-8")
	}
	var last int64
	for {
		rows, err := s.pool.Query(ctx, eachDocumentSQL, last, current, eachPage)
		if err != nil {
			return fmt.Errorf("read documents: %w", s.fail(err))
		}
		page, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (attache.StoredDocument, error) {
			var (
				sd  attache.StoredDocument
				ref string
			)
			d := &sd.Document
			if err := row.Scan(&sd.Key, &d.ID, &d.Publisher, &d.URL, &d.Title, &d.Lang, &ref, &d.Text,
				&sd.CoderVersion, &sd.StoredAt); err != nil {
				return sd, err
			}
			sd.StoredAt = sd.StoredAt.UTC()
			var err error
			if d.RefDate, err = attache.ParseDate(ref); err != nil {
				return sd, fmt.Errorf("document %s: reference date: %w", d.ID, err)
			}
			return sd, nil
		})
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
		}
		last = page[len(page)-1].Key
	}
}

// Recode replaces the sentences, events and facts of the stored document
// whose key is d.Key by those of d.Document, the same text coded again, and
// records coderVersion, in one transaction. The document's text and
// metadata stay as stored, and so do its near-duplicate links; its events
// lose their clusters until the next merge. A key not stored gives an error
// wrapping attache.ErrNotFound, and a text other than the stored one an
// error.
func (s *Store) Recode(ctx context.Context, d *attache.StoredDocument, coderVersion string) error {
	if d == nil {
		return errors.New("recode document: no document (nil)")
	}
	if err := s.recode(ctx, d, coderVersion); err != nil {
		return fmt.Errorf("recode document %s (key %d): %w", d.ID, d.Key, s.fail(err))
	}
	return nil
}

func (s *Store) recode(ctx context.Context, d *attache.StoredDocument, coderVersion string) error {
	if err := check(&d.Document); err != nil {
		return err
	}
	if !storable(coderVersion) {
		return errors.New("the coder version has a NUL byte or invalid UTF-8")
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	var hash string
	err = tx.QueryRow(ctx, recodeDocumentSQL, d.Key, coderVersion).Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return attache.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("update document: %w", err)
	}
	if hash != attache.ContentHash(d.Text) {
		return errors.New("the text is not the stored one: recode codes the stored text again")
	}
	// fact_parties goes with facts (ON DELETE CASCADE).
	var b pgx.Batch
	for _, table := range []string{"events", "facts", "sentences"} {
		b.Queue(`DELETE FROM `+table+` WHERE document_id = $1`, d.Key)
	}
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return fmt.Errorf("clear old coding: %w", err)
	}
	if _, err := writeCoding(ctx, tx, []keyed{{&d.Document, d.Key}}, nil); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// SetClusters records which cluster each stored event belongs to, keyed by
// {document ID, event ID}, in one statement: events not in the map have no
// cluster after it. A document ID that several stored texts share names
// the events of all of them. Keys of no stored event are ignored.
func (s *Store) SetClusters(ctx context.Context, clusters map[[2]string]string) error {
	docs := make([]string, 0, len(clusters))
	events := make([]string, 0, len(clusters))
	ids := make([]string, 0, len(clusters))
	for k, c := range clusters {
		if !storable(k[0]) || !storable(k[1]) {
			continue // no stored event has it
		}
		if !storable(c) {
			return fmt.Errorf("set clusters: cluster of %s %s: %q has a NUL byte or invalid UTF-8", k[0], k[1], c)
		}
		docs, events, ids = append(docs, k[0]), append(events, k[1]), append(ids, c)
	}
	if _, err := s.pool.Exec(ctx, setClustersSQL, docs, events, ids); err != nil {
		return fmt.Errorf("set clusters: %w", s.fail(err))
	}
	return nil
}
