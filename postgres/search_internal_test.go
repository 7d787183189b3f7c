package postgres

import (
	"strings"
	"testing"

	"attache/fold"
	"attache/storekit"
)

// The cases of the SQLite store's TestFTSQuery, written as tsquery.
func TestTSQuery(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"words", "Viet Nam", `('viet') & ('nam')`},
		{"diacritics", "Việt Nam", `('viet') & ('nam')`},
		{"phrase", `"Hà Nội" talks`, `('ha' <-> 'noi') & ('talks')`},
		{"operators", "trade OR embassy NOT russia", `('trade') | ('embassy') & !('russia')`},
		{"AND", "trade AND embassy", `('trade') & ('embassy')`},
		{"lower-case operator is a word", "trade or embassy", `('trade') & ('or') & ('embassy')`},
		{"prefix", "uzbek*", `('uzbek':*)`},
		{"phrase prefix", `"prime min"*`, `('prime' <-> 'min':*)`},
		{"NOT phrase", `vietnam NOT "viet nam"`, `('vietnam') & !('viet' <-> 'nam')`},
		{"punctuation splits a word", "U.S.-Vietnam", `('u' <-> 's' <-> 'vietnam')`},
		{"unbalanced quote", `"unbalanced`, `('unbalanced')`},
		{"leading operator", "AND vietnam", `('and' <-> 'vietnam')`},
		{"trailing operator", "vietnam OR", `('vietnam' <-> 'or')`},
		{"two operators", "a AND OR b", `('a' <-> 'and' <-> 'or' <-> 'b')`},
		{"NEAR", "NEAR(a b, 2)", `('near' <-> 'a') & ('b') & ('2')`},
		{"column filter", "folded:x", `('folded' <-> 'x')`},
		{"tsquery syntax", `a & !b | c <-> d:*`, `('a') & ('b') & ('c') & ('d':*)`},
		{"quotes", `it's 'x'`, `('it' <-> 's') & ('x')`},
		{"only syntax", `* ( ) : ^ -- ; & | ! <->`, ""},
		{"empty", "", ""},
		{"sql", `'; DROP TABLE events; --`, `('drop') & ('table') & ('events')`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tsQuery(parseQuery(tt.in)); got != tt.want {
				t.Errorf("tsQuery(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseQueryCapsWords(t *testing.T) {
	for _, q := range []string{strings.Repeat("a ", 1000), `"` + strings.Repeat("a ", 1000) + `"`, strings.Repeat("a OR ", 1000)} {
		n := 0
		for _, it := range parseQuery(q) {
			n += len(it.words)
		}
		if n > maxQueryWords {
			t.Errorf("%d words kept, want at most %d", n, maxQueryWords)
		}
	}
}

func TestQuoteLexeme(t *testing.T) {
	if got, want := quoteLexeme(`a'b\c`), `'a''b\\c'`; got != want {
		t.Errorf("quoteLexeme = %s, want %s", got, want)
	}
}

func TestSearchText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Prime Minister Phạm Minh Chính held talks in Hà Nội.", "prime minister pham minh chinh held talks in ha noi"},
		{"U.S.-Vietnam ties, 2024/25: “Straße”", "u s vietnam ties 2024 25 strasse"},
		{"  ", ""},
	}
	for _, tt := range tests {
		if got := searchText(tt.in); got != tt.want {
			t.Errorf("searchText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := searchText(strings.Repeat("word ", maxSearchBytes))
	if len(long) > maxSearchBytes || len(long) < maxSearchBytes-10 {
		t.Errorf("searchText of a long sentence: %d bytes, want about %d", len(long), maxSearchBytes)
	}
}

// TestSnippetMarks checks highlight and storekit.MarkOriginal together: the words a
// query matches, marked on the original text.
func TestSnippetMarks(t *testing.T) {
	tests := []struct{ name, text, query, want string }{
		{"ascii", "Vietnam and Russia", "vietnam", "[Vietnam] and Russia"},
		{"diacritics", "Thủ tướng Phạm Minh Chính", "chinh", "Thủ tướng Phạm Minh [Chính]"},
		{"phrase joined", "in Hà Nội today", `"ha noi"`, "in [Hà Nội] today"},
		{"two words joined", "in Hà Nội today", "ha noi", "in [Hà Nội] today"},
		{"phrase only where whole", "Hà Giang and Nội Bài near Hà Nội", `"ha noi"`, "Hà Giang and Nội Bài near [Hà Nội]"},
		{"not joined across punctuation", "Hà, Nội", "ha noi", "[Hà], [Nội]"},
		{"longer folded form", "Straße talks", "strasse", "[Straße] talks"},
		{"combining mark kept with letter", "Vie\u0302\u0323t Nam", "viet", "[Vie\u0302\u0323t] Nam"},
		{"prefix", "Uzbek and Uzbekistan, not Kazakh", "uzbek*", "[Uzbek] and [Uzbekistan], not Kazakh"},
		{"every occurrence", "talks on talks", "talks", "[talks] on [talks]"},
		{"or", "trade and embassy", "trade OR embassy", "[trade] and [embassy]"},
		{"NOT marks nothing", "Vietnam and Laos", "vietnam NOT kyrgyzstan", "[Vietnam] and Laos"},
		{"fallback phrase matches", "cats and dogs", "AND", "cats [and] dogs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := storekit.MarkOriginal(tt.text, highlight(fold.String(tt.text), parseQuery(tt.query))); got != tt.want {
				t.Errorf("marks for %q in %q = %q, want %q", tt.query, tt.text, got, tt.want)
			}
		})
	}
}
