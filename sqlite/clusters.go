package sqlite

import (
	"context"
	"fmt"
)

// SetClusters records which real-world event cluster each stored event
// belongs to, keyed by {document ID, event ID}, in one transaction: events
// not in the map have no cluster after it. A document ID that several
// stored texts share names the events of all of them. Keys of no stored
// event are ignored.
func (s *Store) SetClusters(ctx context.Context, clusters map[[2]string]string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set clusters: %w", s.fail(err))
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE events SET cluster = NULL WHERE cluster IS NOT NULL`); err != nil {
		return fmt.Errorf("set clusters: clear old clusters: %w", s.fail(err))
	}
	stmt, err := tx.PrepareContext(ctx, `UPDATE events SET cluster = ?
		WHERE event_id = ? AND document_id IN (SELECT id FROM documents WHERE doc = ?)`)
	if err != nil {
		return fmt.Errorf("set clusters: %w", s.fail(err))
	}
	defer stmt.Close()
	for k, c := range clusters {
		if _, err := stmt.ExecContext(ctx, c, k[1], k[0]); err != nil {
			return fmt.Errorf("set cluster of %s %s: %w", k[0], k[1], s.fail(err))
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set clusters: %w", s.fail(err))
	}
	return nil
}
