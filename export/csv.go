package export

import (
	"bufio"
	"encoding/csv"
	"strconv"

	"attache"
)

// column is one column of a tabular format: its header name and how to
// read it from an event. The header and the rows come from the same
// table, so they cannot drift apart.
type column struct {
	name  string
	value func(e *attache.StoredEvent) string
}

// csvColumns are the csv format's columns, in order.
//
// Dates are written at their precision ("2025-01-14", "2024-10", "2023",
// or empty) with date_precision naming it; place_name, place_country, lat
// and lon are all empty when the event has no place; numbers use the
// fewest digits that read back exactly; mode is asserted, planned, negated
// or hypothetical; evidence is the exact text at
// [evidence_start, evidence_end) of the document, in bytes.
var csvColumns = []column{
	{"id", func(e *attache.StoredEvent) string { return e.ID }},
	{"doc", func(e *attache.StoredEvent) string { return e.Doc }},
	{"date", func(e *attache.StoredEvent) string { return e.Date.String() }},
	{"date_precision", func(e *attache.StoredEvent) string { return precision(e.Date) }},
	{"source_country", func(e *attache.StoredEvent) string { return string(e.Source.Country) }},
	{"source_sector", func(e *attache.StoredEvent) string { return string(e.Source.Sector) }},
	{"source_code", func(e *attache.StoredEvent) string { return e.Source.Code }},
	{"source_text", func(e *attache.StoredEvent) string { return e.Source.Text }},
	{"source_person", func(e *attache.StoredEvent) string { return e.Source.Person }},
	{"target_country", func(e *attache.StoredEvent) string { return string(e.Target.Country) }},
	{"target_sector", func(e *attache.StoredEvent) string { return string(e.Target.Sector) }},
	{"target_code", func(e *attache.StoredEvent) string { return e.Target.Code }},
	{"target_text", func(e *attache.StoredEvent) string { return e.Target.Text }},
	{"target_person", func(e *attache.StoredEvent) string { return e.Target.Person }},
	{"cameo", func(e *attache.StoredEvent) string { return string(e.Code) }},
	{"root", func(e *attache.StoredEvent) string { return string(root(e)) }},
	{"plover", func(e *attache.StoredEvent) string { return e.Plover }},
	{"quad", func(e *attache.StoredEvent) string { return strconv.Itoa(e.Quad) }},
	{"goldstein", func(e *attache.StoredEvent) string { return num(e.Goldstein) }},
	{"mode", func(e *attache.StoredEvent) string { return e.Mode.String() }},
	{"confidence", func(e *attache.StoredEvent) string { return num(e.Confidence) }},
	{"place_name", func(e *attache.StoredEvent) string { return placeName(e.Place) }},
	{"place_country", func(e *attache.StoredEvent) string { return placeCountry(e.Place) }},
	{"lat", func(e *attache.StoredEvent) string { return placeLat(e.Place) }},
	{"lon", func(e *attache.StoredEvent) string { return placeLon(e.Place) }},
	{"publisher", func(e *attache.StoredEvent) string { return e.Publisher }},
	{"url", func(e *attache.StoredEvent) string { return e.URL }},
	{"evidence_start", func(e *attache.StoredEvent) string { return strconv.Itoa(e.Evidence.Start) }},
	{"evidence_end", func(e *attache.StoredEvent) string { return strconv.Itoa(e.Evidence.End) }},
	{"evidence", func(e *attache.StoredEvent) string { return e.Evidence.Text }},
	{"rule", func(e *attache.StoredEvent) string { return e.Rule }},
}

// CSVColumns returns the names in the csv format's header row, in order.
func CSVColumns() []string { return names(csvColumns) }

func names(cols []column) []string {
	s := make([]string, len(cols))
	for i, c := range cols {
		s[i] = c.name
	}
	return s
}

// csvEncoder writes one CSV record per event after a header row.
type csvEncoder struct {
	bw  *bufio.Writer
	cw  *csv.Writer
	row []string
}

func newCSV(bw *bufio.Writer) (*csvEncoder, error) {
	c := &csvEncoder{bw: bw, cw: csv.NewWriter(bw), row: make([]string, len(csvColumns))}
	if err := c.cw.Write(CSVColumns()); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *csvEncoder) encode(e *attache.StoredEvent) (bool, error) {
	for i, col := range csvColumns {
		c.row[i] = col.value(e)
	}
	return true, c.cw.Write(c.row)
}

func (c *csvEncoder) flush() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}
