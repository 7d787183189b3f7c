package postgres

import (
	"context"
	"fmt"

	"attache/merge"

	"github.com/jackc/pgx/v5"
)

// Near-duplicates. A document's fingerprint is merge.Fingerprint of its
// text, stored with its four 16-bit bands (fp_band0 the low bits). Two
// fingerprints within merge.SimHashMaxDistance (3) bits differ in at most
// three bands, so they agree in at least one: the candidates of a document
// are the stored documents that agree with it in a band, and the true
// distance, computed here, keeps the near ones.
//
// A text without words has no shingles and fingerprint 0; it is nobody's
// near-duplicate, and its fingerprint is stored as NULL. Any other text
// fingerprints to 0 with probability 2⁻⁶⁴, and is treated the same. (As
// in the SQLite store.)
const (
	// One scan for each band, of its covering index, rather than an OR,
	// which needs the table's rows. A document agreeing in several bands
	// comes several times.
	candidatesSQL = `SELECT id, fingerprint FROM documents WHERE fp_band0 = ANY($1::int[])
		UNION ALL SELECT id, fingerprint FROM documents WHERE fp_band1 = ANY($2::int[])
		UNION ALL SELECT id, fingerprint FROM documents WHERE fp_band2 = ANY($3::int[])
		UNION ALL SELECT id, fingerprint FROM documents WHERE fp_band3 = ANY($4::int[])`
	insNearSQL = `INSERT INTO near_duplicates (document_id, other_id, distance)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[])`
	setFingerprintsSQL = `UPDATE documents d
		SET fingerprint = u.fp, fp_band0 = u.b0, fp_band1 = u.b1, fp_band2 = u.b2, fp_band3 = u.b3
		FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::int[], $5::int[], $6::int[]) AS u (id, fp, b0, b1, b2, b3)
		WHERE d.id = u.id`
)

// band returns the k-th 16 bits of a fingerprint, k = 0 the lowest.
func band(fp uint64, k int) int32 { return int32(fp >> (16 * k) & 0xffff) }

// bands returns the values of documents.fp_band0..3 for fp.
func bands(fp uint64) [4]int32 { return [4]int32{band(fp, 0), band(fp, 1), band(fp, 2), band(fp, 3)} }

// printed is a stored document's key and fingerprint.
type printed struct {
	id int64
	fp uint64
}

// linkNear records in near_duplicates, for each of docs (stored in this
// transaction, fingerprint included), the stored documents with a smaller
// key whose fingerprints are within merge.SimHashMaxDistance bits of its
// own. Documents of docs are candidates of each other, so a batch links
// its later documents to its earlier ones.
func linkNear(ctx context.Context, tx pgx.Tx, docs []printed) error {
	if len(docs) == 0 {
		return nil
	}
	rows, err := tx.Query(ctx, candidatesSQL, candidateArgs(docs)...)
	if err != nil {
		return fmt.Errorf("find near-duplicates: %w", err)
	}
	cands, err := scanCandidates(rows)
	if err != nil {
		return err
	}
	return insertLinks(ctx, tx, nearLinks(docs, cands))
}

// candidateArgs returns the arguments of candidatesSQL for docs: the
// values of each band.
func candidateArgs(docs []printed) []any {
	var bs [4][]int32
	for _, d := range docs {
		for k, b := range bands(d.fp) {
			bs[k] = append(bs[k], b)
		}
	}
	return []any{bs[0], bs[1], bs[2], bs[3]}
}

// scanCandidates reads the documents candidatesSQL found, and closes rows.
func scanCandidates(rows pgx.Rows) ([]printed, error) {
	cands, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (printed, error) {
		var fp int64
		var c printed
		err := row.Scan(&c.id, &fp)
		c.fp = uint64(fp)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("find near-duplicates: %w", err)
	}
	return cands, nil
}

// links are rows of near_duplicates, one array for each column.
type links struct {
	from, to []int64
	dist     []int32
}

// nearLinks returns the links from each of docs to the candidates with a
// smaller key within merge.SimHashMaxDistance bits of it. Only candidates
// that agree with a document in a band are compared with it.
func nearLinks(docs, cands []printed) links {
	type bandKey struct {
		k int
		v int32
	}
	byBand := map[bandKey][]printed{}
	once := make(map[int64]bool, len(cands))
	for _, c := range cands {
		if once[c.id] {
			continue
		}
		once[c.id] = true
		for k, b := range bands(c.fp) {
			byBand[bandKey{k, b}] = append(byBand[bandKey{k, b}], c)
		}
	}
	var (
		l    links
		seen = map[int64]bool{}
	)
	for _, d := range docs {
		clear(seen)
		for k, b := range bands(d.fp) {
			for _, c := range byBand[bandKey{k, b}] {
				if c.id >= d.id || seen[c.id] {
					continue
				}
				seen[c.id] = true
				if n := merge.Distance(c.fp, d.fp); n <= merge.SimHashMaxDistance {
					l.from, l.to, l.dist = append(l.from, d.id), append(l.to, c.id), append(l.dist, int32(n))
				}
			}
		}
	}
	return l
}

// insertLinks stores l.
func insertLinks(ctx context.Context, tx pgx.Tx, l links) error {
	if len(l.from) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, insNearSQL, l.from, l.to, l.dist); err != nil {
		return fmt.Errorf("link near-duplicates: %w", err)
	}
	return nil
}

// backfillPage is how many documents backfillFingerprints reads at a time.
const backfillPage = 1000

// The pigeonhole argument needs more bands than differing bits.
var _ [4 - merge.SimHashMaxDistance - 1]struct{}

// backfillFingerprints is the Go step of migration 003: it fingerprints the
// documents stored before it, in key order, and links the near-duplicates
// among them as saving them in that order would have.
func backfillFingerprints(ctx context.Context, tx pgx.Tx) error {
	var last int64
	for {
		rows, err := tx.Query(ctx, `SELECT id, text FROM documents WHERE id > $1 ORDER BY id LIMIT $2`, last, backfillPage)
		if err != nil {
			return fmt.Errorf("fingerprint stored documents: %w", err)
		}
		var (
			page []printed
			n    int
			ids  []int64
			fps  []int64
			bs   [4][]int32
		)
		for rows.Next() {
			var (
				id   int64
				text string
			)
			if err := rows.Scan(&id, &text); err != nil {
				rows.Close()
				return fmt.Errorf("fingerprint stored documents: %w", err)
			}
			n++
			last = id
			fp := merge.Fingerprint(text)
			if fp == 0 {
				continue
			}
			page = append(page, printed{id, fp})
			ids, fps = append(ids, id), append(fps, int64(fp))
			for k, b := range bands(fp) {
				bs[k] = append(bs[k], b)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("fingerprint stored documents: %w", err)
		}
		if n == 0 {
			return nil
		}
		if len(ids) > 0 {
			if _, err := tx.Exec(ctx, setFingerprintsSQL, ids, fps, bs[0], bs[1], bs[2], bs[3]); err != nil {
				return fmt.Errorf("fingerprint stored documents: %w", err)
			}
		}
		if err := linkNear(ctx, tx, page); err != nil {
			return err
		}
	}
}
