package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"attache/merge"
)

// Near-duplicate documents: documents.fingerprint holds merge.Fingerprint
// of the text and fp_band0..3 its four 16-bit bands, each indexed. Two
// fingerprints within merge.SimHashMaxDistance (3) bits differ in at most
// three bands, so they agree in at least one: the candidates of a document
// are the documents sharing a band with it, and those within 3 bits are
// linked in near_duplicates.
const (
	// One SELECT per band, each answered by its covering index
	// (fp_bandN, fingerprint), rather than an OR, for which SQLite reads
	// the wide rows of documents.
	nearCandidatesSQL = `SELECT id, fingerprint FROM documents WHERE fp_band0 = ?
		UNION SELECT id, fingerprint FROM documents WHERE fp_band1 = ?
		UNION SELECT id, fingerprint FROM documents WHERE fp_band2 = ?
		UNION SELECT id, fingerprint FROM documents WHERE fp_band3 = ?`
	insNearDuplicateSQL = `INSERT INTO near_duplicates (document_id, other_id, distance) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`
	setFingerprintSQL = `UPDATE documents
		SET fingerprint = ?, fp_band0 = ?, fp_band1 = ?, fp_band2 = ?, fp_band3 = ? WHERE id = ?`
)

// The pigeonhole argument needs more bands than differing bits.
var _ [4 - merge.SimHashMaxDistance - 1]struct{}

// fingerprint is a text's SimHash as stored.
type fingerprint struct {
	fp    uint64
	valid bool // false for a text without words: it is nobody's near-duplicate
}

func fingerprintOf(text string) fingerprint {
	fp := merge.Fingerprint(text)
	// A text without words has no shingles and fingerprint 0; any other
	// text has 0 with probability 2⁻⁶⁴.
	return fingerprint{fp: fp, valid: fp != 0}
}

// args returns the values of the columns fingerprint, fp_band0..3: the
// signed integer with the fingerprint's bits and the four 16-bit bands, low
// bits first; all NULL when there is no fingerprint.
func (f fingerprint) args() []any {
	if !f.valid {
		return []any{nil, nil, nil, nil, nil}
	}
	a := []any{int64(f.fp)}
	for _, b := range f.bands() {
		a = append(a, b)
	}
	return a
}

func (f fingerprint) bands() [4]int64 {
	var b [4]int64
	for i := range b {
		b[i] = int64(uint16(f.fp >> (16 * i)))
	}
	return b
}

// linkNearDuplicates links the stored document id, of fingerprint f, to
// every other stored document within merge.SimHashMaxDistance bits of it.
// candidates and link are nearCandidatesSQL and insNearDuplicateSQL
// prepared in the caller's transaction.
func linkNearDuplicates(ctx context.Context, candidates, link *sql.Stmt, id int64, f fingerprint) error {
	if !f.valid {
		return nil
	}
	b := f.bands()
	rows, err := candidates.QueryContext(ctx, b[0], b[1], b[2], b[3])
	if err != nil {
		return fmt.Errorf("find near-duplicates: %w", err)
	}
	type near struct {
		id   int64
		dist int
	}
	var found []near
	for rows.Next() {
		var (
			other int64
			fp    int64
		)
		if err := rows.Scan(&other, &fp); err != nil {
			rows.Close()
			return fmt.Errorf("find near-duplicates: %w", err)
		}
		if other == id {
			continue
		}
		if d := merge.Distance(f.fp, uint64(fp)); d <= merge.SimHashMaxDistance {
			found = append(found, near{other, d})
		}
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("find near-duplicates: %w", err)
	}
	for _, n := range found {
		if _, err := link.ExecContext(ctx, id, n.id, n.dist); err != nil {
			return fmt.Errorf("link near-duplicate: %w", err)
		}
	}
	return nil
}

// backfillFingerprints is the Go step of migration 003: it fingerprints
// the documents stored before it, in id order, and links each to the
// near-duplicates stored before it, as saving them in that order would
// have.
func backfillFingerprints(ctx context.Context, tx *sql.Tx) error {
	set, err := tx.PrepareContext(ctx, setFingerprintSQL)
	if err != nil {
		return err
	}
	defer set.Close()
	candidates, err := tx.PrepareContext(ctx, nearCandidatesSQL)
	if err != nil {
		return err
	}
	defer candidates.Close()
	link, err := tx.PrepareContext(ctx, insNearDuplicateSQL)
	if err != nil {
		return err
	}
	defer link.Close()

	type doc struct {
		id   int64
		text string
	}
	last := int64(0)
	for {
		// A page at a time: the updates must not run under an open
		// cursor on the table they change.
		rows, err := tx.QueryContext(ctx, `SELECT id, text FROM documents WHERE id > ? ORDER BY id LIMIT 500`, last)
		if err != nil {
			return fmt.Errorf("read documents: %w", err)
		}
		var page []doc
		for rows.Next() {
			var d doc
			if err := rows.Scan(&d.id, &d.text); err != nil {
				rows.Close()
				return fmt.Errorf("read documents: %w", err)
			}
			page = append(page, d)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("read documents: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		for _, d := range page {
			f := fingerprintOf(d.text)
			if _, err := set.ExecContext(ctx, append(f.args(), d.id)...); err != nil {
				return fmt.Errorf("document %d: set fingerprint: %w", d.id, err)
			}
			if err := linkNearDuplicates(ctx, candidates, link, d.id, f); err != nil {
				return fmt.Errorf("document %d: %w", d.id, err)
			}
			last = d.id
		}
	}
}
