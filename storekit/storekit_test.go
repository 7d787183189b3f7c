package storekit

import "testing"

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
			if got := MarkOriginal(tt.orig, tt.hl); got != tt.want {
				t.Errorf("MarkOriginal(%q, %q) = %q, want %q", tt.orig, tt.hl, got, tt.want)
			}
		})
	}
}
