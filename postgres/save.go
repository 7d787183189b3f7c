package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"attache"
	"attache/merge"
	"attache/storekit"

	"github.com/jackc/pgx/v5"
)

// The statements of a save. pgx prepares and caches each one per
// connection.
const (
	lookHashesSQL = `SELECT content_hash FROM documents WHERE content_hash = ANY($1::text[])`
	lookHashSQL   = `SELECT content_hash FROM documents WHERE content_hash = $1` // one, cheaper to plan
	// The documents of a batch in one statement, one array for each
	// column. Their keys are drawn in the order of the batch, so storage
	// order is batch order; the rows go in in content hash order, so that
	// two processes saving overlapping batches take the unique index's
	// locks in one order and cannot deadlock. A text stored already, also
	// by another process at this moment, is skipped: RETURNING names the
	// rows that went in.
	insDocumentsSQL = `WITH keys AS MATERIALIZED (
		SELECT ord, nextval(pg_get_serial_sequence('documents', 'id')) AS id
		FROM generate_series(1, cardinality($1::text[])) AS ord
	)
	INSERT INTO documents (id, doc, content_hash, publisher, url, title, lang, reference_date, text,
		coder_version, stored_at, fingerprint, fp_band0, fp_band1, fp_band2, fp_band3)
	SELECT k.id, u.doc, u.hash, u.publisher, u.url, u.title, u.lang, u.ref, u.text, $9, $10,
		u.fp, u.b0, u.b1, u.b2, u.b3
	FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
		$11::bigint[], $12::int[], $13::int[], $14::int[], $15::int[])
		WITH ORDINALITY AS u (doc, hash, publisher, url, title, lang, ref, text, fp, b0, b1, b2, b3, ord)
	JOIN keys k ON k.ord = u.ord
	ORDER BY u.hash COLLATE "C"
	ON CONFLICT (content_hash) DO NOTHING
	RETURNING id, content_hash`
	// One document, the same with plain values: much less for the server
	// to plan.
	insDocumentSQL = `INSERT INTO documents (doc, content_hash, publisher, url, title, lang, reference_date, text,
		coder_version, stored_at, fingerprint, fp_band0, fp_band1, fp_band2, fp_band3)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
	ON CONFLICT (content_hash) DO NOTHING
	RETURNING id, content_hash`
)

// SaveDocument stores d with its sentences, events and facts in one
// transaction: either all of it is stored or none. A document whose text
// (content hash) is stored already is left as it is and New is false, also
// when another process saves the same text at the same moment.
//
// Events with an empty ID are stored as "<doc>#<n>", n their position in
// d.Events, the form the coder gives. d is not modified. PostgreSQL cannot
// store a NUL byte or invalid UTF-8 in text, so a document with either in
// its text or metadata is refused.
//
// The document's fingerprint is stored with it, and it is linked to the
// stored documents it is a near-duplicate of (see Document).
func (s *Store) SaveDocument(ctx context.Context, d *attache.Document, coderVersion string) (attache.SaveResult, error) {
	res, err := s.SaveDocuments(ctx, []*attache.Document{d}, coderVersion)
	if err != nil {
		return attache.SaveResult{}, err
	}
	return res[0], nil
}

// SaveDocuments stores docs as SaveDocument does, all in one transaction,
// and returns what it did with each, in order. A document whose text is
// stored already, or repeats an earlier document of docs, is not stored
// again: New is false and Events and Facts are 0. On error nothing of the
// batch is stored, and the error names the document that failed when it
// can tell which (the same messages as the SQLite store's).
//
// The documents go to the server in one statement, and their sentences,
// events and facts in one pipeline of statements or, for more than a few
// documents, with COPY: a few round trips for the whole batch.
func (s *Store) SaveDocuments(ctx context.Context, docs []*attache.Document, coderVersion string) ([]attache.SaveResult, error) {
	res, failed, err := s.save(ctx, docs, coderVersion)
	if err == nil {
		return res, nil
	}
	err = s.fail(err)
	switch {
	case len(docs) == 1 && docs[0] != nil:
		return nil, fmt.Errorf("save document %s: %w", docs[0].ID, err)
	case failed >= 0:
		return nil, fmt.Errorf("save documents (batch of %d, none saved): document %s (%d of the batch): %w",
			len(docs), docs[failed].ID, failed+1, err)
	default:
		return nil, fmt.Errorf("save documents (batch of %d, none saved): %w", len(docs), err)
	}
}

// save stores docs in one transaction. On error it returns the index of the
// document that failed, or -1 when the error is not one document's.
func (s *Store) save(ctx context.Context, docs []*attache.Document, coderVersion string) ([]attache.SaveResult, int, error) {
	res := make([]attache.SaveResult, len(docs))
	// The documents to store: not stored, each text once.
	var (
		todo   []int // index in docs
		hashes []string
		seen   = make(map[string]bool, len(docs))
	)
	for i, d := range docs {
		if d == nil {
			return nil, -1, fmt.Errorf("document %d of the batch is nil", i+1)
		}
		if err := check(d); err != nil {
			return nil, i, err
		}
		h := attache.ContentHash(d.Text)
		if seen[h] {
			continue
		}
		seen[h] = true
		todo, hashes = append(todo, i), append(hashes, h)
	}
	if len(todo) == 0 {
		return res, -1, nil
	}
	// A cheap look first: re-ingesting a corpus mostly meets documents it
	// has, and this writes nothing.
	stored, err := s.storedHashes(ctx, hashes)
	if err != nil {
		return nil, -1, err
	}
	if len(stored) > 0 {
		var keepI []int
		var keepH []string
		for k, h := range hashes {
			if !stored[h] {
				keepI, keepH = append(keepI, todo[k]), append(keepH, h)
			}
		}
		todo, hashes = keepI, keepH
	}
	if len(todo) == 0 {
		return res, -1, nil
	}

	batch := make([]*attache.Document, len(todo))
	for k, i := range todo {
		batch[k] = docs[i]
	}
	fps := make([]uint64, len(batch))
	for k, d := range batch {
		fps[k] = merge.Fingerprint(d.Text) // 0: no words, no fingerprint (see duplicates.go)
	}

	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, -1, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	keyOf, err := insertDocuments(ctx, tx, batch, hashes, fps, coderVersion, s.now().UTC())
	if err != nil {
		return nil, -1, err
	}
	// Another writer may have stored some of the texts since the look
	// above: those were skipped, and are not new here.
	var (
		news   []keyed
		at     []int // index in docs of news[k]
		prints []printed
	)
	for k, i := range todo {
		key, ok := keyOf[hashes[k]]
		if !ok {
			continue
		}
		news, at = append(news, keyed{docs[i], key}), append(at, i)
		if fps[k] != 0 {
			prints = append(prints, printed{key, fps[k]})
		}
	}
	if len(news) == 0 {
		return res, -1, nil
	}
	if k, err := writeCoding(ctx, tx, news, prints); err != nil {
		if k >= 0 {
			return nil, at[k], err
		}
		return nil, -1, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, -1, fmt.Errorf("commit: %w", err)
	}
	for k, d := range news {
		res[at[k]] = attache.SaveResult{New: true, Events: len(d.doc.Events), Facts: len(d.doc.Facts)}
	}
	return res, -1, nil
}

// insertDocuments inserts the rows of docs, of content hashes hashes and
// fingerprints fps, into documents, and returns the keys of those it
// inserted by content hash: a text another process stored since the look
// before the transaction is skipped.
func insertDocuments(ctx context.Context, tx pgx.Tx, docs []*attache.Document, hashes []string, fps []uint64,
	coderVersion string, now time.Time) (map[string]int64, error) {
	n := len(docs)
	var (
		ids, pubs, urls, titles, langs, refs, texts = make([]string, n), make([]string, n), make([]string, n),
			make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		prints = make([]*int64, n) // NULL without a fingerprint
		bs     [4][]*int32
	)
	for k := range bs {
		bs[k] = make([]*int32, n)
	}
	for k, d := range docs {
		ids[k], pubs[k], urls[k], titles[k], langs[k], refs[k], texts[k] =
			d.ID, d.Publisher, d.URL, d.Title, d.Lang, d.RefDate.String(), d.Text
		if fp := fps[k]; fp != 0 {
			v := int64(fp)
			prints[k] = &v
			for j, b := range bands(fp) {
				bs[j][k] = &b
			}
		}
	}
	sql, args := insDocumentsSQL, []any{ids, hashes, pubs, urls, titles, langs, refs, texts,
		coderVersion, now, prints, bs[0], bs[1], bs[2], bs[3]}
	if n == 1 {
		sql, args = insDocumentSQL, []any{ids[0], hashes[0], pubs[0], urls[0], titles[0], langs[0], refs[0], texts[0],
			coderVersion, now, prints[0], bs[0][0], bs[1][0], bs[2][0], bs[3][0]}
	}
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("insert documents: %w", err)
	}
	keyOf := make(map[string]int64, n)
	for rows.Next() {
		var (
			key  int64
			hash string
		)
		if err := rows.Scan(&key, &hash); err != nil {
			rows.Close()
			return nil, fmt.Errorf("insert documents: %w", err)
		}
		keyOf[hash] = key
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("insert documents: %w", err)
	}
	return keyOf, nil
}

// storedHashes returns which of hashes are the content hashes of stored
// documents.
func (s *Store) storedHashes(ctx context.Context, hashes []string) (map[string]bool, error) {
	sql, arg := lookHashesSQL, any(hashes)
	if len(hashes) == 1 {
		sql, arg = lookHashSQL, hashes[0]
	}
	rows, err := s.pool.Query(ctx, sql, arg)
	if err != nil {
		return nil, fmt.Errorf("look up content hashes: %w", err)
	}
	defer rows.Close()
	var stored map[string]bool
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("look up content hashes: %w", err)
		}
		if stored == nil {
			stored = map[string]bool{}
		}
		stored[h] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("look up content hashes: %w", err)
	}
	return stored, nil
}

// check refuses what PostgreSQL cannot store before anything is sent:
// text or metadata with NUL bytes or invalid UTF-8, and sentence spans
// outside the text. Every other string of the document is cut from its
// text or comes from the coder's lexicon.
func check(d *attache.Document) error {
	if strings.IndexByte(d.Text, 0) >= 0 {
		return errors.New("the text contains a NUL byte, which PostgreSQL cannot store")
	}
	if !utf8.ValidString(d.Text) {
		return errors.New("the text is not valid UTF-8, which PostgreSQL cannot store")
	}
	for _, m := range [...]struct{ name, v string }{
		{"ID", d.ID}, {"publisher", d.Publisher}, {"URL", d.URL}, {"title", d.Title}, {"language", d.Lang},
	} {
		if !storable(m.v) {
			return fmt.Errorf("the %s has a NUL byte or invalid UTF-8, which PostgreSQL cannot store", m.name)
		}
	}
	for _, sn := range d.Sentences {
		if sn.Start < 0 || sn.End < sn.Start || sn.End > len(d.Text) {
			return fmt.Errorf("sentence %d: span %d-%d outside the text (%d bytes)", sn.Index, sn.Start, sn.End, len(d.Text))
		}
	}
	return nil
}

// eventArgs returns the ID under which d.Events[i] is stored and its row
// of the events table (eventColumnNames).
func eventArgs(d *attache.Document, i int, docID int64) (string, []any) {
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
	args := make([]any, 0, 33)
	args = append(args, id, docID, e.Sentence)
	args = appendActor(args, &e.Source)
	args = appendActor(args, &e.Target)
	args = append(args, string(e.Code), string(root), e.Plover, e.Quad, e.Goldstein,
		e.Date.String(), prec, e.Place, e.Mode.String(), e.Confidence,
		e.Evidence.Start, e.Evidence.End, e.Evidence.Text, e.Rule)
	return id, args
}

func appendActor(args []any, a *attache.Actor) []any {
	var start, end *int
	if a.Span != nil {
		start, end = &a.Span.Start, &a.Span.End
	}
	return append(args, a.Text, a.Code, string(a.Country), string(a.Sector), a.Person, a.Role, start, end)
}

// factArgs returns the row of the facts table (factColumnNames) of f, the
// i-th fact.
func factArgs(f attache.Fact, i int, docID int64) []any {
	parties := make([]string, 0, len(f.Parties))
	for _, c := range f.Parties {
		parties = append(parties, string(c))
	}
	slices.Sort(parties)
	parties = slices.Compact(parties)
	return []any{docID, i, string(f.Kind), parties, f.Title, f.Date.String(),
		f.Period, f.Value, f.Currency, f.Qualifier, f.Percent, f.Basis, f.Level, f.Status, f.Evidence}
}

// maxSearchBytes bounds the words of one sentence that are indexed for
// search, well under PostgreSQL's limit of 1 MB for a tsvector.
const maxSearchBytes = 256 << 10

// searchText returns what sentences.folded holds for a sentence: its folded
// words joined by single spaces, at most maxSearchBytes of them.
func searchText(text string) string {
	ws := storekit.Words(text)
	n := 0
	for i, w := range ws {
		if n += len(w) + 1; n > maxSearchBytes {
			ws = ws[:i]
			break
		}
	}
	return strings.Join(ws, " ")
}
