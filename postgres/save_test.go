package postgres_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"attache"
	"attache/merge"
	"attache/postgres"
)

func mustSaveBatch(tb testing.TB, s *postgres.Store, docs ...*attache.Document) []attache.SaveResult {
	tb.Helper()
	res, err := s.SaveDocuments(context.Background(), docs, "test")
	if err != nil {
		tb.Fatal(err)
	}
	if len(res) != len(docs) {
		tb.Fatalf("SaveDocuments returned %d results for %d documents", len(res), len(docs))
	}
	return res
}

func mustStats(tb testing.TB, s *postgres.Store) attache.StoreStats {
	tb.Helper()
	st, err := s.Stats(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

func TestSaveDocuments(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	docs := fixture()
	uz, ru, kg := docs[0], docs[1], docs[2]
	renamed := *uz // the same text under another ID
	renamed.ID = "vn-uz-copy"
	res := mustSaveBatch(t, s, uz, ru, &renamed, uz, kg)
	want := []attache.SaveResult{
		{New: true, Events: 2, Facts: 2},
		{New: true, Events: 2, Facts: 1},
		{}, // the text of uz, earlier in the batch
		{},
		{New: true, Events: 2, Facts: 1},
	}
	if !slices.Equal(res, want) {
		t.Errorf("SaveDocuments = %+v, want %+v", res, want)
	}
	if st := mustStats(t, s); st != (attache.StoreStats{Documents: 3, Sentences: 8, Events: 6, Facts: 4}) {
		t.Errorf("stats = %+v", st)
	}
	if _, err := s.Document(ctx, "vn-uz-copy"); !errors.Is(err, attache.ErrNotFound) {
		t.Errorf("the repeated text was stored under its second ID: %v", err)
	}

	// A second batch: what is stored is not new, the rest is.
	other := newDoc("other", "Wire", "2025-02-01", "A text the store has not seen.")
	res = mustSaveBatch(t, s, kg, other)
	if want := []attache.SaveResult{{}, {New: true}}; !slices.Equal(res, want) {
		t.Errorf("second batch = %+v, want %+v", res, want)
	}
	// Nothing to do.
	if res, err := s.SaveDocuments(ctx, nil, "test"); err != nil || len(res) != 0 {
		t.Errorf("empty batch: %v, %v", res, err)
	}
	if res := mustSaveBatch(t, s, uz, ru); res[0].New || res[1].New {
		t.Errorf("a batch of stored documents: %+v", res)
	}
	if st := mustStats(t, s); st.Documents != 4 {
		t.Errorf("documents = %d, want 4", st.Documents)
	}
	// The batch's documents are found like the ones saved one at a time.
	evs, _, err := s.FindEvents(ctx, attache.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := eventKeys(evs), []string{"vn-ru:051", "vn-ru:042", "vn-uz:040", "vn-uz:057", "kg-vn:036", "kg-vn:051"}; !slices.Equal(got, want) {
		t.Errorf("events = %q, want %q", got, want)
	}
	if hits, err := s.SearchSentences(ctx, "uzbekistan", attache.EventFilter{}); err != nil || len(hits) != 1 {
		t.Errorf("search: %d hits, %v", len(hits), err)
	}
}

// manyDocs returns n distinct documents of the benchmarks, enough that a
// batch of them is written with COPY.
func manyDocs(n int) []*attache.Document {
	docs := make([]*attache.Document, n)
	for i := range docs {
		docs[i] = benchDoc(i)
	}
	return docs
}

// TestSaveDocumentsRollback breaks one document of a batch in the ways
// only the server sees, in a small batch (one pipeline of statements) and
// a large one (COPY): the error names the document and the row, and
// nothing of the batch is stored.
func TestSaveDocumentsRollback(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		docs  func() []*attache.Document
		bad   int
		spoil func(d *attache.Document)
		want  string
	}{
		{"small, duplicate event ID", fixture, 1,
			func(d *attache.Document) { d.Events[1].ID = d.Events[0].ID },
			"save documents (batch of 3, none saved): document vn-ru (2 of the batch): insert event vn-ru#0"},
		{"small, bad mode", fixture, 2,
			func(d *attache.Document) { d.Events[0].Mode = 9 },
			"save documents (batch of 3, none saved): document kg-vn (3 of the batch): insert event kg-vn#0"},
		{"COPY, duplicate event ID", func() []*attache.Document { return manyDocs(30) }, 13,
			func(d *attache.Document) { d.Events[3].ID = d.Events[1].ID },
			"save documents (batch of 30, none saved): document bench-13 (14 of the batch): insert event bench-13#1"},
		{"COPY, bad evidence span", func() []*attache.Document { return manyDocs(30) }, 29,
			func(d *attache.Document) { d.Events[4].Evidence.Start = d.Events[4].Evidence.End + 1 },
			"save documents (batch of 30, none saved): document bench-29 (30 of the batch): insert event bench-29#4"},
		{"COPY, first document", func() []*attache.Document { return manyDocs(30) }, 0,
			func(d *attache.Document) { d.Events[0].Mode = 9 },
			"save documents (batch of 30, none saved): document bench-0 (1 of the batch): insert event bench-0#0"},
		{"refused before sending", fixture, 1,
			func(d *attache.Document) { d.Sentences[0].End = len(d.Text) + 1 },
			"save documents (batch of 3, none saved): document vn-ru (2 of the batch): sentence 0: span"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := MustOpenDB(t)
			docs := tt.docs()
			tt.spoil(docs[tt.bad])
			_, err := s.SaveDocuments(ctx, docs, "test")
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nwant it to contain %q", err, tt.want)
			}
			if st := mustStats(t, s); st != (attache.StoreStats{}) {
				t.Errorf("after a failed batch the store holds %+v", st)
			}
			if _, err := s.Document(ctx, docs[0].ID); !errors.Is(err, attache.ErrNotFound) {
				t.Errorf("the batch's first document: %v, want not found", err)
			}
			// Nothing was left behind: the batch without the broken
			// document saves whole.
			docs = slices.Delete(docs, tt.bad, tt.bad+1)
			for _, r := range mustSaveBatch(t, s, docs...) {
				if !r.New {
					t.Fatalf("saving the rest: %+v", r)
				}
			}
		})
	}
}

// TestSaveDocumentsConcurrent saves one set of documents from two stores
// at once, in opposite orders and overlapping batches: no deadlock, no
// error, and each document is new exactly once.
func TestSaveDocumentsConcurrent(t *testing.T) {
	ctx := context.Background()
	dsn := NewSchema(t)
	stores := []*postgres.Store{mustOpen(t, dsn), mustOpen(t, dsn)}
	const n, batch = 120, 20
	docs := manyDocs(n)
	reversed := slices.Clone(docs)
	slices.Reverse(reversed)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		saved = map[string]int{}
	)
	for w, order := range [][]*attache.Document{docs, reversed} {
		wg.Go(func() {
			for i := 0; i < n; i += batch {
				res, err := stores[w].SaveDocuments(ctx, order[i:i+batch], "test")
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for j, r := range res {
					if r.New {
						saved[order[i+j].ID]++
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(saved) != n {
		t.Errorf("%d documents saved, want %d", len(saved), n)
	}
	for id, k := range saved {
		if k != 1 {
			t.Errorf("%s: new %d times", id, k)
		}
	}
	if st := mustStats(t, stores[0]); st.Documents != n || st.Events != 5*n {
		t.Errorf("stats = %+v", st)
	}
}

// Texts for the near-duplicate tests, written for them. nearBase with
// "autumn" changed to "spring" fingerprints 1 bit away, with "governors"
// changed to "leaders" 2 bits; unrelatedText is far from all, but the
// same words with other punctuation fingerprint alike.
const nearBase = `The harbour authorities of two riverside provinces agreed on Thursday to share dredging crews along the lower channel. ` +
	`Under the plan, barges carrying rice and timber will be given night berths at both ports, and inspectors will sign a single customs form. ` +
	`The provincial governors met at the old ferry terminal, where they toured a warehouse rebuilt after last year's flood. ` +
	`Shipping firms welcomed the move, saying that delays at the locks had cost them weeks of trade each season. ` +
	`A joint committee will report on progress before the monsoon rains return in the autumn.`

const unrelatedText = `A choir from a mountain village won the national folk song contest on Sunday evening. ` +
	`Its twelve singers, most of them tea farmers, performed three songs about harvest and weddings. ` +
	`The judges praised their harmonies and the handmade drums that accompanied them.`

// textDoc returns a document of one sentence, text.
func textDoc(id, text string) *attache.Document {
	return newDoc(id, "Wire", "2025-03-01", text)
}

func duplicatesOf(t *testing.T, s *postgres.Store, id string) []string {
	t.Helper()
	d, err := s.Document(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return d.Duplicates
}

func TestNearDuplicates(t *testing.T) {
	spring := strings.Replace(nearBase, "autumn", "spring", 1)
	leaders := strings.Replace(nearBase, "governors", "leaders", 1)
	fp := merge.Fingerprint
	for _, c := range []struct {
		a, b     string
		min, max int
	}{{nearBase, spring, 1, 3}, {nearBase, leaders, 1, 3}, {nearBase, unrelatedText, 4, 64}} {
		if d := merge.Distance(fp(c.a), fp(c.b)); d < c.min || d > c.max {
			t.Fatalf("fixture: fingerprints %d bits apart, want %d..%d: change the texts", d, c.min, c.max)
		}
	}
	s := MustOpenDB(t)
	mustSave(t, s, textDoc("base", nearBase), textDoc("unrelated", unrelatedText))
	// One alone, one in a batch with a near-duplicate of its own and an
	// unrelated text.
	mustSave(t, s, textDoc("spring", spring))
	mustSaveBatch(t, s, textDoc("leaders", leaders), textDoc("unrelated-2", strings.ReplaceAll(unrelatedText, ".", "!")),
		textDoc("leaders-again", leaders+" "))
	tests := []struct {
		id   string
		want []string
	}{
		{"base", []string{"leaders", "leaders-again", "spring"}},
		{"spring", []string{"base", "leaders", "leaders-again"}},
		{"leaders", []string{"base", "leaders-again", "spring"}},
		{"leaders-again", []string{"base", "leaders", "spring"}},
		{"unrelated", []string{"unrelated-2"}},
		{"unrelated-2", []string{"unrelated"}},
	}
	for _, tt := range tests {
		if got := duplicatesOf(t, s, tt.id); !slices.Equal(got, tt.want) {
			t.Errorf("duplicates of %s = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// TestNearDuplicatesNoWords checks that texts without words, whose
// fingerprints are all alike, are no one's near-duplicates.
func TestNearDuplicatesNoWords(t *testing.T) {
	s := MustOpenDB(t)
	mustSaveBatch(t, s, textDoc("dots", "..."), textDoc("dashes", "— — —"), textDoc("text", nearBase))
	mustSave(t, s, textDoc("stars", "* * *"))
	for _, id := range []string{"dots", "dashes", "stars", "text"} {
		if got := duplicatesOf(t, s, id); len(got) != 0 {
			t.Errorf("duplicates of %s = %q, want none", id, got)
		}
	}
}

// TestNearDuplicatesMany checks that the links of a large batch are those
// of saving its documents one by one.
func TestNearDuplicatesMany(t *testing.T) {
	ctx := context.Background()
	docs := manyDocs(200) // alike: many share a band, some are near
	one, batch := MustOpenDB(t), MustOpenDB(t)
	mustSave(t, one, docs...)
	mustSaveBatch(t, batch, docs[:120]...)
	mustSaveBatch(t, batch, docs[120:]...)
	links := 0
	for _, d := range docs {
		a, err := one.Document(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := batch.Document(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(a.Duplicates, b.Duplicates) {
			t.Errorf("%s: duplicates %q saved one by one, %q in batches", d.ID, a.Duplicates, b.Duplicates)
		}
		links += len(a.Duplicates)
		if !slices.IsSorted(a.Duplicates) || slices.Contains(a.Duplicates, d.ID) {
			t.Errorf("%s: duplicates %q", d.ID, a.Duplicates)
		}
	}
	if links == 0 {
		t.Error("no near-duplicates among the benchmark documents: the test tests nothing")
	}
	t.Logf("%d links", links/2)
}

// TestSaveReadOnly saves to a store the server will not write: the error
// says so and is marked attache.ErrStoreUnavailable, so that ingestion
// stops rather than trying every document.
func TestSaveReadOnly(t *testing.T) {
	dsn := NewSchema(t)
	mustOpen(t, dsn) // creates the tables
	param := " default_transaction_read_only=on"
	if strings.Contains(dsn, "://") {
		param = "&default_transaction_read_only=on" // after ?search_path=…
	}
	ro := mustOpen(t, dsn+param)
	for name, save := range map[string]func() error{
		"one": func() error {
			_, err := ro.SaveDocument(context.Background(), fixture()[0], "test")
			return err
		},
		"batch": func() error {
			_, err := ro.SaveDocuments(context.Background(), fixture(), "test")
			return err
		},
	} {
		err := save()
		if !errors.Is(err, attache.ErrStoreUnavailable) || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("%s: saving to a read-only store: %v", name, err)
		}
	}
	// A bad document is not the store's fault.
	d := fixture()[0]
	d.Text = "\x00"
	if _, err := ro.SaveDocument(context.Background(), d, "test"); err == nil || errors.Is(err, attache.ErrStoreUnavailable) {
		t.Errorf("a document with a NUL byte: %v", err)
	}
	if _, err := ro.SaveDocuments(context.Background(), []*attache.Document{fixture()[0], nil}, "test"); err == nil ||
		!strings.Contains(err.Error(), "document 2 of the batch is nil") {
		t.Errorf("a nil document: %v", err)
	}
}
