package chart

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
)

// NetworkNode is a country (or other party) in a Network chart.
type NetworkNode struct {
	Code      string  // "UZB"
	Name      string  // "Uzbekistan"; "" shows the code
	Events    int     // events with the centre; for the centre, all of its events
	Goldstein float64 // mean Goldstein value of those events
}

// NetworkOptions configure Network. The zero value works.
type NetworkOptions struct {
	// ID prefixes the IDs of the chart's elements; it must be unique in
	// the page. Default "network".
	ID string
	// Title is the chart's accessible name. Default "Partners of " and
	// the centre's name.
	Title string
	// Size is the width and height of the drawing in viewBox units
	// (a legend is added below); default 720, at least 320.
	Size float64
	// Link returns the URL a partner node links to, given its code
	// ("/dyad/VNM/UZB"); nil or "" means no link. URLs other than http,
	// https, mailto or relative are replaced by "#ZgotmplZ".
	Link func(code string) string
	// MaxPartners is the most partners drawn, those with most events;
	// default 40.
	MaxPartners int
}

// Network draws a country's partner network: the centre node in the
// middle, partners on a circle around it clockwise from the top in order
// of events (most first; ties by code), so the layout is deterministic.
// A partner's circle area grows with its number of events, its colour
// follows its mean Goldstein value (GoldsteinColor), and the edge to the
// centre is thicker the more events. Each partner is a <g class="node">
// with a <title> ("Uzbekistan (UZB): 12 events, mean Goldstein +2.1") and
// a <text class="label">, wrapped in an <a href> when opts.Link gives a
// URL; each edge is a <line class="edge">; the centre is
// <g class="node centre">. Up to 12 partners are labelled with their
// names, horizontally; more with their codes, along the radius, so that
// 40 labels do not overlap. No partners gives a small "no data" chart.
func Network(centre NetworkNode, partners []NetworkNode, opts NetworkOptions) template.HTML {
	id := cleanID(opts.ID, "network")
	title := opts.Title
	if title == "" {
		title = "Partners of " + nodeName(centre)
	}
	size := opts.Size
	if size <= 0 {
		size = 720
	}
	size = math.Max(size, 320)
	maxPartners := opts.MaxPartners
	if maxPartners <= 0 {
		maxPartners = 40
	}
	if len(partners) == 0 {
		return noData("network", id, title, size)
	}

	ps := append([]NetworkNode(nil), partners...)
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Events != b.Events {
			return a.Events > b.Events
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Name < b.Name
	})
	all := len(ps)
	if len(ps) > maxPartners {
		ps = ps[:maxPartners]
	}
	n := len(ps)

	// Summary for <desc>.
	total, gsum, gn := 0, 0.0, 0
	maxEvents := 1
	for _, p := range ps {
		e := max(p.Events, 0)
		total += e
		maxEvents = max(maxEvents, e)
		if finite(p.Goldstein) {
			gsum += clamp(p.Goldstein, -10, 10) * float64(e)
			gn += e
		}
	}
	var desc strings.Builder
	fmt.Fprintf(&desc, "%s and %s, %s with them; most with %s (%s)", clip(nodeName(centre), 40), plural(n, "partner"),
		plural(total, "event"), clip(nodeName(ps[0]), 40), plural(max(ps[0].Events, 0), "event"))
	if gn > 0 {
		fmt.Fprintf(&desc, "; mean Goldstein %s", signed(gsum/float64(gn)))
	}
	desc.WriteString(".")
	if all > n {
		fmt.Fprintf(&desc, " Showing the %d partners with most events of %d.", n, all)
	}

	// Layout: a ring of partners, labels outside it.
	const pad, gap, font = 6.0, 4.0, 11.0
	rotated := n > 12
	labels := make([]string, n)
	labelW := 0.0
	for i, p := range ps {
		if rotated {
			labels[i] = clip(firstNonEmpty(p.Code, p.Name), 10)
		} else {
			labels[i] = clip(firstNonEmpty(p.Name, p.Code), 20)
		}
		labelW = math.Max(labelW, textWidth(labels[i], font))
	}
	cx, cy := size/2, size/2
	maxR := 26.0
	ringR := func() float64 { return math.Max(size/2-pad-labelW-gap-maxR, size/4) }
	R := ringR()
	if n > 1 {
		maxR = math.Min(maxR, 0.45*2*R*math.Sin(math.Pi/float64(n)))
		R = ringR()
	}
	centreR := math.Min(30, R*0.2)

	var c canvas
	items := []legendItem{
		{class: "g-10", text: "-10 conflict", fill: GoldsteinColor(-10)},
		{class: "g-5", text: "-5", fill: GoldsteinColor(-5)},
		{class: "g0", text: "0", fill: GoldsteinColor(0)},
		{class: "g5", text: "+5", fill: GoldsteinColor(5)},
		{class: "g10", text: "+10 cooperation", fill: GoldsteinColor(10)},
	}
	lx := pad + textWidth("Mean Goldstein:", font) + 8
	_, lh := legendLayout(items, lx, size, size-lx-pad)
	h := size + lh + legendRow + 4
	c.open("network", id, title, desc.String(), size, h)

	type placed struct {
		x, y, r, angle float64
	}
	pos := make([]placed, n)
	for i, p := range ps {
		a := -math.Pi/2 + 2*math.Pi*float64(i)/float64(n)
		r := math.Max(3, maxR*math.Sqrt(float64(max(p.Events, 0))/float64(maxEvents)))
		pos[i] = placed{cx + R*math.Cos(a), cy + R*math.Sin(a), r, a}
	}

	cname := clip(nodeName(centre), 40)
	c.raw(`<g class="edges">`)
	for i, p := range ps {
		w := 1 + 5*float64(max(p.Events, 0))/float64(maxEvents)
		c.printf(`<line class="edge" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-opacity="0.55" stroke-width="%s" stroke-linecap="round"><title>%s</title></line>`,
			num(cx), num(cy), num(pos[i].x), num(pos[i].y), GoldsteinColor(p.Goldstein), num(w),
			esc(fmt.Sprintf("%s – %s: %s", cname, clip(nodeName(p), 40), eventsAndMean(p))))
	}
	c.raw(`</g>`)

	c.raw(`<g class="nodes">`)
	for i, p := range ps {
		href := ""
		if opts.Link != nil {
			if u := opts.Link(p.Code); u != "" {
				href = safeURL(u)
			}
		}
		if href != "" {
			c.printf(`<a href="%s">`, href)
		}
		pp := pos[i]
		c.printf(`<g class="node" data-code="%s"><title>%s</title>`, esc(p.Code), esc(nodeTooltip(p)))
		c.printf(`<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="#ffffff" stroke-width="1.5"/>`, num(pp.x), num(pp.y), num(pp.r), GoldsteinColor(p.Goldstein))
		d := R + pp.r + gap
		lx, ly := cx+d*math.Cos(pp.angle), cy+d*math.Sin(pp.angle)
		cos, sin := math.Cos(pp.angle), math.Sin(pp.angle)
		switch {
		case rotated:
			deg, anchor := pp.angle*180/math.Pi, "start"
			if cos < -1e-9 {
				deg, anchor = deg+180, "end"
			}
			c.printf(`<text class="label" x="%s" y="%s" text-anchor="%s" transform="rotate(%s %s %s)" fill="%s">%s</text>`,
				num(lx), num(ly+4), anchor, num(deg), num(lx), num(ly), inkDark, esc(labels[i]))
		default:
			anchor, dy := "middle", 4.0
			switch {
			case cos > 0.3:
				anchor = "start"
			case cos < -0.3:
				anchor = "end"
			case sin < 0:
				dy = -2
			default:
				dy = 10
			}
			c.text("label", lx, ly+dy, anchor, inkDark, labels[i])
		}
		c.raw(`</g>`)
		if href != "" {
			c.raw(`</a>`)
		}
	}
	c.printf(`<g class="node centre" data-code="%s"><title>%s</title>`, esc(centre.Code), esc(nodeTooltip(centre)))
	c.printf(`<circle cx="%s" cy="%s" r="%s" fill="%s" stroke="#ffffff" stroke-width="2"/>`, num(cx), num(cy), num(centreR), GoldsteinColor(centre.Goldstein))
	c.printf(`<text class="label" x="%s" y="%s" text-anchor="middle" font-size="12" font-weight="bold" fill="#ffffff">%s</text>`,
		num(cx), num(cy+4), esc(clip(firstNonEmpty(centre.Code, centre.Name), 6)))
	c.raw(`</g></g>`)

	// Legend: the colour scale, then what size and width mean.
	c.text("legend-title", pad, size+legendSwatch-1, "start", inkDark, "Mean Goldstein:")
	c.legend(items, lx, size, size-lx-pad)
	c.text("legend-note", pad, size+lh+legendRow-4, "start", inkMuted, "Circle area and line width: number of events.")
	c.close()
	return c.html()
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// nodeName is "Uzbekistan (UZB)", or whichever of the two is known.
func nodeName(p NetworkNode) string {
	name, code := strings.TrimSpace(p.Name), strings.TrimSpace(p.Code)
	switch {
	case name != "" && code != "" && name != code:
		return name + " (" + code + ")"
	case name != "":
		return name
	case code != "":
		return code
	}
	return "unknown"
}

func eventsAndMean(p NetworkNode) string {
	return fmt.Sprintf("%s, mean Goldstein %s", plural(max(p.Events, 0), "event"), signed(p.Goldstein))
}

// nodeTooltip is "Uzbekistan (UZB): 12 events, mean Goldstein +2.1".
func nodeTooltip(p NetworkNode) string {
	return clip(nodeName(p), 60) + ": " + eventsAndMean(p)
}
