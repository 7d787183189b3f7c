package attache

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Precision says how much of a Date is known.
type Precision uint8

const (
	NoDate Precision = iota
	YearPrecision
	MonthPrecision
	DayPrecision
)

// String returns "day", "month", "year" or "" for NoDate.
func (p Precision) String() string {
	switch p {
	case DayPrecision:
		return "day"
	case MonthPrecision:
		return "month"
	case YearPrecision:
		return "year"
	}
	return ""
}

// Date is a calendar date known to a precision: 2025-01-14, 2024-10 or 2023.
// The zero value is "no date". Month and Day are zero when unknown.
type Date struct {
	Year, Month, Day int
}

// DayDate returns the date of t at day precision.
func DayDate(t time.Time) Date { return Date{t.Year(), int(t.Month()), t.Day()} }

// Precision reports how much of d is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return NoDate
	case d.Month == 0:
		return YearPrecision
	case d.Day == 0:
		return MonthPrecision
	}
	return DayPrecision
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.Year == 0 }

// Time returns d as a UTC time at the start of its first day.
func (d Date) Time() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// AddDays returns the day-precision date n days after d (d must be a day).
func (d Date) AddDays(n int) Date { return DayDate(d.Time().AddDate(0, 0, n)) }

// String formats d as YYYY-MM-DD, YYYY-MM or YYYY; "" for no date.
func (d Date) String() string {
	switch d.Precision() {
	case DayPrecision:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case MonthPrecision:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case YearPrecision:
		return fmt.Sprintf("%04d", d.Year)
	}
	return ""
}

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD, and also a full RFC 3339
// timestamp (its date part, in its own offset). "" gives the zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	if len(s) > 10 {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD or an RFC 3339 timestamp", s)
		}
		return DayDate(t), nil
	}
	bad := fmt.Errorf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	var d Date
	var err error
	switch len(s) {
	case 4:
		d.Year, err = strconv.Atoi(s)
	case 7:
		if s[4] != '-' {
			return Date{}, bad
		}
		d.Year, err = strconv.Atoi(s[:4])
		if err == nil {
			d.Month, err = strconv.Atoi(s[5:])
		}
	case 10:
		t, perr := time.Parse(time.DateOnly, s)
		if perr != nil {
			return Date{}, bad
		}
		return DayDate(t), nil
	default:
		return Date{}, bad
	}
	if err != nil || d.Year < 1 || d.Month < 0 || d.Month > 12 || (len(s) == 7 && d.Month == 0) {
		return Date{}, bad
	}
	return d, nil
}

// Fits reports whether d, a predicted date, fits gold date g as the scorer
// defines it: the gold date is a prefix of the prediction, and a gold
// "no date" fits anything.
func (d Date) Fits(g Date) bool {
	switch g.Precision() {
	case NoDate:
		return true
	case YearPrecision:
		return d.Year == g.Year
	case MonthPrecision:
		return d.Year == g.Year && d.Month == g.Month
	}
	return d == g
}

// MarshalJSON writes the date as a string, or null when there is none.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads a date string or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: %w", err)
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
