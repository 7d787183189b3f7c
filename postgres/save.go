package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"attache"
	"attache/fold"

	"github.com/jackc/pgx/v5"
)

// The statements SaveDocument runs. pgx prepares and caches each one per
// connection.
const (
	hasHashSQL     = `SELECT EXISTS (SELECT 1 FROM documents WHERE content_hash = $1)`
	insDocumentSQL = `INSERT INTO documents
		(doc, content_hash, publisher, url, title, lang, reference_date, text, coder_version, stored_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (content_hash) DO NOTHING
		RETURNING id`
	// All the sentences of a document in one statement, one array for
	// each column: cheaper for the server than a statement for each.
	insSentencesSQL = `INSERT INTO sentences (document_id, idx, span_start, span_end, text, headline, folded)
		SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::bool[], $7::text[])`
	insEventSQL = `INSERT INTO events (
		event_id, document_id, sentence,
		src_text, src_code, src_country, src_sector, src_person, src_role, src_start, src_end,
		tgt_text, tgt_code, tgt_country, tgt_sector, tgt_person, tgt_role, tgt_start, tgt_end,
		cameo, root, plover, quad, goldstein, event_date, date_precision, place, mode, confidence,
		evidence_start, evidence_end, evidence_text, rule)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
		$20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33)`
	insFactSQL = `INSERT INTO facts (
		document_id, idx, kind, parties, title, fact_date, period, value, currency,
		qualifier, percent, basis, level, status, evidence)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`
)

// SaveDocument stores d with its sentences, events and facts in one
// transaction: either all of it is stored or none. A document whose text
// (content hash) is stored already is left as it is and New is false, also
// when another process saves the same text at the same moment.
//
// Events with an empty ID are stored as "<doc>#<n>", n their position in
// d.Events, the form the coder gives. d is not modified. PostgreSQL cannot
// store a NUL byte or invalid UTF-8 in text, so a document with either in
// its text is refused.
func (s *Store) SaveDocument(ctx context.Context, d *attache.Document, coderVersion string) (attache.SaveResult, error) {
	res, err := s.save(ctx, d, coderVersion)
	if err != nil {
		return attache.SaveResult{}, fmt.Errorf("save document %s: %w", d.ID, s.fail(err))
	}
	return res, nil
}

func (s *Store) save(ctx context.Context, d *attache.Document, coderVersion string) (attache.SaveResult, error) {
	if err := check(d); err != nil {
		return attache.SaveResult{}, err
	}
	hash := attache.ContentHash(d.Text)
	// A cheap look first: re-ingesting a corpus mostly meets documents it
	// has, and this writes nothing.
	var has bool
	if err := s.pool.QueryRow(ctx, hasHashSQL, hash).Scan(&has); err != nil {
		return attache.SaveResult{}, fmt.Errorf("look up content hash: %w", err)
	}
	if has {
		return attache.SaveResult{New: false}, nil
	}

	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return attache.SaveResult{}, fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))

	// Another writer may have stored the same text since the look above;
	// the unique content hash settles it: this insert waits for the other
	// transaction and then inserts nothing.
	var docID int64
	err = tx.QueryRow(ctx, insDocumentSQL,
		d.ID, hash, d.Publisher, d.URL, d.Title, d.Lang, d.RefDate.String(), d.Text, coderVersion,
		s.now().UTC()).Scan(&docID)
	if errors.Is(err, pgx.ErrNoRows) {
		return attache.SaveResult{New: false}, nil
	}
	if err != nil {
		return attache.SaveResult{}, fmt.Errorf("insert document: %w", err)
	}

	// Everything else goes to the server in one round trip.
	var (
		b     pgx.Batch
		whats []string // what each queued statement does, for errors
	)
	queue := func(what, sql string, args ...any) {
		b.Queue(sql, args...)
		whats = append(whats, what)
	}
	if len(d.Sentences) > 0 {
		queue("insert sentences", insSentencesSQL, sentenceArgs(d, docID)...)
	}
	for i := range d.Events {
		id, args := eventArgs(d, i, docID)
		queue("insert event "+id, insEventSQL, args...)
	}
	for i, f := range d.Facts {
		queue(fmt.Sprintf("insert fact %d (%s)", i, f.Kind), insFactSQL, factArgs(f, i, docID)...)
	}
	if b.Len() > 0 {
		br := tx.SendBatch(ctx, &b)
		for _, what := range whats {
			if _, err := br.Exec(); err != nil {
				br.Close()
				return attache.SaveResult{}, fmt.Errorf("%s: %w", what, err)
			}
		}
		if err := br.Close(); err != nil {
			return attache.SaveResult{}, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return attache.SaveResult{}, fmt.Errorf("commit: %w", err)
	}
	return attache.SaveResult{New: true, Events: len(d.Events), Facts: len(d.Facts)}, nil
}

// check refuses what PostgreSQL cannot store before anything is sent:
// text with NUL bytes or invalid UTF-8, and sentence spans outside the
// text. Every other string of the document is cut from its text or comes
// from the coder's lexicon.
func check(d *attache.Document) error {
	if strings.IndexByte(d.Text, 0) >= 0 {
		return errors.New("the text contains a NUL byte, which PostgreSQL cannot store")
	}
	if !utf8.ValidString(d.Text) {
		return errors.New("the text is not valid UTF-8, which PostgreSQL cannot store")
	}
	for _, sn := range d.Sentences {
		if sn.Start < 0 || sn.End < sn.Start || sn.End > len(d.Text) {
			return fmt.Errorf("sentence %d: span %d-%d outside the text (%d bytes)", sn.Index, sn.Start, sn.End, len(d.Text))
		}
	}
	return nil
}

// sentenceArgs returns the arguments of insSentencesSQL: d's sentences as
// one array for each column.
func sentenceArgs(d *attache.Document, docID int64) []any {
	n := len(d.Sentences)
	var (
		idx, start, end = make([]int, n), make([]int, n), make([]int, n)
		text, folded    = make([]string, n), make([]string, n)
		headline        = make([]bool, n)
	)
	for i, sn := range d.Sentences {
		idx[i], start[i], end[i], headline[i] = sn.Index, sn.Start, sn.End, sn.Headline
		text[i] = d.Slice(sn.Span)
		folded[i] = searchText(text[i])
	}
	return []any{docID, idx, start, end, text, headline, folded}
}

// eventArgs returns the ID under which d.Events[i] is stored and the
// arguments of insEventSQL.
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

// factArgs returns the arguments of insFactSQL for f, the i-th fact.
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
	ws := words(text)
	n := 0
	for i, w := range ws {
		if n += len(w) + 1; n > maxSearchBytes {
			ws = ws[:i]
			break
		}
	}
	return strings.Join(ws, " ")
}

// words returns the folded words of s: runs of letters and digits. (The
// same as the SQLite store's.)
func words(s string) []string {
	return strings.FieldsFunc(fold.String(s), isWordBreak)
}
