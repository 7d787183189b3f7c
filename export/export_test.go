package export_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"attache"
	"attache/cameo"
	"attache/export"
)

// fixtures are events built by hand to cover what the formats must
// survive: day, month, year and no date; a place and none; text with tabs,
// quotes, commas, CR/LF and U+2028; non-ASCII names; an unknown target; a
// code PLOVER has no type for.
func fixtures() []attache.StoredEvent {
	return []attache.StoredEvent{
		{
			Event: attache.Event{
				ID: "seed-004#0", Doc: "seed-004", Sentence: 0,
				Source: attache.Actor{Text: "Thủ tướng Phạm Minh Chính", Code: "VNMGOV", Country: "VNM", Sector: "GOV",
					Person: "Phạm Minh Chính", Role: "Prime Minister", Span: &attache.Span{Start: 0, End: 31}},
				Target: attache.Actor{Text: "his Russian counterpart, Mikhail Mishustin", Code: "RUSGOV", Country: "RUS",
					Sector: "GOV", Person: "Mikhail Mishustin", Role: "Prime Minister"},
				Code: "042", Root: "04", Plover: "CONSULT", Quad: 1, Goldstein: 1.9,
				Date: attache.Date{Year: 2025, Month: 1, Day: 14}, DatePrecision: "day",
				Place: &attache.Place{Name: "Hà Nội", Country: "VNM", Lat: 21.03, Lon: 105.85},
				Mode:  attache.Asserted, Confidence: 0.9,
				Evidence: attache.Evidence{Span: attache.Span{Start: 412, End: 470},
					Text: "Chính said, \"we\tagree\",\nand the sides \"held talks\""},
				Rule: `events.tsv:198 SYM "held talks"`,
			},
			Publisher: "Báo Điện tử Chính phủ", URL: "https://example.org/a?x=1&y=<2>",
			SentenceText: "Chính said, \"we\tagree\",\nand the sides \"held talks\" in Hà Nội.", Cluster: "cl-7",
		},
		{
			Event: attache.Event{
				ID: "seed-002#3", Doc: "seed-002", Sentence: 1,
				Source: attache.Actor{Text: "Uzbekistan", Code: "UZB", Country: "UZB"},
				Target: attache.Actor{Text: "Việt Nam", Code: "VNM", Country: "VNM"},
				Code:   "057", Root: "05", Plover: "SUPPORT", Quad: 1, Goldstein: 8,
				Date: attache.Date{Year: 2024, Month: 10}, DatePrecision: "month",
				Mode: attache.Planned, Confidence: 0.75,
				Evidence: attache.Evidence{Span: attache.Span{Start: 90, End: 150},
					Text: `will sign, in October, a "comprehensive" agreement with Việt Nam`},
				Rule: "events.tsv:40",
			},
		},
		{
			Event: attache.Event{
				ID: "seed-003#1", Doc: "seed-003", Sentence: 5,
				Source: attache.Actor{Text: "Brazil", Code: "BRA", Country: "BRA"},
				Target: attache.Actor{Text: "Kyrgyzstan's Foreign Ministry", Code: "KGZGOV", Country: "KGZ", Sector: "GOV"},
				Code:   "010", Root: "01", Quad: 1, Goldstein: 0,
				Date: attache.Date{Year: 2023}, DatePrecision: "year",
				Place: &attache.Place{Name: "Brasília", Country: "BRA", Lat: -15.79, Lon: -47.88},
				Mode:  attache.Negated, Confidence: 0.5,
				Evidence: attache.Evidence{Span: attache.Span{Start: 7, End: 40},
					Text: " did not comment\r\non\u2028it,\ttoday\r"},
			},
		},
		{
			Event: attache.Event{
				ID: "seed-005#9", Doc: "seed-005", Sentence: 12,
				Source: attache.Actor{Text: "ASEAN", Code: "ASEAN", Country: "ASEAN"},
				Code:   "0211", Root: "02", Plover: "REQUEST", Quad: 1, Goldstein: 3.4,
				Mode: attache.Hypothetical, Confidence: 0.3,
				Evidence: attache.Evidence{Span: attache.Span{Start: 0, End: 5}, Text: "could"},
			},
			URL: "https://example.org/5",
		},
	}
}

// write writes events in format f with opts and returns the output.
func write(t testing.TB, f export.Format, events []attache.StoredEvent, opts ...export.Option) (string, export.Writer) {
	t.Helper()
	var buf bytes.Buffer
	w, err := export.NewWriter(&buf, f, nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.String(), w
}

// lines splits output into lines without the final newline.
func lines(t *testing.T, out string) []string {
	t.Helper()
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output does not end with a newline: %q", out)
	}
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// crlf is what encoding/csv's Reader makes of a field: "\r\n" becomes "\n".
func crlf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

var (
	wantDates      = []string{"2025-01-14", "2024-10", "2023", ""}
	wantPrecisions = []string{"day", "month", "year", ""}
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		name, in string
		want     export.Format
		err      bool
	}{
		{"jsonl", "jsonl", export.JSONL, false},
		{"csv", "csv", export.CSV, false},
		{"gdelt", "gdelt", export.GDELT, false},
		{"plover", "plover", export.PLOVER, false},
		{"upper case and spaces", " PLOVER ", export.PLOVER, false},
		{"unknown", "xml", "", true},
		{"empty", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := export.ParseFormat(tt.in)
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("ParseFormat(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
	if _, err := export.NewWriter(&bytes.Buffer{}, "xml", nil); err == nil {
		t.Error("NewWriter with format xml: no error")
	}
}

func TestWriteAfterClose(t *testing.T) {
	for _, f := range export.Formats() {
		t.Run(string(f), func(t *testing.T) {
			w, err := export.NewWriter(&bytes.Buffer{}, f, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			if err := w.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
			if err := w.Write(fixtures()[0]); !errors.Is(err, export.ErrClosed) {
				t.Errorf("Write after Close = %v, want ErrClosed", err)
			}
		})
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	for _, f := range export.Formats() {
		t.Run(string(f), func(t *testing.T) {
			w, err := export.NewWriter(failWriter{}, f, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range fixtures() {
				if err := w.Write(e); err != nil {
					t.Fatalf("Write reported %v before the buffer filled", err)
				}
			}
			err = w.Close()
			if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), string(f)) {
				t.Errorf("Close = %v, want the write error naming the format", err)
			}
		})
	}
}

func TestJSONL(t *testing.T) {
	events := fixtures()
	out, w := write(t, export.JSONL, events)
	if w.Skipped() != 0 {
		t.Errorf("skipped %d", w.Skipped())
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	n := 0
	for ; sc.Scan(); n++ {
		if n >= len(events) {
			t.Fatalf("more than %d lines", len(events))
		}
		var got attache.StoredEvent
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if !reflect.DeepEqual(got, events[n]) {
			t.Errorf("line %d reads back as\n%+v\nwant\n%+v", n+1, got, events[n])
		}
		var raw map[string]any
		if err := json.Unmarshal(sc.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		if raw["doc"] != events[n].Doc {
			t.Errorf("line %d: doc = %v", n+1, raw["doc"])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(events) {
		t.Errorf("%d lines, want %d", n, len(events))
	}
	if !strings.Contains(out, "y=<2>") {
		t.Error("HTML characters escaped in the URL")
	}
}

func TestCSV(t *testing.T) {
	events := fixtures()
	out, _ := write(t, export.CSV, events)
	r := csv.NewReader(strings.NewReader(out))
	r.FieldsPerRecord = len(export.CSVColumns())
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"id", "doc", "date", "date_precision", "source_country", "source_sector", "source_code",
		"source_text", "source_person", "target_country", "target_sector", "target_code", "target_text",
		"target_person", "cameo", "root", "plover", "quad", "goldstein", "mode", "confidence", "place_name",
		"place_country", "lat", "lon", "publisher", "url", "evidence_start", "evidence_end", "evidence", "rule"}
	if !reflect.DeepEqual(recs[0], want) || !reflect.DeepEqual(export.CSVColumns(), want) {
		t.Fatalf("header = %q\nwant %q", recs[0], want)
	}
	if len(recs) != 1+len(events) {
		t.Fatalf("%d records, want %d", len(recs), 1+len(events))
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	for i, e := range events {
		rec := recs[i+1]
		get := func(name string) string { return rec[col[name]] }
		check := func(name, want string) {
			t.Helper()
			if got := get(name); got != want {
				t.Errorf("%s: %s = %q, want %q", e.ID, name, got, want)
			}
		}
		check("id", e.ID)
		check("doc", e.Doc)
		check("date", wantDates[i])
		check("date_precision", wantPrecisions[i])
		check("source_country", string(e.Source.Country))
		check("source_sector", string(e.Source.Sector))
		check("source_code", e.Source.Code)
		check("source_text", e.Source.Text)
		check("source_person", e.Source.Person)
		check("target_country", string(e.Target.Country))
		check("target_code", e.Target.Code)
		check("target_text", e.Target.Text)
		check("target_person", e.Target.Person)
		check("cameo", string(e.Code))
		check("root", string(e.Root))
		check("plover", e.Plover)
		check("quad", strconv.Itoa(e.Quad))
		check("mode", e.Mode.String())
		check("publisher", e.Publisher)
		check("url", e.URL)
		check("evidence_start", strconv.Itoa(e.Evidence.Start))
		check("evidence_end", strconv.Itoa(e.Evidence.End))
		check("evidence", crlf(e.Evidence.Text))
		check("rule", e.Rule)
		for name, want := range map[string]float64{"goldstein": e.Goldstein, "confidence": e.Confidence} {
			if got, err := strconv.ParseFloat(get(name), 64); err != nil || got != want {
				t.Errorf("%s: %s = %q, want %v", e.ID, name, get(name), want)
			}
		}
		if e.Place == nil {
			for _, name := range []string{"place_name", "place_country", "lat", "lon"} {
				check(name, "")
			}
			continue
		}
		check("place_name", e.Place.Name)
		check("place_country", string(e.Place.Country))
		lat, err1 := strconv.ParseFloat(get("lat"), 64)
		lon, err2 := strconv.ParseFloat(get("lon"), 64)
		if err1 != nil || err2 != nil || lat != e.Place.Lat || lon != e.Place.Lon {
			t.Errorf("%s: lat, lon = %q, %q, want %v, %v", e.ID, get("lat"), get("lon"), e.Place.Lat, e.Place.Lon)
		}
	}
}

func TestCSVEmpty(t *testing.T) {
	out, _ := write(t, export.CSV, nil)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 1 || !reflect.DeepEqual(recs[0], export.CSVColumns()) {
		t.Errorf("no events: %q, %v; want the header alone", recs, err)
	}
}

// gdelt10 are the columns of a GDELT 1.0 daily event file, in order.
var gdelt10 = strings.Fields(`GLOBALEVENTID SQLDATE MonthYear Year FractionDate
	Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode
	Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code
	Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode
	Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code
	IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale
	NumMentions NumSources NumArticles AvgTone
	Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID
	Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID
	ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID
	DATEADDED SOURCEURL`)

func TestGDELTColumns(t *testing.T) {
	cols := export.GDELTColumns()
	if len(gdelt10) != 58 {
		t.Fatalf("test table has %d GDELT columns", len(gdelt10))
	}
	if !reflect.DeepEqual(cols[:58], gdelt10) {
		t.Errorf("first 58 columns = %q\nwant GDELT 1.0's %q", cols[:58], gdelt10)
	}
	extra := []string{"DatePrecision", "Doc", "EvidenceStart", "EvidenceEnd", "Evidence", "Mode", "Confidence", "Rule"}
	if !reflect.DeepEqual(cols[58:], extra) {
		t.Errorf("Attaché columns = %q, want %q", cols[58:], extra)
	}

	// GDELT.md documents the same columns in the same order.
	doc, err := os.ReadFile("GDELT.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	row := regexp.MustCompile(`(?m)^\| (\d+) \| (\w+) \|`)
	for i, m := range row.FindAllStringSubmatch(string(doc), -1) {
		if m[1] != strconv.Itoa(i+1) {
			t.Errorf("GDELT.md: row %s is number %d in the table", m[1], i+1)
		}
		documented = append(documented, m[2])
	}
	if !reflect.DeepEqual(documented, cols) {
		t.Errorf("GDELT.md columns = %q\nwant %q", documented, cols)
	}
}

func TestGDELT(t *testing.T) {
	events := fixtures()
	cols := export.GDELTColumns()
	idx := map[string]int{}
	for i, c := range cols {
		idx[c] = i
	}
	added := time.Date(2026, 11, 25, 23, 30, 0, 0, time.FixedZone("ICT", 7*3600))

	for _, withHeader := range []bool{false, true} {
		name := "no header"
		opts := []export.Option{export.WithDateAdded(added)}
		if withHeader {
			name = "header"
			opts = append(opts, export.WithHeader())
		}
		t.Run(name, func(t *testing.T) {
			out, _ := write(t, export.GDELT, events, opts...)
			if strings.ContainsAny(out, "\r\u2028") {
				t.Errorf("output has a line break inside a row: %q", out)
			}
			rows := lines(t, out)
			if withHeader {
				if rows[0] != strings.Join(cols, "\t") {
					t.Errorf("header = %q", rows[0])
				}
				rows = rows[1:]
			}
			if len(rows) != len(events) {
				t.Fatalf("%d rows, want %d", len(rows), len(events))
			}
			want := map[string][]string{
				"GLOBALEVENTID":      {"seed-004#0", "seed-002#3", "seed-003#1", "seed-005#9"},
				"SQLDATE":            {"20250114", "20241000", "20230000", ""},
				"MonthYear":          {"202501", "202410", "202300", ""},
				"Year":               {"2025", "2024", "2023", ""},
				"FractionDate":       {"2025.0384", "2024.7534", "2023.0027", ""},
				"DatePrecision":      {"day", "month", "year", ""},
				"Actor1Code":         {"VNMGOV", "UZB", "BRA", "ASEAN"},
				"Actor1Name":         {"Phạm Minh Chính", "Uzbekistan", "Brazil", "ASEAN"},
				"Actor1CountryCode":  {"VNM", "UZB", "BRA", "ASEAN"},
				"Actor1Type1Code":    {"GOV", "", "", ""},
				"Actor2Name":         {"Mikhail Mishustin", "Việt Nam", "Kyrgyzstan's Foreign Ministry", ""},
				"Actor2CountryCode":  {"RUS", "VNM", "KGZ", ""},
				"IsRootEvent":        {"1", "1", "0", "0"},
				"EventCode":          {"042", "057", "010", "0211"},
				"EventBaseCode":      {"042", "057", "010", "021"},
				"EventRootCode":      {"04", "05", "01", "02"},
				"QuadClass":          {"1", "1", "1", "1"},
				"GoldsteinScale":     {"1.9", "8", "0", "3.4"},
				"NumMentions":        {"1", "1", "1", "1"},
				"AvgTone":            {"", "", "", ""},
				"ActionGeo_FullName": {"Hà Nội", "", "Brasília", ""},
				"ActionGeo_Lat":      {"21.03", "", "-15.79", ""},
				"ActionGeo_Long":     {"105.85", "", "-47.88", ""},
				"DATEADDED":          {"20261125", "20261125", "20261125", "20261125"},
				"SOURCEURL":          {"https://example.org/a?x=1&y=<2>", "", "", "https://example.org/5"},
				"Doc":                {"seed-004", "seed-002", "seed-003", "seed-005"},
				"EvidenceStart":      {"412", "90", "7", "0"},
				"Mode":               {"asserted", "planned", "negated", "hypothetical"},
				"Evidence": {
					`Chính said, "we agree", and the sides "held talks"`,
					`will sign, in October, a "comprehensive" agreement with Việt Nam`,
					" did not comment  on it, today ",
					"could",
				},
			}
			for i, row := range rows {
				f := strings.Split(row, "\t")
				if len(f) != len(cols) {
					t.Fatalf("row %d has %d fields, want %d", i+1, len(f), len(cols))
				}
				for name, vals := range want {
					if got := f[idx[name]]; got != vals[i] {
						t.Errorf("row %d: %s = %q, want %q", i+1, name, got, vals[i])
					}
				}
			}
		})
	}
}

func TestPLOVER(t *testing.T) {
	events := fixtures()
	out, w := write(t, export.PLOVER, events)
	if w.Skipped() != 1 {
		t.Errorf("Skipped() = %d, want 1 (CAMEO 010 has no PLOVER type)", w.Skipped())
	}
	recs := readPLOVER(t, out)
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	byID := map[string]map[string]any{}
	for _, r := range recs {
		byID[r["id"].(string)] = r
	}
	if _, ok := byID["seed-003#1"]; ok {
		t.Error("the CAMEO 010 event was written")
	}

	r := byID["seed-004#0"]
	wantFields := map[string]any{
		"date":           "2025-01-14",
		"date_precision": "day",
		"event":          []any{"CONSULT"},
		"mode":           []any{"visit"},
		"context":        []any{},
		"cameo":          "042",
		"attache_mode":   "asserted",
		"quad_code":      1.0,
		"event_scale":    1.9,
		"confidence":     0.9,
		"link":           "cl-7",
		"event_text":     []any{events[0].Evidence.Text},
		"text":           events[0].SentenceText,
		"source": []any{map[string]any{"code": "VNM", "sector": "GOV", "actor_text": "Thủ tướng Phạm Minh Chính",
			"identifier_text": "Phạm Minh Chính", "office": "Prime Minister"}},
		"recipient": []any{map[string]any{"code": "RUS", "sector": "GOV", "actor_text": "his Russian counterpart, Mikhail Mishustin",
			"identifier_text": "Mikhail Mishustin", "office": "Prime Minister"}},
		"event_loc": map[string]any{"name": "Hà Nội", "latitude": 21.03, "longitude": 105.85, "cc3": "VNM"},
		"text_info": map[string]any{"sequence": 0.0, "start": 412.0, "end": 470.0},
		"cite_info": map[string]any{"citation": "seed-004", "url": "https://example.org/a?x=1&y=<2>",
			"publication": "Báo Điện tử Chính phủ"},
	}
	for k, want := range wantFields {
		if got := r[k]; !reflect.DeepEqual(got, want) {
			t.Errorf("seed-004#0: %s = %#v, want %#v", k, got, want)
		}
	}

	r = byID["seed-002#3"]
	for k, want := range map[string]any{
		"date": "2024-10", "date_precision": "month", "event": []any{"SUPPORT"}, "mode": []any{},
		"attache_mode": "planned", "recipient": []any{map[string]any{"code": "VNM", "actor_text": "Việt Nam"}},
	} {
		if got := r[k]; !reflect.DeepEqual(got, want) {
			t.Errorf("seed-002#3: %s = %#v, want %#v", k, got, want)
		}
	}
	if _, ok := r["event_loc"]; ok {
		t.Error("seed-002#3: event_loc written for an event without a place")
	}

	r = byID["seed-005#9"]
	for k, want := range map[string]any{
		"date": nil, "date_precision": "", "event": []any{"REQUEST"}, "recipient": []any{},
		"source": []any{map[string]any{"code": "ASEAN", "actor_text": "ASEAN"}},
	} {
		if got, ok := r[k]; !ok || !reflect.DeepEqual(got, want) {
			t.Errorf("seed-005#9: %s = %#v, want %#v", k, got, want)
		}
	}

	// With WithUnmapped the CAMEO 010 event is written with "event": null.
	out, w = write(t, export.PLOVER, events, export.WithUnmapped())
	recs = readPLOVER(t, out)
	if len(recs) != 4 || w.Skipped() != 0 {
		t.Fatalf("WithUnmapped: %d records, %d skipped; want 4, 0", len(recs), w.Skipped())
	}
	if ev, ok := recs[2]["event"]; !ok || ev != nil {
		t.Errorf("WithUnmapped: event = %#v, want null", ev)
	}
	if recs[2]["date"] != "2023" || recs[2]["cameo"] != "010" {
		t.Errorf("WithUnmapped: record = %v", recs[2])
	}
}

// readPLOVER decodes PLOVER JSON Lines with encoding/json.
func readPLOVER(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	for i, line := range lines(t, out) {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		recs = append(recs, r)
	}
	return recs
}

func TestPLOVERCodebook(t *testing.T) {
	// A codebook given to NewWriter is the one used: here 042 is AGREE.
	cb, err := cameo.Parse(strings.NewReader("042\tMake a visit\t1.9\t1\tAGREE\thosted\n"), "test.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := export.NewWriter(&buf, export.PLOVER, cb)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range fixtures() {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	recs := readPLOVER(t, buf.String())
	if len(recs) != 1 || w.Skipped() != 3 {
		t.Fatalf("%d records, %d skipped; want 1, 3", len(recs), w.Skipped())
	}
	if !reflect.DeepEqual(recs[0]["event"], []any{"AGREE"}) || !reflect.DeepEqual(recs[0]["mode"], []any{"hosted"}) {
		t.Errorf("event, mode = %v, %v", recs[0]["event"], recs[0]["mode"])
	}
}

// FuzzCSVRoundTrip checks that any evidence text reads back from the csv
// format as it was written (up to encoding/csv's "\r\n" → "\n") and never
// changes the number of records or fields.
func FuzzCSVRoundTrip(f *testing.F) {
	for _, s := range []string{
		"", "plain", "a,b", `say "hi"`, "tab\there", "line\nbreak", "crlf\r\nend", "lone\rcr", "\r", "\"",
		" leading space", "\\.", "Việt Nam", "#comment", "\u2028", "\xff\xfe invalid", `""""`, "a\n\"b\",\nc",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		e := fixtures()[0]
		e.Evidence.Text = text
		e.Source.Text = text
		var buf bytes.Buffer
		w, err := export.NewWriter(&buf, export.CSV, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(&buf)
		r.FieldsPerRecord = len(export.CSVColumns())
		recs, err := r.ReadAll()
		if err != nil {
			t.Fatalf("reading back %q: %v", buf.String(), err)
		}
		if len(recs) != 2 {
			t.Fatalf("%d records, want 2: %q", len(recs), buf.String())
		}
		want := crlf(text)
		if got := recs[1][29]; got != want {
			t.Errorf("evidence = %q, want %q", got, want)
		}
		if got := recs[1][7]; got != want {
			t.Errorf("source_text = %q, want %q", got, want)
		}
		if recs[1][0] != e.ID || recs[1][30] != e.Rule {
			t.Errorf("neighbouring fields changed: id %q, rule %q", recs[1][0], recs[1][30])
		}
	})
}

func ExampleNewWriter() {
	e := attache.StoredEvent{Event: attache.Event{
		ID: "seed-004#0", Doc: "seed-004",
		Source: attache.Actor{Text: "Chinh", Code: "VNMGOV", Country: "VNM", Sector: "GOV", Person: "Pham Minh Chinh"},
		Target: attache.Actor{Text: "Mishustin", Code: "RUSGOV", Country: "RUS", Sector: "GOV", Person: "Mikhail Mishustin"},
		Code:   "040", Root: "04", Plover: "CONSULT", Quad: 1, Goldstein: 1,
		Date:  attache.Date{Year: 2025, Month: 1, Day: 14},
		Place: &attache.Place{Name: "Hanoi", Country: "VNM", Lat: 21.03, Lon: 105.85},
		Mode:  attache.Asserted, Confidence: 0.9,
		Evidence: attache.Evidence{Span: attache.Span{Start: 412, End: 443}, Text: "Chinh held talks with Mishustin"},
		Rule:     "events.tsv:198",
	}}
	w, err := export.NewWriter(os.Stdout, export.CSV, nil)
	if err != nil {
		panic(err)
	}
	if err := w.Write(e); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	// Output:
	// id,doc,date,date_precision,source_country,source_sector,source_code,source_text,source_person,target_country,target_sector,target_code,target_text,target_person,cameo,root,plover,quad,goldstein,mode,confidence,place_name,place_country,lat,lon,publisher,url,evidence_start,evidence_end,evidence,rule
	// seed-004#0,seed-004,2025-01-14,day,VNM,GOV,VNMGOV,Chinh,Pham Minh Chinh,RUS,GOV,RUSGOV,Mishustin,Mikhail Mishustin,040,04,CONSULT,1,1,asserted,0.9,Hanoi,VNM,21.03,105.85,,,412,443,Chinh held talks with Mishustin,events.tsv:198
}

func ExampleNewWriter_plover() {
	e := attache.StoredEvent{Event: attache.Event{
		ID: "seed-004#0", Doc: "seed-004",
		Source: attache.Actor{Text: "Chinh", Code: "VNMGOV", Country: "VNM", Sector: "GOV", Person: "Pham Minh Chinh"},
		Target: attache.Actor{Text: "Mishustin", Code: "RUSGOV", Country: "RUS", Sector: "GOV"},
		Code:   "042", Quad: 1, Goldstein: 1.9,
		Date:     attache.Date{Year: 2024, Month: 10},
		Mode:     attache.Asserted,
		Evidence: attache.Evidence{Span: attache.Span{Start: 0, End: 14}, Text: "Chinh visited "},
	}}
	w, err := export.NewWriter(os.Stdout, export.PLOVER, nil)
	if err != nil {
		panic(err)
	}
	if err := w.Write(e); err != nil {
		panic(err)
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	// Output:
	// {"id":"seed-004#0","date":"2024-10","source":[{"code":"VNM","sector":"GOV","actor_text":"Chinh","identifier_text":"Pham Minh Chinh"}],"recipient":[{"code":"RUS","sector":"GOV","actor_text":"Mishustin"}],"event":["CONSULT"],"mode":["visit"],"context":[],"event_text":["Chinh visited "],"text_info":{"sequence":0,"start":0,"end":14},"cite_info":{"citation":"seed-004"},"quad_code":1,"event_scale":1.9,"date_precision":"month","cameo":"042","attache_mode":"asserted","confidence":0}
}
