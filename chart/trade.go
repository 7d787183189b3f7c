package chart

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
)

// TradePoint is one published trade figure.
type TradePoint struct {
	Label    string  // the period: "2023", "2024-Q1", "Jan–Jun 2024"
	Value    float64 // the amount in units of Currency (160e6 for $160 million)
	Currency string  // ISO 4217 code, "USD"; "" when unknown
	Source   string  // who published it: "Vietnam News Agency"
	URL      string  // optional link to the source document
}

// TradeOptions configure TradeBars. The zero value works.
type TradeOptions struct {
	// ID prefixes the IDs of the chart's elements; it must be unique in
	// the page. Default "trade".
	ID string
	// Title is the chart's accessible name. Default "Trade figures".
	Title string
	// Width and Height are the viewBox size; defaults 720 and 300.
	Width, Height float64
	// KeepOrder keeps the periods in order of first appearance; by
	// default they are sorted by label, which orders "2019" … "2024" and
	// "2024-Q1" … "2024-Q4".
	KeepOrder bool
}

// TradeBars draws trade figures as bars grouped by period. Several
// figures for one period (from different sources, or differing figures
// from one) stand side by side, coloured by source, each a
// <rect class="trade-bar sN"> with a <title> naming the period, the
// amount and the source ("2023: US$160M (160,000,000 USD) — VNA"),
// wrapped in an <a href> when the point has a URL, and labelled with the
// amount ("US$160M") when the bar is wide enough. Negative values go below
// a zero line. Points with a NaN or infinite value are left out; figures in
// different currencies are drawn on one axis, not converted, and the
// <desc> says so. No points gives a small "no data" chart.
func TradeBars(points []TradePoint, opts TradeOptions) template.HTML {
	id := cleanID(opts.ID, "trade")
	title := opts.Title
	if title == "" {
		title = "Trade figures"
	}
	w, h := opts.Width, opts.Height
	if w <= 0 {
		w = 720
	}
	if h <= 0 {
		h = 300
	}

	// Keep the finite points; collect periods, sources and currencies.
	var pts []TradePoint
	skipped := 0
	periodIndex := map[string]int{}
	var periods []string
	sourceSet := map[string]bool{}
	currencySet := map[string]bool{}
	for _, p := range points {
		if !finite(p.Value) {
			skipped++
			continue
		}
		p.Label = strings.TrimSpace(p.Label)
		p.Source = strings.TrimSpace(p.Source)
		p.Currency = strings.ToUpper(strings.TrimSpace(p.Currency))
		pts = append(pts, p)
		if _, ok := periodIndex[p.Label]; !ok {
			periodIndex[p.Label] = len(periods)
			periods = append(periods, p.Label)
		}
		sourceSet[p.Source] = true
		currencySet[p.Currency] = true
	}
	if len(pts) == 0 {
		return noData("trade", id, title, w)
	}
	if !opts.KeepOrder {
		sort.Strings(periods)
		for i, l := range periods {
			periodIndex[l] = i
		}
	}
	sources := sortedKeys(sourceSet)
	sourceIndex := map[string]int{}
	for i, s := range sources {
		sourceIndex[s] = i
	}
	currencies := sortedKeys(currencySet)
	axisCurrency := ""
	if len(currencies) == 1 {
		axisCurrency = currencies[0]
	}

	// Points of each period: by source, then by value, then by URL.
	groups := make([][]TradePoint, len(periods))
	for _, p := range pts {
		i := periodIndex[p.Label]
		groups[i] = append(groups[i], p)
	}
	for _, g := range groups {
		sort.SliceStable(g, func(i, j int) bool {
			a, b := g[i], g[j]
			if a.Source != b.Source {
				return sourceIndex[a.Source] < sourceIndex[b.Source]
			}
			if a.Value != b.Value {
				return a.Value < b.Value
			}
			if a.Currency != b.Currency {
				return a.Currency < b.Currency
			}
			return a.URL < b.URL
		})
	}

	// Summary for <desc>.
	largest := pts[0]
	for _, p := range pts[1:] {
		if math.Abs(p.Value) > math.Abs(largest.Value) {
			largest = p
		}
	}
	var desc strings.Builder
	fmt.Fprintf(&desc, "%s for %s", plural(len(pts), "figure"), plural(len(periods), "period"))
	if len(periods) > 1 {
		fmt.Fprintf(&desc, " from %s to %s", clip(periods[0], 24), clip(periods[len(periods)-1], 24))
	}
	names := make([]string, len(sources))
	for i, s := range sources {
		names[i] = clip(sourceName(s), 40)
	}
	fmt.Fprintf(&desc, ", from %s (%s); largest %s (%s, %s).", plural(len(sources), "source"), strings.Join(names, ", "),
		Money(largest.Value, largest.Currency), clip(largest.Label, 24), clip(sourceName(largest.Source), 40))
	if len(currencies) > 1 {
		fmt.Fprintf(&desc, " Values in several currencies (%s), not converted.", strings.Join(currencies, ", "))
	}
	if skipped > 0 {
		fmt.Fprintf(&desc, " %s without a number left out.", plural(skipped, "figure"))
	}

	// Value axis.
	lo, hi := 0.0, 0.0
	for _, p := range pts {
		lo, hi = math.Min(lo, p.Value), math.Max(hi, p.Value)
	}
	step := niceStep(hi-lo, 5)
	if hi == lo { // all zero
		step = 1
	}
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if hi == lo {
		hi = lo + step
	}
	tickValues := ticks(lo, hi, step)
	tickLabels := make([]string, len(tickValues))
	left := 0.0
	for i, t := range tickValues {
		tickLabels[i] = Money(t, axisCurrency)
		left = math.Max(left, textWidth(tickLabels[i], 11))
	}
	left += 14

	// Legend of sources.
	items := make([]legendItem, len(sources))
	for i, s := range sources {
		items[i] = legendItem{class: fmt.Sprintf("s%d", i+1), text: clip(sourceName(s), 40), fill: seriesColors[i%len(seriesColors)]}
	}
	const right, bottom, headroom = 16.0, 26.0, 16.0
	_, lh := legendLayout(items, left, 8, w-left-right)
	x0, x1, y0, y1 := left, w-right, 8+lh+10+headroom, h-bottom
	if y1-y0 < 40 {
		y1 = y0 + 40
		h = y1 + bottom
	}
	pw, ph := x1-x0, y1-y0
	yv := func(v float64) float64 { return y1 - (v-lo)/(hi-lo)*ph }

	var c canvas
	c.open("trade", id, title, desc.String(), w, h)
	c.legend(items, left, 8, w-left-right)

	c.raw(`<g class="axis axis-value">`)
	for i, t := range tickValues {
		y := yv(t)
		c.printf(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x0), num(y), num(x1), num(y), gridLine)
		c.text("tick", x0-6, y+4, "end", inkMuted, tickLabels[i])
	}
	c.raw(`</g>`)

	slot := pw / float64(len(periods))
	c.raw(`<g class="bars">`)
	for i, g := range groups {
		inner := slot * 0.8
		barW := math.Min(inner/float64(len(g)), 56)
		gx := x0 + float64(i)*slot + (slot-barW*float64(len(g)))/2
		c.printf(`<g class="period">`)
		for j, p := range g {
			bx := gx + float64(j)*barW
			bw := math.Max(barW-2, 1)
			yt, yb := yv(math.Max(p.Value, 0)), yv(math.Min(p.Value, 0))
			si := sourceIndex[p.Source]
			label := Money(p.Value, p.Currency)
			href := ""
			if p.URL != "" {
				href = safeURL(p.URL)
				c.printf(`<a href="%s">`, href)
			}
			c.printf(`<rect class="trade-bar s%d" x="%s" y="%s" width="%s" height="%s" fill="%s"><title>%s</title></rect>`,
				si+1, num(bx+1), num(yt), num(bw), num(math.Max(yb-yt, 0.5)), seriesColors[si%len(seriesColors)], esc(tradeTooltip(p)))
			if textWidth(label, 10) <= barW-1 {
				ly := yt - 4
				if p.Value < 0 {
					ly = yb + 12
				}
				c.printf(`<text class="value-label" x="%s" y="%s" text-anchor="middle" font-size="10" fill="%s">%s</text>`,
					num(bx+barW/2), num(ly), inkDark, esc(label))
			}
			if href != "" {
				c.raw(`</a>`)
			}
		}
		c.raw(`</g>`)
	}
	c.raw(`</g>`)
	c.printf(`<line class="zero-line" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x0), num(yv(0)), num(x1), num(yv(0)), axisLine)

	// Period labels, thinned when they would collide.
	widest := 0.0
	for _, l := range periods {
		widest = math.Max(widest, textWidth(clip(l, 16), 11))
	}
	every := max(1, int(math.Ceil((widest+8)/slot)))
	c.raw(`<g class="axis axis-period">`)
	for i, l := range periods {
		if i%every != 0 {
			continue
		}
		c.text("tick period-label", x0+(float64(i)+0.5)*slot, y1+16, "middle", inkMuted, clip(l, 16))
	}
	c.raw(`</g>`)
	c.close()
	return c.html()
}

func sourceName(s string) string {
	if s == "" {
		return "unknown source"
	}
	return s
}

// tradeTooltip is "2023: US$160M (160,000,000 USD) — Vietnam News Agency".
func tradeTooltip(p TradePoint) string {
	exact := groupDigits(p.Value)
	if p.Currency != "" {
		exact += " " + p.Currency
	}
	return fmt.Sprintf("%s: %s (%s) — %s", p.Label, Money(p.Value, p.Currency), exact, sourceName(p.Source))
}

// groupDigits writes v with commas between thousands: 160000000.5 →
// "160,000,000.5".
func groupDigits(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
