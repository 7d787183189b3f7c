package chart

import (
	"math"
	"strings"
	"testing"
)

func TestTradeBars(t *testing.T) {
	points := []TradePoint{
		{Label: "2023", Value: 160e6, Currency: "USD", Source: "Vietnam News Agency", URL: "/doc/vna-1"},
		{Label: "2022", Value: 120e6, Currency: "usd", Source: "Vietnam News Agency"},
		{Label: "2023", Value: 172.5e6, Currency: "USD", Source: "UzDaily"},
	}
	out := TradeBars(points, TradeOptions{ID: "tr", Title: "Trade VNM–UZB"})
	root := parseSVG(t, out)
	checkAccessible(t, root, "tr")

	bars := root.find("rect", "trade-bar")
	if len(bars) != len(points) {
		t.Fatalf("%d bars, want %d", len(bars), len(points))
	}
	// Periods sorted; within 2023 the sources in order (UzDaily first).
	want := []string{
		"2022: US$120M (120,000,000 USD) — Vietnam News Agency",
		"2023: US$173M (172,500,000 USD) — UzDaily",
		"2023: US$160M (160,000,000 USD) — Vietnam News Agency",
	}
	var xs []float64
	for i, b := range bars {
		if got := b.find("title", "")[0].Text; got != want[i] {
			t.Errorf("bar %d title = %q, want %q", i, got, want[i])
		}
		xs = append(xs, fattr(t, b, "x"))
	}
	// Side by side: the two 2023 bars do not overlap.
	if w := fattr(t, bars[1], "width"); xs[1]+w > xs[2] {
		t.Errorf("the 2023 bars overlap: x %v width %v, next x %v", xs[1], w, xs[2])
	}
	// Same source, same colour; different sources, different colours.
	if bars[0].attr("fill") != bars[2].attr("fill") || bars[0].attr("fill") == bars[1].attr("fill") {
		t.Errorf("fills %s %s %s: want colour by source", bars[0].attr("fill"), bars[1].attr("fill"), bars[2].attr("fill"))
	}
	var values []string
	for _, v := range root.find("text", "value-label") {
		values = append(values, v.Text)
	}
	if strings.Join(values, " ") != "US$120M US$173M US$160M" {
		t.Errorf("value labels %q", values)
	}
	links := root.find("a", "")
	if len(links) != 1 || links[0].attr("href") != "/doc/vna-1" || len(links[0].find("rect", "trade-bar")) != 1 {
		t.Errorf("want one link around the bar with a URL, got %d", len(links))
	}
	if got := len(root.find("text", "period-label")); got != 2 {
		t.Errorf("%d period labels, want 2", got)
	}
	if got := len(root.find("rect", "swatch")); got != 2 {
		t.Errorf("%d legend entries, want one per source (2)", got)
	}
	desc := root.find("desc", "")[0].Text
	for _, w := range []string{"3 figures for 2 periods from 2022 to 2023", "2 sources (UzDaily, Vietnam News Agency)", "largest US$173M"} {
		if !strings.Contains(desc, w) {
			t.Errorf("desc %q lacks %q", desc, w)
		}
	}
}

func TestTradeBarsMixed(t *testing.T) {
	points := []TradePoint{
		{Label: "2023", Value: 1.5e9, Currency: "EUR", Source: "A"},
		{Label: "2023", Value: -2e8, Currency: "USD", Source: "B"},
		{Label: "2024", Value: math.NaN(), Currency: "USD", Source: "B"},
		{Label: "2024", Value: math.Inf(1), Currency: "USD", Source: "B"},
		{Label: "2024", Value: 0, Source: ""},
	}
	out := TradeBars(points, TradeOptions{ID: "m", KeepOrder: true})
	root := parseSVG(t, out)
	if strings.Contains(string(out), "NaN") || strings.Contains(string(out), "Inf") {
		t.Error("NaN or Inf in output")
	}
	bars := root.find("rect", "trade-bar")
	if len(bars) != 3 {
		t.Fatalf("%d bars, want 3 (NaN and Inf left out)", len(bars))
	}
	desc := root.find("desc", "")[0].Text
	for _, w := range []string{"several currencies (, EUR, USD), not converted", "2 figures without a number left out", "unknown source"} {
		if !strings.Contains(desc, w) {
			t.Errorf("desc %q lacks %q", desc, w)
		}
	}
	// The negative bar hangs below the zero line.
	zero := fattr(t, root.find("line", "zero-line")[0], "y1")
	neg := bars[1]
	if !strings.Contains(neg.find("title", "")[0].Text, "-US$200M") {
		t.Fatalf("bar 1 is %q, want the negative one", neg.find("title", "")[0].Text)
	}
	if y := fattr(t, neg, "y"); math.Abs(y-zero) > 0.01 {
		t.Errorf("negative bar starts at y=%v, want the zero line %v", y, zero)
	}
	if y := fattr(t, bars[0], "y") + fattr(t, bars[0], "height"); math.Abs(y-zero) > 0.01 {
		t.Errorf("positive bar ends at y=%v, want the zero line %v", y, zero)
	}
	_, h := viewBox(t, root)
	for _, b := range bars {
		if y, bh := fattr(t, b, "y"), fattr(t, b, "height"); y < 0 || y+bh > h {
			t.Errorf("bar outside the viewBox: y=%v h=%v", y, bh)
		}
	}
}

func TestTradeBarsHostile(t *testing.T) {
	for _, h := range hostile {
		points := []TradePoint{
			{Label: h, Value: 1e6, Currency: h, Source: h, URL: "javascript:alert(1)"},
			{Label: "2023", Value: 2e6, Currency: "USD", Source: h, URL: h},
		}
		out := TradeBars(points, TradeOptions{ID: h, Title: h})
		root := parseSVG(t, out)
		checkNoInjection(t, out, root)
		links := root.find("a", "")
		if len(links) != 2 {
			t.Fatalf("%d links, want 2", len(links))
		}
		blocked := 0
		for _, a := range links {
			if a.attr("href") == "#ZgotmplZ" {
				blocked++
			}
		}
		if blocked != 1 {
			t.Errorf("%d links blocked, want 1 (the javascript: URL)", blocked)
		}
	}
	out := TradeBars([]TradePoint{{Label: "2023", Value: 1, Source: hostile[1]}}, TradeOptions{})
	if got := parseSVG(t, out).find("rect", "trade-bar")[0].find("title", "")[0].Text; !strings.HasSuffix(got, hostile[1]) {
		t.Errorf("tooltip %q does not show the source as text", got)
	}
}

func TestTradeBarsDeterministic(t *testing.T) {
	points := []TradePoint{
		{Label: "2023", Value: 1, Source: "B"}, {Label: "2023", Value: 2, Source: "A"},
		{Label: "2021", Value: 3, Source: "C"}, {Label: "2022", Value: 4, Source: "A"},
	}
	a := TradeBars(points, TradeOptions{})
	// The same figures in another order draw the same chart.
	rev := []TradePoint{points[3], points[2], points[1], points[0]}
	if b := TradeBars(rev, TradeOptions{}); a != b {
		t.Error("the order of the input changes the chart")
	}
	if b := TradeBars(points, TradeOptions{}); a != b {
		t.Error("two renderings differ")
	}
}

func TestGroupDigits(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1,000"}, {160e6, "160,000,000"}, {-1234567.5, "-1,234,567.5"}, {12.25, "12.25"},
	}
	for _, tt := range tests {
		if got := groupDigits(tt.in); got != tt.want {
			t.Errorf("groupDigits(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
