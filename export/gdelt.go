package export

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"

	"attache"
)

// RootSentences is how many sentences at the top of a document count as
// its lead for the gdelt IsRootEvent column: the headline (or first
// sentence) and the one after it. GDELT marks events of the lead
// paragraph; Attaché does not keep paragraphs.
const RootSentences = 2

// gdeltColumns returns the gdelt format's columns; dateAdded fills
// DATEADDED. See GDELTColumns for what each holds.
func gdeltColumns(dateAdded string) []column {
	empty := func(*attache.StoredEvent) string { return "" }
	one := func(*attache.StoredEvent) string { return "1" }
	actor := func(n string, a func(e *attache.StoredEvent) *attache.Actor) []column {
		return []column{
			{n + "Code", func(e *attache.StoredEvent) string { return a(e).Code }},
			{n + "Name", func(e *attache.StoredEvent) string { return actorName(*a(e)) }},
			{n + "CountryCode", func(e *attache.StoredEvent) string { return string(a(e).Country) }},
			{n + "KnownGroupCode", empty},
			{n + "EthnicCode", empty},
			{n + "Religion1Code", empty},
			{n + "Religion2Code", empty},
			{n + "Type1Code", func(e *attache.StoredEvent) string { return string(a(e).Sector) }},
			{n + "Type2Code", empty},
			{n + "Type3Code", empty},
		}
	}
	noGeo := func(n string) []column {
		return []column{
			{n + "Geo_Type", empty}, {n + "Geo_FullName", empty}, {n + "Geo_CountryCode", empty},
			{n + "Geo_ADM1Code", empty}, {n + "Geo_Lat", empty}, {n + "Geo_Long", empty},
			{n + "Geo_FeatureID", empty},
		}
	}
	var cols []column
	add := func(c ...column) { cols = append(cols, c...) }
	add(
		column{"GLOBALEVENTID", func(e *attache.StoredEvent) string { return e.ID }},
		column{"SQLDATE", func(e *attache.StoredEvent) string { return sqlDate(e.Date) }},
		column{"MonthYear", func(e *attache.StoredEvent) string { return monthYear(e.Date) }},
		column{"Year", func(e *attache.StoredEvent) string { return year(e.Date) }},
		column{"FractionDate", func(e *attache.StoredEvent) string { return fractionDate(e.Date) }},
	)
	add(actor("Actor1", func(e *attache.StoredEvent) *attache.Actor { return &e.Source })...)
	add(actor("Actor2", func(e *attache.StoredEvent) *attache.Actor { return &e.Target })...)
	add(
		column{"IsRootEvent", func(e *attache.StoredEvent) string {
			if e.Sentence < RootSentences {
				return "1"
			}
			return "0"
		}},
		column{"EventCode", func(e *attache.StoredEvent) string { return string(e.Code) }},
		column{"EventBaseCode", func(e *attache.StoredEvent) string {
			if len(e.Code) > 3 {
				return string(e.Code[:3])
			}
			return string(e.Code)
		}},
		column{"EventRootCode", func(e *attache.StoredEvent) string { return string(root(e)) }},
		column{"QuadClass", func(e *attache.StoredEvent) string {
			if e.Quad == 0 {
				return ""
			}
			return strconv.Itoa(e.Quad)
		}},
		column{"GoldsteinScale", func(e *attache.StoredEvent) string { return num(e.Goldstein) }},
		column{"NumMentions", one},
		column{"NumSources", one},
		column{"NumArticles", one},
		column{"AvgTone", empty},
	)
	add(noGeo("Actor1")...)
	add(noGeo("Actor2")...)
	add(
		column{"ActionGeo_Type", empty},
		column{"ActionGeo_FullName", func(e *attache.StoredEvent) string { return placeName(e.Place) }},
		column{"ActionGeo_CountryCode", func(e *attache.StoredEvent) string { return placeCountry(e.Place) }},
		column{"ActionGeo_ADM1Code", empty},
		column{"ActionGeo_Lat", func(e *attache.StoredEvent) string { return placeLat(e.Place) }},
		column{"ActionGeo_Long", func(e *attache.StoredEvent) string { return placeLon(e.Place) }},
		column{"ActionGeo_FeatureID", empty},
		column{"DATEADDED", func(*attache.StoredEvent) string { return dateAdded }},
		column{"SOURCEURL", func(e *attache.StoredEvent) string { return e.URL }},
		// Attaché's columns.
		column{"DatePrecision", func(e *attache.StoredEvent) string { return precision(e.Date) }},
		column{"Doc", func(e *attache.StoredEvent) string { return e.Doc }},
		column{"EvidenceStart", func(e *attache.StoredEvent) string { return strconv.Itoa(e.Evidence.Start) }},
		column{"EvidenceEnd", func(e *attache.StoredEvent) string { return strconv.Itoa(e.Evidence.End) }},
		column{"Evidence", func(e *attache.StoredEvent) string { return e.Evidence.Text }},
		column{"Mode", func(e *attache.StoredEvent) string { return e.Mode.String() }},
		column{"Confidence", func(e *attache.StoredEvent) string { return num(e.Confidence) }},
		column{"Rule", func(e *attache.StoredEvent) string { return e.Rule }},
	)
	return cols
}

// GDELTColumns returns the names of the gdelt format's columns, in order:
// the 58 columns of a GDELT 1.0 event file (daily format), so tools that
// read GDELT files by position read these, then Attaché's 8.
//
//	    1 GLOBALEVENTID         the event id (a string, not GDELT's integer)
//	    2 SQLDATE               YYYYMMDD; 00 for an unknown day or month
//	                            (20241000, 20230000); empty with no date
//	    3 MonthYear             YYYYMM (YYYY00 at year precision)
//	    4 Year                  YYYY
//	    5 FractionDate          year + day of year / 365, 4 decimals, of the
//	                            first day of the period known
//	    6 Actor1Code            source CAMEO actor code: VNMGOV
//	    7 Actor1Name            source person, else the source text
//	    8 Actor1CountryCode     ISO 3166-1 alpha-3 or organisation code
//	 9-12                       KnownGroup, Ethnic, Religion1, Religion2: empty
//	   13 Actor1Type1Code       source sector: GOV, MIL, DIP…
//	14-15                       Type2, Type3: empty
//	16-25 Actor2…               the same for the target
//	   26 IsRootEvent           1 when in the first RootSentences sentences
//	   27 EventCode             CAMEO code as coded: 040, 0211, or a root 04
//	   28 EventBaseCode         its first three digits (a root stays 2 digits)
//	   29 EventRootCode         its root: 04
//	   30 QuadClass             1–4
//	   31 GoldsteinScale        -10 to 10
//	32-34                       NumMentions, NumSources, NumArticles: 1 (one
//	                            row per mention; merged clusters come later)
//	   35 AvgTone               empty
//	36-49                       Actor1Geo_…, Actor2Geo_…: empty
//	   50 ActionGeo_Type        empty
//	   51 ActionGeo_FullName    place name
//	   52 ActionGeo_CountryCode place country, ISO alpha-3 (GDELT 1.0 has FIPS)
//	   53 ActionGeo_ADM1Code    empty
//	   54 ActionGeo_Lat         latitude, empty with no place
//	   55 ActionGeo_Long        longitude, empty with no place
//	   56 ActionGeo_FeatureID   empty
//	   57 DATEADDED             YYYYMMDD from WithDateAdded, else empty
//	   58 SOURCEURL             document URL
//	   59 DatePrecision         day, month, year, or empty with no date
//	   60 Doc                   document id
//	   61 EvidenceStart         byte offset of the evidence in the document
//	   62 EvidenceEnd           byte offset of its end
//	   63 Evidence              evidence text
//	   64 Mode                  asserted, planned, negated or hypothetical
//	   65 Confidence            0–1
//	   66 Rule                  the rule that coded the event
//
// Fields are never quoted. Tabs, carriage returns, newlines and the other
// Unicode line breaks inside a field become spaces, so every row is one
// line with the same number of tab-separated fields.
func GDELTColumns() []string { return names(gdeltColumns("")) }

func sqlDate(d attache.Date) string {
	if d.IsZero() {
		return ""
	}
	// Month and Day are 0 when unknown: 20241000, 20230000.
	return fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day)
}

func monthYear(d attache.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d%02d", d.Year, d.Month)
}

func year(d attache.Date) string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d", d.Year)
}

func fractionDate(d attache.Date) string {
	if d.IsZero() {
		return ""
	}
	return strconv.FormatFloat(float64(d.Year)+float64(d.Time().YearDay())/365, 'f', 4, 64)
}

// oneLine replaces the characters that end a line for common readers (Go's
// bufio.Scanner, Python's str.splitlines, pandas, awk) and the tab by a
// space.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, isBreak) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBreak(r) {
			return ' '
		}
		return r
	}, s)
}

func isBreak(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
		return true
	}
	return false
}

// gdeltEncoder writes one tab-separated line per event.
type gdeltEncoder struct {
	bw   *bufio.Writer
	cols []column
}

func newGDELT(bw *bufio.Writer, o options) (*gdeltEncoder, error) {
	added := ""
	if !o.dateAdded.IsZero() {
		added = o.dateAdded.UTC().Format("20060102")
	}
	g := &gdeltEncoder{bw: bw, cols: gdeltColumns(added)}
	if o.header {
		if _, err := bw.WriteString(strings.Join(names(g.cols), "\t") + "\n"); err != nil {
			return nil, err
		}
	}
	return g, nil
}

func (g *gdeltEncoder) encode(e *attache.StoredEvent) (bool, error) {
	for i, c := range g.cols {
		if i > 0 {
			g.bw.WriteByte('\t')
		}
		g.bw.WriteString(oneLine(c.value(e)))
	}
	// bufio.Writer errors are sticky: the last write reports any earlier one.
	return true, g.bw.WriteByte('\n')
}

func (g *gdeltEncoder) flush() error { return g.bw.Flush() }
