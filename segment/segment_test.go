package segment

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"attache"
)

func sentences(t *testing.T, text string, skip ...attache.Span) []string {
	t.Helper()
	res := New().Split(text, skip)
	CheckResult(t, text, res)
	var out []string
	for _, s := range res.Sentences {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

// CheckResult verifies the invariants every split must keep: spans in
// bounds and on rune boundaries, sentences in order and not overlapping,
// tokens inside their sentence.
func CheckResult(t testing.TB, text string, res Result) {
	t.Helper()
	prevEnd := 0
	for i, s := range res.Sentences {
		if s.Start < prevEnd || s.End > len(text) || s.Start >= s.End {
			t.Fatalf("sentence %d span %v out of order or bounds (prev end %d, len %d)", i, s.Span, prevEnd, len(text))
		}
		if !utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End])) {
			t.Fatalf("sentence %d span %v splits a rune", i, s.Span)
		}
		if s.Index != i {
			t.Fatalf("sentence %d has index %d", i, s.Index)
		}
		for k := s.FirstToken; k < s.EndToken; k++ {
			if !s.Contains(res.Tokens[k].Span) {
				t.Fatalf("token %d %v outside sentence %d %v", k, res.Tokens[k].Span, i, s.Span)
			}
		}
		prevEnd = s.End
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"two sentences", "The talks ended. Both sides signed.", []string{"The talks ended.", "Both sides signed."}},
		{"title abbreviation", "Mr. Lam met Dr. Ortiz. They talked.", []string{"Mr. Lam met Dr. Ortiz.", "They talked."}},
		{"U.S. mid-sentence", "The U.S. President arrived in Hanoi.", []string{"The U.S. President arrived in Hanoi."}},
		{"U.S. at the end", "He flew to the U.S. The visit lasted two days.", []string{"He flew to the U.S.", "The visit lasted two days."}},
		{"month abbreviation", "It opened on Jan. 5 in Paris.", []string{"It opened on Jan. 5 in Paris."}},
		{"number abbreviation", "Decree No. 15 took effect.", []string{"Decree No. 15 took effect."}},
		{"initials", "J. R. Smith arrived. He spoke.", []string{"J. R. Smith arrived.", "He spoke."}},
		{"decimal amount", "Trade reached US$159.7 million in 2023. It grew.", []string{"Trade reached US$159.7 million in 2023.", "It grew."}},
		{"bracketed date", "They met today [March 6]. Talks followed.", []string{"They met today [March 6].", "Talks followed."}},
		{"quote closing", `He said: "We agree." Then he left.`, []string{`He said: "We agree."`, "Then he left."}},
		{"quote opening after a full stop", `They met on Monday. "We agree," he said.`, []string{"They met on Monday.", `"We agree," he said.`}},
		{"curly quote opening after a full stop", "They met on Monday. \u201cWe agree,\u201d he said.", []string{"They met on Monday.", "\u201cWe agree,\u201d he said."}},
		{"single quote closing before a space", "Talks ended late.' The next round is in May.", []string{"Talks ended late.'", "The next round is in May."}},
		{"quote then attribution", `"We agree," he said. Talks went on.`, []string{`"We agree," he said.`, "Talks went on."}},
		{"headline line", "Vietnam, Kyrgyzstan to strengthen ties\n\nThe two countries met.", []string{"Vietnam, Kyrgyzstan to strengthen ties", "The two countries met."}},
		{"hard wrap", "The minister said the two\ncountries would sign.", []string{"The minister said the two\ncountries would sign."}},
		{"broken paragraph after comma", "expel Mr Karega,\n\nthe ambassador. Next.", []string{"expel Mr Karega,\n\nthe ambassador.", "Next."}},
		{"lower-case after period", "It was approx. fifty people.", []string{"It was approx. fifty people."}},
		{"question and exclamation", "Why now? Because! Yes.", []string{"Why now?", "Because!", "Yes."}},
		{"ellipsis", "He paused... Then spoke.", []string{"He paused...", "Then spoke."}},
		{"no final punctuation", "The end", []string{"The end"}},
		{"vietnamese names", "Bùi Thanh Sơn met Saidov. Sơn spoke.", []string{"Bùi Thanh Sơn met Saidov.", "Sơn spoke."}},
		{"empty", "", nil},
		{"only spaces", "  \n\n ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentences(t, tt.text)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSplitSkips(t *testing.T) {
	text := "Menu | Login\nThe talks ended.\nRead more\nTeaser headline"
	skipStart := strings.Index(text, "Read more")
	got := sentences(t, text, attache.Span{Start: 0, End: 13}, attache.Span{Start: skipStart, End: len(text)})
	want := []string{"The talks ended."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string // norms
	}{
		{"possessive", "Kyrgyzstan’s leaders", []string{"kyrgyzstan", "'s", "leaders"}},
		{"apostrophe inside", "Côte d'Ivoire", []string{"cote", "d'ivoire"}},
		{"dotted", "the U.S. and U.N. said", []string{"the", "u.s.", "and", "u.n.", "said"}},
		{"money", "US$159.7 million", []string{"us", "$", "159.7", "million"}},
		{"range", "March 17-19", []string{"march", "17", "-", "19"}},
		{"hyphen", "socio-economic", []string{"socio", "-", "economic"}},
		{"thousands", "1,000,000 dollars", []string{"1,000,000", "dollars"}},
		{"diacritics", "Việt Nam", []string{"viet", "nam"}},
		{"ordinal", "the 21st century", []string{"the", "21st", "century"}},
		{"url", "left. (https://example.org/ambassador-summoned-x)", []string{"left", ".", "(", "<url>", ")"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := New().Split(tt.text, nil)
			CheckResult(t, tt.text, res)
			var got []string
			for _, tok := range res.Tokens {
				got = append(got, tok.Norm)
				if tok.End > len(tt.text) {
					t.Fatalf("token %v out of bounds", tok.Span)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"The U.S. said. Mr. X left.", "a\n\nb", "US$1.5 bn [May 3].", "\xff\xfe", "Việt Nam’s “talks”…", "J. ", "U.S"} {
		f.Add(s)
	}
	sp := New()
	f.Fuzz(func(t *testing.T, text string) {
		res := sp.Split(text, nil)
		CheckResult(t, text, res)
	})
}

func BenchmarkSplit(b *testing.B) {
	para := "Prime Minister Pham Minh Chinh held talks with his Kyrgyz counterpart Adylbek Kasymaliev in Hanoi on March 6. " +
		"The two sides agreed to raise two-way trade to US$100 million, up 20% from 2024. Mr. Kasymaliev invited Chinh to visit Bishkek.\n\n"
	text := strings.Repeat(para, 100)
	sp := New()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n += len(sp.Split(text, nil).Sentences)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}
