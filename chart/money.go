package chart

import (
	"math"
	"strconv"
	"strings"
)

// currencySymbols are the prefixes Money writes for common ISO 4217 codes.
var currencySymbols = map[string]string{
	"USD": "US$",
	"EUR": "€",
	"GBP": "£",
	"JPY": "¥",
	"CNY": "CN¥",
	"INR": "₹",
	"KRW": "₩",
	"AUD": "A$",
	"CAD": "CA$",
	"SGD": "S$",
	"RUB": "₽",
}

// Money formats an amount for people: three significant digits at most,
// with K, M, B or T for thousands, millions, billions and trillions, and
// the currency as a symbol for common ISO 4217 codes ("US$160M", "€1.25B")
// or as a code prefix otherwise ("UZS 3.5B"). An empty currency gives the
// bare number ("42K"). NaN and infinities give "n/a".
func Money(v float64, currency string) string {
	if !finite(v) {
		return "n/a"
	}
	n := shortNumber(math.Abs(v))
	sign := ""
	if v < 0 && n != "0" {
		sign = "-"
	}
	cur := strings.ToUpper(strings.TrimSpace(currency))
	if sym, ok := currencySymbols[cur]; ok {
		return sign + sym + n
	}
	if cur != "" {
		return sign + cur + " " + n
	}
	return sign + n
}

// shortNumber formats v ≥ 0 with at most three significant digits and a
// K/M/B/T suffix: 950 → "950", 1234 → "1.23K", 160e6 → "160M".
func shortNumber(v float64) string {
	units := []string{"", "K", "M", "B", "T"}
	u := 0
	for u < len(units)-1 && v >= 1000 {
		v /= 1000
		u++
	}
	r := round3(v)
	if r >= 1000 && u < len(units)-1 { // 999.96M rounds to 1000M: say 1B
		v /= 1000
		u++
		r = round3(v)
	}
	s := strconv.FormatFloat(r, 'f', -1, 64)
	return s + units[u]
}

// round3 rounds v (0 ≤ v < 1000 in practice) to three significant digits,
// keeping whole numbers whole.
func round3(v float64) float64 {
	switch {
	case v == 0:
		return 0
	case v >= 100:
		return math.Round(v)
	case v >= 10:
		return math.Round(v*10) / 10
	case v >= 1:
		return math.Round(v*100) / 100
	default:
		return math.Round(v*1000) / 1000
	}
}
