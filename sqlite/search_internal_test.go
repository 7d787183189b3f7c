package sqlite

import "testing"

func TestFTSQuery(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"words", "Viet Nam", `"viet" "nam"`},
		{"diacritics", "Việt Nam", `"viet" "nam"`},
		{"phrase", `"Hà Nội" talks`, `"ha noi" "talks"`},
		{"operators", "trade OR embassy NOT russia", `"trade" OR "embassy" NOT "russia"`},
		{"lower-case operator is a word", "trade or embassy", `"trade" "or" "embassy"`},
		{"prefix", "uzbek*", `"uzbek"*`},
		{"phrase prefix", `"prime min"*`, `"prime min"*`},
		{"punctuation splits a word", "U.S.-Vietnam", `"u s vietnam"`},
		{"unbalanced quote", `"unbalanced`, `"unbalanced"`},
		{"leading operator", "AND vietnam", `"and vietnam"`},
		{"trailing operator", "vietnam OR", `"vietnam or"`},
		{"two operators", "a AND OR b", `"a and or b"`},
		{"NEAR", "NEAR(a b, 2)", `"near a" "b" "2"`},
		{"column filter", "folded:x", `"folded x"`},
		{"only syntax", `* ( ) : ^ -- ;`, ""},
		{"empty", "", ""},
		{"sql", `'; DROP TABLE events; --`, `"drop" "table" "events"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ftsQuery(tt.in); got != tt.want {
				t.Errorf("ftsQuery(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkOriginal(t *testing.T) {
	tests := []struct{ name, orig, hl, want string }{
		{"ascii", "Vietnam and Russia", "\x01vietnam\x02 and russia", "[Vietnam] and Russia"},
		{"diacritics", "Thủ tướng Phạm Minh Chính", "thu tuong pham minh \x01chinh\x02", "Thủ tướng Phạm Minh [Chính]"},
		{"phrase joined", "in Hà Nội today", "in \x01ha\x02 \x01noi\x02 today", "in [Hà Nội] today"},
		{"not joined across punctuation", "Hà, Nội", "\x01ha\x02, \x01noi\x02", "[Hà], [Nội]"},
		{"longer folded form", "Straße talks", "\x01strasse\x02 talks", "[Straße] talks"},
		{"combining mark kept with letter", "Vie\u0302\u0323t Nam", "\x01viet\x02 nam", "[Vie\u0302\u0323t] Nam"},
		{"mismatch falls back", "something else", "\x01other\x02 text", "[other] text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := markOriginal(tt.orig, tt.hl); got != tt.want {
				t.Errorf("markOriginal(%q, %q) = %q, want %q", tt.orig, tt.hl, got, tt.want)
			}
		})
	}
}
