package sqlite_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"attache"
)

func TestEachDocument(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	at := time.Date(2025, 3, 4, 10, 30, 0, 0, time.UTC)
	s.Now = func() time.Time { return at }
	docs := fixture()
	if _, err := s.SaveDocuments(ctx, docs[:2], "v1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveDocuments(ctx, docs[2:], "v2"); err != nil {
		t.Fatal(err)
	}
	walk := func(current string) []attache.StoredDocument {
		t.Helper()
		var got []attache.StoredDocument
		if err := s.EachDocument(ctx, current, func(sd attache.StoredDocument) error {
			got = append(got, sd)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	ids := func(sds []attache.StoredDocument) []string {
		var ids []string
		for _, sd := range sds {
			ids = append(ids, sd.ID)
		}
		return ids
	}
	if got, want := ids(walk("")), []string{"vn-uz", "vn-ru", "kg-vn"}; !slices.Equal(got, want) {
		t.Errorf("every document: %q, want %q", got, want)
	}
	if got, want := ids(walk("v2")), []string{"vn-uz", "vn-ru"}; !slices.Equal(got, want) {
		t.Errorf("documents not of v2: %q, want %q", got, want)
	}
	sd := walk("v2")[0]
	d := docs[0]
	if sd.Key <= 0 || sd.CoderVersion != "v1" || !sd.StoredAt.Equal(at) || sd.Text != d.Text ||
		sd.Publisher != d.Publisher || sd.URL != d.URL || sd.Title != d.Title || sd.Lang != d.Lang || sd.RefDate != d.RefDate {
		t.Errorf("EachDocument gave %+v", sd)
	}
	if sd.Sentences != nil || sd.Events != nil || sd.Facts != nil {
		t.Errorf("EachDocument gave the coding too")
	}

	stop := errors.New("stop")
	n := 0
	err := s.EachDocument(ctx, "", func(attache.StoredDocument) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("an error from fn: %v after %d calls, want it returned after 1", err, n)
	}
}

// TestRecode codes a stored document again: its coding, its fact parties
// and its coder version change; its near-duplicate links stay.
func TestRecode(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	if _, err := s.SaveDocuments(ctx, append(fixture(), textDoc("wire", wireStory), textDoc("copy", republished)), "v1"); err != nil {
		t.Fatal(err)
	}
	var uz, wire attache.StoredDocument
	if err := s.EachDocument(ctx, "", func(sd attache.StoredDocument) error {
		switch sd.ID {
		case "vn-uz":
			uz = sd
		case "wire":
			wire = sd
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	// vn-uz again, with one event and a fact with Japan instead of
	// Uzbekistan.
	recoded := *newDoc("vn-uz", "", "2024-10-20", "Vietnam and Uzbekistan hold talks")
	uz.Sentences = recoded.Sentences
	uz.Events = nil
	addEvent(&uz.Document, 0, "VNM", "UZB", "043", "2024-10-18")
	uz.Facts = []attache.Fact{{Kind: attache.Agreement, Parties: []attache.Country{"VNM", "JPN"}, Title: "Recoded"}}
	if err := s.Recode(ctx, &uz, "v2"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Document(ctx, "vn-uz")
	if err != nil {
		t.Fatal(err)
	}
	if got.CoderVersion != "v2" || len(got.Sentences) != 1 || len(got.Events) != 1 || got.Events[0].Code != "043" ||
		len(got.Facts) != 1 || got.Facts[0].Title != "Recoded" || got.Text != uz.Text || got.Publisher != "VNA" {
		t.Errorf("after recoding: %s", jsonOf(got))
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Before: 3+3+2+1+1 sentences, 6 events, 4 facts.
	if want := (attache.StoreStats{Documents: 5, Sentences: 8, Events: 5, Facts: 3}); st != want {
		t.Errorf("stats after recoding = %+v, want %+v", st, want)
	}
	factDocs := func(c attache.Country) []string {
		t.Helper()
		facts, err := s.FindFacts(ctx, attache.EventFilter{Countries: []attache.Country{c}})
		if err != nil {
			t.Fatal(err)
		}
		var docs []string
		for _, f := range facts {
			docs = append(docs, f.Doc+":"+f.Title)
		}
		return docs
	}
	if got := factDocs("UZB"); got != nil {
		t.Errorf("facts with UZB after recoding: %q, want none", got)
	}
	if got, want := factDocs("JPN"), []string{"vn-uz:Recoded"}; !slices.Equal(got, want) {
		t.Errorf("facts with JPN after recoding: %q, want %q", got, want)
	}
	if hits, err := s.SearchSentences(ctx, "agreement", attache.EventFilter{Doc: "vn-uz"}); err != nil || len(hits) != 0 {
		t.Errorf("the old sentences are still indexed: %d hits, %v", len(hits), err)
	}

	// The links of a recoded document stay.
	wire.Sentences = []attache.Sentence{{Span: attache.Span{Start: 0, End: 10}}}
	if err := s.Recode(ctx, &wire, "v2"); err != nil {
		t.Fatal(err)
	}
	if sd, err := s.Document(ctx, "wire"); err != nil || !slices.Equal(sd.Duplicates, []string{"copy"}) {
		t.Errorf("wire after recoding: Duplicates %v, %v; want [copy]", sd.Duplicates, err)
	}

	// An unknown key, or another text, is refused.
	gone := uz
	gone.Key = 9999
	if err := s.Recode(ctx, &gone, "v3"); !errors.Is(err, attache.ErrNotFound) {
		t.Errorf("recoding an unknown key: %v, want ErrNotFound", err)
	}
	edited := uz
	edited.Text += " More."
	if err := s.Recode(ctx, &edited, "v3"); err == nil || !strings.Contains(err.Error(), "differs") {
		t.Errorf("recoding with another text: %v", err)
	}
	if sd, err := s.Document(ctx, "vn-uz"); err != nil || sd.CoderVersion != "v2" {
		t.Errorf("a refused recode changed the document: %v", err)
	}
}
