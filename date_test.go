package attache

import (
	"encoding/json"
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		prec Precision
		bad  bool
	}{
		{"2025-01-14", "2025-01-14", DayPrecision, false},
		{"2024-10", "2024-10", MonthPrecision, false},
		{"1992", "1992", YearPrecision, false},
		{"", "", NoDate, false},
		{"2025-03-06T08:00:00+07:00", "2025-03-06", DayPrecision, false},
		{"2025-02-30", "", NoDate, true},
		{"2025-13", "", NoDate, true},
		{"March 6", "", NoDate, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if (err != nil) != tt.bad {
				t.Fatalf("err = %v", err)
			}
			if d.String() != tt.want || d.Precision() != tt.prec {
				t.Errorf("got %s (%v), want %s (%v)", d, d.Precision(), tt.want, tt.prec)
			}
		})
	}
}

func TestDateFits(t *testing.T) {
	day, _ := ParseDate("2024-10-23")
	month, _ := ParseDate("2024-10")
	other, _ := ParseDate("2024-11-01")
	switch {
	case !day.Fits(month):
		t.Error("a day should fit its month")
	case month.Fits(day):
		t.Error("a month should not fit a day")
	case !day.Fits(Date{}):
		t.Error("anything fits no date")
	case other.Fits(month):
		t.Error("November does not fit October")
	}
}

func TestDateJSON(t *testing.T) {
	var v struct{ D, E Date }
	if err := json.Unmarshal([]byte(`{"D":"2024-10","E":null}`), &v); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(v)
	if string(b) != `{"D":"2024-10","E":null}` {
		t.Errorf("round trip gave %s", b)
	}
}
