package merge_test

import (
	"fmt"

	"attache"
	"attache/merge"
)

func ExampleClusterer() {
	c := merge.NewClusterer()
	talks := func(doc, src, tgt, date string) attache.Event {
		d, _ := attache.ParseDate(date)
		return attache.Event{ID: doc + "#0", Doc: doc, Code: "040", Root: "04", Date: d,
			Source: attache.Actor{Country: attache.Country(src)}, Target: attache.Actor{Country: attache.Country(tgt)}}
	}
	c.Add(merge.DocInfo{ID: "a", Publisher: "Southern Wire"}, []attache.Event{talks("a", "CHL", "NOR", "2025-03-06")})
	c.Add(merge.DocInfo{ID: "b", Publisher: "Andes Daily"}, []attache.Event{talks("b", "NOR", "CHL", "2025-03")})
	ch := c.Add(merge.DocInfo{ID: "c", Publisher: "Andes Daily"}, []attache.Event{talks("c", "NOR", "CHL", "2025-03-06")})
	cl := ch[0].Cluster
	fmt.Println(cl.Code, cl.Source, cl.Target, cl.Date, cl.Symmetric)
	fmt.Println(cl.NumArticles, "articles,", cl.NumSources, "sources")
	// Output:
	// 040 CHL NOR 2025-03-06 true
	// 3 articles, 2 sources
}

func ExampleIndex() {
	x := merge.NewIndex(nil, 0)
	x.Add("wire", "Chile and Norway held talks in Santiago on Thursday on green hydrogen, salmon farming and the protection of the high seas, officials said.")
	x.Add("other", "Norway's foreign minister met his Chilean counterpart at La Moneda and signed a memorandum on training diplomats.")
	for _, m := range x.Query("CHILE AND NORWAY held talks in Santiago on Thursday on green hydrogen, salmon farming and protection of the high seas, officials said") {
		fmt.Println(m.ID)
	}
	// Output:
	// wire
}
