package merge

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"attache"
	"attache/cameo"
)

var (
	santiago = &attache.Place{Name: "Santiago", Country: "CHL", Lat: -33.45, Lon: -70.67}
	muscat   = &attache.Place{Name: "Muscat", Country: "OMN", Lat: 23.59, Lon: 58.41}
)

// ev builds an event from a compact description: "CHL>NOR 040 2025-03-06",
// then the sentence it came from and its place.
func ev(t testing.TB, desc string, sentence int, place *attache.Place) attache.Event {
	t.Helper()
	f := strings.Fields(desc)
	if len(f) < 3 {
		t.Fatalf("event %q: want SRC>TGT CODE DATE [MODE]", desc)
	}
	src, tgt, ok := strings.Cut(f[0], ">")
	if !ok {
		t.Fatalf("event %q: want SRC>TGT", desc)
	}
	d, err := attache.ParseDate(f[2])
	if err != nil {
		t.Fatal(err)
	}
	e := attache.Event{
		Sentence: sentence,
		Source:   attache.Actor{Country: attache.Country(src)},
		Target:   attache.Actor{Country: attache.Country(tgt)},
		Code:     cameo.Code(f[1]),
		Root:     cameo.Code(f[1]).Root(),
		Date:     d,
		Place:    place,
	}
	if len(f) > 3 {
		if err := e.Mode.UnmarshalJSON([]byte(`"` + f[3] + `"`)); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// doc numbers the events of a document as the coder does.
func doc(id string, evs ...attache.Event) []attache.Event {
	for i := range evs {
		evs[i].ID = fmt.Sprintf("%s#%d", id, i)
		evs[i].Doc = id
	}
	return evs
}

// clusterOf returns the cluster that holds one event.
func clusterOf(t *testing.T, c *Clusterer, doc, event string) Cluster {
	t.Helper()
	id, ok := c.ClusterOf(Ref{Doc: doc, Event: event})
	if !ok {
		t.Fatalf("event %s of %s has no cluster", event, doc)
	}
	cl, ok := c.Cluster(id)
	if !ok {
		t.Fatalf("cluster %s of event %s is unknown", id, event)
	}
	return cl
}

func refs(rs ...string) []Ref {
	var out []Ref
	for _, r := range rs {
		d, _, _ := strings.Cut(r, "#")
		out = append(out, Ref{Doc: d, Event: r})
	}
	return out
}

// TestTalksAndVisit follows one meeting through three reports.
func TestTalksAndVisit(t *testing.T) {
	c := NewClusterer()
	// "Chile's foreign minister held talks with his Norwegian counterpart
	// in Santiago on Thursday": talks both ways.
	wire := doc("wire",
		ev(t, "CHL>NOR 040 2025-03-06", 1, santiago),
		ev(t, "NOR>CHL 040 2025-03-06", 1, santiago),
	)
	ch := c.Add(DocInfo{ID: "wire", Publisher: "Southern Wire"}, wire)
	if len(ch) != 1 || !ch[0].New || len(ch[0].Added) != 2 {
		t.Fatalf("first report: want one new cluster with both directions, got %+v", ch)
	}
	// "Eide arrived in Santiago on Thursday ... he met van Klaveren": a
	// visit seen from both sides and the meeting, one way.
	ledger := doc("ledger",
		ev(t, "NOR>CHL 042 2025-03-06", 0, santiago),
		ev(t, "CHL>NOR 043 2025-03-06", 0, santiago),
		ev(t, "NOR>CHL 040 2025-03-06", 0, nil),
	)
	ch = c.Add(DocInfo{ID: "ledger", Publisher: "Pacific Ledger"}, ledger)
	if len(ch) != 2 {
		t.Fatalf("second report: want 2 changes (visit, talks), got %d: %+v", len(ch), ch)
	}
	visit, talks := ch[0], ch[1]
	if !visit.New || !reflect.DeepEqual(visit.Added, refs("ledger#0", "ledger#1")) {
		t.Errorf("visit change = %+v, want new cluster of ledger#0 and ledger#1", visit)
	}
	if v := visit.Cluster; v.Code != "042" || v.Source != "NOR" || v.Target != "CHL" || v.Symmetric ||
		v.NumArticles != 1 || v.NumMentions != 1 {
		t.Errorf("visit cluster = %+v, want 042 NOR>CHL directed, 1 article, 1 mention", v)
	}
	if talks.New || !reflect.DeepEqual(talks.Added, refs("ledger#2")) {
		t.Errorf("talks change = %+v, want ledger#2 added to the existing cluster", talks)
	}
	tc := talks.Cluster
	if tc.Code != "040" || !tc.Symmetric || tc.Date.String() != "2025-03-06" || tc.Place == nil || tc.Place.Name != "Santiago" {
		t.Errorf("talks cluster = %+v, want symmetric 040 on 2025-03-06 in Santiago", tc)
	}
	if tc.NumArticles != 2 || tc.NumSources != 2 || tc.NumMentions != 2 {
		t.Errorf("talks counts: %d articles, %d sources, %d mentions; want 2, 2, 2", tc.NumArticles, tc.NumSources, tc.NumMentions)
	}
	if !reflect.DeepEqual(tc.Events, refs("wire#0", "wire#1", "ledger#2")) {
		t.Errorf("talks events = %v", tc.Events)
	}
	// A third report, of talks two weeks later: another cluster.
	later := doc("later", ev(t, "CHL>NOR 040 2025-03-20", 0, nil))
	ch = c.Add(DocInfo{ID: "later", Publisher: "Southern Wire"}, later)
	if len(ch) != 1 || !ch[0].New {
		t.Fatalf("talks on another day: want a new cluster, got %+v", ch)
	}
	if c.Len() != 3 {
		t.Errorf("%d clusters, want 3 (talks, visit, later talks)", c.Len())
	}
}

func TestDirectedActs(t *testing.T) {
	c := NewClusterer()
	c.Add(DocInfo{ID: "a", Publisher: "P1"}, doc("a",
		ev(t, "CHN>PHL 111 2025-06-04", 0, nil),
		ev(t, "PHL>CHN 111 2025-06-04", 1, nil),
	))
	c.Add(DocInfo{ID: "b", Publisher: "P2"}, doc("b", ev(t, "CHN>PHL 111 2025-06-04", 2, nil)))
	ab, ba := clusterOf(t, c, "a", "a#0"), clusterOf(t, c, "a", "a#1")
	if ab.ID == ba.ID {
		t.Fatalf("A condemning B and B condemning A share cluster %s", ab.ID)
	}
	if ab.Symmetric || ab.Source != "CHN" || ab.Target != "PHL" {
		t.Errorf("cluster %+v: want directed CHN>PHL", ab)
	}
	if got := clusterOf(t, c, "b", "b#0"); got.ID != ab.ID || got.NumSources != 2 {
		t.Errorf("second report of CHN>PHL 111 went to %s (%d sources), want %s with 2 sources", got.ID, got.NumSources, ab.ID)
	}
}

func TestSameness(t *testing.T) {
	type report struct {
		event string
		place *attache.Place
	}
	tests := []struct {
		name    string
		reports []report
		want    []int  // cluster number of each report, by first appearance
		code    string // code of the first cluster
		date    string // date of the first cluster
	}{
		{"month joins day", []report{{"CHL>NOR 040 2025-03-06", nil}, {"NOR>CHL 040 2025-03", nil}},
			[]int{0, 0}, "040", "2025-03-06"},
		{"day refines month", []report{{"CHL>NOR 040 2025-03", nil}, {"NOR>CHL 040 2025-03-06", nil}, {"NOR>CHL 040 2025-03-07", nil}},
			[]int{0, 0, 1}, "040", "2025-03-06"},
		{"day refines year, then month joins", []report{{"CHL>NOR 057 2025", nil}, {"NOR>CHL 057 2025-03-06", nil}, {"CHL>NOR 057 2025-03", nil}},
			[]int{0, 0, 0}, "057", "2025-03-06"},
		{"other year", []report{{"CHL>NOR 040 2025", nil}, {"CHL>NOR 040 2024-03-06", nil}},
			[]int{0, 1}, "040", "2025"},
		{"different places", []report{{"CHL>NOR 040 2025-03-06", santiago}, {"CHL>NOR 040 2025-03-06", muscat}},
			[]int{0, 1}, "040", "2025-03-06"},
		{"no place joins a place", []report{{"CHL>NOR 040 2025-03-06", santiago}, {"CHL>NOR 040 2025-03-06", nil}},
			[]int{0, 0}, "040", "2025-03-06"},
		{"same place, other spelling", []report{{"VNM>RUS 040 2025-01-14", &attache.Place{Name: "Hà Nội"}}, {"RUS>VNM 040 2025-01-14", &attache.Place{Name: "Ha Noi"}}},
			[]int{0, 0}, "040", "2025-01-14"},
		{"meeting family", []report{{"IND>BGD 040 2025-02-16", nil}, {"BGD>IND 044 2025-02-16", nil}},
			[]int{0, 0}, "044", "2025-02-16"},
		{"third location and negotiation disagree", []report{{"IND>BGD 044 2025-02-16", nil}, {"BGD>IND 046 2025-02-16", nil}, {"IND>BGD 044 2025-02-16", nil}},
			[]int{0, 0, 0}, "040", "2025-02-16"},
		{"phone call is not a meeting", []report{{"IND>BGD 040 2025-02-16", nil}, {"IND>BGD 041 2025-02-16", nil}},
			[]int{0, 1}, "040", "2025-02-16"},
		{"visit is not the talks", []report{{"JPN>VNM 042 2025-04-27", nil}, {"JPN>VNM 040 2025-04-27", nil}},
			[]int{0, 1}, "042", "2025-04-27"},
		{"hosting is the visit reversed", []report{{"VNM>JPN 043 2025-04-27", nil}, {"JPN>VNM 042 2025-04-27", nil}},
			[]int{0, 0}, "042", "2025-04-27"},
		{"two visits", []report{{"JPN>VNM 042 2025-04-27", nil}, {"VNM>JPN 042 2025-04-27", nil}},
			[]int{0, 1}, "042", "2025-04-27"},
		{"generic consult takes a direction", []report{{"VNM>JPN 04 2025-04-27", nil}, {"JPN>VNM 042 2025-04-27", nil}, {"VNM>JPN 043 2025-04-27", nil}},
			[]int{0, 0, 0}, "042", "2025-04-27"},
		{"prefix codes agree", []report{{"KEN>ETH 031 2024-02-29", nil}, {"KEN>ETH 0311 2024-02-29", nil}, {"KEN>ETH 03 2024-02-29", nil}},
			[]int{0, 0, 0}, "0311", "2024-02-29"},
		{"sibling codes do not", []report{{"KEN>ETH 0311 2024-02-29", nil}, {"KEN>ETH 0312 2024-02-29", nil}},
			[]int{0, 1}, "0311", "2024-02-29"},
		{"signing is symmetric", []report{{"ARG>BRA 057 2025-03-12", nil}, {"BRA>ARG 057 2025-03-12", nil}, {"BRA>ARG 05 2025-03-12", nil}},
			[]int{0, 0, 0}, "057", "2025-03-12"},
		{"praise is directed", []report{{"ARG>BRA 051 2025-03-12", nil}, {"BRA>ARG 051 2025-03-12", nil}},
			[]int{0, 1}, "051", "2025-03-12"},
		{"attack is directed", []report{{"IND>PAK 193 2025-05-07", nil}, {"PAK>IND 193 2025-05-07", nil}},
			[]int{0, 1}, "193", "2025-05-07"},
		{"other pair", []report{{"CHL>NOR 040 2025-03-06", nil}, {"CHL>ARG 040 2025-03-06", nil}},
			[]int{0, 1}, "040", "2025-03-06"},
		{"planned is not done", []report{{"VNM>JPN 042 2025-05 planned", nil}, {"VNM>JPN 042 2025-05-05", nil}, {"VNM>JPN 042 2025-05 planned", nil}},
			[]int{0, 1, 0}, "042", "2025-05"},
		{"nothing to compare", []report{{"CHL> 040 2025-03-06", nil}, {"CHL> 040 2025-03-06", nil}},
			[]int{0, 1}, "040", "2025-03-06"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewClusterer()
			number := map[string]int{}
			var first Cluster
			for i, r := range tt.reports {
				id := fmt.Sprint("d", i)
				ch := c.Add(DocInfo{ID: id, Publisher: id}, doc(id, ev(t, r.event, 0, r.place)))
				if len(ch) != 1 {
					t.Fatalf("report %d: %d changes, want 1", i, len(ch))
				}
				cid := ch[0].Cluster.ID
				if _, ok := number[cid]; !ok {
					number[cid] = len(number)
				}
				if got := number[cid]; got != tt.want[i] {
					t.Errorf("report %d (%s) is in cluster %d, want %d", i, r.event, got, tt.want[i])
				}
				if number[cid] == 0 {
					first = ch[0].Cluster
				}
			}
			if string(first.Code) != tt.code || first.Date.String() != tt.date {
				t.Errorf("first cluster is %s on %s, want %s on %s", first.Code, first.Date, tt.code, tt.date)
			}
		})
	}
}

func TestMentionsAndSources(t *testing.T) {
	c := NewClusterer()
	// One document reporting the talks twice (headline and body), a copy
	// from the same publisher spelled differently, and two documents
	// without a publisher.
	c.Add(DocInfo{ID: "a", Publisher: "Andes Daily"}, doc("a",
		ev(t, "CHL>NOR 040 2025-03-06", 0, nil), ev(t, "NOR>CHL 040 2025-03-06", 0, nil),
		ev(t, "CHL>NOR 040 2025-03-06", 3, nil)))
	c.Add(DocInfo{ID: "b", Publisher: " andes daily"}, doc("b", ev(t, "CHL>NOR 040 2025-03-06", 0, nil)))
	c.Add(DocInfo{ID: "c"}, doc("c", ev(t, "CHL>NOR 040 2025-03-06", 0, nil)))
	ch := c.Add(DocInfo{ID: "d"}, doc("d", ev(t, "CHL>NOR 040 2025-03-06", 0, nil)))
	got := ch[0].Cluster
	if got.NumMentions != 5 || got.NumArticles != 4 || got.NumSources != 2 {
		t.Errorf("%d mentions, %d articles, %d sources; want 5, 4, 2", got.NumMentions, got.NumArticles, got.NumSources)
	}
}

func TestAddIsIdempotent(t *testing.T) {
	c := NewClusterer()
	evs := doc("a", ev(t, "CHL>NOR 040 2025-03-06", 0, nil), ev(t, "NOR>CHL 040 2025-03-06", 0, nil))
	c.Add(DocInfo{ID: "a"}, evs)
	if ch := c.Add(DocInfo{ID: "a"}, evs); len(ch) != 0 {
		t.Errorf("adding a document twice changed %+v", ch)
	}
	if cl := clusterOf(t, c, "a", "a#0"); len(cl.Events) != 2 || cl.NumMentions != 1 {
		t.Errorf("cluster after a second Add = %+v", cl)
	}
	// Events without IDs are named by their index.
	ch := c.Add(DocInfo{ID: "b"}, []attache.Event{ev(t, "CHL>NOR 040 2025-03-06", 0, nil)})
	if want := refs("b#0"); !reflect.DeepEqual(ch[0].Added, want) {
		t.Errorf("event without ID added as %v, want %v", ch[0].Added, want)
	}
}

// TestDeterministic replays the same documents into two clusterers and
// checks that a returned cluster is a snapshot later Adds do not touch.
func TestDeterministic(t *testing.T) {
	docs := [][]attache.Event{
		doc("a", ev(t, "CHL>NOR 040 2025-03-06", 0, santiago), ev(t, "NOR>CHL 040 2025-03-06", 0, santiago)),
		doc("b", ev(t, "NOR>CHL 042 2025-03-06", 0, nil), ev(t, "CHL>NOR 043 2025-03-06", 0, nil), ev(t, "CHL>NOR 040 2025-03", 1, nil)),
		doc("c", ev(t, "CHN>PHL 111 2025-06-04", 0, nil), ev(t, "CHL>NOR 040 2025-03-06", 2, muscat)),
	}
	run := func() [][]ClusterChange {
		c := NewClusterer()
		var out [][]ClusterChange
		for _, d := range docs {
			out = append(out, c.Add(DocInfo{ID: d[0].Doc, Publisher: "P" + d[0].Doc}, d))
		}
		return out
	}
	one, two := run(), run()
	if !reflect.DeepEqual(one, two) {
		t.Fatalf("two runs differ:\n%+v\n%+v", one, two)
	}
	first := one[0][0].Cluster
	if len(first.Events) != 2 || first.NumArticles != 1 {
		t.Errorf("snapshot of the first Add changed after later Adds: %+v", first)
	}
	if id := one[0][0].Cluster.ID; !strings.HasPrefix(id, "c") || len(id) != 17 {
		t.Errorf("cluster ID %q: want c + 16 hex digits", id)
	}
}

func TestCodes(t *testing.T) {
	compat := []struct {
		a, b cameo.Code
		want bool
	}{
		{"04", "042", true}, {"040", "044", true}, {"044", "046", true}, {"040", "041", false},
		{"040", "042", false}, {"0311", "031", true}, {"0311", "0312", false}, {"04", "05", false},
		{"057", "05", true}, {"044", "04", true},
	}
	for _, tt := range compat {
		if got := compatible(tt.a, tt.b); got != tt.want {
			t.Errorf("compatible(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	agree := []struct {
		codes []cameo.Code
		want  cameo.Code
	}{
		{[]cameo.Code{"04"}, "04"},
		{[]cameo.Code{"04", "040", "044"}, "044"},
		{[]cameo.Code{"044", "046"}, "040"},
		{[]cameo.Code{"04", "044", "046", "040"}, "040"},
		{[]cameo.Code{"031", "03", "0311"}, "0311"},
	}
	for _, tt := range agree {
		if got := agreed(tt.codes); got != tt.want {
			t.Errorf("agreed(%v) = %s, want %s", tt.codes, got, tt.want)
		}
	}
}

func TestSamePlace(t *testing.T) {
	tests := []struct {
		name string
		a, b attache.Place
		want bool
	}{
		{"coordinates close", attache.Place{Name: "Hanoi", Lat: 21.03, Lon: 105.85}, attache.Place{Name: "Noi Bai", Lat: 21.22, Lon: 105.81}, true},
		{"coordinates far", attache.Place{Name: "Hanoi", Lat: 21.03, Lon: 105.85}, attache.Place{Name: "Hai Phong", Lat: 20.86, Lon: 106.68}, false},
		{"names folded", attache.Place{Name: "Hà Nội"}, attache.Place{Name: "HANOI"}, true},
		{"names differ", attache.Place{Name: "Hanoi"}, attache.Place{Name: "Da Nang"}, false},
		{"countries differ", attache.Place{Name: "Santiago", Country: "CHL"}, attache.Place{Name: "Santiago", Country: "ESP"}, false},
	}
	for _, tt := range tests {
		if got := SamePlace(&tt.a, &tt.b); got != tt.want {
			t.Errorf("%s: SamePlace = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestRefile checks that a year cluster that learns its month moves to
// that month's bucket, so year buckets stay small.
func TestRefile(t *testing.T) {
	c := NewClusterer()
	c.Add(DocInfo{ID: "a"}, doc("a", ev(t, "CHL>NOR 057 2025", 0, nil)))
	c.Add(DocInfo{ID: "b"}, doc("b", ev(t, "CHL>NOR 057 2025-03-06", 0, nil)))
	k := c.key("CHL", "NOR", "05", attache.Date{Year: 2025}, attache.Asserted)
	if n := len(c.buckets[k]); n != 0 {
		t.Errorf("year bucket holds %d clusters after the date became a day, want 0", n)
	}
	k.month = 3
	if n := len(c.buckets[k]); n != 1 {
		t.Errorf("March bucket holds %d clusters, want 1", n)
	}
}
