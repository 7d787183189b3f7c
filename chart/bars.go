package chart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Bar is one row of a Bars chart: a facet value and its count.
type Bar struct {
	Label string // "04 Consult", "VNM", "Vietnam News Agency"
	Count int
	URL   string // optional link, such as the search filtered by this value
}

// BarsOptions configure Bars. The zero value works.
type BarsOptions struct {
	// ID prefixes the IDs of the chart's elements; it must be unique in
	// the page. Default "bars".
	ID string
	// Title is the chart's accessible name. Default "Counts".
	Title string
	// Width is the viewBox width; default 320. The height follows from
	// the number of rows.
	Width float64
	// Unit names what is counted, in the singular; default "event".
	Unit string
	// MaxBars is the most rows drawn, the first ones; default 20.
	MaxBars int
}

// Bars draws a small horizontal bar chart of facet counts, one row per
// bar in the order given: the label, a <rect class="facet-bar"> as long
// as the count, and the count. Each row is a <g class="facet"> with a
// <title> ("Vietnam News Agency: 12 events"), wrapped in an <a href> when
// the bar has a URL. No bars gives a small "no data" chart.
func Bars(bars []Bar, opts BarsOptions) template.HTML {
	id := cleanID(opts.ID, "bars")
	title := opts.Title
	if title == "" {
		title = "Counts"
	}
	w := opts.Width
	if w <= 0 {
		w = 320
	}
	unit := opts.Unit
	if unit == "" {
		unit = "event"
	}
	maxBars := opts.MaxBars
	if maxBars <= 0 {
		maxBars = 20
	}
	if len(bars) == 0 {
		return noData("bars", id, title, w)
	}
	all := len(bars)
	if len(bars) > maxBars {
		bars = bars[:maxBars]
	}

	const row, font, pad = 20.0, 11.0, 4.0
	labels := make([]string, len(bars))
	labelW, countW, most, total := 0.0, 0.0, 1, 0
	for i, b := range bars {
		labels[i] = clip(b.Label, 28)
		labelW = math.Max(labelW, textWidth(labels[i], font))
		countW = math.Max(countW, textWidth(strconv.Itoa(b.Count), font))
		most = max(most, b.Count)
		total += max(b.Count, 0)
	}
	if labelW > w*0.45 { // clip the labels to fit
		labelW = w * 0.45
		fit := max(int(labelW/(font*0.62)), 4)
		for i := range labels {
			labels[i] = clip(labels[i], fit)
		}
	}
	x0 := pad + labelW + 6
	barMax := math.Max(w-x0-countW-pad-6, 10)
	h := float64(len(bars))*row + 2*pad

	var desc strings.Builder
	fmt.Fprintf(&desc, "%d values, %s in all; most: %s (%d).", len(bars), plural(total, unit), clip(bars[0].Label, 40), bars[0].Count)
	if all > len(bars) {
		fmt.Fprintf(&desc, " Showing the first %d of %d.", len(bars), all)
	}

	var c canvas
	c.open("bars", id, title, desc.String(), w, h)
	for i, b := range bars {
		y := pad + float64(i)*row
		href := ""
		if b.URL != "" {
			href = safeURL(b.URL)
			c.printf(`<a href="%s">`, href)
		}
		n := max(b.Count, 0)
		bw := math.Max(barMax*float64(n)/float64(most), 1)
		c.printf(`<g class="facet"><title>%s</title>`, esc(fmt.Sprintf("%s: %s", clip(b.Label, 80), plural(b.Count, unit))))
		c.text("label", x0-6, y+row/2+4, "end", inkDark, labels[i])
		c.printf(`<rect class="facet-bar" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x0), num(y+3), num(bw), num(row-6), quadColors[1])
		c.text("count", x0+bw+4, y+row/2+4, "start", inkMuted, strconv.Itoa(b.Count))
		c.raw(`</g>`)
		if href != "" {
			c.raw(`</a>`)
		}
	}
	c.close()
	return c.html()
}
