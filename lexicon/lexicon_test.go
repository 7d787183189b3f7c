package lexicon

import (
	"testing"
	"testing/fstest"

	"attache/segment"
)

func TestBuiltinLoads(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	phrases, people, events := l.Stats()
	if phrases < 1000 {
		t.Errorf("only %d phrases loaded", phrases)
	}
	t.Logf("%d phrases, %d people, %d event phrases", phrases, people, events)
}

func match(t *testing.T, l *Lexicon, text string) (int, []*Entry) {
	t.Helper()
	res := segment.New().Split(text, nil)
	return l.Match(text, res.Tokens, 0, len(res.Tokens))
}

func TestMatch(t *testing.T) {
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		n          int
		kind       Kind
		country    string
	}{
		{"name", "Uzbekistan and", 1, CountryName, "UZB"},
		{"native diacritics", "Việt Nam said", 2, CountryName, "VNM"},
		{"adjective", "Kyrgyz Prime Minister", 1, CountryAdjective, "KGZ"},
		{"capital", "Hanoi said", 1, Capital, "VNM"},
		{"abbreviation in capitals", "US officials", 1, CountryName, "USA"},
		{"org", "United Nations", 2, Org, "UN"},
		{"title", "prime minister of", 2, Title, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, es := match(t, l, tt.text)
			if n != tt.n {
				t.Fatalf("matched %d tokens, want %d (%v)", n, tt.n, es)
			}
			found := false
			for _, e := range es {
				if e.Kind == tt.kind && string(e.Country) == tt.country {
					found = true
				}
			}
			if !found {
				t.Errorf("no %v entry for %q among %+v", tt.kind, tt.country, es[0])
			}
		})
	}
	res := segment.New().Split("tell us more", nil)
	if n, es := l.Match("tell us more", res.Tokens, 1, len(res.Tokens)); n != 0 {
		t.Errorf("the pronoun 'us' matched %+v", es[0])
	}
}

func TestUserLayerOverrides(t *testing.T) {
	user := fstest.MapFS{"countries.tsv": {Data: []byte("# test\nXXA\tAtlantis|Atlantida\tAtlantean\t\t\n")}}
	l, err := Load(user)
	if err != nil {
		t.Fatal(err)
	}
	if _, es := match(t, l, "Atlantis"); len(es) == 0 || es[0].Country != "XXA" || es[0].Src != "countries.tsv:2" {
		t.Errorf("user entry not loaded: %+v", es)
	}
}

func TestSyntaxErrors(t *testing.T) {
	for name, data := range map[string]string{
		"too few columns": "XXA\n",
		"bad code":        "xx\tName\t\t\t\n",
		"bad metonym":     "XXA\tName\t\t\tthe Palace\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"countries.tsv": {Data: []byte(data)}})
			se, ok := err.(*SyntaxError)
			if !ok || se.File != "countries.tsv" || se.Line != 1 {
				t.Errorf("err = %v, want a SyntaxError at countries.tsv:1", err)
			}
		})
	}
}

// TestShippedData checks the built-in files: all present, and no key given
// twice within them.
func TestShippedData(t *testing.T) {
	for _, f := range files {
		if _, err := Builtin().Open(f.name); err != nil {
			t.Errorf("built-in %s missing: %v", f.name, err)
		}
	}
	l, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range l.Duplicates {
		t.Errorf("duplicate: %s", d)
	}
}
