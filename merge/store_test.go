package merge_test

import (
	"context"
	"testing"

	"attache"
	"attache/merge"
	"attache/sqlite"
)

// TestClusterStore stores two articles reporting the same talks and one
// reporting something else, and checks the clusters recorded in the store.
func TestClusterStore(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	talks := func(doc, pub string, src, tgt attache.Country) attache.Event {
		text := "The ministers held talks in Astana."
		return attache.Event{ID: doc + "#0", Doc: doc, Code: "040", Root: "04", Quad: 1, Goldstein: 1,
			Source: attache.Actor{Text: "x", Code: string(src) + "GOV", Country: src},
			Target: attache.Actor{Text: "y", Code: string(tgt) + "GOV", Country: tgt},
			Date:   attache.Date{Year: 2025, Month: 4, Day: 2}, Evidence: attache.Evidence{Span: attache.Span{Start: 0, End: len(text)}, Text: text}}
	}
	docs := []*attache.Document{
		{ID: "a", Publisher: "Wire One", Text: "The ministers held talks in Astana.", Events: []attache.Event{talks("a", "Wire One", "KAZ", "VNM")}},
		{ID: "b", Publisher: "Wire Two", Text: "The ministers held talks in Astana, officials said.", Events: []attache.Event{talks("b", "Wire Two", "VNM", "KAZ")}},
		{ID: "c", Publisher: "Wire Two", Text: "Another meeting took place in Lima.", Events: []attache.Event{talks("c", "Wire Two", "PER", "CHL")}},
	}
	for _, d := range docs {
		d.Sentences = []attache.Sentence{{Span: attache.Span{Start: 0, End: len(d.Text)}}}
		d.Events[0].Evidence = attache.Evidence{Span: attache.Span{Start: 0, End: len(d.Text)}, Text: d.Text}
	}
	if _, err := st.SaveDocuments(ctx, docs, "test"); err != nil {
		t.Fatal(err)
	}
	res, err := merge.ClusterStore(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if res.Clusters != 2 || res.Multi != 1 {
		t.Fatalf("ClusterStore = %+v, want 2 clusters, 1 of them reported by two articles", res)
	}
	evs, _, err := st.FindEvents(ctx, attache.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	cl := map[string]string{}
	for _, e := range evs {
		cl[e.Doc] = e.Cluster
	}
	if cl["a"] == "" || cl["a"] != cl["b"] || cl["c"] == cl["a"] || cl["c"] == "" {
		t.Errorf("clusters by document %v: want a and b together, c apart", cl)
	}
	// Evidence and actor texts are dropped while clustering, not in the store.
	if evs[0].Evidence.Text == "" || evs[0].Source.Text == "" {
		t.Errorf("the stored events lost their texts: %+v", evs[0])
	}
}
