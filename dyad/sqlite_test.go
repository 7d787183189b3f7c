package dyad

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"attache"
	"attache/cameo"
	"attache/sqlite"
)

// storyEvent is an event of the test store, coded on a sentence of its own.
type storyEvent struct {
	date      string
	src, tgt  attache.Country
	code      string
	quad      int
	goldstein float64
	sentence  string
}

// story builds a document of one sentence per event.
func story(id, ref string, evs ...storyEvent) *attache.Document {
	d := &attache.Document{ID: id, Publisher: "Test Wire", URL: "https://example.org/" + id, Lang: "en", Title: id}
	d.RefDate, _ = attache.ParseDate(ref)
	var b strings.Builder
	for i, e := range evs {
		if i > 0 {
			b.WriteByte(' ')
		}
		sp := attache.Span{Start: b.Len(), End: b.Len() + len(e.sentence)}
		b.WriteString(e.sentence)
		d.Sentences = append(d.Sentences, attache.Sentence{Span: sp, Index: i})
		date, err := attache.ParseDate(e.date)
		if err != nil {
			panic(err)
		}
		c := cameo.Code(e.code)
		d.Events = append(d.Events, attache.Event{
			ID: fmt.Sprintf("%s#%d", id, i), Doc: id, Sentence: i,
			Source: attache.Actor{Text: string(e.src), Code: string(e.src) + "GOV", Country: e.src, Sector: "GOV"},
			Target: attache.Actor{Text: string(e.tgt), Code: string(e.tgt) + "GOV", Country: e.tgt, Sector: "GOV"},
			Code:   c, Root: c.Root(), Quad: e.quad, Goldstein: e.goldstein,
			Date: date, DatePrecision: date.Precision().String(), Confidence: 0.8,
			Evidence: attache.Evidence{Span: sp, Text: e.sentence}, Rule: "test",
		})
	}
	d.Text = b.String()
	return d
}

// laosVietnam is a hand-made record of Laos and Vietnam: 28 events of
// the pair in both directions, dated to a day, a month or a year, two
// undated; two events dated to the year 2022 are the earliest, behind
// events dated within 2022; and three events of other pairs, one before
// and one after all of the pair's.
func laosVietnam() []*attache.Document {
	return []*attache.Document{
		story("border-2022", "2022-07-01",
			storyEvent{"2022", "VNM", "LAO", "036", 1, 4, "Vietnam wanted to finish marking the border with Laos that year."},
			storyEvent{"2022", "LAO", "VNM", "040", 1, 1, "Lao officials consulted Hanoi on the border markers during the year."},
			storyEvent{"2022-06-14", "VNM", "LAO", "042", 1, 1.9, "A Vietnamese delegation arrived in Vientiane on June 14."},
			storyEvent{"2022-06", "LAO", "VNM", "057", 1, 8, "In June the two governments signed a protocol on the border."},
			storyEvent{"2022-06-30", "VNM", "LAO", "061", 2, 6.4, "Vietnam agreed on June 30 to share survey data with Laos."}),
		story("dam-2023", "2023-02-01",
			storyEvent{"2023", "LAO", "VNM", "111", 3, -2, "Laos criticised Vietnamese logging along the river this year."},
			storyEvent{"2023-01", "VNM", "LAO", "043", 1, 2.8, "Vietnamese engineers visited the dam site in January."},
			storyEvent{"2023-01-09", "VNM", "LAO", "043", 1, 2.8, "The deputy minister toured the reservoir on January 9."},
			storyEvent{"2023-01-09", "LAO", "VNM", "046", 1, 7, "Lao and Vietnamese experts held consultations the same day."},
			storyEvent{"2023-01-20", "LAO", "VNM", "130", 3, -4.4, "On January 20 Vientiane warned Hanoi about water releases."}),
		story("trade-2023", "2023-06-01",
			storyEvent{"2023-05", "VNM", "LAO", "071", 2, 7.4, "Vietnam sent rice aid to flooded Lao provinces in May."},
			storyEvent{"2023-05-10", "LAO", "VNM", "112", 3, -2, "A Lao minister accused Vietnamese traders of smuggling on May 10."},
			storyEvent{"2023-05-10", "VNM", "LAO", "051", 1, 3.4, "Hanoi praised the customs reform the same day."},
			storyEvent{"2023-05-31", "VNM", "LAO", "145", 4, -7.5, "Border guards dispersed protesters at the crossing on May 31."},
			storyEvent{"2023-11-02", "LAO", "VNM", "040", 1, 1, "The two trade ministries spoke by telephone on November 2."}),
		story("rail-2024", "2024-03-01",
			storyEvent{"2024", "VNM", "LAO", "036", 1, 4, "Vietnam hopes to open the rail link to Laos within the year."},
			storyEvent{"2024-02", "LAO", "VNM", "042", 1, 1.9, "A Lao rail delegation travelled to Hanoi in February."},
			storyEvent{"2024-02-15", "VNM", "LAO", "190", 4, -10, "Shots were fired across the border on February 15."},
			storyEvent{"2024-02-15", "VNM", "LAO", "172", 4, -5, "Vietnam closed two crossings that evening."},
			storyEvent{"2024-02-28", "LAO", "VNM", "081", 2, 5, "Laos lifted the fees on Vietnamese freight on February 28."}),
		story("summit-2024", "2025-01-25",
			storyEvent{"2024-07-04", "VNM", "LAO", "020", 1, 3, "Hanoi appealed for calm at the July 4 meeting."},
			storyEvent{"2024-07-04", "LAO", "VNM", "020", 1, 3, "Vientiane made the same appeal."},
			storyEvent{"2024-12", "VNM", "LAO", "163", 4, -4, "Vietnam cut power exports to Laos in December."},
			storyEvent{"2025-01-03", "LAO", "VNM", "040", 1, 1, "The prime ministers met on January 3."},
			storyEvent{"2025-01-03", "VNM", "LAO", "057", 1, 8, "They signed a new cooperation plan."},
			storyEvent{"2025-01-21", "VNM", "LAO", "120", 3, -4, "On January 21 Vietnam rejected a Lao request for debt relief."}),
		story("undated", "2025-02-01",
			storyEvent{"", "VNM", "LAO", "010", 1, 0, "Vietnam commented on the relationship with Laos."},
			storyEvent{"", "LAO", "VNM", "043", 1, 2.8, "A Lao envoy is to visit Hanoi."}),
		story("neighbours", "2025-02-02",
			storyEvent{"2021-03-02", "VNM", "KHM", "040", 1, 1, "Vietnam and Cambodia held talks on March 2, 2021."},
			storyEvent{"2025-02-01", "KHM", "LAO", "042", 1, 1.9, "A Cambodian minister visited Vientiane on February 1."},
			storyEvent{"2023-05-10", "VNM", "VNM", "010", 1, 0, "The Vietnamese cabinet discussed the border on May 10."}),
	}
}

// TestBuildSQLite checks Build over a SQLite store against the scan of
// every event it replaces.
func TestBuildSQLite(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs := laosVietnam()
	docs[0].Facts = []attache.Fact{{Kind: attache.Agreement, Parties: []attache.Country{"VNM", "LAO"},
		Title: "Protocol on the border", Date: attache.Date{Year: 2022, Month: 6}, Status: "signed"}}
	docs[2].Facts = []attache.Fact{{Kind: attache.Trade, Parties: []attache.Country{"LAO", "VNM"},
		Period: "2022", Value: 1.7e9, Currency: "USD", Qualifier: "about"}}
	if _, err := st.SaveDocuments(ctx, docs, "test"); err != nil {
		t.Fatal(err)
	}
	d := func(s string) attache.Date {
		v, err := attache.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct {
		name                 string
		opt                  Options
		events, months       int
		first, firstID, last string
	}{
		{"all", Options{}, 28, 8, "2022", "border-2022#1", "2025-01-21"},
		{"since a day", Options{Since: d("2023-05-10"), Latest: 3}, 17, 6, "2023", "dam-2023#0", "2025-01-21"},
		{"since a year", Options{Since: d("2024"), Latest: 1}, 11, 4, "2024", "rail-2024#0", "2025-01-21"},
		{"more latest than events", Options{Latest: 100}, 28, 8, "2022", "border-2022#1", "2025-01-21"},
		{"nothing since", Options{Since: d("2026")}, 0, 0, "", "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, pair := range [][2]attache.Country{{"VNM", "LAO"}, {"LAO", "VNM"}} {
				got, err := Build(ctx, st, pair[0], pair[1], tt.opt)
				if err != nil {
					t.Fatal(err)
				}
				want, err := buildByScan(ctx, st, pair[0], pair[1], tt.opt)
				if err != nil {
					t.Fatal(err)
				}
				sameSummary(t, got, want)
				var first, firstID, last string
				if got.First != nil {
					first, firstID = got.First.Date.String(), got.First.ID
				}
				if got.Last != nil {
					last = got.Last.Date.String()
				}
				if got.Events != tt.events || len(got.Months) != tt.months || first != tt.first || firstID != tt.firstID || last != tt.last {
					t.Errorf("%v: %d events, %d months, first %s %s, last %s; want %d, %d, %s %s, %s", pair,
						got.Events, len(got.Months), first, firstID, last, tt.events, tt.months, tt.first, tt.firstID, tt.last)
				}
			}
		})
	}
}

// BenchmarkDyadBuild builds the summary of a pair with 5,000 events (and
// 1,000 events of other pairs) in an in-memory SQLite store: from
// DateCounts, and by the scan of every event it replaced.
func BenchmarkDyadBuild(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	codes := []struct {
		code string
		quad int
		g    float64
	}{{"040", 1, 1}, {"042", 1, 1.9}, {"057", 1, 8}, {"061", 2, 6.4}, {"111", 3, -2}, {"130", 3, -4.4}, {"145", 4, -7.5}, {"190", 4, -10}}
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	var docs []*attache.Document
	for i := range 600 {
		var evs []storyEvent
		for j := range 10 {
			n := i*10 + j
			c := codes[n%len(codes)]
			date := day.AddDate(0, 0, n%1800).Format(time.DateOnly)
			switch n % 20 {
			case 7:
				date = date[:7]
			case 13:
				date = date[:4]
			}
			src, tgt := attache.Country("VNM"), attache.Country("THA")
			switch {
			case n%6 == 5:
				src, tgt = "VNM", "KHM" // 1,000 events of another pair
			case n%2 == 1:
				src, tgt = tgt, src
			}
			evs = append(evs, storyEvent{date, src, tgt, c.code, c.quad, c.g,
				fmt.Sprintf("Report %d says the two governments spoke again.", n)})
		}
		docs = append(docs, story(fmt.Sprintf("bench-%d", i), "2025-01-01", evs...))
	}
	if _, err := st.SaveDocuments(ctx, docs, "bench"); err != nil {
		b.Fatal(err)
	}
	for _, bb := range []struct {
		name  string
		build func(context.Context, attache.EventStore, attache.Country, attache.Country, Options) (*Summary, error)
	}{{"DateCounts", Build}, {"scan", buildByScan}} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				s, err := bb.build(ctx, st, "VNM", "THA", Options{})
				if err != nil {
					b.Fatal(err)
				}
				if s.Events != 5000 {
					b.Fatalf("%d events, want 5000", s.Events)
				}
			}
		})
	}
}
