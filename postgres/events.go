package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"attache"
	"attache/cameo"
	"attache/storekit"

	"github.com/jackc/pgx/v5"
)

// Page sizes of FindEvents, FindFacts and SearchSentences (the SQLite
// store's).
const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// where collects the conditions of a query and their arguments. Conditions
// are written by this package; user input only ever goes into args, through
// arg, which returns the placeholder ($n) to write.
type where struct {
	conds []string
	args  []any
}

func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(w.conds, "\n  AND ")
}

// never records that the query can match nothing: a filter value no
// stored row can hold.
func (w *where) never() { w.add("FALSE") }

// storable reports whether s can be stored in PostgreSQL text: no NUL byte,
// valid UTF-8. A filter value that is not can match nothing, and sending it
// would be an error.
func storable(s string) bool {
	return strings.IndexByte(s, 0) < 0 && utf8.ValidString(s)
}

func countryArgs(cs []attache.Country) []string {
	a := make([]string, 0, len(cs))
	for _, c := range cs {
		if storable(string(c)) {
			a = append(a, string(c))
		}
	}
	return a
}

// dateRange keeps the rows whose date, the text column expression col,
// overlaps since..until. A date is compared at its own precision: "2024-10"
// is inside 2024-10-15..2024-12-31 because its month is. Rows without a date
// are left out once either bound is set. col must have the "C" collation.
func (w *where) dateRange(col string, since, until attache.Date) {
	if since.IsZero() && until.IsZero() {
		return
	}
	w.add(col + " <> ''")
	if !since.IsZero() {
		first := since.Time().Format("2006-01-02")
		// The first condition is implied by the second; it lets an index
		// on col narrow the scan.
		w.add(fmt.Sprintf("%s >= %s AND %s >= left(%s, length(%s))", col, w.arg(first[:4]), col, w.arg(first), col))
	}
	if !until.IsZero() {
		last := w.arg(storekit.LastDay(until).String())
		w.add(fmt.Sprintf("%s <= %s AND %s <= left(%s, length(%s))", col, last, col, last, col))
	}
}

// actors keeps the events e with f's countries and dyad.
func (w *where) actors(f attache.EventFilter) {
	if len(f.Countries) > 0 {
		cs := w.arg(countryArgs(f.Countries))
		w.add("(e.src_country = ANY(" + cs + ") OR e.tgt_country = ANY(" + cs + "))")
	}
	a, b := string(f.Dyad[0]), string(f.Dyad[1])
	if !storable(a) || !storable(b) {
		w.never()
		return
	}
	switch {
	case a == b && a != "":
		p := w.arg(a)
		w.add("e.src_country = " + p + " AND e.tgt_country = " + p)
	case a != "" && b != "":
		pa, pb := w.arg(a), w.arg(b)
		w.add(fmt.Sprintf("e.src_country IN (%s, %s) AND e.tgt_country IN (%s, %s) AND e.src_country <> e.tgt_country",
			pa, pb, pa, pb))
	case a != "" || b != "":
		// Half a dyad: the events of that one country.
		p := w.arg(a + b)
		w.add("(e.src_country = " + p + " OR e.tgt_country = " + p + ")")
	}
}

// codes keeps the events e whose CAMEO code starts with one of f's codes.
func (w *where) codes(f attache.EventFilter) {
	if len(f.Codes) == 0 {
		return
	}
	var ors []string
	for _, c := range f.Codes {
		if storable(c) {
			// events.cameo has the "C" collation, so its index serves a
			// prefix LIKE. Backslash is LIKE's escape character.
			ors = append(ors, "e.cameo LIKE "+w.arg(storekit.LikePrefix(c)))
		}
	}
	if len(ors) == 0 {
		w.never()
		return
	}
	w.add("(" + strings.Join(ors, " OR ") + ")")
}

// docFilter adds f's conditions on the document d.
func (w *where) docFilter(f attache.EventFilter) {
	if !storable(f.Publisher) || !storable(f.Doc) {
		w.never()
		return
	}
	if f.Publisher != "" {
		w.add("d.publisher = " + w.arg(f.Publisher))
	}
	if f.Doc != "" {
		w.add("d.doc = " + w.arg(f.Doc))
	}
}

// cluster keeps the events e of f's cluster.
func (w *where) cluster(f attache.EventFilter) {
	switch {
	case f.Cluster == "":
	case !storable(f.Cluster):
		w.never()
	default:
		w.add("e.cluster = " + w.arg(f.Cluster))
	}
}

// events adds the conditions of f, all but its cursor and limit, on the
// events e, with tsq the full-text query of f.Text ("" for none). It
// returns what the query selects from: events e, joined to their documents
// d when the conditions need them or withDocs is set, and to their
// sentences s for a full-text query. FindEvents, Dyads and Facets select
// events with it.
func (w *where) events(f attache.EventFilter, tsq string, withDocs bool) string {
	w.actors(f)
	w.codes(f)
	w.dateRange("e.event_date", f.Since, f.Until)
	w.docFilter(f)
	w.cluster(f)
	from := "events e"
	if withDocs || f.Publisher != "" || f.Doc != "" {
		from += "\n\t\tJOIN documents d ON d.id = e.document_id"
	}
	if tsq != "" {
		w.add("s.tsv @@ to_tsquery('simple', " + w.arg(tsq) + ")")
		from += "\n\t\tJOIN sentences s ON s.document_id = e.document_id AND s.idx = e.sentence"
	}
	return from
}

func parseCursor(s string) (storekit.Cursor, error) {
	c, err := storekit.ParseCursor(s)
	if err == nil && !storable(c.Date) {
		return storekit.Cursor{}, fmt.Errorf("cursor %.40q: %w: pass back the cursor of the previous page unchanged", s, attache.ErrBadCursor)
	}
	return c, err
}

const eventColumns = `e.id, e.event_id, d.doc, e.sentence,
	e.src_text, e.src_code, e.src_country, e.src_sector, e.src_person, e.src_role, e.src_start, e.src_end,
	e.tgt_text, e.tgt_code, e.tgt_country, e.tgt_sector, e.tgt_person, e.tgt_role, e.tgt_start, e.tgt_end,
	e.cameo, e.root, e.plover, e.quad, e.goldstein, e.event_date, e.date_precision, e.place, e.mode,
	e.confidence, e.evidence_start, e.evidence_end, e.evidence_text, e.rule, e.cluster,
	d.publisher, d.url, COALESCE(s.text, '')`

// FindEvents returns the events matching f, newest first (events dated to a
// month come after the days of that month, undated events last), and the
// cursor of the next page, "" when this page is the last. f.Text is a
// full-text query as SearchSentences takes, over the events' sentences;
// f.Cluster keeps the events merge put in that cluster.
func (s *Store) FindEvents(ctx context.Context, f attache.EventFilter) ([]attache.StoredEvent, string, error) {
	var tsq string
	if f.Text != "" {
		if tsq = tsQuery(parseQuery(f.Text)); tsq == "" {
			return nil, "", nil // nothing searchable in the query
		}
	}
	evs, next, err := s.findEvents(ctx, f, tsq)
	if err != nil {
		return nil, "", fmt.Errorf("find events: %w", s.fail(err))
	}
	return evs, next, nil
}

func (s *Store) findEvents(ctx context.Context, f attache.EventFilter, tsq string) ([]attache.StoredEvent, string, error) {
	limit := storekit.Limit(f)
	var w where
	if f.Cursor != "" {
		c, err := parseCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		w.add(fmt.Sprintf("(e.event_date, e.id) < (%s, %s)", w.arg(c.Date), w.arg(c.ID)))
	}
	// Find the page's keys first, sorting only (event_date, id), then read
	// the wide rows of those few events.
	from := w.events(f, tsq, false)
	q := `SELECT ` + eventColumns + `
	FROM (
		SELECT e.id, e.event_date FROM ` + from + `
		` + w.String() + `
		ORDER BY e.event_date DESC, e.id DESC
		LIMIT ` + w.arg(limit+1) + `
	) page
	JOIN events e ON e.id = page.id
	JOIN documents d ON d.id = e.document_id
	LEFT JOIN sentences s ON s.document_id = e.document_id AND s.idx = e.sentence
	ORDER BY page.event_date DESC, page.id DESC`
	rows, err := s.pool.Query(ctx, q, w.args...)
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
			rows.Close()
			return evs, last.String(), rows.Err()
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

func scanEvent(rows pgx.Rows) (attache.StoredEvent, storekit.Cursor, error) {
	var (
		e                                  attache.StoredEvent
		c                                  storekit.Cursor
		srcStart, srcEnd, tgtStart, tgtEnd *int
		code, root, date, mode             string
		cluster                            *string
	)
	err := rows.Scan(&c.ID, &e.ID, &e.Doc, &e.Sentence,
		&e.Source.Text, &e.Source.Code, &e.Source.Country, &e.Source.Sector, &e.Source.Person, &e.Source.Role, &srcStart, &srcEnd,
		&e.Target.Text, &e.Target.Code, &e.Target.Country, &e.Target.Sector, &e.Target.Person, &e.Target.Role, &tgtStart, &tgtEnd,
		&code, &root, &e.Plover, &e.Quad, &e.Goldstein, &date, &e.DatePrecision, &e.Place, &mode,
		&e.Confidence, &e.Evidence.Start, &e.Evidence.End, &e.Evidence.Text, &e.Rule, &cluster,
		&e.Publisher, &e.URL, &e.SentenceText)
	if err != nil {
		return e, c, fmt.Errorf("read event: %w", err)
	}
	c.Date = date
	e.Code, e.Root = cameo.Code(code), cameo.Code(root)
	e.Source.Span = spanOf(srcStart, srcEnd)
	e.Target.Span = spanOf(tgtStart, tgtEnd)
	if cluster != nil {
		e.Cluster = *cluster
	}
	if e.Date, err = attache.ParseDate(date); err != nil {
		return e, c, fmt.Errorf("event %s: %w", e.ID, err)
	}
	if err := e.Mode.UnmarshalJSON(strconv.AppendQuote(nil, mode)); err != nil {
		return e, c, fmt.Errorf("event %s: %w", e.ID, err)
	}
	return e, c, nil
}

func spanOf(start, end *int) *attache.Span {
	if start == nil || end == nil {
		return nil
	}
	return &attache.Span{Start: *start, End: *end}
}
