package cameo

import (
	"fmt"
	"strings"
	"testing"
)

func TestBuiltinCodebook(t *testing.T) {
	cb, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if cb.Len() < 300 {
		t.Errorf("only %d codes", cb.Len())
	}
	for _, c := range cb.Codes() {
		e, _ := cb.Lookup(c)
		if !cb.Has(c.Root()) || !cb.Has(c.Parent()) {
			t.Errorf("%s has no root or parent in the codebook", c)
		}
		root := int(c[0]-'0')*10 + int(c[1]-'0')
		want := Quad(1)
		switch {
		case root >= 15:
			want = 4
		case root >= 9:
			want = 3
		case root >= 6:
			want = 2
		}
		if e.Quad != want {
			t.Errorf("%s quad %d, want %d", c, e.Quad, want)
		}
	}
	for code, g := range map[Code]float64{"040": 1.0, "042": 1.9, "043": 2.8, "051": 3.4, "057": 8.0, "190": -10} {
		if e, ok := cb.Lookup(code); !ok || e.Goldstein != g {
			t.Errorf("%s goldstein = %v, want %v", code, e.Goldstein, g)
		}
	}
}

func TestCode(t *testing.T) {
	tests := []struct {
		code          Code
		valid         bool
		root, parent  Code
		matches, miss Code
	}{
		{"042", true, "04", "04", "04", "043"},
		{"0211", true, "02", "021", "021", "0212"},
		{"20", true, "20", "20", "204", "19"},
		{"21", false, "21", "21", "", ""},
		{"00", false, "00", "00", "", ""},
		{"4a", false, "4a", "4a", "", ""},
		{"04211", false, "04", "0421", "", ""},
	}
	for _, tt := range tests {
		t.Run(string(tt.code), func(t *testing.T) {
			if tt.code.Valid() != tt.valid {
				t.Errorf("Valid = %v", !tt.valid)
			}
			if !tt.valid {
				return
			}
			if tt.code.Root() != tt.root || tt.code.Parent() != tt.parent {
				t.Errorf("root %s parent %s", tt.code.Root(), tt.code.Parent())
			}
			if !tt.code.Matches(tt.matches) || tt.code.Matches(tt.miss) {
				t.Errorf("Matches wrong for %s / %s", tt.matches, tt.miss)
			}
		})
	}
}

func TestLookupFallsBackToParent(t *testing.T) {
	cb, err := Parse(strings.NewReader("04\tConsult\t1\t1\tCONSULT\n"), "test.tsv")
	if err != nil {
		t.Fatal(err)
	}
	e, ok := cb.Lookup("0499")
	if !ok || e.Code != "04" {
		t.Errorf("Lookup(0499) = %v, %v", e, ok)
	}
}

func TestParseErrors(t *testing.T) {
	for name, in := range map[string]string{
		"columns":   "040\tConsult\n",
		"code":      "4x0\tConsult\t1\t1\tCONSULT\n",
		"goldstein": "040\tConsult\thigh\t1\tCONSULT\n",
		"quad":      "040\tConsult\t1\t5\tCONSULT\n",
		"duplicate": "040\tConsult\t1\t1\tCONSULT\n040\tConsult\t1\t1\tCONSULT\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(in), "codes.tsv")
			if err == nil || !strings.HasPrefix(err.Error(), "codes.tsv:") {
				t.Errorf("err = %v, want one naming codes.tsv:line", err)
			}
		})
	}
}

func ExampleCode_Matches() {
	fmt.Println(Code("042").Matches("04"), Code("042").Matches("043"))
	// Output: true false
}
