package chart

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"attache/cameo"
)

// TimelineMonth is what happened in one month between two parties.
type TimelineMonth struct {
	// Month is "YYYY-MM". Entries with another shape are left out; two
	// entries for one month are added together.
	Month string
	// Quads counts the month's events by quad class: Quads[0] verbal
	// cooperation, Quads[1] material cooperation, Quads[2] verbal conflict,
	// Quads[3] material conflict.
	Quads [4]int
	// Roots counts the month's events by CAMEO root category: Roots[0] is
	// "01", Roots[19] is "20". Drawn instead of Quads when
	// TimelineOptions.ByRoot is set.
	Roots [20]int
	// Goldstein is the mean Goldstein value of the month's events
	// (ignored for a month without events).
	Goldstein float64
}

// TimelineOptions configure Timeline. The zero value works.
type TimelineOptions struct {
	// ID prefixes the IDs of the chart's elements; it must be unique in
	// the page. Characters other than letters, digits, '-' and '_' become
	// '-'. Default "timeline".
	ID string
	// Title is the chart's accessible name (<title>). Default "Events by
	// month".
	Title string
	// Width and Height are the viewBox size; defaults 720 and 300. The
	// chart scales to the width of its container.
	Width, Height float64
	// ByRoot stacks the bars by CAMEO root category (Roots), each root in
	// a shade of its quad class's colour, instead of by quad class.
	ByRoot bool
	// Codebook gives the quad class and name of each root when ByRoot is
	// set; nil selects cameo.Builtin.
	Codebook *cameo.Codebook
	// MaxMonths is the most months drawn, the latest ones; default 240.
	MaxMonths int
}

// rootInfo is what the timeline needs to know about a root category.
type rootInfo struct {
	quad int // 1–4, 0 when unknown
	name string
}

var builtinRoots = sync.OnceValue(func() [20]rootInfo {
	cb, err := cameo.Builtin()
	if err != nil {
		return [20]rootInfo{} // roots drawn as "other": the chart still works
	}
	return rootsOf(cb)
})

func rootsOf(cb *cameo.Codebook) [20]rootInfo {
	var out [20]rootInfo
	for i := range out {
		if e, ok := cb.Lookup(cameo.Code(fmt.Sprintf("%02d", i+1))); ok {
			if e.Quad >= 1 && e.Quad <= 4 {
				out[i].quad = int(e.Quad)
			}
			out[i].name = e.Name
		}
	}
	return out
}

// month is a filled-in month of the timeline.
type month struct {
	label  string // "2024-03"
	index  int    // year*12 + month-1
	counts []int  // by series
	total  int
	gsum   float64 // Goldstein × events, for weighted means
}

// parseMonth reads "YYYY-MM" into year*12+month-1.
func parseMonth(s string) (int, bool) {
	if len(s) != 7 || s[4] != '-' {
		return 0, false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || y < 0 || m < 1 || m > 12 || s[0] == '+' || s[5] == '+' {
		return 0, false
	}
	return y*12 + m - 1, true
}

func monthLabel(idx int) string { return fmt.Sprintf("%04d-%02d", idx/12, idx%12+1) }

// series is one layer of the stacked bars.
type series struct {
	class, name, fill string
	src               int // index into Quads, or into Roots when by root
	quad              int // 1–4, 0 for other
}

func timelineSeries(byRoot bool, roots [20]rootInfo) []series {
	if !byRoot {
		out := make([]series, 4)
		for q := range 4 {
			out[q] = series{class: fmt.Sprintf("bar q%d", q+1), name: quadNames[q], fill: quadColors[q], src: q, quad: q + 1}
		}
		return out
	}
	// Roots grouped by quad class (1 to 4, then unknown), in code order
	// within a class, each a shade of the class colour.
	var out []series
	for _, q := range []int{1, 2, 3, 4, 0} {
		var members []int
		for r, ri := range roots {
			if ri.quad == q {
				members = append(members, r)
			}
		}
		for i, r := range members {
			fill := quadOther
			if q > 0 {
				fill = shade(quadColors[q-1], i, len(members))
			}
			name := fmt.Sprintf("%02d", r+1)
			if roots[r].name != "" {
				name += " " + roots[r].name
			}
			out = append(out, series{class: fmt.Sprintf("bar q%d r%02d", q, r+1), name: name, fill: fill, src: r, quad: q})
		}
	}
	return out
}

// Timeline draws events between two parties by month: a stacked bar per
// month of event counts by quad class (or by root category with
// opts.ByRoot), and a line of the mean Goldstein value on a −10…+10 right
// axis with its zero line. Months missing between the first and the last
// are drawn as empty gaps. Each month is a <g class="month"> with a
// <title> tooltip ("2024-03: 5 events, mean Goldstein +3.4 — …") and one
// <rect class="bar q1"> (q2, q3, q4; "bar qN rRR" by root) per non-zero
// count; each month with events has a <circle class="goldstein-point">
// on the <path class="goldstein-line">. No months gives a small "no data"
// chart.
func Timeline(months []TimelineMonth, opts TimelineOptions) template.HTML {
	id := cleanID(opts.ID, "timeline")
	title := opts.Title
	if title == "" {
		title = "Events by month"
	}
	w, h := opts.Width, opts.Height
	if w <= 0 {
		w = 720
	}
	if h <= 0 {
		h = 300
	}
	maxMonths := opts.MaxMonths
	if maxMonths <= 0 {
		maxMonths = 240
	}
	roots := [20]rootInfo{}
	if opts.ByRoot {
		if opts.Codebook != nil {
			roots = rootsOf(opts.Codebook)
		} else {
			roots = builtinRoots()
		}
	}
	ser := timelineSeries(opts.ByRoot, roots)

	ms, allMonths, skipped := fillMonths(months, ser, opts.ByRoot, maxMonths)
	if len(ms) == 0 {
		return noData("timeline", id, title, w)
	}

	// Summary for <desc>.
	total, gsum := 0, 0.0
	quadTotals := [5]int{}
	for _, m := range ms {
		total += m.total
		gsum += m.gsum
		for s, n := range m.counts {
			quadTotals[ser[s].quad] += n
		}
	}
	var desc strings.Builder
	fmt.Fprintf(&desc, "%s from %s to %s, %s", plural(len(ms), "month"), ms[0].label, ms[len(ms)-1].label, plural(total, "event"))
	var parts []string
	for q := 1; q <= 4; q++ {
		parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(quadNames[q-1]), quadTotals[q]))
	}
	if quadTotals[0] > 0 {
		parts = append(parts, fmt.Sprintf("other %d", quadTotals[0]))
	}
	fmt.Fprintf(&desc, " (%s)", strings.Join(parts, ", "))
	if total > 0 {
		fmt.Fprintf(&desc, ", mean Goldstein %s", signed(gsum/float64(total)))
	}
	desc.WriteString(".")
	if allMonths > len(ms) {
		fmt.Fprintf(&desc, " Showing the last %d of %d months.", len(ms), allMonths)
	}
	if skipped > 0 {
		fmt.Fprintf(&desc, " %s with an unreadable month left out.", plural(skipped, "entry"))
	}

	// Layout.
	legendItems := make([]legendItem, 0, 5)
	for q := range 4 {
		legendItems = append(legendItems, legendItem{class: fmt.Sprintf("q%d", q+1), text: quadNames[q], fill: quadColors[q]})
	}
	if quadTotals[0] > 0 {
		legendItems = append(legendItems, legendItem{class: "q0", text: "Other", fill: quadOther})
	}
	legendItems = append(legendItems, legendItem{class: "goldstein", text: "Mean Goldstein (right axis)", fill: inkDark, line: true})
	const left, right, bottom = 56.0, 52.0, 26.0
	_, lh := legendLayout(legendItems, left, 8, w-left-right)
	top := 8 + lh + 10
	x0, x1, y0, y1 := left, w-right, top, h-bottom
	if y1-y0 < 40 { // too small a height: keep a usable plot
		y1 = y0 + 40
		h = y1 + bottom
	}
	pw, ph := x1-x0, y1-y0

	maxTotal := 0
	for _, m := range ms {
		maxTotal = max(maxTotal, m.total)
	}
	step := math.Max(1, niceStep(float64(maxTotal), 5))
	ymax := math.Max(step, math.Ceil(float64(maxTotal)/step)*step)
	yCount := func(v float64) float64 { return y1 - v/ymax*ph }
	yGold := func(g float64) float64 { return y0 + (10-clamp(g, -10, 10))/20*ph }

	slot := pw / float64(len(ms))
	barW := math.Min(slot*0.8, 48)

	var c canvas
	c.open("timeline", id, title, desc.String(), w, h)
	c.legend(legendItems, left, 8, w-left-right)

	// Count axis (left) with grid lines.
	c.raw(`<g class="axis axis-count">`)
	for _, t := range ticks(0, ymax, step) {
		y := yCount(t)
		c.printf(`<line class="grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x0), num(y), num(x1), num(y), gridLine)
		c.text("tick", x0-6, y+4, "end", inkMuted, strconv.FormatFloat(t, 'f', -1, 64))
	}
	c.printf(`<text class="axis-title" transform="rotate(-90)" x="%s" y="14" text-anchor="middle" fill="%s">Events</text>`, num(-(y0+y1)/2), inkMuted)
	c.raw(`</g>`)

	// Goldstein axis (right) and zero line.
	c.raw(`<g class="axis axis-goldstein">`)
	for _, g := range []float64{-10, -5, 0, 5, 10} {
		y := yGold(g)
		c.printf(`<line class="tick-mark" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x1), num(y), num(x1+4), num(y), axisLine)
		label := "0"
		if g != 0 {
			label = fmt.Sprintf("%+g", g)
		}
		c.text("tick", x1+7, y+4, "start", inkMuted, label)
	}
	c.printf(`<line class="axis-line" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x1), num(y0), num(x1), num(y1), axisLine)
	c.printf(`<text class="axis-title" transform="rotate(90)" x="%s" y="%s" text-anchor="middle" fill="%s">Mean Goldstein</text>`, num((y0+y1)/2), num(-(w - 10)), inkMuted)
	c.raw(`</g>`)

	// Bars.
	c.raw(`<g class="bars" stroke="#ffffff" stroke-width="0.5">`)
	for i, m := range ms {
		sx := x0 + float64(i)*slot
		bx := sx + (slot-barW)/2
		c.printf(`<g class="month" data-month="%s"><title>%s</title>`, m.label, esc(monthTooltip(m, ser)))
		c.printf(`<rect class="hit" x="%s" y="%s" width="%s" height="%s" fill="#ffffff" fill-opacity="0" stroke="none"/>`, num(sx), num(y0), num(slot), num(ph))
		cum := 0
		for s, n := range m.counts {
			if n <= 0 {
				continue
			}
			yb, yt := yCount(float64(cum)), yCount(float64(cum+n))
			cum += n
			c.printf(`<rect class="%s" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`,
				ser[s].class, num(bx), num(yt), num(barW), num(yb-yt), ser[s].fill)
		}
		c.raw(`</g>`)
	}
	c.raw(`</g>`)
	c.printf(`<line class="axis-line" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x0), num(y1), num(x1), num(y1), axisLine)

	// Zero line and Goldstein line, broken at months without events.
	c.printf(`<line class="zero-line" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-dasharray="4 3"/>`, num(x0), num(yGold(0)), num(x1), num(yGold(0)), axisLine)
	var path strings.Builder
	pen := false
	for i, m := range ms {
		if m.total == 0 {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&path, "%s%s %s", cmd, num(x0+(float64(i)+0.5)*slot), num(yGold(m.gsum/float64(m.total))))
		pen = true
	}
	c.printf(`<path class="goldstein-halo" d="%s" fill="none" stroke="#ffffff" stroke-width="4" stroke-linejoin="round" stroke-opacity="0.8"/>`, path.String())
	c.printf(`<path class="goldstein-line" d="%s" fill="none" stroke="%s" stroke-width="1.5" stroke-linejoin="round"/>`, path.String(), inkDark)
	r := clamp(slot*0.3, 1.2, 3)
	c.raw(`<g class="goldstein-points">`)
	for i, m := range ms {
		if m.total == 0 {
			continue
		}
		c.printf(`<circle class="goldstein-point" cx="%s" cy="%s" r="%s" fill="%s" stroke="#ffffff" stroke-width="0.75"/>`, num(x0+(float64(i)+0.5)*slot), num(yGold(m.gsum/float64(m.total))), num(r), inkDark)
	}
	c.raw(`</g>`)

	// Month labels, thinned to fit.
	every, yearly := monthLabelStep(slot)
	c.raw(`<g class="axis axis-month">`)
	for i, m := range ms {
		if m.index%every != 0 {
			continue
		}
		x := x0 + (float64(i)+0.5)*slot
		label := m.label
		if yearly {
			label = m.label[:4]
		}
		c.printf(`<line class="tick-mark" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(x), num(y1), num(x), num(y1+4), axisLine)
		c.text("tick month-label", x, y1+16, "middle", inkMuted, label)
	}
	c.raw(`</g>`)
	c.close()
	return c.html()
}

// monthLabelStep chooses to label every n-th month (n dividing into
// years: 1, 2, 3, 4, 6, 12, 24, …) so that labels do not collide; yearly
// labels show the year only.
func monthLabelStep(slot float64) (every int, yearly bool) {
	const full, year = 50.0, 34.0 // room for "2024-03" and "2024"
	for _, n := range []int{1, 2, 3, 4, 6} {
		if slot*float64(n) >= full {
			return n, false
		}
	}
	for n := 12; ; n *= 2 {
		if slot*float64(n) >= year || n >= 12*1024 {
			return n, true
		}
	}
}

// fillMonths sums the entries by month and fills in the missing months
// between the first and the last, keeping the last maxMonths. It returns
// those months in order, the number of months from the first to the last,
// and the number of entries left out for an unreadable month.
func fillMonths(in []TimelineMonth, ser []series, byRoot bool, maxMonths int) (ms []month, span, skipped int) {
	byIndex := map[int]*month{}
	lo, hi := math.MaxInt, math.MinInt
	for _, e := range in {
		idx, ok := parseMonth(e.Month)
		if !ok {
			skipped++
			continue
		}
		m := byIndex[idx]
		if m == nil {
			m = &month{label: monthLabel(idx), index: idx, counts: make([]int, len(ser))}
			byIndex[idx] = m
		}
		n := 0
		for s, sr := range ser {
			var v int
			if byRoot {
				v = e.Roots[sr.src]
			} else {
				v = e.Quads[sr.src]
			}
			v = max(v, 0)
			m.counts[s] += v
			n += v
		}
		m.total += n
		if n > 0 && finite(e.Goldstein) {
			m.gsum += clamp(e.Goldstein, -10, 10) * float64(n)
		}
		lo, hi = min(lo, idx), max(hi, idx)
	}
	if len(byIndex) == 0 {
		return nil, 0, skipped
	}
	span = hi - lo + 1
	lo = max(lo, hi-maxMonths+1)
	out := make([]month, 0, hi-lo+1)
	for idx := lo; idx <= hi; idx++ {
		if m := byIndex[idx]; m != nil {
			out = append(out, *m)
		} else {
			out = append(out, month{label: monthLabel(idx), index: idx, counts: make([]int, len(ser))})
		}
	}
	return out, span, skipped
}

// monthTooltip is "2024-03: 5 events, mean Goldstein +3.4 — verbal
// cooperation 3, material conflict 2".
func monthTooltip(m month, ser []series) string {
	if m.total == 0 {
		return m.label + ": no events"
	}
	s := fmt.Sprintf("%s: %s, mean Goldstein %s", m.label, plural(m.total, "event"), signed(m.gsum/float64(m.total)))
	type part struct {
		name string
		n    int
	}
	var parts []part
	for i, n := range m.counts {
		if n > 0 {
			parts = append(parts, part{ser[i].name, n})
		}
	}
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].n > parts[j].n })
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", strings.ToLower(p.name[:1])+p.name[1:], p.n)
	}
	return s + " — " + b.String()
}
