package chart

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// partners makes n partners with falling event counts and varied
// Goldstein values, names and codes.
func partners(n int) []NetworkNode {
	out := make([]NetworkNode, n)
	for i := range out {
		out[i] = NetworkNode{
			Code:      fmt.Sprintf("P%02d", i),
			Name:      fmt.Sprintf("Partner country %d", i),
			Events:    300 / (i + 1),
			Goldstein: 10 * math.Sin(float64(i)),
		}
	}
	return out
}

var vnm = NetworkNode{Code: "VNM", Name: "Viet Nam", Events: 900, Goldstein: 2.1}

func dyadLink(code string) string { return "/dyad/VNM/" + code }

func TestNetworkSizes(t *testing.T) {
	for _, n := range []int{1, 2, 5, 12, 13, 40} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			out := Network(vnm, partners(n), NetworkOptions{ID: "net", Link: dyadLink})
			if strings.Contains(string(out), "NaN") || strings.Contains(string(out), "Inf") {
				t.Error("NaN or Inf in output")
			}
			root := parseSVG(t, out)
			checkAccessible(t, root, "net")
			w, h := viewBox(t, root)

			nodes := root.find("g", "node")
			if len(nodes) != n+1 {
				t.Fatalf("%d nodes, want %d partners and the centre", len(nodes), n)
			}
			if got := len(root.find("line", "edge")); got != n {
				t.Errorf("%d edges, want %d", got, n)
			}
			if got := len(root.find("g", "centre")); got != 1 {
				t.Errorf("%d centre nodes, want 1", got)
			}
			links := root.find("a", "")
			if len(links) != n {
				t.Errorf("%d links, want one per partner (%d)", len(links), n)
			}
			for i, a := range links {
				code := fmt.Sprintf("P%02d", i) // most events first
				if got := a.attr("href"); got != "/dyad/VNM/"+code {
					t.Errorf("link %d = %q, want /dyad/VNM/%s", i, got, code)
				}
				if g := a.find("g", "node"); len(g) != 1 || g[0].attr("data-code") != code {
					t.Errorf("link %d does not wrap the node of %s", i, code)
				}
			}

			// Circles inside the drawing, not overlapping one another.
			type circle struct{ x, y, r float64 }
			var cs []circle
			for _, c := range root.find("circle", "") {
				x, y, r := fattr(t, c, "cx"), fattr(t, c, "cy"), fattr(t, c, "r")
				if x-r < 0 || y-r < 0 || x+r > w || y+r > h || r <= 0 {
					t.Errorf("circle (%v,%v) r=%v outside the viewBox %vx%v", x, y, r, w, h)
				}
				for _, o := range cs {
					if math.Hypot(x-o.x, y-o.y) < r+o.r {
						t.Errorf("circles (%v,%v,%v) and (%v,%v,%v) overlap", x, y, r, o.x, o.y, o.r)
					}
				}
				cs = append(cs, circle{x, y, r})
			}
			// The largest partner has the largest circle; radius by sqrt.
			if n >= 4 {
				r0, r3 := fattr(t, nodes[0].find("circle", "")[0], "r"), fattr(t, nodes[3].find("circle", "")[0], "r")
				if want := r0 * math.Sqrt(float64(300/4)/300); math.Abs(r3-want) > 0.05 && r3 > 3 {
					t.Errorf("radius of the 4th partner %v, want %v (sqrt scale)", r3, want)
				}
			}

			// Labels: anchors inside the drawing and apart from each other.
			labels := root.find("text", "label")
			if len(labels) != n+1 {
				t.Fatalf("%d labels, want %d", len(labels), n+1)
			}
			type pt struct{ x, y float64 }
			var anchors []pt
			for _, l := range labels[:n] {
				x, y := fattr(t, l, "x"), fattr(t, l, "y")
				if x < 0 || y < 0 || x > w || y > h {
					t.Errorf("label %q at (%v,%v) outside the viewBox", l.Text, x, y)
				}
				for _, o := range anchors {
					if d := math.Hypot(x-o.x, y-o.y); d < 14 {
						t.Errorf("label %q at (%v,%v) %.1f from another", l.Text, x, y, d)
					}
				}
				anchors = append(anchors, pt{x, y})
			}
			if n <= 12 && labels[0].Text != "Partner country 0" {
				t.Errorf("first label %q, want the name", labels[0].Text)
			}
			if n > 12 && (labels[0].Text != "P00" || labels[0].attr("transform") == "") {
				t.Errorf("first label %q transform %q, want the code along the radius", labels[0].Text, labels[0].attr("transform"))
			}
			if got := nodes[0].find("title", "")[0].Text; got != "Partner country 0 (P00): 300 events, mean Goldstein 0.0" {
				t.Errorf("first node title %q", got)
			}
		})
	}
}

func TestNetworkMaxPartners(t *testing.T) {
	root := parseSVG(t, Network(vnm, partners(57), NetworkOptions{}))
	if got := len(root.find("g", "node")); got != 41 {
		t.Errorf("%d nodes, want 40 partners and the centre", got)
	}
	if desc := root.find("desc", "")[0].Text; !strings.Contains(desc, "Showing the 40 partners with most events of 57") {
		t.Errorf("desc %q", desc)
	}
	root = parseSVG(t, Network(vnm, partners(10), NetworkOptions{MaxPartners: 3}))
	if got := len(root.find("g", "node")); got != 4 {
		t.Errorf("MaxPartners 3: %d nodes, want 4", got)
	}
}

func TestNetworkDeterministic(t *testing.T) {
	ps := partners(40)
	ps[5].Events, ps[6].Events = 10, 10 // ties are ordered by code
	a := Network(vnm, ps, NetworkOptions{Link: dyadLink})
	if b := Network(vnm, ps, NetworkOptions{Link: dyadLink}); a != b {
		t.Error("two renderings differ")
	}
	rev := make([]NetworkNode, len(ps))
	for i, p := range ps {
		rev[len(ps)-1-i] = p
	}
	if b := Network(vnm, rev, NetworkOptions{Link: dyadLink}); a != b {
		t.Error("the order of the partners changes the chart")
	}
	if ps[0].Code != "P00" {
		t.Error("Network changed its input")
	}
}

func TestNetworkOddValues(t *testing.T) {
	ps := []NetworkNode{
		{Code: "AAA", Events: 0, Goldstein: math.NaN()},
		{Code: "BBB", Events: -4, Goldstein: math.Inf(-1)},
		{Code: "", Name: "", Events: 3, Goldstein: 55},
	}
	out := Network(NetworkNode{}, ps, NetworkOptions{Size: 100, Link: func(string) string { return "" }})
	if strings.Contains(string(out), "NaN") || strings.Contains(string(out), "Inf") {
		t.Error("NaN or Inf in output")
	}
	root := parseSVG(t, out)
	if got := len(root.find("g", "node")); got != 4 {
		t.Errorf("%d nodes, want 4", got)
	}
	if got := len(root.find("a", "")); got != 0 {
		t.Errorf("%d links, want none when Link returns \"\"", got)
	}
	if got := root.find("title", "")[0].Text; got != "Partners of unknown" {
		t.Errorf("title %q", got)
	}
}

func TestNetworkHostile(t *testing.T) {
	for _, h := range hostile {
		ps := []NetworkNode{{Code: h, Name: h, Events: 3}, {Code: "UZB", Name: h, Events: 1}}
		centre := NetworkNode{Code: h, Name: h}
		link := func(code string) string {
			if code == "UZB" {
				return "javascript:alert(1)"
			}
			return "/dyad/" + code
		}
		out := Network(centre, ps, NetworkOptions{ID: h, Title: h, Link: link})
		root := parseSVG(t, out)
		checkNoInjection(t, out, root)
		links := root.find("a", "")
		if len(links) != 2 || links[1].attr("href") != "#ZgotmplZ" {
			t.Errorf("the javascript: link was not blocked")
		}
	}
	out := Network(vnm, []NetworkNode{{Code: "X", Name: hostile[0], Events: 1}}, NetworkOptions{})
	root := parseSVG(t, out)
	if got := root.find("text", "label")[0].Text; got != "<script>alert(1)</s…" {
		t.Errorf("label text %q, want the name as text, clipped", got)
	}
}

func BenchmarkNetwork40(b *testing.B) {
	ps := partners(40)
	b.ReportAllocs()
	for b.Loop() {
		out := Network(vnm, ps, NetworkOptions{ID: "bench", Link: dyadLink})
		b.SetBytes(int64(len(out)))
	}
}
