package fold

import "testing"

func TestString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ascii", "vietnam", "vietnam"},
		{"upper", "Viet Nam", "viet nam"},
		{"vietnamese", "Việt Nam", "viet nam"},
		{"d-stroke", "Đà Nẵng", "da nang"},
		{"tone placement", "hoà", "hoa"},
		{"tone placement alt", "hòa", "hoa"},
		{"curly quote", "Kyrgyzstan’s", "kyrgyzstan's"},
		{"dashes", "Vietnam–Russia—ties", "vietnam-russia-ties"},
		{"turkish", "Türkiye", "turkiye"},
		{"combining", "Vie\u0302\u0323t", "viet"},
		{"german", "Straße", "strasse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := String(tt.in); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func BenchmarkString(b *testing.B) {
	s := "Prime Minister Phạm Minh Chính told his visiting Russian counterpart"
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		_ = String(s)
	}
}

func FuzzIdempotent(f *testing.F) {
	for _, s := range []string{"ǿ", "Việt Nam", "Straße", "Ǿrsted", "ĐÀ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := String(s)
		if twice := String(once); twice != once {
			t.Errorf("String(String(%q)) = %q, String = %q", s, twice, once)
		}
	})
}
