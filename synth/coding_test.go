package synth_test

import (
	"context"
	"strings"
	"testing"

	"attache"
	"attache/cameo"
	"attache/coder"
	"attache/lexicon"
	"attache/pipeline"
	"attache/segment"
	"attache/synth"
)

// TestCoderReadsTheCorpus runs the coder over synthetic articles: the
// benchmarks measure real work only if the text is English the coder codes.
func TestCoderReadsTheCorpus(t *testing.T) {
	lex, err := lexicon.Load()
	if err != nil {
		t.Fatal(err)
	}
	cb, err := cameo.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	p := &pipeline.Pipeline{Stages: []pipeline.Named{
		pipeline.Clean(),
		pipeline.Split(segment.New()),
		{Name: "code", Stage: coder.New(lex, cb, nil)},
	}}
	const n = 200
	var sentences, coded, events, facts int
	roots := map[string]int{}
	synth.Generate(3, n, func(a synth.Article) bool {
		d := &attache.Document{ID: a.ID, Text: a.Title + "\n\n" + a.Text, RefDate: attache.DayDate(a.Published)}
		if err := p.Process(context.Background(), d); err != nil {
			t.Fatalf("%s: %v", a.ID, err)
		}
		if len(d.Events) == 0 {
			t.Errorf("%s: no events in %d sentences:\n%s", a.ID, len(d.Sentences), d.Text)
		}
		has := map[int]bool{}
		for _, e := range d.Events {
			has[e.Sentence] = true
			roots[string(e.Code.Root())]++
			if e.Date.IsZero() {
				t.Errorf("%s: event %s has no date: %q", a.ID, e.Code, e.Evidence.Text)
			}
		}
		for _, l := range d.Leftovers {
			if strings.Contains(d.Text[l.Start:l.End], ".") && !strings.HasPrefix(d.Text[l.Start:l.End], "Photo") {
				t.Errorf("%s: story text taken for a leftover (%s): %q", a.ID, l.Reason, d.Text[l.Start:l.End])
			}
		}
		for _, s := range d.Sentences {
			if strings.HasPrefix(d.Slice(s.Span), "Read more") {
				t.Errorf("%s: a web leftover was read as a sentence: %q", a.ID, d.Slice(s.Span))
			}
		}
		sentences += len(d.Sentences)
		coded += len(has)
		events += len(d.Events)
		facts += len(d.Facts)
		return true
	})
	t.Logf("%d articles: %d sentences, %d with events, %d events, %d facts; roots %v", n, sentences, coded, events, facts, roots)
	if coded < sentences*7/10 {
		t.Errorf("events in %d of %d sentences, want at least 70%%", coded, sentences)
	}
	if facts < n {
		t.Errorf("%d facts in %d articles, want at least one per article on average", facts, n)
	}
	// Cooperation and conflict both: consult, cooperate, aid, disapprove,
	// protest, sanction, fight.
	for _, root := range []string{"03", "04", "05", "06", "07", "11", "13", "16", "19"} {
		if roots[root] == 0 {
			t.Errorf("no events of CAMEO root %s", root)
		}
	}
}
