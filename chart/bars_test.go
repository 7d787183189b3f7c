package chart

import (
	"fmt"
	"strings"
	"testing"
)

func TestBars(t *testing.T) {
	in := []Bar{
		{Label: "04 Consult", Count: 120, URL: "/search?root=04"},
		{Label: "05 Engage in diplomatic cooperation and more words", Count: 40},
		{Label: "19 Fight", Count: 3},
	}
	out := Bars(in, BarsOptions{ID: "roots", Title: "Events by root"})
	root := parseSVG(t, out)
	checkAccessible(t, root, "roots")
	rows := root.find("g", "facet")
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	bars := root.find("rect", "facet-bar")
	if len(bars) != 3 {
		t.Fatalf("%d bars, want 3", len(bars))
	}
	w0, w1 := fattr(t, bars[0], "width"), fattr(t, bars[1], "width")
	if r := w1 / w0; r < 0.33 || r > 0.34 {
		t.Errorf("bar widths %v and %v not proportional to 120 and 40", w0, w1)
	}
	if got := rows[1].find("title", "")[0].Text; got != "05 Engage in diplomatic cooperation and more words: 40 events" {
		t.Errorf("title %q", got)
	}
	w, _ := viewBox(t, root)
	for _, l := range root.find("text", "label") {
		if x := fattr(t, l, "x"); x-textWidth(l.Text, 11) < -1 {
			t.Errorf("label %q starts left of the viewBox", l.Text)
		}
	}
	for _, b := range bars {
		if x := fattr(t, b, "x") + fattr(t, b, "width"); x > w {
			t.Errorf("bar ends at %v, past the width %v", x, w)
		}
	}
	if a := root.find("a", ""); len(a) != 1 || a[0].attr("href") != "/search?root=04" {
		t.Error("want a link on the first row")
	}
}

func TestBarsMax(t *testing.T) {
	var in []Bar
	for i := range 30 {
		in = append(in, Bar{Label: fmt.Sprint(i), Count: 30 - i})
	}
	root := parseSVG(t, Bars(in, BarsOptions{MaxBars: 5, Unit: "document"}))
	if got := len(root.find("rect", "facet-bar")); got != 5 {
		t.Errorf("%d bars, want 5", got)
	}
	if desc := root.find("desc", "")[0].Text; !strings.Contains(desc, "Showing the first 5 of 30") || !strings.Contains(desc, "documents") {
		t.Errorf("desc %q", desc)
	}
}

func TestBarsHostile(t *testing.T) {
	for _, h := range hostile {
		out := Bars([]Bar{{Label: h, Count: 1, URL: h}, {Label: "x", Count: 2, URL: "javascript:alert(1)"}}, BarsOptions{ID: h, Title: h, Unit: h})
		root := parseSVG(t, out)
		checkNoInjection(t, out, root)
	}
}
