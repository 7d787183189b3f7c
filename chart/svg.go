package chart

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text colours: both have a contrast of at least 4.5:1 against white.
const (
	inkDark  = "#222222" // labels, titles (15.9:1)
	inkMuted = "#555555" // axis labels (7.5:1)
	gridLine = "#e3e3e3"
	axisLine = "#8a8a8a"
)

const fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

// canvas accumulates one SVG document. Callers pass every text through esc
// and every number through num; printf never sees raw data.
type canvas struct{ b strings.Builder }

func (c *canvas) raw(s string)                   { c.b.WriteString(s) }
func (c *canvas) printf(format string, a ...any) { fmt.Fprintf(&c.b, format, a...) }
func (c *canvas) html() template.HTML            { return template.HTML(c.b.String()) }

// open writes the <svg> start tag, its <title> and its <desc>. kind is a
// constant class ("timeline"); id is already clean.
func (c *canvas) open(kind, id, title, desc string, w, h float64) {
	c.printf(`<svg xmlns="http://www.w3.org/2000/svg" id="%s" class="chart %s" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %s %s" width="100%%" font-family="%s" font-size="11" fill="%s">`,
		id, kind, id, id, num(w), num(h), fontFamily, inkDark)
	c.printf(`<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(desc))
}

func (c *canvas) close() { c.raw("</svg>") }

// text writes a <text> element; s is escaped here.
func (c *canvas) text(class string, x, y float64, anchor, fill, s string) {
	c.printf(`<text class="%s" x="%s" y="%s" text-anchor="%s" fill="%s">%s</text>`,
		class, num(x), num(y), anchor, fill, esc(s))
}

// noData is the small chart drawn for empty input.
func noData(kind, id, title string, w float64) template.HTML {
	var c canvas
	const h = 48
	c.open(kind+" empty", id, title, "No data.", w, h)
	c.printf(`<rect x="0.5" y="0.5" width="%s" height="%s" fill="none" stroke="%s" stroke-dasharray="4 3"/>`, num(w-1), num(h-1), gridLine)
	c.text("no-data", w/2, h/2+4, "middle", inkMuted, "No data")
	c.close()
	return c.html()
}

// esc makes s safe as XML text or attribute value: invalid UTF-8 becomes
// U+FFFD, characters XML 1.0 forbids (control characters, U+FFFE, U+FFFF)
// are dropped, line breaks and tabs become spaces, and the five markup
// characters are escaped.
func esc(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
	return html.EscapeString(s)
}

// clip shortens s to at most n runes, ending with "…" when cut.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// textWidth estimates the width of s in a sans-serif font of size px.
func textWidth(s string, px float64) float64 {
	return float64(utf8.RuneCountInString(s)) * px * 0.62
}

// cleanID turns s into a usable ID prefix: letters, digits, '-' and '_',
// starting with a letter; def when s is empty.
func cleanID(s, def string) string {
	if s == "" {
		s = def
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := b.String()
	if c := out[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		out = "c-" + out
	}
	return out
}

// safeURL returns u escaped for an href attribute, or "#ZgotmplZ" (as
// html/template does) when its scheme is not http, https or mailto.
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	if i := strings.IndexAny(u, ":/?#"); i >= 0 && u[i] == ':' {
		switch strings.ToLower(u[:i]) {
		case "http", "https", "mailto":
		default:
			return "#ZgotmplZ"
		}
	}
	return esc(u)
}

// num formats a coordinate: at most two decimals, no trailing zeros, never
// NaN, Inf or "-0".
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		v = 0
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" || s == "" {
		s = "0"
	}
	return s
}

// signed formats a Goldstein value with one decimal and a sign: "+3.4",
// "-2.0", "0.0".
func signed(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	r := math.Round(v*10) / 10
	if r == 0 {
		return "0.0"
	}
	return fmt.Sprintf("%+.1f", r)
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// clamp limits v to [lo, hi].
func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// niceStep returns a step of 1, 2 or 5 times a power of ten that divides
// span into about n intervals.
func niceStep(span float64, n int) float64 {
	if span <= 0 || !finite(span) {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// ticks returns the multiples of step from lo to hi, lo and hi being
// multiples of step themselves.
func ticks(lo, hi, step float64) []float64 {
	var out []float64
	for i := math.Round(lo / step); i <= math.Round(hi/step); i++ {
		out = append(out, i*step)
	}
	return out
}

// plural returns "1 event", "2 events".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// legendItem is one entry of a legend: a swatch and its text.
type legendItem struct {
	class, text string
	fill        string // swatch colour
	line        bool   // a line swatch instead of a square
}

const (
	legendRow    = 16.0 // height of a legend row
	legendSwatch = 10.0
	legendGap    = 16.0
)

// legendLayout places items in rows from (x, y) within width w; it
// returns the top-left corner of each swatch and the height used.
func legendLayout(items []legendItem, x, y, w float64) (pos [][2]float64, height float64) {
	cx, cy := x, y
	for _, it := range items {
		iw := legendSwatch + 4 + textWidth(it.text, 11) + legendGap
		if cx > x && cx+iw > x+w {
			cx, cy = x, cy+legendRow
		}
		pos = append(pos, [2]float64{cx, cy})
		cx += iw
	}
	return pos, cy + legendRow - y
}

// legend draws items laid out by legendLayout.
func (c *canvas) legend(items []legendItem, x, y, w float64) {
	const sw = legendSwatch
	pos, _ := legendLayout(items, x, y, w)
	c.printf(`<g class="legend">`)
	for i, it := range items {
		cx, cy := pos[i][0], pos[i][1]
		if it.line {
			c.printf(`<line class="swatch %s" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"/>`,
				it.class, num(cx), num(cy+sw/2), num(cx+sw), num(cy+sw/2), it.fill)
		} else {
			c.printf(`<rect class="swatch %s" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`,
				it.class, num(cx), num(cy), num(sw), num(sw), it.fill)
		}
		c.text("legend-text", cx+sw+4, cy+sw-1, "start", inkDark, it.text)
	}
	c.raw(`</g>`)
}
