package chart

import (
	"encoding/xml"
	"html/template"
	"math"
	"strconv"
	"strings"
	"testing"
)

// elem is a parsed SVG element.
type elem struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []elem     `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (e *elem) attr(name string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (e *elem) hasClass(c string) bool {
	for _, f := range strings.Fields(e.attr("class")) {
		if f == c {
			return true
		}
	}
	return false
}

// walk calls fn for e and every element below it, with its ancestors.
func (e *elem) walk(fn func(e *elem, parents []*elem)) {
	var rec func(e *elem, parents []*elem)
	rec = func(e *elem, parents []*elem) {
		fn(e, parents)
		parents = append(parents, e)
		for i := range e.Children {
			rec(&e.Children[i], parents)
		}
	}
	rec(e, nil)
}

// find returns the elements named name ("" for any) with class class (""
// for any), in document order.
func (e *elem) find(name, class string) []*elem {
	var out []*elem
	e.walk(func(x *elem, _ []*elem) {
		if (name == "" || x.XMLName.Local == name) && (class == "" || x.hasClass(class)) {
			out = append(out, x)
		}
	})
	return out
}

// text returns the character data of e and its descendants.
func (e *elem) text() string {
	var b strings.Builder
	e.walk(func(x *elem, _ []*elem) { b.WriteString(x.Text) })
	return b.String()
}

// parseSVG checks that out is one well-formed <svg> element (strict XML)
// and returns it.
func parseSVG(t testing.TB, out template.HTML) *elem {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(out)))
	d.Strict = true
	var root elem
	if err := d.Decode(&root); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, out)
	}
	if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Fatalf("root is %v, want svg in the SVG namespace", root.XMLName)
	}
	if tok, err := d.Token(); err == nil {
		t.Fatalf("content after </svg>: %v", tok)
	}
	return &root
}

// checkAccessible checks the attributes every chart must have.
func checkAccessible(t *testing.T, root *elem, id string) {
	t.Helper()
	if got := root.attr("role"); got != "img" {
		t.Errorf("role = %q, want img", got)
	}
	if got := root.attr("width"); got != "100%" {
		t.Errorf("width = %q, want 100%%", got)
	}
	vb := strings.Fields(root.attr("viewBox"))
	if len(vb) != 4 {
		t.Fatalf("viewBox = %q", root.attr("viewBox"))
	}
	if got, want := root.attr("aria-labelledby"), id+"-title "+id+"-desc"; got != want {
		t.Errorf("aria-labelledby = %q, want %q", got, want)
	}
	ids := map[string]*elem{}
	root.walk(func(e *elem, _ []*elem) {
		if v := e.attr("id"); v != "" {
			if ids[v] != nil {
				t.Errorf("duplicate id %q", v)
			}
			ids[v] = e
			if !strings.HasPrefix(v, id) {
				t.Errorf("id %q does not start with the prefix %q", v, id)
			}
		}
	})
	for _, ref := range strings.Fields(root.attr("aria-labelledby")) {
		e := ids[ref]
		switch {
		case e == nil:
			t.Errorf("aria-labelledby refers to missing id %q", ref)
		case e.XMLName.Local != "title" && e.XMLName.Local != "desc":
			t.Errorf("aria-labelledby refers to <%s>", e.XMLName.Local)
		case strings.TrimSpace(e.Text) == "":
			t.Errorf("<%s id=%q> is empty", e.XMLName.Local, ref)
		}
	}
	if ids[id+"-desc"] == nil {
		t.Errorf("no <desc id=%q>", id+"-desc")
	}
}

// viewBox returns the width and height of the root's viewBox.
func viewBox(t *testing.T, root *elem) (w, h float64) {
	t.Helper()
	vb := strings.Fields(root.attr("viewBox"))
	w, _ = strconv.ParseFloat(vb[2], 64)
	h, _ = strconv.ParseFloat(vb[3], 64)
	return w, h
}

func fattr(t *testing.T, e *elem, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(e.attr(name), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		t.Fatalf("<%s %s=%q>: %v", e.XMLName.Local, name, e.attr(name), err)
	}
	return v
}

// Hostile strings, as an article could carry them.
var hostile = []string{
	`<script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`' onmouseover='alert(1)`,
	"</title><script>alert(2)</script>",
	"]]><![CDATA[&amp;\x00\x01\x1b\uFFFE bad\xff\xfe utf8",
}

// checkNoInjection checks that no markup from the data became markup.
func checkNoInjection(t *testing.T, out template.HTML, root *elem) {
	t.Helper()
	s := string(out)
	for _, bad := range []string{"<script", "<img", "<![CDATA", "javascript:"} {
		if strings.Contains(strings.ToLower(s), bad) {
			t.Errorf("output contains %q", bad)
		}
	}
	root.walk(func(e *elem, _ []*elem) {
		switch e.XMLName.Local {
		case "script", "img", "foreignObject", "iframe":
			t.Errorf("element <%s> in output", e.XMLName.Local)
		}
		for _, a := range e.Attrs {
			if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
				t.Errorf("attribute %s=%q on <%s>", a.Name.Local, a.Value, e.XMLName.Local)
			}
		}
	})
}

func TestEsc(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Viet Nam", "Viet Nam"},
		{"markup", `<a href="x">&'`, "&lt;a href=&#34;x&#34;&gt;&amp;&#39;"},
		{"controls dropped", "a\x00b\x1bc", "abc"},
		{"line breaks become spaces", "a\nb\tc", "a b c"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"non-characters dropped", "a\uFFFEb\uFFFF", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := esc(tt.in); got != tt.want {
				t.Errorf("esc(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"relative", "/dyad/VNM/UZB", "/dyad/VNM/UZB"},
		{"query", "/events?a=1&b=2", "/events?a=1&amp;b=2"},
		{"https", "https://example.org/a", "https://example.org/a"},
		{"javascript", "javascript:alert(1)", "#ZgotmplZ"},
		{"javascript upper", " JavaScript:alert(1)", "#ZgotmplZ"},
		{"javascript with tab", "java\tscript:alert(1)", "#ZgotmplZ"},
		{"data", "data:text/html,<script>", "#ZgotmplZ"},
		{"colon after slash", "/a:b", "/a:b"},
		{"quote", `/a"onload="x`, "/a&#34;onload=&#34;x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := safeURL(tt.in); got != tt.want {
				t.Errorf("safeURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanID(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"default", "", "timeline"},
		{"kept", "dyad-tl_1", "dyad-tl_1"},
		{"hostile", `x"><script>`, "x---script-"},
		{"leading digit", "1chart", "c-1chart"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanID(tt.in, "timeline"); got != tt.want {
				t.Errorf("cleanID(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNum(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"}, {1, "1"}, {1.5, "1.5"}, {1.234, "1.23"}, {-0.001, "0"},
		{-2.5, "-2.5"}, {math.NaN(), "0"}, {math.Inf(1), "0"}, {100, "100"},
	}
	for _, tt := range tests {
		if got := num(tt.in); got != tt.want {
			t.Errorf("num(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSigned(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{3.44, "+3.4"}, {-2, "-2.0"}, {0, "0.0"}, {-0.04, "0.0"}, {0.05, "+0.1"}, {math.NaN(), "n/a"},
	}
	for _, tt := range tests {
		if got := signed(tt.in); got != tt.want {
			t.Errorf("signed(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestContrast(t *testing.T) {
	for g := -12.0; g <= 12; g += 0.25 {
		if c := contrast(hex(GoldsteinColor(g))); c < 4.5 {
			t.Errorf("GoldsteinColor(%v) = %s: contrast %.2f < 4.5", g, GoldsteinColor(g), c)
		}
	}
	for _, ink := range []string{inkDark, inkMuted} {
		if c := contrast(hex(ink)); c < 4.5 {
			t.Errorf("text colour %s: contrast %.2f < 4.5", ink, c)
		}
	}
	graphics := append(append([]string{quadOther}, quadColors[:]...), seriesColors...)
	for _, col := range graphics {
		if c := contrast(hex(col)); c < 3 {
			t.Errorf("bar colour %s: contrast %.2f < 3", col, c)
		}
	}
	if GoldsteinColor(-10) == GoldsteinColor(10) || GoldsteinColor(0) == GoldsteinColor(10) {
		t.Error("the Goldstein scale does not tell conflict, neutral and cooperation apart")
	}
	if got := GoldsteinColor(math.NaN()); got != GoldsteinColor(0) {
		t.Errorf("GoldsteinColor(NaN) = %s, want the colour of 0", got)
	}
}

func TestEmptyCharts(t *testing.T) {
	charts := map[string]template.HTML{
		"timeline":        Timeline(nil, TimelineOptions{ID: "e1"}),
		"timeline-bad":    Timeline([]TimelineMonth{{Month: "March"}}, TimelineOptions{ID: "e1"}),
		"trade":           TradeBars(nil, TradeOptions{ID: "e1"}),
		"trade-nan":       TradeBars([]TradePoint{{Label: "2023", Value: math.NaN()}}, TradeOptions{ID: "e1"}),
		"network":         Network(NetworkNode{Code: "VNM"}, nil, NetworkOptions{ID: "e1"}),
		"network-no-code": Network(NetworkNode{}, []NetworkNode{}, NetworkOptions{ID: "e1"}),
		"bars":            Bars(nil, BarsOptions{ID: "e1"}),
	}
	for name, out := range charts {
		t.Run(name, func(t *testing.T) {
			root := parseSVG(t, out)
			checkAccessible(t, root, "e1")
			if !root.hasClass("empty") {
				t.Errorf("class = %q, want it to include empty", root.attr("class"))
			}
			if !strings.Contains(root.text(), "No data") {
				t.Error(`no "No data" text`)
			}
		})
	}
}
