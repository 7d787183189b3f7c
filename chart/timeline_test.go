package chart

import (
	"fmt"
	"strings"
	"testing"

	"attache/cameo"
)

func TestTimeline(t *testing.T) {
	months := []TimelineMonth{
		{Month: "2024-01", Quads: [4]int{3, 1, 0, 0}, Goldstein: 3.4},
		{Month: "2024-04", Quads: [4]int{0, 0, 2, 1}, Goldstein: -6},
		{Month: "2024-02", Quads: [4]int{1, 0, 0, 0}, Goldstein: 1},
	}
	out := Timeline(months, TimelineOptions{ID: "tl", Title: "Viet Nam – Uzbekistan"})
	root := parseSVG(t, out)
	checkAccessible(t, root, "tl")

	// January to April: March is a gap.
	ms := root.find("g", "month")
	if len(ms) != 4 {
		t.Fatalf("%d months drawn, want 4 (2024-01 to 2024-04)", len(ms))
	}
	for i, want := range []string{"2024-01", "2024-02", "2024-03", "2024-04"} {
		if got := ms[i].attr("data-month"); got != want {
			t.Errorf("month %d = %q, want %q", i, got, want)
		}
	}
	if bars := ms[2].find("rect", "bar"); len(bars) != 0 {
		t.Errorf("the gap 2024-03 has %d bars", len(bars))
	}
	// One bar per non-zero count: 2 + 1 + 0 + 2.
	if got := len(root.find("rect", "bar")); got != 5 {
		t.Errorf("%d bars, want 5", got)
	}
	for q, want := range []int{2, 1, 1, 1} {
		if got := len(root.find("rect", fmt.Sprintf("q%d", q+1))); got != want+1 { // +1: the legend swatch
			t.Errorf("class q%d: %d elements, want %d bars and a swatch", q+1, got, want)
		}
	}
	// Tooltips.
	wantTitles := []string{
		"2024-01: 4 events, mean Goldstein +3.4 — verbal cooperation 3, material cooperation 1",
		"2024-02: 1 event, mean Goldstein +1.0 — verbal cooperation 1",
		"2024-03: no events",
		"2024-04: 3 events, mean Goldstein -6.0 — verbal conflict 2, material conflict 1",
	}
	for i, m := range ms {
		titles := m.find("title", "")
		if len(titles) != 1 || titles[0].Text != wantTitles[i] {
			t.Errorf("month %d title = %v, want %q", i, titles, wantTitles[i])
		}
	}
	// The Goldstein line: a point per month with events, broken at March.
	if got := len(root.find("circle", "goldstein-point")); got != 3 {
		t.Errorf("%d Goldstein points, want 3", got)
	}
	lines := root.find("path", "goldstein-line")
	if len(lines) != 1 {
		t.Fatalf("%d goldstein-line paths, want 1", len(lines))
	}
	if d := lines[0].attr("d"); strings.Count(d, "M") != 2 || strings.Count(d, "L") != 1 {
		t.Errorf("goldstein-line d = %q, want two runs (Jan–Feb, Apr)", d)
	}
	if len(root.find("line", "zero-line")) != 1 {
		t.Error("no zero line")
	}
	if len(root.find("g", "legend")) != 1 {
		t.Error("no legend")
	}
	// The summary.
	desc := root.find("desc", "")[0].Text
	for _, want := range []string{"4 months from 2024-01 to 2024-04", "8 events", "verbal cooperation 4", "material conflict 1", "mean Goldstein"} {
		if !strings.Contains(desc, want) {
			t.Errorf("desc %q lacks %q", desc, want)
		}
	}
	// Month labels: all four fit.
	if got := len(root.find("text", "month-label")); got != 4 {
		t.Errorf("%d month labels, want 4", got)
	}
}

func TestTimelineBarsInsidePlot(t *testing.T) {
	var months []TimelineMonth
	for i := range 30 {
		months = append(months, TimelineMonth{Month: monthLabel(2020*12 + i), Quads: [4]int{i, i % 3, i % 5, i % 7}, Goldstein: float64(i%21 - 10)})
	}
	root := parseSVG(t, Timeline(months, TimelineOptions{ID: "tl"}))
	w, h := viewBox(t, root)
	for _, r := range root.find("rect", "") {
		x, y, rw, rh := fattr(t, r, "x"), fattr(t, r, "y"), fattr(t, r, "width"), fattr(t, r, "height")
		if x < 0 || y < 0 || x+rw > w+0.01 || y+rh > h+0.01 || rw < 0 || rh < 0 {
			t.Errorf("rect %q (%v,%v %vx%v) outside the viewBox %vx%v", r.attr("class"), x, y, rw, rh, w, h)
		}
	}
	for _, c := range root.find("circle", "goldstein-point") {
		if cy := fattr(t, c, "cy"); cy < 0 || cy > h {
			t.Errorf("Goldstein point at y=%v outside the viewBox", cy)
		}
	}
}

func TestFillMonths(t *testing.T) {
	ser := timelineSeries(false, [20]rootInfo{})
	tests := []struct {
		name    string
		in      []TimelineMonth
		max     int
		want    []string // labels
		totals  []int
		span    int
		skipped int
	}{
		{
			name:   "unsorted with a gap across a year",
			in:     []TimelineMonth{{Month: "2024-02", Quads: [4]int{1}}, {Month: "2023-11", Quads: [4]int{0, 2}}},
			max:    240,
			want:   []string{"2023-11", "2023-12", "2024-01", "2024-02"},
			totals: []int{2, 0, 0, 1},
			span:   4,
		},
		{
			name:   "duplicates are added",
			in:     []TimelineMonth{{Month: "2024-05", Quads: [4]int{1}}, {Month: "2024-05", Quads: [4]int{0, 0, 3}}},
			max:    240,
			want:   []string{"2024-05"},
			totals: []int{4},
			span:   1,
		},
		{
			name:    "unreadable months skipped",
			in:      []TimelineMonth{{Month: "2024-13"}, {Month: "24-01"}, {Month: "2024-1"}, {Month: "2024-+1"}, {Month: "2024-06", Quads: [4]int{0, 0, 0, 1}}},
			max:     240,
			want:    []string{"2024-06"},
			totals:  []int{1},
			span:    1,
			skipped: 4,
		},
		{
			name:   "negative counts ignored",
			in:     []TimelineMonth{{Month: "2024-05", Quads: [4]int{-5, 2}}},
			max:    240,
			want:   []string{"2024-05"},
			totals: []int{2},
			span:   1,
		},
		{
			name:   "only the last months kept",
			in:     []TimelineMonth{{Month: "1000-01", Quads: [4]int{1}}, {Month: "2024-03", Quads: [4]int{1}}},
			max:    3,
			want:   []string{"2024-01", "2024-02", "2024-03"},
			totals: []int{0, 0, 1},
			span:   (2024-1000)*12 + 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, span, skipped := fillMonths(tt.in, ser, false, tt.max)
			var labels []string
			var totals []int
			for _, m := range ms {
				labels = append(labels, m.label)
				totals = append(totals, m.total)
			}
			if fmt.Sprint(labels) != fmt.Sprint(tt.want) || fmt.Sprint(totals) != fmt.Sprint(tt.totals) {
				t.Errorf("months %v totals %v, want %v %v", labels, totals, tt.want, tt.totals)
			}
			if span != tt.span || skipped != tt.skipped {
				t.Errorf("span %d skipped %d, want %d %d", span, skipped, tt.span, tt.skipped)
			}
		})
	}
}

func TestTimelineWeightedMean(t *testing.T) {
	// Two entries for one month: the mean is weighted by events.
	in := []TimelineMonth{
		{Month: "2024-05", Quads: [4]int{3}, Goldstein: 4},
		{Month: "2024-05", Quads: [4]int{0, 0, 0, 1}, Goldstein: -8},
	}
	root := parseSVG(t, Timeline(in, TimelineOptions{}))
	title := root.find("g", "month")[0].find("title", "")[0].Text
	if !strings.HasPrefix(title, "2024-05: 4 events, mean Goldstein +1.0") {
		t.Errorf("title = %q", title)
	}
}

func TestTimelineByRoot(t *testing.T) {
	in := []TimelineMonth{
		{Month: "2024-01", Roots: [20]int{3: 2, 4: 1, 18: 1}, Goldstein: 0.5}, // 04 ×2, 05, 19
		{Month: "2024-02", Roots: [20]int{13: 1}, Goldstein: -6.5},            // 14
	}
	t.Run("builtin codebook", func(t *testing.T) {
		root := parseSVG(t, Timeline(in, TimelineOptions{ID: "r", ByRoot: true}))
		checkAccessible(t, root, "r")
		if got := len(root.find("rect", "bar")); got != 4 {
			t.Errorf("%d bars, want 4", got)
		}
		// Quad classes come from the codebook: 14 Protest is class 3 there.
		for class, want := range map[string]int{"r04": 1, "r05": 1, "r19": 1, "r14": 1} {
			bars := root.find("rect", class)
			if len(bars) != want {
				t.Errorf("class %s: %d bars, want %d", class, len(bars), want)
			}
		}
		if b := root.find("rect", "r14"); len(b) == 1 && !b[0].hasClass("q3") {
			t.Errorf("root 14 has class %q, want q3", b[0].attr("class"))
		}
		if b := root.find("rect", "r19"); len(b) == 1 && !b[0].hasClass("q4") {
			t.Errorf("root 19 has class %q, want q4", b[0].attr("class"))
		}
		title := root.find("g", "month")[0].find("title", "")[0].Text
		if !strings.Contains(title, "04 Consult 2") {
			t.Errorf("title %q does not name the roots", title)
		}
	})
	t.Run("own codebook", func(t *testing.T) {
		cb, err := cameo.Parse(strings.NewReader("04\tConsult\t1.0\t1\t\t\n14\tProtest\t-6.5\t4\t\t\n"), "test.tsv")
		if err != nil {
			t.Fatal(err)
		}
		root := parseSVG(t, Timeline(in, TimelineOptions{ID: "r", ByRoot: true, Codebook: cb}))
		if b := root.find("rect", "r14"); len(b) != 1 || !b[0].hasClass("q4") {
			t.Errorf("root 14 with a codebook giving class 4: %v", b)
		}
		// Roots the codebook lacks are drawn as "other".
		if b := root.find("rect", "r05"); len(b) != 1 || !b[0].hasClass("q0") {
			t.Errorf("root 05 missing from the codebook: %v", b)
		}
		if !strings.Contains(root.find("desc", "")[0].Text, "other 2") {
			t.Errorf("desc %q does not count the other roots", root.find("desc", "")[0].Text)
		}
	})
}

func TestTimelineLabelThinning(t *testing.T) {
	for _, n := range []int{1, 12, 60, 120, 600} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var in []TimelineMonth
			for i := range n {
				in = append(in, TimelineMonth{Month: monthLabel(2000*12 + 2 + i), Quads: [4]int{1}})
			}
			root := parseSVG(t, Timeline(in, TimelineOptions{ID: "t", MaxMonths: 1000}))
			if got := len(root.find("g", "month")); got != n {
				t.Fatalf("%d months drawn, want %d", got, n)
			}
			labels := root.find("text", "month-label")
			if len(labels) == 0 && n >= 12 {
				t.Fatal("no month labels")
			}
			for i := 1; i < len(labels); i++ {
				a, b := labels[i-1], labels[i]
				room := fattr(t, b, "x") - fattr(t, a, "x")
				if need := (textWidth(a.Text, 11) + textWidth(b.Text, 11)) / 2; room < need {
					t.Errorf("labels %q and %q %.1f apart, need %.1f", a.Text, b.Text, room, need)
				}
			}
		})
	}
}

func TestTimelineHostile(t *testing.T) {
	for _, h := range hostile {
		in := []TimelineMonth{{Month: "2024-01", Quads: [4]int{1}}, {Month: h, Quads: [4]int{1}}}
		out := Timeline(in, TimelineOptions{ID: h, Title: h})
		root := parseSVG(t, out)
		checkNoInjection(t, out, root)
		if desc := root.find("desc", "")[0].Text; !strings.Contains(desc, "1 entry with an unreadable month left out") {
			t.Errorf("desc = %q", desc)
		}
	}
	// The title text is the hostile string itself, as text.
	out := Timeline([]TimelineMonth{{Month: "2024-01", Quads: [4]int{1}}}, TimelineOptions{Title: hostile[0]})
	if got := parseSVG(t, out).find("title", "")[0].Text; got != hostile[0] {
		t.Errorf("title text = %q, want %q", got, hostile[0])
	}
	if !strings.Contains(string(out), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("title not escaped")
	}
}

func TestTimelineDeterministic(t *testing.T) {
	in := benchMonths(50)
	a := Timeline(in, TimelineOptions{ID: "d", ByRoot: true})
	b := Timeline(in, TimelineOptions{ID: "d", ByRoot: true})
	if a != b {
		t.Error("two renderings differ")
	}
	if strings.Contains(string(a), "NaN") || strings.Contains(string(a), "Inf") {
		t.Error("NaN or Inf in output")
	}
}

func TestTimelineNaNGoldstein(t *testing.T) {
	nan := 0.0
	nan = nan / nan
	out := Timeline([]TimelineMonth{{Month: "2024-01", Quads: [4]int{2}, Goldstein: nan}, {Month: "2024-02", Quads: [4]int{1}, Goldstein: 99}}, TimelineOptions{})
	root := parseSVG(t, out)
	if strings.Contains(string(out), "NaN") {
		t.Error("NaN in output")
	}
	_, h := viewBox(t, root)
	for _, c := range root.find("circle", "goldstein-point") {
		if cy := fattr(t, c, "cy"); cy < 0 || cy > h {
			t.Errorf("point at y=%v outside the chart", cy)
		}
	}
}

func benchMonths(n int) []TimelineMonth {
	out := make([]TimelineMonth, n)
	for i := range out {
		var roots [20]int
		for r := range roots {
			roots[r] = (i*7 + r*3) % 5
		}
		out[i] = TimelineMonth{
			Month:     monthLabel(2010*12 + i),
			Quads:     [4]int{i % 9, i % 4, i % 6, i % 3},
			Roots:     roots,
			Goldstein: float64(i%21) - 10,
		}
	}
	return out
}

func BenchmarkTimeline120(b *testing.B) {
	in := benchMonths(120)
	b.ReportAllocs()
	for b.Loop() {
		out := Timeline(in, TimelineOptions{ID: "bench"})
		b.SetBytes(int64(len(out)))
	}
}
