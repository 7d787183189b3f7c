// Package dates finds date expressions in English news text and resolves
// them against the document's reference date: "on January 7", "Monday",
// "today [March 6]", "from March 17-19", "in October 2024", "last week",
// "earlier this month". Each resolved date keeps the precision the text
// gives (day, month or year).
package dates

import (
	"strings"
	"time"

	"attache"
)

// Kind says how an expression relates to the events around it.
type Kind uint8

const (
	Absolute Kind = iota // a calendar date written out
	Relative             // resolved from the reference date: Monday, yesterday, last week
	Range                // a span of days: from March 17-19; Date is its first day
)

// Expr is one date expression in the text.
type Expr struct {
	attache.Span
	FirstTok, EndTok int // token range in the token slice given to Find
	Date             attache.Date
	Last             attache.Date // last day of a Range
	// Also holds the further days of an enumeration: "on October 25, 26
	// and 28" is October 25, Also 26 and 28.
	Also   []attache.Date
	Kind   Kind
	Future bool // "next week", "tomorrow", "later this month"
}

var months = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "jan.": 1, "feb": 2, "feb.": 2, "mar.": 3, "apr": 4, "apr.": 4, "jun.": 6, "jul.": 7,
	"aug": 8, "aug.": 8, "sep": 9, "sep.": 9, "sept": 9, "sept.": 9, "oct": 10, "oct.": 10,
	"nov": 11, "nov.": 11, "dec": 12, "dec.": 12,
}

var weekdays = map[string]time.Weekday{
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
}

// Find returns the date expressions among toks[first:end], resolved against
// ref (which may be zero: then only fully written dates resolve).
func Find(toks []attache.Token, first, end int, ref attache.Date) []Expr {
	var out []Expr
	for i := first; i < end; {
		e, ok := at(toks, i, end, ref)
		if !ok {
			i++
			continue
		}
		e.Span = attache.Span{Start: toks[e.FirstTok].Start, End: toks[e.EndTok-1].End}
		out = append(out, e)
		i = e.EndTok
	}
	return out
}

func norm(toks []attache.Token, i, end int) string {
	if i < end && i >= 0 {
		return toks[i].Norm
	}
	return ""
}

// number reads a whole number from lo to hi, allowing an ordinal suffix
// ("21st"). It is called on every token, so it rejects words without
// allocating.
func number(s string, lo, hi int) (int, bool) {
	if len(s) == 0 || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "st"), "nd"), "rd"), "th")
	if len(s) == 0 || len(s) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	if n < lo || n > hi {
		return 0, false
	}
	return n, true
}

func validDay(y, m, d int) bool {
	if y == 0 {
		y = 2000 // a leap year, so Feb 29 passes without a year
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d && int(t.Month()) == m
}

// at tries to read a date expression starting at token i.
func at(toks []attache.Token, i, end int, ref attache.Date) (Expr, bool) {
	n := toks[i].Norm
	e := Expr{FirstTok: i}
	// ISO 2024-03-18 (tokens: 2024 - 03 - 18)
	if y, ok := number(n, 1900, 2100); ok && len(n) == 4 && norm(toks, i+1, end) == "-" {
		if m, ok := number(norm(toks, i+2, end), 1, 12); ok && norm(toks, i+3, end) == "-" {
			if d, ok := number(norm(toks, i+4, end), 1, 31); ok && validDay(y, m, d) {
				e.Date, e.EndTok, e.Kind = attache.Date{Year: y, Month: m, Day: d}, i+5, Absolute
				return e, true
			}
		}
	}
	if m, ok := months[n]; ok {
		// "may" is also a modal verb: only a preposition makes it a month.
		if n == "may" {
			switch norm(toks, i-1, end) {
			case "on", "in", "since", "from", "until", "by", "of", "early", "late", "mid", "-", "last", "next", "this", "before", "after":
			default:
				return e, false
			}
		}
		// Month D[-D2][,] [YYYY]
		if d, ok := number(norm(toks, i+1, end), 1, 31); ok && len(norm(toks, i+1, end)) <= 4 {
			j := i + 2
			var d2 int
			if norm(toks, j, end) == "-" || norm(toks, j, end) == "to" || norm(toks, j, end) == "and" {
				if v, ok := number(norm(toks, j+1, end), 1, 31); ok && v > d {
					d2, j = v, j+2
				}
			}
			// "October 25, 26 and 28"
			var also []int
			if d2 == 0 {
				for k := j; ; {
					sep := norm(toks, k, end)
					if sep != "," && sep != "and" {
						break
					}
					k2 := k + 1
					if sep == "," && norm(toks, k2, end) == "and" {
						k2++
					}
					v, ok := number(norm(toks, k2, end), 1, 31)
					if !ok || len(norm(toks, k2, end)) > 2 || v <= d {
						break
					}
					// "March 6, 2025" is a year, not a day: numbers > 31 fail above.
					also = append(also, v)
					k, j = k2+1, k2+1
				}
			}
			y := 0
			k := j
			if norm(toks, k, end) == "," {
				k++
			}
			if v, ok := number(norm(toks, k, end), 1900, 2100); ok && len(norm(toks, k, end)) == 4 {
				y, j = v, k+1
			}
			if !validDay(y, m, d) {
				return e, false
			}
			e.EndTok = j
			e.Date, e.Kind = withYear(y, m, d, ref), Absolute
			if e.Date.IsZero() {
				return e, false
			}
			if d2 > 0 {
				e.Kind, e.Last = Range, attache.Date{Year: e.Date.Year, Month: m, Day: d2}
			}
			for _, v := range also {
				if validDay(e.Date.Year, m, v) {
					e.Also = append(e.Also, attache.Date{Year: e.Date.Year, Month: m, Day: v})
				}
			}
			return e, true
		}
		// Month YYYY
		if y, ok := number(norm(toks, i+1, end), 1900, 2100); ok && len(norm(toks, i+1, end)) == 4 {
			e.Date, e.EndTok, e.Kind = attache.Date{Year: y, Month: m}, i+2, Absolute
			return e, true
		}
		// "in October", "last March": month of the nearest year.
		prev := norm(toks, i-1, end)
		if n != "may" && (prev == "in" || prev == "since" || prev == "last" || prev == "early" || prev == "late" || prev == "mid" || prev == "-" || prev == "until" || prev == "by" || prev == "of" || prev == "during") && !ref.IsZero() {
			y := ref.Year
			if m > ref.Month+1 {
				y--
			}
			e.Date, e.EndTok, e.Kind = attache.Date{Year: y, Month: m}, i+1, Absolute
			return e, true
		}
		return e, false
	}
	// D Month [YYYY]
	if d, ok := number(n, 1, 31); ok && len(n) <= 4 {
		if m, ok := months[norm(toks, i+1, end)]; ok && norm(toks, i+1, end) != "may" || ok && len(norm(toks, i+2, end)) == 4 {
			j, y := i+2, 0
			if v, ok := number(norm(toks, j, end), 1900, 2100); ok && len(norm(toks, j, end)) == 4 {
				y, j = v, j+1
			}
			if !validDay(y, m, d) {
				return e, false
			}
			e.Date, e.EndTok, e.Kind = withYear(y, m, d, ref), j, Absolute
			return e, !e.Date.IsZero()
		}
	}
	// "in 2023", "since 1992"
	if y, ok := number(n, 1900, 2100); ok && len(n) == 4 {
		prev := norm(toks, i-1, end)
		if prev == "in" || prev == "since" || prev == "of" || prev == "year" || prev == "early" || prev == "late" || prev == "mid" {
			e.Date, e.EndTok, e.Kind = attache.Date{Year: y}, i+1, Absolute
			return e, true
		}
		return e, false
	}
	if ref.IsZero() {
		return e, false
	}
	switch n {
	case "today", "tonight":
		// "today [March 6]": the bracketed date wins.
		if norm(toks, i+1, end) == "[" || norm(toks, i+1, end) == "(" {
			if inner, ok := at(toks, i+2, end, ref); ok {
				inner.FirstTok = i
				if c := norm(toks, inner.EndTok, end); c == "]" || c == ")" {
					inner.EndTok++
				}
				return inner, true
			}
		}
		e.Date, e.EndTok, e.Kind = ref, i+1, Relative
		return e, true
	case "yesterday":
		e.Date, e.EndTok, e.Kind = ref.AddDays(-1), i+1, Relative
		return e, ref.Precision() == attache.DayPrecision
	case "tomorrow":
		e.Date, e.EndTok, e.Kind, e.Future = ref.AddDays(1), i+1, Relative, true
		return e, ref.Precision() == attache.DayPrecision
	case "last", "next", "this", "earlier", "later":
		return relative(toks, i, end, ref)
	}
	if wd, ok := weekdays[n]; ok && ref.Precision() == attache.DayPrecision {
		prev := norm(toks, i-1, end)
		t := ref.Time()
		if prev == "next" || prev == "coming" {
			diff := (int(wd) - int(t.Weekday()) + 7) % 7
			if diff == 0 {
				diff = 7
			}
			e.Date, e.Future = ref.AddDays(diff), true
		} else {
			diff := (int(t.Weekday()) - int(wd) + 7) % 7
			e.Date = ref.AddDays(-diff)
		}
		e.EndTok, e.Kind = i+1, Relative
		// "Monday, March 4": the written date wins.
		if norm(toks, i+1, end) == "," {
			if inner, ok := at(toks, i+2, end, ref); ok && inner.Kind != Relative {
				inner.FirstTok = i
				return inner, true
			}
		}
		return e, true
	}
	return e, false
}

// relative reads "last week", "next month", "this year", "earlier this
// month", "later this year".
func relative(toks []attache.Token, i, end int, ref attache.Date) (Expr, bool) {
	e := Expr{FirstTok: i, Kind: Relative}
	w1, w2 := norm(toks, i, end), norm(toks, i+1, end)
	if (w1 == "earlier" || w1 == "later") && w2 == "this" {
		e.Future = w1 == "later"
		i++
		w1, w2 = "this", norm(toks, i+1, end)
	}
	t := ref.Time()
	switch w1 + " " + w2 {
	case "last week":
		e.Date = attache.DayDate(t.AddDate(0, 0, -7))
		e.Date.Day = 0
	case "next week":
		e.Date, e.Future = attache.DayDate(t.AddDate(0, 0, 7)), true
		e.Date.Day = 0
	case "this week":
		e.Date = attache.Date{Year: ref.Year, Month: ref.Month}
	case "last month":
		e.Date = attache.DayDate(time.Date(ref.Year, time.Month(ref.Month)-1, 1, 0, 0, 0, 0, time.UTC))
		e.Date.Day = 0
	case "next month":
		e.Date, e.Future = attache.DayDate(time.Date(ref.Year, time.Month(ref.Month)+1, 1, 0, 0, 0, 0, time.UTC)), true
		e.Date.Day = 0
	case "this month":
		e.Date = attache.Date{Year: ref.Year, Month: ref.Month}
	case "last year":
		e.Date = attache.Date{Year: ref.Year - 1}
	case "next year":
		e.Date, e.Future = attache.Date{Year: ref.Year + 1}, true
	case "this year":
		e.Date = attache.Date{Year: ref.Year}
	default:
		if wd, ok := weekdays[w2]; ok && (w1 == "last" || w1 == "this") && ref.Precision() == attache.DayPrecision {
			diff := (int(t.Weekday()) - int(wd) + 7) % 7
			if diff == 0 && w1 == "last" {
				diff = 7
			}
			e.Date, e.EndTok = ref.AddDays(-diff), i+2
			return e, true
		}
		return e, false
	}
	if ref.Month == 0 && e.Date.Month != 0 {
		return e, false
	}
	e.EndTok = i + 2
	return e, true
}

// withYear completes a month and day without a year with the year that
// puts the date nearest the reference date.
func withYear(y, m, d int, ref attache.Date) attache.Date {
	if y != 0 {
		return attache.Date{Year: y, Month: m, Day: d}
	}
	if ref.IsZero() {
		return attache.Date{}
	}
	best := attache.Date{}
	bestDiff := 1 << 30
	for _, cy := range []int{ref.Year - 1, ref.Year, ref.Year + 1} {
		if !validDay(cy, m, d) {
			continue
		}
		c := attache.Date{Year: cy, Month: m, Day: d}
		diff := int(c.Time().Sub(ref.Time()).Hours() / 24)
		if diff > 0 {
			diff *= 2 // news reports the past more than the future
		}
		if diff < 0 {
			diff = -diff
		}
		if diff < bestDiff {
			best, bestDiff = c, diff
		}
	}
	return best
}
