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
