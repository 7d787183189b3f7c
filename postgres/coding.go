package postgres

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"attache"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// keyed is a document and the key of its row in documents.
type keyed struct {
	doc *attache.Document
	key int64
}

// The columns of a document's coding, in the order of the values
// sentenceRow, eventArgs and factArgs return.
var (
	sentenceCols = []string{"document_id", "idx", "span_start", "span_end", "text", "headline", "folded"}
	eventCols    = []string{"event_id", "document_id", "sentence",
		"src_text", "src_code", "src_country", "src_sector", "src_person", "src_role", "src_start", "src_end",
		"tgt_text", "tgt_code", "tgt_country", "tgt_sector", "tgt_person", "tgt_role", "tgt_start", "tgt_end",
		"cameo", "root", "plover", "quad", "goldstein", "event_date", "date_precision", "place", "mode", "confidence",
		"evidence_start", "evidence_end", "evidence_text", "rule"}
	factCols = []string{"document_id", "idx", "kind", "parties", "title", "fact_date", "period", "value", "currency",
		"qualifier", "percent", "basis", "level", "status", "evidence"}
)

// The statements of a small write: the sentences of a document, one array
// for each column, and one statement for each event and for each fact with
// its fact_parties. pgx prepares and caches each one per connection.
var (
	insSentencesSQL = `INSERT INTO sentences (` + strings.Join(sentenceCols, ", ") + `)
		SELECT $1, * FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::bool[], $7::text[])`
	insEventSQL = insertSQL("events", eventCols)
	insFactSQL  = `WITH f AS (` + insertSQL("facts", factCols) + ` RETURNING id, parties)
		INSERT INTO fact_parties (fact_id, country) SELECT f.id, p FROM f CROSS JOIN LATERAL unnest(f.parties) AS p`
)

// insFactPartiesSQL fills fact_parties from the parties of the facts of
// some documents, once COPY has written the facts. (factArgs leaves no
// party twice in a fact.)
const insFactPartiesSQL = `INSERT INTO fact_parties (fact_id, country)
	SELECT f.id, p FROM facts f CROSS JOIN LATERAL unnest(f.parties) AS p
	WHERE f.document_id = ANY($1::bigint[])`

// insertSQL returns INSERT INTO table (cols) VALUES ($1, …).
func insertSQL(table string, cols []string) string {
	ps := make([]string, len(cols))
	for i := range cols {
		ps[i] = "$" + strconv.Itoa(i+1)
	}
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(ps, ", ") + ")"
}

// maxPipelined is the most statements writeCoding sends in one pipeline, a
// round trip for them all; more rows go with COPY, a few round trips for
// each table however many rows it gets, and much less work for the server
// per row.
const maxPipelined = 64

// writeCoding writes the sentences, events and facts of docs, whose rows
// in documents are in, and their fact_parties, and links prints, the
// fingerprints of docs, to their near-duplicates (linkNear). When the
// server says which row failed it returns the index in docs of that row's
// document, else -1; the error says which row it was.
func writeCoding(ctx context.Context, tx pgx.Tx, docs []keyed, prints []printed) (int, error) {
	var (
		b     pgx.Batch
		whats []queued // what each queued statement writes, for errors
		n     int      // statements of a pipelined write
	)
	for _, d := range docs {
		n += len(d.doc.Events) + len(d.doc.Facts)
		if len(d.doc.Sentences) > 0 {
			n++
		}
	}
	if n <= maxPipelined {
		for i, d := range docs {
			if len(d.doc.Sentences) > 0 {
				b.Queue(insSentencesSQL, sentenceArgs(d.doc, d.key)...)
				whats = append(whats, queued{i, "insert sentences"})
			}
			for j := range d.doc.Events {
				id, args := eventArgs(d.doc, j, d.key)
				b.Queue(insEventSQL, args...)
				whats = append(whats, queued{i, "insert event " + id})
			}
			for j, f := range d.doc.Facts {
				b.Queue(insFactSQL, factArgs(f, j, d.key)...)
				whats = append(whats, queued{i, factWhat(d.doc, j)})
			}
		}
	} else {
		for _, t := range codingTables {
			if i, err := t.copy(ctx, tx, docs); err != nil {
				return i, err
			}
		}
		var keys []int64
		for _, d := range docs {
			if len(d.doc.Facts) > 0 {
				keys = append(keys, d.key)
			}
		}
		if len(keys) > 0 {
			b.Queue(insFactPartiesSQL, keys)
			whats = append(whats, queued{-1, "insert fact parties"})
		}
	}
	// The near-duplicates' candidates come with the same round trip.
	if len(prints) > 0 {
		b.Queue(candidatesSQL, candidateArgs(prints)...)
	}
	if b.Len() == 0 {
		return -1, nil
	}
	br := tx.SendBatch(ctx, &b)
	defer br.Close()
	for _, q := range whats {
		if _, err := br.Exec(); err != nil {
			return q.doc, fmt.Errorf("%s: %w", q.what, err)
		}
	}
	if len(prints) == 0 {
		return -1, br.Close()
	}
	rs, err := br.Query()
	if err != nil {
		return -1, fmt.Errorf("find near-duplicates: %w", err)
	}
	cands, err := scanCandidates(rs)
	if err != nil {
		return -1, err
	}
	if err := br.Close(); err != nil {
		return -1, err
	}
	return -1, insertLinks(ctx, tx, nearLinks(prints, cands))
}

// queued is a statement of a pipeline: what it does, and the index of the
// document it writes (-1 for several).
type queued struct {
	doc  int
	what string
}

// sentenceArgs returns the arguments of insSentencesSQL: d's sentences as
// one array for each column.
func sentenceArgs(d *attache.Document, key int64) []any {
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
	return []any{key, idx, start, end, text, headline, folded}
}

// sentenceRow returns the row of the sentences table (sentenceCols) of the
// j-th sentence of d.
func sentenceRow(d *attache.Document, j int, key int64) []any {
	sn := d.Sentences[j]
	text := d.Slice(sn.Span)
	return []any{key, sn.Index, sn.Start, sn.End, text, sn.Headline, searchText(text)}
}

func sentenceWhat(d *attache.Document, j int) string {
	return fmt.Sprintf("insert sentence %d", d.Sentences[j].Index)
}

func factWhat(d *attache.Document, j int) string {
	return fmt.Sprintf("insert fact %d (%s)", j, d.Facts[j].Kind)
}

// copyTable says how to COPY one of the tables of a document's coding.
type copyTable struct {
	name string
	cols []string
	// rows returns how many rows a document has in the table.
	rows func(d *attache.Document) int
	// row returns the j-th row of d, stored under key.
	row func(d *attache.Document, j int, key int64) []any
	// what says what the j-th row of d is, for errors: "insert event x".
	what func(d *attache.Document, j int) string
}

var codingTables = []*copyTable{
	{
		name: "sentences",
		cols: sentenceCols,
		rows: func(d *attache.Document) int { return len(d.Sentences) },
		row:  sentenceRow,
		what: sentenceWhat,
	},
	{
		name: "events",
		cols: eventCols,
		rows: func(d *attache.Document) int { return len(d.Events) },
		row: func(d *attache.Document, j int, key int64) []any {
			_, args := eventArgs(d, j, key)
			return args
		},
		what: func(d *attache.Document, j int) string {
			id, _ := eventArgs(d, j, 0)
			return "insert event " + id
		},
	},
	{
		name: "facts",
		cols: factCols,
		rows: func(d *attache.Document) int { return len(d.Facts) },
		row: func(d *attache.Document, j int, key int64) []any {
			return factArgs(d.Facts[j], j, key)
		},
		what: factWhat,
	},
}

// copyLine finds the row number in the context of an error raised during
// COPY: "COPY events, line 17", or "…, line 17, column x". (A server whose
// lc_messages is not English words it otherwise, and the error then names
// the table only.)
var copyLine = regexp.MustCompile(`^COPY \S+, line (\d+)`)

// copy writes the table's rows of docs with one COPY. When it fails on a
// row the server names, it returns the index in docs of that row's
// document and says which row it was.
func (t *copyTable) copy(ctx context.Context, tx pgx.Tx, docs []keyed) (int, error) {
	ends := make([]int, len(docs)) // rows of docs[:i+1]
	total := 0
	for i, d := range docs {
		total += t.rows(d.doc)
		ends[i] = total
	}
	if total == 0 {
		return -1, nil
	}
	i, j := 0, 0
	src := pgx.CopyFromFunc(func() ([]any, error) {
		for i < len(docs) && j >= t.rows(docs[i].doc) {
			i, j = i+1, 0
		}
		if i == len(docs) {
			return nil, nil
		}
		j++
		return t.row(docs[i].doc, j-1, docs[i].key), nil
	})
	_, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, src)
	if err == nil {
		return -1, nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		if m := copyLine.FindStringSubmatch(pe.Where); m != nil {
			line, _ := strconv.Atoi(m[1])
			if line >= 1 && line <= total {
				// Lines count rows from 1: row line-1 is in the first
				// document whose rows end at or past line.
				i, _ := slices.BinarySearch(ends, line)
				first := 0
				if i > 0 {
					first = ends[i-1]
				}
				return i, fmt.Errorf("%s: %w", t.what(docs[i].doc, line-1-first), err)
			}
		}
	}
	return -1, fmt.Errorf("insert %s: %w", t.name, err)
}
