package postgres

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"attache"
	"attache/fold"
	"attache/storekit"
)

// SearchSentences runs a full-text query over story sentences, best match
// first. The query is folded like the index ("viet nam" finds "Việt Nam")
// and may use "quoted phrases", AND, OR, NOT and a trailing * for a prefix;
// anything else is read as plain words, and a query that does not fit that
// grammar is searched as one phrase of its words, so user input never causes
// an SQL error. Words past the 256th are ignored.
//
// f narrows the search: Publisher, Doc, and Since/Until on the documents'
// reference dates; Countries, Dyad and Codes keep sentences that carry a
// matching event. Snippet is the sentence (cut around the first match when
// it is long) with the matched words in [ ].
func (s *Store) SearchSentences(ctx context.Context, query string, f attache.EventFilter) ([]attache.SentenceHit, error) {
	items := parseQuery(query)
	tsq := tsQuery(items)
	if tsq == "" {
		return nil, nil // no words to look for
	}
	hits, err := s.searchSentences(ctx, tsq, items, f)
	if err != nil {
		return nil, fmt.Errorf("search sentences %q: %w", query, s.fail(err))
	}
	return hits, nil
}

func (s *Store) searchSentences(ctx context.Context, tsq string, items []queryItem, f attache.EventFilter) ([]attache.SentenceHit, error) {
	var w where
	q := w.arg(tsq)
	w.add("s.tsv @@ q.q")
	var ev where
	ev.args = w.args
	ev.actors(f)
	ev.codes(f)
	w.args = ev.args
	if len(ev.conds) > 0 {
		w.add(`EXISTS (SELECT 1 FROM events e
			WHERE e.document_id = s.document_id AND e.sentence = s.idx
			AND ` + strings.Join(ev.conds, " AND ") + ")")
	}
	w.dateRange("d.reference_date", f.Since, f.Until)
	w.docFilter(f)
	// ts_rank's normalization 1 divides by 1 + log(length): among equal
	// matches the shorter sentence ranks first, as with FTS5's bm25.
	sql := `SELECT d.doc, s.idx, s.text, d.reference_date
	FROM sentences s
	JOIN documents d ON d.id = s.document_id
	CROSS JOIN to_tsquery('simple', ` + q + `) AS q (q)
	` + w.String() + `
	ORDER BY ts_rank(s.tsv, q.q, 1) DESC, s.id
	LIMIT ` + w.arg(storekit.Limit(f))
	rows, err := s.pool.Query(ctx, sql, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []attache.SentenceHit
	for rows.Next() {
		var (
			h    attache.SentenceHit
			date string
		)
		if err := rows.Scan(&h.Doc, &h.Sentence, &h.Text, &date); err != nil {
			return nil, fmt.Errorf("read sentence: %w", err)
		}
		if h.Date, err = attache.ParseDate(date); err != nil {
			return nil, fmt.Errorf("document %s: reference date: %w", h.Doc, err)
		}
		h.Snippet = storekit.Snippet(storekit.MarkOriginal(h.Text, highlight(fold.String(h.Text), items)))
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// maxQueryWords bounds the words of a query: past it they are ignored, so
// that no query is too big for PostgreSQL.
const maxQueryWords = 256

// queryItem is a term of a parsed query (a phrase of one or more folded
// words, maybe ending in a prefix) or an operator between two terms.
type queryItem struct {
	op     string // "AND", "OR", "NOT"; "" for a term
	words  []string
	prefix bool
}

// parseQuery reads a user's query by the SQLite store's grammar (ftsQuery
// in sqlite/search.go): every word is folded, quoted phrases, AND, OR, NOT
// (upper case, between two terms) and a trailing * are kept, and any other
// syntax is read as plain words. A query that does not fit the grammar (an
// unclosed quote, an operator at either end or next to another) becomes one
// phrase of all its words. It returns nil when the query has no words.
func parseQuery(q string) []queryItem {
	var (
		items []queryItem
		n     int // words so far
	)
	ok := true
	term := func(t queryItem) {
		if len(t.words) == 0 || n >= maxQueryWords {
			return
		}
		if n+len(t.words) > maxQueryWords {
			t.words, t.prefix = t.words[:maxQueryWords-n], false
		}
		n += len(t.words)
		items = append(items, t)
	}
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
			t := queryItem{words: storekit.Words(q[i+1 : i+1+end])}
			i += end + 2
			if strings.HasPrefix(q[i:], "*") {
				t.prefix = true
				i++
			}
			term(t)
		default:
			end := strings.IndexFunc(q[i:], func(r rune) bool { return r == '"' || unicode.IsSpace(r) })
			if end < 0 {
				end = len(q) - i
			}
			word := q[i : i+end]
			i += end
			switch word {
			case "AND", "OR", "NOT":
				items = append(items, queryItem{op: word})
				continue
			}
			term(queryItem{words: storekit.Words(word), prefix: strings.HasSuffix(word, "*")})
		}
	}
	for i, it := range items {
		if it.op != "" && (i == 0 || i == len(items)-1 || items[i-1].op != "" || items[i+1].op != "") {
			ok = false
		}
	}
	if !ok {
		ws := storekit.Words(q)
		if len(ws) == 0 {
			return nil
		}
		return []queryItem{{words: ws[:min(len(ws), maxQueryWords)]}}
	}
	return items
}

// tsQuery writes parsed items as the text of a to_tsquery query: each word
// quoted, a phrase's words joined by <->, a prefix marked :*, AND and two
// terms side by side as &, OR as |, NOT as & !. The precedence of tsquery's
// operators (! over <-> over & over |) is FTS5's (NOT over AND over OR),
// phrases are parenthesised. It returns "" when there are no items.
func tsQuery(items []queryItem) string {
	var b strings.Builder
	for i, it := range items {
		switch it.op {
		case "AND":
			continue // as two terms side by side
		case "OR":
			b.WriteString(" | ")
			continue
		case "NOT":
			b.WriteString(" & !")
			continue
		}
		if i > 0 && (items[i-1].op == "" || items[i-1].op == "AND") {
			b.WriteString(" & ")
		}
		b.WriteByte('(')
		for j, w := range it.words {
			if j > 0 {
				b.WriteString(" <-> ")
			}
			b.WriteString(quoteLexeme(w))
		}
		if it.prefix {
			b.WriteString(":*")
		}
		b.WriteByte(')')
	}
	return b.String()
}

// quoteLexeme quotes a word as a tsquery operand. Words are letters and
// digits only; quotes and backslashes are escaped all the same.
func quoteLexeme(w string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(w) + "'"
}

// isWordBreak reports whether r separates words: it is neither a letter nor
// a digit.
func isWordBreak(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }

// highlight marks, in folded (a sentence's folded text), the words that the
// query's terms match, as SQLite's FTS5 highlight() does: each matched word
// between \x01 and \x02. Terms after NOT mark nothing.
func highlight(folded string, items []queryItem) string {
	type word struct {
		start, end int
		text       string
	}
	var ws []word
	for i := 0; i < len(folded); {
		r, size := utf8.DecodeRuneInString(folded[i:])
		if isWordBreak(r) {
			i += size
			continue
		}
		end := strings.IndexFunc(folded[i:], isWordBreak)
		if end < 0 {
			end = len(folded) - i
		}
		ws = append(ws, word{i, i + end, folded[i : i+end]})
		i += end
	}
	marked := make([]bool, len(ws))
	for i, it := range items {
		if it.op != "" || (i > 0 && items[i-1].op == "NOT") {
			continue
		}
		k := len(it.words)
	starts:
		for at := 0; at+k <= len(ws); at++ {
			for j, w := range it.words {
				got := ws[at+j].text
				if j == k-1 && it.prefix {
					if !strings.HasPrefix(got, w) {
						continue starts
					}
				} else if got != w {
					continue starts
				}
			}
			for j := range k {
				marked[at+j] = true
			}
		}
	}
	var b strings.Builder
	at := 0
	for i, w := range ws {
		if !marked[i] {
			continue
		}
		b.WriteString(folded[at:w.start])
		b.WriteString("\x01" + w.text + "\x02")
		at = w.end
	}
	b.WriteString(folded[at:])
	return b.String()
}
