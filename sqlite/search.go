package sqlite

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"attache"
	"attache/storekit"
)

// SearchSentences runs a full-text query over story sentences, best match
// first. The query is folded like the index ("viet nam" finds "Việt Nam")
// and may use "quoted phrases", AND, OR, NOT and a trailing * for a prefix;
// anything else, or a query that does not parse, is searched as a plain
// phrase of its words, so user input never causes an SQL error.
//
// f narrows the search: Publisher, Doc, and Since/Until on the documents'
// reference dates; Countries, Dyad and Codes keep sentences that carry a
// matching event. Snippet is the sentence (cut around the first match when
// it is long) with the matched words in [ ].
func (s *Store) SearchSentences(ctx context.Context, query string, f attache.EventFilter) ([]attache.SentenceHit, error) {
	fts := ftsQuery(query)
	if fts == "" {
		return nil, nil // no words to look for
	}
	hits, err := s.searchSentences(ctx, fts, f)
	if isFTSSyntax(err) {
		hits, err = s.searchSentences(ctx, ftsPhrase(query), f)
	}
	if err != nil {
		return nil, fmt.Errorf("search sentences %q: %w", query, s.fail(err))
	}
	return hits, nil
}

func (s *Store) searchSentences(ctx context.Context, fts string, f attache.EventFilter) ([]attache.SentenceHit, error) {
	var w where
	w.add("sentences_fts MATCH ?", fts)
	var ev where
	ev.actors(f)
	ev.codes(f)
	if len(ev.conds) > 0 {
		w.add(`EXISTS (SELECT 1 FROM events e
			WHERE e.document_id = s.document_id AND e.sentence = s.idx
			AND `+strings.Join(ev.conds, " AND ")+")", ev.args...)
	}
	w.dateRange("d.reference_date", f.Since, f.Until)
	w.docFilter(f)
	q := `SELECT d.doc, s.idx, s.text, highlight(sentences_fts, 0, char(1), char(2)), d.reference_date
	FROM sentences_fts
	JOIN sentences s ON s.id = sentences_fts.rowid
	JOIN documents d ON d.id = s.document_id
	` + w.String() + `
	ORDER BY rank, s.id
	LIMIT ?`
	rows, err := s.db.QueryContext(ctx, q, append(w.args, storekit.Limit(f))...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []attache.SentenceHit
	for rows.Next() {
		var (
			h        attache.SentenceHit
			hl, date string
		)
		if err := rows.Scan(&h.Doc, &h.Sentence, &h.Text, &hl, &date); err != nil {
			return nil, fmt.Errorf("read sentence: %w", err)
		}
		if h.Date, err = attache.ParseDate(date); err != nil {
			return nil, fmt.Errorf("document %s: reference date: %w", h.Doc, err)
		}
		h.Snippet = storekit.Snippet(storekit.MarkOriginal(h.Text, hl))
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// isFTSSyntax reports whether err is FTS5 rejecting a query.
func isFTSSyntax(err error) bool {
	return err != nil && strings.Contains(err.Error(), "fts5:")
}

// ftsQuery turns a user's query into an FTS5 query that cannot fail to
// parse: every word is folded and double-quoted, so FTS5 syntax (NEAR,
// column filters, ^, parentheses) is read as plain words. Quoted phrases,
// AND, OR, NOT (upper case, between two terms) and a trailing * are kept.
// A query that does not fit that grammar (an unclosed quote, an operator at
// either end) becomes one phrase of all its words. It returns "" when the
// query has no words.
func ftsQuery(q string) string {
	type item struct {
		op     string // "AND", "OR", "NOT"; "" for a term
		words  []string
		prefix bool
	}
	var items []item
	ok := true
	for i := 0; i < len(q); {
		r, size := utf8.DecodeRuneInString(q[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '"':
			end := strings.IndexByte(q[i+1:], '"')
			if end < 0 {
				ok = false
				i = len(q)
				break
			}
			t := item{words: storekit.Words(q[i+1 : i+1+end])}
			i += end + 2
			if strings.HasPrefix(q[i:], "*") {
				t.prefix = true
				i++
			}
			if len(t.words) > 0 {
				items = append(items, t)
			}
		default:
			end := strings.IndexFunc(q[i:], func(r rune) bool { return r == '"' || unicode.IsSpace(r) })
			if end < 0 {
				end = len(q) - i
			}
			word := q[i : i+end]
			i += end
			switch word {
			case "AND", "OR", "NOT":
				items = append(items, item{op: word})
				continue
			}
			if t := (item{words: storekit.Words(word), prefix: strings.HasSuffix(word, "*")}); len(t.words) > 0 {
				items = append(items, t)
			}
		}
	}
	for i, it := range items {
		if it.op != "" && (i == 0 || i == len(items)-1 || items[i-1].op != "" || items[i+1].op != "") {
			ok = false
		}
	}
	if !ok {
		return ftsPhrase(q)
	}
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			b.WriteByte(' ')
		}
		if it.op != "" {
			b.WriteString(it.op)
			continue
		}
		b.WriteString(`"` + strings.Join(it.words, " ") + `"`)
		if it.prefix {
			b.WriteByte('*')
		}
	}
	return b.String()
}

// ftsPhrase returns q's words as one FTS5 phrase, "" when it has none.
func ftsPhrase(q string) string {
	ws := storekit.Words(q)
	if len(ws) == 0 {
		return ""
	}
	return `"` + strings.Join(ws, " ") + `"`
}
