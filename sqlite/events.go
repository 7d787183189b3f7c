package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"attache"
	"attache/cameo"
	"attache/storekit"
)

// Page sizes of FindEvents, FindFacts and SearchSentences.
const (
	DefaultLimit = storekit.DefaultLimit
	MaxLimit     = storekit.MaxLimit
)

// where collects the conditions of a query and their arguments, in order.
// Conditions are written by this package; user input only ever goes into
// args.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(w.conds, "\n  AND ")
}

// marks returns n comma-separated placeholders.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func countryArgs(cs []attache.Country) []any {
	a := make([]any, len(cs))
	for i, c := range cs {
		a[i] = string(c)
	}
	return a
}

// dateRange keeps the rows whose date, the text column expression col,
// overlaps since..until. A date is compared at its own precision: "2024-10"
// is inside 2024-10-15..2024-12-31 because its month is. Rows without a date
// are left out once either bound is set.
func (w *where) dateRange(col string, since, until attache.Date) {
	if since.IsZero() && until.IsZero() {
		return
	}
	w.add(col + " <> ''")
	if !since.IsZero() {
		first := since.Time().Format("2006-01-02")
		// The first condition is implied by the second; it lets an index
		// on col narrow the scan.
		w.add(fmt.Sprintf("%s >= ? AND %s >= substr(?, 1, length(%s))", col, col, col), first[:4], first)
	}
	if !until.IsZero() {
		last := storekit.LastDay(until).String()
		w.add(fmt.Sprintf("%s <= ? AND %s <= substr(?, 1, length(%s))", col, col, col), last, last)
	}
}

// actors keeps the events e with f's countries and dyad.
func (w *where) actors(f attache.EventFilter) {
	if len(f.Countries) > 0 {
		m := marks(len(f.Countries))
		a := countryArgs(f.Countries)
		w.add("(e.src_country IN ("+m+") OR e.tgt_country IN ("+m+"))", append(a, a...)...)
	}
	switch a, b := f.Dyad[0], f.Dyad[1]; {
	case a == b && a != "":
		w.add("e.src_country = ? AND e.tgt_country = ?", string(a), string(a))
	case a != "" && b != "":
		// Written so that the index on (src_country, tgt_country,
		// event_date) answers it alone: an OR of the two directions makes
		// SQLite read every matching row of the table before sorting.
		w.add("e.src_country IN (?, ?) AND e.tgt_country IN (?, ?) AND e.src_country <> e.tgt_country",
			string(a), string(b), string(a), string(b))
	case a != "" || b != "":
		// Half a dyad: the events of that one country.
		w.add("(e.src_country = ? OR e.tgt_country = ?)", string(a+b), string(a+b))
	}
}

// codes keeps the events e whose CAMEO code starts with one of f's codes.
func (w *where) codes(f attache.EventFilter) {
	if len(f.Codes) == 0 {
		return
	}
	ors := make([]string, len(f.Codes))
	args := make([]any, len(f.Codes))
	for i, c := range f.Codes {
		ors[i] = `e.cameo LIKE ? ESCAPE '\'`
		args[i] = storekit.LikePrefix(c)
	}
	w.add("("+strings.Join(ors, " OR ")+")", args...)
}

// docFilter adds f's conditions on the document d.
func (w *where) docFilter(f attache.EventFilter) {
	if f.Publisher != "" {
		w.add("d.publisher = ?", f.Publisher)
	}
	if f.Doc != "" {
		w.add("d.doc = ?", f.Doc)
	}
}

const eventColumns = `e.id, e.event_id, d.doc, e.sentence,
	e.src_text, e.src_code, e.src_country, e.src_sector, e.src_person, e.src_role, e.src_start, e.src_end,
	e.tgt_text, e.tgt_code, e.tgt_country, e.tgt_sector, e.tgt_person, e.tgt_role, e.tgt_start, e.tgt_end,
	e.cameo, e.root, e.plover, e.quad, e.goldstein, e.event_date, e.date_precision, e.place, e.mode,
	e.confidence, e.evidence_start, e.evidence_end, e.evidence_text, e.rule, e.cluster,
	d.publisher, d.url, COALESCE(s.text, '')`

// FindEvents returns the events matching f, newest first (events dated to a
// month come after the days of that month, undated events last), and the
// storekit.Cursor of the next page, "" when this page is the last. Cluster
// keeps the events merge put in that cluster.
func (s *Store) FindEvents(ctx context.Context, f attache.EventFilter) ([]attache.StoredEvent, string, error) {
	var fts string
	if f.Text != "" {
		if fts = ftsQuery(f.Text); fts == "" {
			return nil, "", nil // nothing searchable in the query
		}
	}
	evs, next, err := s.findEvents(ctx, f, fts)
	if isFTSSyntax(err) {
		evs, next, err = s.findEvents(ctx, f, ftsPhrase(f.Text))
	}
	if err != nil {
		return nil, "", fmt.Errorf("find events: %w", s.fail(err))
	}
	return evs, next, nil
}

// eventFilter adds the conditions that keep the events e matching f: all of
// f but Limit and Cursor, with fts, the FTS5 form of f.Text, in place of
// f.Text. It returns the joins the conditions need: documents d when
// withDoc or f asks for a publisher or a document, sentences s for fts.
func (w *where) eventFilter(f attache.EventFilter, fts string, withDoc bool) (joins string) {
	w.actors(f)
	w.codes(f)
	w.dateRange("e.event_date", f.Since, f.Until)
	w.docFilter(f)
	if f.Cluster != "" {
		w.add("e.cluster = ?", f.Cluster)
	}
	if fts != "" {
		w.add("s.id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?)", fts)
	}
	if withDoc || f.Publisher != "" || f.Doc != "" {
		joins += "\n\tJOIN documents d ON d.id = e.document_id"
	}
	if fts != "" {
		joins += "\n\tJOIN sentences s ON s.document_id = e.document_id AND s.idx = e.sentence"
	}
	return joins
}

// withText runs query with the FTS5 form of text (or "" when text is ""),
// and again with text as a plain phrase when FTS5 rejects that. A text
// with nothing searchable in it matches nothing: the zero T.
func withText[T any](text string, query func(fts string) (T, error)) (T, error) {
	var fts string
	if text != "" {
		if fts = ftsQuery(text); fts == "" {
			var zero T
			return zero, nil
		}
	}
	v, err := query(fts)
	if isFTSSyntax(err) {
		v, err = query(ftsPhrase(text))
	}
	return v, err
}

func (s *Store) findEvents(ctx context.Context, f attache.EventFilter, fts string) ([]attache.StoredEvent, string, error) {
	limit := storekit.Limit(f)
	var w where
	joins := w.eventFilter(f, fts, false)
	if f.Cursor != "" {
		c, err := storekit.ParseCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add("(e.event_date, e.id) < (?, ?)", c.Date, c.ID)
	}
	// Find the page's keys first, sorting only (event_date, id), then read
	// the wide rows of those few events.
	q := `SELECT ` + eventColumns + `
	FROM (
		SELECT e.id, e.event_date FROM events e` + joins + `
		` + w.String() + `
		ORDER BY e.event_date DESC, e.id DESC
		LIMIT ?
	) page
	JOIN events e ON e.id = page.id
	JOIN documents d ON d.id = e.document_id
	LEFT JOIN sentences s ON s.document_id = e.document_id AND s.idx = e.sentence
	ORDER BY page.event_date DESC, page.id DESC`
	rows, err := s.db.QueryContext(ctx, q, append(w.args, limit+1)...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var (
		evs  []attache.StoredEvent
		last storekit.Cursor
	)
	for rows.Next() {
		if len(evs) == limit {
			return evs, last.String(), rows.Close()
		}
		e, c, err := scanEvent(rows)
		if err != nil {
			return nil, "", err
		}
		evs = append(evs, e)
		last = c
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	return evs, "", nil
}

func scanEvent(rows *sql.Rows) (attache.StoredEvent, storekit.Cursor, error) {
	var (
		e                                  attache.StoredEvent
		c                                  storekit.Cursor
		srcStart, srcEnd, tgtStart, tgtEnd sql.NullInt64
		code, root, date, mode             string
		place, cluster                     sql.NullString
	)
	err := rows.Scan(&c.ID, &e.ID, &e.Doc, &e.Sentence,
		&e.Source.Text, &e.Source.Code, &e.Source.Country, &e.Source.Sector, &e.Source.Person, &e.Source.Role, &srcStart, &srcEnd,
		&e.Target.Text, &e.Target.Code, &e.Target.Country, &e.Target.Sector, &e.Target.Person, &e.Target.Role, &tgtStart, &tgtEnd,
		&code, &root, &e.Plover, &e.Quad, &e.Goldstein, &date, &e.DatePrecision, &place, &mode,
		&e.Confidence, &e.Evidence.Start, &e.Evidence.End, &e.Evidence.Text, &e.Rule, &cluster,
		&e.Publisher, &e.URL, &e.SentenceText)
	if err != nil {
		return e, c, fmt.Errorf("read event: %w", err)
	}
	c.Date = date
	e.Code, e.Root = cameo.Code(code), cameo.Code(root)
	e.Source.Span = spanOf(srcStart, srcEnd)
	e.Target.Span = spanOf(tgtStart, tgtEnd)
	e.Cluster = cluster.String
	if e.Date, err = attache.ParseDate(date); err != nil {
		return e, c, fmt.Errorf("event %s: %w", e.ID, err)
	}
	if err := e.Mode.UnmarshalJSON(strconv.AppendQuote(nil, mode)); err != nil {
		return e, c, fmt.Errorf("event %s: %w", e.ID, err)
	}
	if place.Valid {
		e.Place = new(attache.Place)
		if err := json.Unmarshal([]byte(place.String), e.Place); err != nil {
			return e, c, fmt.Errorf("event %s: place: %w", e.ID, err)
		}
	}
	return e, c, nil
}

func spanOf(start, end sql.NullInt64) *attache.Span {
	if !start.Valid || !end.Valid {
		return nil
	}
	return &attache.Span{Start: int(start.Int64), End: int(end.Int64)}
}
