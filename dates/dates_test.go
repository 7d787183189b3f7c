package dates

import (
	"testing"

	"attache"
	"attache/segment"
)

func find(text, ref string) []Expr {
	r, _ := attache.ParseDate(ref)
	res := segment.New().Split(text, nil)
	return Find(res.Tokens, 0, len(res.Tokens), r)
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, text, ref string
		want            string // first expression's date
		span            string // its text
	}{
		{"month day", "talks on January 7 in Hanoi", "2025-01-07", "2025-01-07", "January 7"},
		{"month day previous year", "signed on December 30", "2025-01-07", "2024-12-30", "December 30"},
		{"month day year", "on March 6, 2025, the", "2024-01-01", "2025-03-06", "March 6, 2025"},
		{"day month year", "on 6 March 2025", "", "2025-03-06", "6 March 2025"},
		{"month year", "in October 2024", "2025-01-07", "2024-10", "October 2024"},
		{"bare month", "in October the", "2025-01-07", "2024-10", "October"},
		{"bare month same year", "in March the", "2025-06-01", "2025-03", "March"},
		{"year", "trade in 2023 rose", "2025-01-07", "2023", "2023"},
		{"weekday", "on Monday the", "2024-03-18", "2024-03-18", "Monday"},
		{"weekday before", "on Saturday the", "2022-10-30", "2022-10-29", "Saturday"},
		{"today bracket", "his counterpart today [March 6].", "2025-03-06", "2025-03-06", "today [March 6]"},
		{"today", "said today", "2025-03-06", "2025-03-06", "today"},
		{"yesterday", "said yesterday", "2025-03-06", "2025-03-05", "yesterday"},
		{"range", "visit from March 17-19", "2024-03-18", "2024-03-17", "March 17-19"},
		{"last week", "clashes last week", "2022-10-30", "2022-10", "last week"},
		{"earlier this month", "earlier this month", "2025-03-20", "2025-03", "earlier this month"},
		{"last year", "last year", "2025-03-20", "2024", "last year"},
		{"iso", "date 2024-03-18 HÀ NỘI", "", "2024-03-18", "2024-03-18"},
		{"abbreviated month", "on Jan. 5 in", "2025-01-07", "2025-01-05", "Jan. 5"},
		{"modal may is no month", "they may 5 times", "2025-01-07", "", ""},
		{"invalid day", "on February 30 we", "2025-01-07", "", ""},
		{"enumeration", "on October 25, 26 and 28 the", "2016-11-01", "2016-10-25", "October 25, 26 and 28"},
		{"day then year is no enumeration", "on March 6, 2025 the", "2025-03-07", "2025-03-06", "March 6, 2025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := find(tt.text, tt.ref)
			if tt.want == "" {
				if len(es) != 0 {
					t.Errorf("found %v, want none", es[0].Date)
				}
				return
			}
			if len(es) == 0 {
				t.Fatalf("no date found")
			}
			if got := es[0].Date.String(); got != tt.want {
				t.Errorf("date %s, want %s", got, tt.want)
			}
			if got := tt.text[es[0].Start:es[0].End]; got != tt.span {
				t.Errorf("span %q, want %q", got, tt.span)
			}
		})
	}
}

func TestEnumeration(t *testing.T) {
	es := find("summoned him on October 25, 26 and 28", "2016-11-01")
	if len(es) != 1 || len(es[0].Also) != 2 || es[0].Also[0].String() != "2016-10-26" || es[0].Also[1].String() != "2016-10-28" {
		t.Fatalf("got %+v", es)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"on January 7", "today [March 6]", "from March 17-19, 2024", "last Monday", "2024-02-30", "Feb 29", "31 April 2023"} {
		f.Add(s, "2024-02-29")
	}
	sp := segment.New()
	f.Fuzz(func(t *testing.T, text, ref string) {
		r, err := attache.ParseDate(ref)
		if err != nil {
			return
		}
		res := sp.Split(text, nil)
		for _, e := range Find(res.Tokens, 0, len(res.Tokens), r) {
			if e.Start < 0 || e.End > len(text) || e.Start > e.End {
				t.Fatalf("span %v out of bounds", e.Span)
			}
			if p := e.Date.Precision(); p == attache.DayPrecision && !validDay(e.Date.Year, e.Date.Month, e.Date.Day) {
				t.Fatalf("invalid date %v", e.Date)
			}
		}
	})
}
