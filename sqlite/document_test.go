package sqlite_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"attache"
	"attache/merge"
)

// wireStory is a wire report written for these tests, long enough (340
// words) that changing a word or two moves its SimHash by a few bits.
const wireStory = `Hà Nội, March 3 (Wire) - Vietnam and Uzbekistan agreed on Monday to double their trade within five years, after talks between the two foreign ministers in the Vietnamese capital that both sides described as frank and productive.
The ministers reviewed cooperation in agriculture, textiles, pharmaceuticals and education, and signed a memorandum on a joint working group that will meet twice a year to remove barriers to the movement of goods.
Uzbek exporters hope to sell more dried fruit, cotton yarn and fertiliser in Southeast Asia, while Vietnamese companies are looking for buyers of coffee, seafood, rubber and electronic components in Central Asia.
Officials said a direct cargo flight between Tashkent and Hồ Chí Minh City could start before the end of the year if the airlines involved reach an agreement on schedules and fees.
The two governments also discussed a scholarship programme that would bring two hundred Uzbek students to Vietnamese universities over the next three years, most of them to study engineering, medicine and tourism.
At a press conference after the meeting, the Vietnamese minister said the relationship had grown steadily since diplomatic ties were established in the early nineteen nineties and that there was room for much more.
His Uzbek counterpart invited Vietnamese investors to a business forum planned for the autumn in Samarkand, where regional authorities will present projects in food processing, logistics and renewable energy.
Trade between the two countries reached about one hundred and sixty million dollars last year, a small figure compared with Vietnam's exchanges with its main partners, but one that has risen every year for a decade.
Analysts in Hà Nội said the distance between the two markets and the cost of transport remained the main obstacles, and that rail links through China could help if customs procedures along the route become simpler.
The ministers agreed to meet again next year in Tashkent to review progress on the plan, and to ask their deputies to prepare a list of concrete projects for the visit of the Uzbek prime minister expected later this year.`

// republished is wireStory as another site ran it, two words changed.
var republished = strings.NewReplacer("double their trade", "triple their trade", "dried fruit", "fresh fruit").
	Replace(wireStory)

// corrected is wireStory with the day of the talks corrected.
var corrected = strings.Replace(wireStory, "on Monday", "on Tuesday", 1)

// otherStory is a different report, about a different meeting.
const otherStory = `Bishkek, May 12 - Kyrgyzstan's parliament approved a law on water use in agriculture on Thursday after months of debate over how much farmers in the south should pay for irrigation.
The law sets up regional councils that will divide water between villages each spring, and gives the ministry of agriculture the power to fine users who take more than their share during droughts.
Opponents said the fees would hurt small farms already struggling with the rising price of fuel and seed, and promised to ask the constitutional court to review several articles of the text.
Supporters answered that the old canals lose almost half of the water they carry and that the money raised would go to repairs, starting with the oldest channels in the Fergana valley next summer.
The president is expected to sign the law within a month; it would take effect at the start of next year.`

// textDoc is a document of one text, one sentence, no coding.
func textDoc(id, text string) *attache.Document {
	return &attache.Document{ID: id, Publisher: "Wire", Title: id, Lang: "en", RefDate: mustDate("2025-03-03"),
		Text: text, Sentences: []attache.Sentence{{Span: attache.Span{Start: 0, End: len(text)}}}}
}

func TestNearDuplicateTexts(t *testing.T) {
	// The fixture texts must be what the tests below say they are.
	wire := merge.Fingerprint(wireStory)
	for _, tt := range []struct {
		name string
		text string
		near bool
	}{
		{"republished", republished, true},
		{"corrected", corrected, true},
		{"other", otherStory, false},
	} {
		if d := merge.Distance(wire, merge.Fingerprint(tt.text)); merge.Near(wire, merge.Fingerprint(tt.text)) != tt.near {
			t.Errorf("%s is %d bits from the wire story: want near %v", tt.name, d, tt.near)
		}
	}
}

func TestSaveDocuments(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	docs := fixture()
	mustSave(t, s, docs[2]) // kg-vn is stored already
	renamed := *docs[0]
	renamed.ID = "vn-uz-renamed" // the same text as vn-uz under another ID
	batch := []*attache.Document{docs[0], docs[1], docs[2], &renamed, docs[1]}
	res, err := s.SaveDocuments(ctx, batch, "test")
	if err != nil {
		t.Fatal(err)
	}
	want := []attache.SaveResult{
		{New: true, Events: 2, Facts: 2},
		{New: true, Events: 2, Facts: 1},
		{New: false},
		{New: false},
		{New: false},
	}
	if !slices.Equal(res, want) {
		t.Errorf("SaveDocuments = %+v, want %+v", res, want)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := (attache.StoreStats{Documents: 3, Sentences: 8, Events: 6, Facts: 4}); st != want {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	if _, err := s.Document(ctx, "vn-uz-renamed"); !errors.Is(err, attache.ErrNotFound) {
		t.Errorf("the repeated text was stored under its second ID: %v", err)
	}

	// All stored: nothing to do, every result not new.
	res, err = s.SaveDocuments(ctx, docs, "test")
	if err != nil {
		t.Fatal(err)
	}
	if want := make([]attache.SaveResult, 3); !slices.Equal(res, want) {
		t.Errorf("saving again = %+v, want %+v", res, want)
	}

	// An empty batch is no work.
	if res, err := s.SaveDocuments(ctx, nil, "test"); err != nil || len(res) != 0 {
		t.Errorf("SaveDocuments(nil) = %v, %v", res, err)
	}
	// A nil document is an error, not a panic.
	if _, err := s.SaveDocuments(ctx, []*attache.Document{textDoc("x", "A new text."), nil}, "test"); err == nil ||
		!strings.Contains(err.Error(), "document 2 of 2 is nil") {
		t.Errorf("a nil document: err = %v", err)
	}
	if _, err := s.SaveDocument(ctx, nil, "test"); err == nil {
		t.Error("SaveDocument(nil): no error")
	}
}

// TestSaveDocumentsRollback saves a batch whose third document breaks a
// constraint after the first two were inserted: nothing of the batch may
// remain, and the error must name the document.
func TestSaveDocumentsRollback(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	docs := fixture()
	bad := docs[2]
	bad.Events[1].ID = bad.Events[0].ID
	batch := []*attache.Document{docs[0], docs[1], bad, textDoc("wire", wireStory)}
	_, err := s.SaveDocuments(ctx, batch, "test")
	if err == nil {
		t.Fatal("a batch with a bad document saved without error")
	}
	for _, part := range []string{"document kg-vn", "3 of the batch", "none saved", "insert event kg-vn#0"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not say %q", err, part)
		}
	}
	if st, err := s.Stats(ctx); err != nil || st != (attache.StoreStats{}) {
		t.Errorf("after a failed batch the store holds %+v (%v), want nothing", st, err)
	}
	if hits, err := s.SearchSentences(ctx, "uzbekistan", attache.EventFilter{}); err != nil || len(hits) != 0 {
		t.Errorf("sentence index after a failed batch: %d hits, %v", len(hits), err)
	}
	if _, err := s.Document(ctx, "vn-uz"); !errors.Is(err, attache.ErrNotFound) {
		t.Errorf("Document(vn-uz) after a failed batch: %v, want not found", err)
	}

	// Nothing was left behind: the corrected batch saves in full.
	bad.Events[1].ID = "kg-vn#1"
	res, err := s.SaveDocuments(ctx, batch, "test")
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if !r.New {
			t.Errorf("document %s: New = false after the failed batch", batch[i].ID)
		}
	}
	// The near-duplicate table was rolled back too: no stale links.
	sd, err := s.Document(ctx, "wire")
	if err != nil {
		t.Fatal(err)
	}
	if len(sd.Duplicates) != 0 {
		t.Errorf("wire has near-duplicates %q, want none", sd.Duplicates)
	}
}

func TestDocument(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	at := time.Date(2025, 3, 4, 10, 30, 0, 0, time.UTC)
	s.Now = func() time.Time { return at }
	docs := fixture()
	if _, err := s.SaveDocuments(ctx, docs, "v7"); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		t.Run(d.ID, func(t *testing.T) {
			sd, err := s.Document(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			if sd.Key <= 0 || sd.CoderVersion != "v7" || !sd.StoredAt.Equal(at) || sd.Duplicates != nil {
				t.Errorf("Key %d, CoderVersion %q, StoredAt %v, Duplicates %q; want a key, v7, %v, none",
					sd.Key, sd.CoderVersion, sd.StoredAt, sd.Duplicates, at)
			}
			want := *d
			want.Facts = slices.Clone(d.Facts)
			for i := range want.Facts {
				want.Facts[i].Parties = slices.Sorted(slices.Values(want.Facts[i].Parties)) // stored sorted
			}
			if !reflect.DeepEqual(sd.Document, want) {
				t.Errorf("round trip:\n got %s\nwant %s", jsonOf(sd.Document), jsonOf(want))
			}
		})
	}

	_, err := s.Document(ctx, "no-such-doc")
	if !errors.Is(err, attache.ErrNotFound) {
		t.Errorf("unknown ID: err = %v, want ErrNotFound", err)
	}
	if err != nil && !strings.Contains(err.Error(), `document "no-such-doc"`) {
		t.Errorf("error %q does not name the document", err)
	}
}

// TestDocumentEventOrder checks that events come back in sentence order,
// and in stored order within a sentence.
func TestDocumentEventOrder(t *testing.T) {
	s := MustOpenDB(t)
	d := newDoc("order", "Wire", "2024-05-01", "First sentence.", "Second sentence.", "Third sentence.")
	addEvent(d, 2, "VNM", "UZB", "040", "2024-05-01")
	addEvent(d, 0, "VNM", "RUS", "042", "2024-05-01")
	addEvent(d, 2, "VNM", "KGZ", "051", "2024-05-01")
	addEvent(d, 1, "VNM", "JPN", "057", "2024-05-01")
	mustSave(t, s, d)
	sd, err := s.Document(context.Background(), "order")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range sd.Events {
		got = append(got, e.ID)
	}
	if want := []string{"order#1", "order#3", "order#0", "order#2"}; !slices.Equal(got, want) {
		t.Errorf("events in order %q, want %q", got, want)
	}
}

// TestDocumentSameID stores two texts under one ID: Document returns the
// later one.
func TestDocumentSameID(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	mustSave(t, s, textDoc("story", otherStory))
	mustSave(t, s, textDoc("story", wireStory))
	sd, err := s.Document(ctx, "story")
	if err != nil {
		t.Fatal(err)
	}
	if sd.Text != wireStory {
		t.Errorf("Document returned the earlier text %.40q", sd.Text)
	}
	if sd.Duplicates != nil {
		t.Errorf("Duplicates = %q, want none: the texts are unrelated", sd.Duplicates)
	}
}

func TestDuplicates(t *testing.T) {
	ctx := context.Background()
	s := MustOpenDB(t)
	// In one batch: a document is linked to the near-duplicates saved
	// before it in the same transaction.
	if _, err := s.SaveDocuments(ctx, []*attache.Document{
		textDoc("wire", wireStory), textDoc("other", otherStory), textDoc("copy", republished),
		// Texts without words have no fingerprint, and are nobody's
		// near-duplicates.
		textDoc("dash", "—"), textDoc("stars", "* * *"),
	}, "test"); err != nil {
		t.Fatal(err)
	}
	check := func(id string, want []string) {
		t.Helper()
		sd, err := s.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sd.Duplicates, want) {
			t.Errorf("Document(%s).Duplicates = %q, want %q", id, sd.Duplicates, want)
		}
	}
	check("wire", []string{"copy"})
	check("copy", []string{"wire"})
	check("other", nil)
	check("dash", nil)
	check("stars", nil)

	// Later, in a transaction of its own: the corrected story under the
	// wire's own ID is a near-duplicate of the first version and of the
	// copy. Document("wire") is now the corrected one.
	mustSave(t, s, textDoc("wire", corrected))
	check("wire", []string{"copy", "wire"})
	check("copy", []string{"wire"}) // two documents, one ID
	check("other", nil)
}
