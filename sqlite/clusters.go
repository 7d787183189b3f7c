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
//
// The new assignment goes into a temporary table first; then only the
// events whose cluster changes are written. Merging again after a few new
// documents thus rewrites a few rows, not every event of the store.
func (s *Store) SetClusters(ctx context.Context, clusters map[[2]string]string) error {
	if err := s.setClusters(ctx, clusters); err != nil {
		return fmt.Errorf("set clusters: %w", s.fail(err))
	}
	return nil
}

func (s *Store) setClusters(ctx context.Context, clusters map[[2]string]string) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The temporary table belongs to this connection; it is dropped at the
	// end whatever happens.
	if _, err := conn.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS new_clusters (
		doc TEXT NOT NULL, event_id TEXT NOT NULL, cluster TEXT NOT NULL, PRIMARY KEY (doc, event_id)) WITHOUT ROWID`); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS temp.new_clusters`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM temp.new_clusters`); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO temp.new_clusters (doc, event_id, cluster) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	for k, c := range clusters {
		if _, err := stmt.ExecContext(ctx, k[0], k[1], c); err != nil {
			stmt.Close()
			return fmt.Errorf("event %s %s: %w", k[0], k[1], err)
		}
	}
	stmt.Close()
	for _, q := range []string{
		// Events that keep no cluster.
		`UPDATE events SET cluster = NULL
		WHERE cluster IS NOT NULL AND NOT EXISTS (
			SELECT 1 FROM temp.new_clusters n JOIN documents d ON d.doc = n.doc
			WHERE d.id = events.document_id AND n.event_id = events.event_id)`,
		// Events whose cluster is new or different.
		`UPDATE events SET cluster = n.cluster
		FROM temp.new_clusters n JOIN documents d ON d.doc = n.doc
		WHERE events.document_id = d.id AND events.event_id = n.event_id
		AND events.cluster IS NOT n.cluster`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return tx.Commit()
}
