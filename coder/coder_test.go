package coder

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"attache"
	"attache/cameo"
	"attache/clean"
	"attache/lexicon"
	"attache/segment"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var (
	sharedOnce  sync.Once
	sharedCoder *Coder
	sharedErr   error
)

// testCoder loads the built-in lexicon once for all tests.
func testCoder(t testing.TB) *Coder {
	t.Helper()
	sharedOnce.Do(func() {
		lex, err := lexicon.Load()
		if err != nil {
			sharedErr = err
			return
		}
		cb, err := cameo.Builtin()
		if err != nil {
			sharedErr = err
			return
		}
		sharedCoder = New(lex, cb, nil)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedCoder
}

// codeText runs clean, split and the coder over text.
func codeText(t testing.TB, text, ref string) *attache.Document {
	t.Helper()
	r, err := attache.ParseDate(ref)
	if err != nil {
		t.Fatal(err)
	}
	d := &attache.Document{ID: "t", Text: text, RefDate: r, Lang: "en"}
	d.Leftovers = clean.Leftovers(d.Text, d.Lang)
	res := segment.New().Split(d.Text, clean.Skips(d.Leftovers))
	d.Sentences, d.Tokens = res.Sentences, res.Tokens
	if err := testCoder(t).Process(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	for _, e := range d.Events {
		if e.Evidence.Text != d.Text[e.Evidence.Start:e.Evidence.End] {
			t.Fatalf("evidence %q is not text[%d:%d]", e.Evidence.Text, e.Evidence.Start, e.Evidence.End)
		}
	}
	return d
}

// keys renders events as "SRC>TGT CODE DATE".
func keys(d *attache.Document) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range d.Events {
		k := fmt.Sprintf("%s>%s %s %s", e.Source.Country, e.Target.Country, e.Code, e.Date)
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func TestConstructions(t *testing.T) {
	tests := []struct {
		name, text, ref string
		want            []string // events that must be coded
		not             []string // events that must not be
	}{
		{"active visit with host reply",
			"Japanese Prime Minister Shigeru Ishiba paid an official visit to Vietnam on April 27.", "2025-04-28",
			[]string{"JPN>VNM 042 2025-04-27", "VNM>JPN 043 2025-04-27"}, nil},
		{"host receives guest",
			"President Luong Cuong received the visiting Indian Defence Minister in Hanoi on Monday.", "2025-06-19",
			[]string{"VNM>IND 043 2025-06-16", "IND>VNM 042 2025-06-16"}, nil},
		{"passive voice",
			"The Argentine foreign minister was received by Brazil's President in Brasilia.", "2025-03-12",
			[]string{"BRA>ARG 043 2025-03-12"}, nil},
		{"coordination is symmetric",
			"Vietnam and Uzbekistan agreed to expand cooperation in education.", "2025-01-07",
			[]string{"VNM>UZB 030 2025-01-07", "UZB>VNM 030 2025-01-07"}, nil},
		{"talks with are symmetric",
			"Indian Prime Minister Narendra Modi held talks with his Bangladeshi counterpart Sheikh Hasina in New Delhi.", "2022-09-06",
			[]string{"IND>BGD 040 2022-09-06", "BGD>IND 040 2022-09-06"}, nil},
		{"reported speech",
			`Vietnam is ready to work closely with Russia, Prime Minister Pham Minh Chinh told his visiting Russian counterpart Mikhail Mishustin on January 14.`, "2025-01-14",
			[]string{"RUS>VNM 042 2025-01-14"}, nil},
		{"participial opening",
			"Congratulating Kazakhstan on its achievements, Vietnamese President To Lam said the two countries share many interests.", "2024-10-30",
			[]string{"VNM>KAZ 051 2024-10-30"}, nil},
		{"surname after first mention",
			"Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi. Ruto thanked Ethiopia for its support.", "2024-02-29",
			[]string{"KEN>ETH 051 2024-02-29"}, nil},
		{"pronoun",
			"Canadian Prime Minister Mark Carney spoke by phone with Mexican President Claudia Sheinbaum. He congratulated Mexico on its economic growth.", "2025-06-11",
			[]string{"CAN>MEX 051 2025-06-11"}, nil},
		{"the two sides",
			"Poland and Germany held consultations in Warsaw. The two sides agreed to strengthen air defence cooperation.", "2025-09-12",
			[]string{"POL>DEU 0312 2025-09-12", "DEU>POL 0312 2025-09-12"}, nil},
		{"planned visit is not a visit",
			"Prime Minister Pham Minh Chinh will visit Japan next month.", "2025-04-28",
			nil, []string{"VNM>JPN 042 2025-05"}},
		{"negated signing",
			"Argentina and Brazil did not sign the gas agreement.", "2025-03-12",
			nil, []string{"ARG>BRA 057 2025-03-12", "BRA>ARG 057 2025-03-12"}},
		{"background date",
			"The two leaders first met at the BRICS summit in Kazan, Russia, in October 2024.", "2025-01-07",
			nil, []string{"RUS>RUS 044 2024-10"}},
		{"condemnation",
			"China condemned the Philippines for sending vessels to the shoal.", "2025-06-04",
			[]string{"CHN>PHL 111 2025-06-04"}, nil},
		{"field of cooperation sharpens intent",
			"Kenya and Ethiopia agreed to boost cooperation in trade and investment.", "2024-02-29",
			[]string{"KEN>ETH 0311 2024-02-29", "ETH>KEN 0311 2024-02-29"}, nil},
		{"meeting in a third country",
			"Indian Foreign Minister S. Jaishankar met his Bangladeshi counterpart in Muscat on Sunday.", "2025-02-17",
			[]string{"IND>BGD 044 2025-02-16", "BGD>IND 044 2025-02-16"}, nil},
		{"talks in a party's capital imply a visit",
			"Cuban President Miguel Diaz-Canel held talks with his Vietnamese counterpart To Lam in Havana on Thursday.", "2024-09-27",
			[]string{"VNM>CUB 042 2024-09-26", "CUB>VNM 043 2024-09-26", "CUB>VNM 040 2024-09-26"}, nil},
		{"enumerated days",
			"Pakistan summoned the Indian deputy high commissioner on October 25, 26 and 28.", "2016-11-01",
			[]string{"PAK>IND 114 2016-10-25", "PAK>IND 114 2016-10-26", "PAK>IND 114 2016-10-28"}, nil},
		{"passive with agent",
			"The Indian envoy was summoned by Pakistan on Tuesday.", "2016-11-01",
			[]string{"PAK>IND 114 2016-11-01"}, nil},
		{"bare title acts for the other party",
			"India and Pakistan traded accusations. The Foreign Office summoned the Indian envoy on Tuesday.", "2016-11-01",
			[]string{"PAK>IND 114 2016-11-01"}, nil},
		{"proposed clause is no act",
			"Vietnam and Uzbekistan held talks. She suggested that both sides sign an agreement on visas.", "2025-01-07",
			nil, []string{"VNM>UZB 057 2025-01-07"}},
		{"domestic act",
			"Prime Minister Pham Minh Chinh instructed the ministries to speed up the railway projects.", "2025-04-28",
			[]string{"VNM>VNM 100 2025-04-28"}, nil},
		{"relative clause without an actor",
			"Australia delivered relief supplies to Indonesia after the eruption, which killed nine people.", "2024-11-14",
			[]string{"AUS>IDN 073 2024-11-14"}, []string{"AUS>IDN 190 2024-11-14"}},
		{"place is not an actor",
			"Uzbek President Shavkat Mirziyoyev met Vietnamese Prime Minister Pham Minh Chinh in Kazan.", "2024-10-23",
			nil, []string{"UZB>RUS 040 2024-10-23", "VNM>RUS 040 2024-10-23"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := codeText(t, tt.text, tt.ref)
			got := keys(d)
			have := map[string]bool{}
			for _, k := range got {
				have[k] = true
			}
			for _, w := range tt.want {
				if !have[w] {
					t.Errorf("missing %s; got %v", w, got)
				}
			}
			for _, n := range tt.not {
				if have[n] {
					t.Errorf("coded %s, which the text does not assert", n)
				}
			}
		})
	}
}

// TestGolden codes the articles in testdata and compares the events and
// facts with the golden files; run with -update to rewrite them.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	if len(files) == 0 {
		t.Fatal("no golden articles in testdata")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ref, text, _ := strings.Cut(string(raw), "\n")
			d := codeText(t, text, strings.TrimPrefix(ref, "ref "))
			var b strings.Builder
			for _, k := range keys(d) {
				b.WriteString("event " + k + "\n")
			}
			for _, f := range d.Facts {
				fmt.Fprintf(&b, "fact %s %v title=%q level=%q status=%q period=%q value=%.0f percent=%g date=%s\n",
					f.Kind, f.Parties, f.Title, f.Level, f.Status, f.Period, f.Value, f.Percent, f.Date)
			}
			golden := strings.TrimSuffix(f, ".txt") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./coder -update)", err)
			}
			if b.String() != string(want) {
				t.Errorf("output differs from %s (run go test ./coder -update and review the diff):\n%s", golden, b.String())
			}
		})
	}
}

func BenchmarkCode(b *testing.B) {
	raw, err := os.ReadFile("testdata/state_visit.txt")
	if err != nil {
		b.Fatal(err)
	}
	ref, text, _ := strings.Cut(string(raw), "\n")
	r, _ := attache.ParseDate(strings.TrimPrefix(ref, "ref "))
	c := testCoder(b)
	sp := segment.New()
	res := sp.Split(text, nil)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	sentences := 0
	for b.Loop() {
		d := &attache.Document{ID: "b", Text: text, RefDate: r, Sentences: res.Sentences, Tokens: res.Tokens}
		if err := c.Process(context.Background(), d); err != nil {
			b.Fatal(err)
		}
		sentences += len(d.Sentences)
	}
	b.ReportMetric(float64(sentences)/b.Elapsed().Seconds(), "sentences/s")
}

// FuzzCode runs the whole coder over arbitrary text: it must not panic,
// and every event's evidence must be the text it points at.
func FuzzCode(f *testing.F) {
	for _, s := range []string{
		"Vietnam and Uzbekistan agreed to expand cooperation on January 7.",
		"Kenyan President William Ruto met Ethiopian Prime Minister Abiy Ahmed in Nairobi. Ruto thanked Ethiopia.",
		"The Foreign Office summoned the Indian envoy on October 25, 26 and 28 (https://x.example/a).",
		"“We agree,” he said. They signed a Memorandum of Understanding on Trade; trade reached US$1.5 billion in 2024, up 3%.",
		"\xff\xfe(((( ,,, and and the two sides",
	} {
		f.Add(s, "2025-01-07")
	}
	f.Fuzz(func(t *testing.T, text, ref string) {
		if _, err := attache.ParseDate(ref); err != nil {
			return
		}
		codeText(t, text, ref) // checks evidence spans
	})
}

// TestNoEventsFromLeftovers codes a page whose menus, captions and "most
// read" teasers are full of event language: nothing may come from them.
func TestNoEventsFromLeftovers(t *testing.T) {
	text := "Home | World | Business | Login\n\n" +
		"Japan and Vietnam sign rail deal\n\n" +
		"Japanese Prime Minister Shigeru Ishiba held talks with Prime Minister Pham Minh Chinh in Hanoi on Monday.\n\n" +
		"Russia condemned Ukraine over the attack. - Photo 1\n\n" +
		"Most read\n" +
		"China and India sign border pact\n\n" +
		"France protests Iran's detention of two citizens\n\n" +
		"COMMENTS (0)\n"
	d := codeText(t, text, "2025-04-28")
	for _, l := range d.Leftovers {
		for _, e := range d.Events {
			if e.Evidence.Overlaps(l.Span) {
				t.Errorf("event %s>%s %s comes from a leftover (%s): %q", e.Source.Country, e.Target.Country, e.Code, l.Reason, e.Evidence.Text)
			}
		}
		for _, f := range d.Facts {
			if f.Evidence != nil && f.Evidence.Overlaps(l.Span) {
				t.Errorf("fact %s comes from a leftover: %q", f.Kind, f.Evidence.Text)
			}
		}
	}
	have := map[string]bool{}
	for _, k := range keys(d) {
		have[k] = true
	}
	if !have["JPN>VNM 040 2025-04-28"] {
		t.Errorf("the story's own talks were lost: %v", keys(d))
	}
	for _, c := range []attache.Country{"RUS", "UKR", "CHN", "IND", "FRA", "IRN"} {
		for _, e := range d.Events {
			if e.Source.Country == c || e.Target.Country == c {
				t.Errorf("event with %s from the page's leftovers: %q", c, e.Evidence.Text)
			}
		}
	}
}
