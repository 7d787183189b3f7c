package synth

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"attache/fold"
	"attache/lexicon"
)

func corpus(t testing.TB, seed uint64, n int) []Article {
	t.Helper()
	var out []Article
	Generate(seed, n, func(a Article) bool {
		out = append(out, a)
		return true
	})
	if len(out) != n {
		t.Fatalf("Generate(%d, %d) yielded %d articles", seed, n, len(out))
	}
	return out
}

func TestSameSeedSameCorpus(t *testing.T) {
	a, b := corpus(t, 42, 300), corpus(t, 42, 300)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("article %d differs between two runs with seed 42:\n%+v\n%+v", i, a[i], b[i])
		}
	}
	var ja, jb bytes.Buffer
	if err := WriteJSONL(context.Background(), &ja, 42, 300); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSONL(context.Background(), &jb, 42, 300); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ja.Bytes(), jb.Bytes()) {
		t.Fatal("WriteJSONL wrote different bytes for the same seed")
	}
}

// TestPrefix checks that article i depends only on the seed and i.
func TestPrefix(t *testing.T) {
	long := corpus(t, 5, 200)
	short := corpus(t, 5, 50)
	for i := range short {
		if short[i] != long[i] {
			t.Fatalf("article %d of a 50-article corpus differs from article %d of a 200-article one", i, i)
		}
	}
	for _, i := range []int{0, 17, 199} {
		if got := Nth(5, i); got != long[i] {
			t.Errorf("Nth(5, %d) differs from the article Generate yields", i)
		}
	}
}

func TestSeedsDiffer(t *testing.T) {
	a, b := corpus(t, 1, 50), corpus(t, 2, 50)
	same := 0
	for i := range a {
		if a[i].Text == b[i].Text {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d of 50 articles have the same text under seeds 1 and 2", same)
	}
}

// goldenDigest is the SHA-256 of the JSONL of the first 200 articles of
// seed 1. Benchmark figures are comparable only over the same corpus: if
// you change the generator on purpose, update it and say so where figures
// are reported.
const goldenDigest = "80a228fb7cb9fabafba855a2aeb9840af5b09f38cd7e1232c2658461b1ff9c92"

func TestGoldenDigest(t *testing.T) {
	h := sha256.New()
	if err := WriteJSONL(context.Background(), h, 1, 200); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != goldenDigest {
		t.Errorf("the corpus of seed 1 changed: digest %s, want %s (update goldenDigest if that was meant)", got, goldenDigest)
	}
}

func TestEarlyStop(t *testing.T) {
	n := 0
	Generate(1, 100, func(Article) bool { n++; return n < 3 })
	if n != 3 {
		t.Errorf("yield was called %d times after returning false at the third, want 3", n)
	}
}

func TestWriteJSONLCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WriteJSONL(ctx, io.Discard, 1, 10); err != context.Canceled {
		t.Errorf("WriteJSONL with a cancelled context: %v, want context.Canceled", err)
	}
}

func TestJSONLines(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteJSONL(context.Background(), &buf, 9, 40); err != nil {
		t.Fatal(err)
	}
	want := corpus(t, 9, 40)
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	i := 0
	for sc.Scan() {
		var got map[string]string
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		a := want[i]
		wantLine := map[string]string{"id": a.ID, "title": a.Title, "text": a.Text,
			"published": a.Published.Format(time.DateOnly), "publisher": a.Publisher}
		if len(got) != len(wantLine) {
			t.Errorf("line %d has fields %v, want id, title, text, published, publisher", i+1, got)
		}
		for k, v := range wantLine {
			if got[k] != v {
				t.Errorf("line %d: %s = %q, want %q", i+1, k, got[k], v)
			}
		}
		i++
	}
	if i != 40 {
		t.Errorf("%d lines, want 40", i)
	}
}

// TestShape checks what every article looks like: unique IDs, dates in
// range, valid NFC text, 4 to 15 story paragraphs, sentences that start
// with a capital and end with punctuation.
func TestShape(t *testing.T) {
	ids := map[string]bool{}
	texts := map[string]bool{}
	copies := 0
	for _, a := range corpus(t, 1, 2000) {
		if ids[a.ID] {
			t.Fatalf("duplicate id %s", a.ID)
		}
		ids[a.ID] = true
		if texts[a.Title+a.Text] {
			copies++
		}
		texts[a.Title+a.Text] = true
		if a.Published.Before(epoch) || !a.Published.Before(epoch.AddDate(0, 0, days)) || a.Published != a.Published.Truncate(24*time.Hour) {
			t.Errorf("%s: published %v, want a day in 2023-2025", a.ID, a.Published)
		}
		if a.Publisher == "" || a.Title == "" || strings.ContainsAny(a.Title, "\n.") {
			t.Errorf("%s: publisher %q, title %q", a.ID, a.Publisher, a.Title)
		}
		if !utf8.ValidString(a.Text) || !norm.NFC.IsNormalString(a.Text) || strings.Contains(a.Text, "  ") {
			t.Errorf("%s: text is not clean NFC", a.ID)
		}
		story := 0
		for _, p := range strings.Split(a.Text, "\n\n") {
			if p == "" || strings.TrimSpace(p) != p {
				t.Errorf("%s: empty or padded paragraph %q", a.ID, p)
				continue
			}
			if !strings.HasSuffix(p, ".") {
				continue // a web leftover: link, teaser block, credit, widget
			}
			story++
			if c := p[0]; (c < 'A' || c > 'Z') && c != '"' {
				t.Errorf("%s: paragraph starts in lower case: %q", a.ID, p)
			}
		}
		if story < 4 || story > 15 {
			t.Errorf("%s: %d story paragraphs, want 4 to 15", a.ID, story)
		}
	}
	// About one article in a hundred is a wire copy.
	if copies < 5 || copies > 45 {
		t.Errorf("%d wire copies in 2000 articles, want about 20", copies)
	}
}

// TestVariety checks that a corpus uses every template, kind, country and
// leftover, so a benchmark over it exercises the whole coder.
func TestVariety(t *testing.T) {
	used := make([]int, len(templates))
	kinds := make([]int, numKinds)
	seen := map[string]bool{}
	var paras [16]int
	leftovers := map[string]int{}
	for i := range 3000 {
		s := newStory(newRNG(1, uint64(i)), "x")
		a := s.article()
		for j, n := range s.used {
			used[j] += n
		}
		kinds[s.kind]++
		seen[s.a.c.code], seen[s.b.c.code] = true, true
		n := 0
		for _, p := range strings.Split(a.Text, "\n\n") {
			switch {
			case strings.HasPrefix(p, "Read more: "):
				leftovers["read more"]++
			case strings.HasPrefix(p, "Photo: "):
				leftovers["photo"]++
			case strings.Contains(p, "\n"):
				leftovers["block"]++
			case !strings.HasSuffix(p, "."):
				leftovers["widget"]++
			default:
				n++
			}
		}
		paras[min(n, 15)]++
		if strings.Contains(a.Text, " on Monday") {
			leftovers["weekday"]++
		}
	}
	for i, n := range used {
		if n == 0 {
			t.Errorf("template %q never used in 3000 articles", templates[i].name)
		}
	}
	for k, n := range kinds {
		if n == 0 {
			t.Errorf("story kind %d never drawn", k)
		}
	}
	if len(seen) != len(countries) {
		t.Errorf("%d of %d countries appear as a main party", len(seen), len(countries))
	}
	for n := 4; n <= 15; n++ {
		if paras[n] == 0 {
			t.Errorf("no article with %d story paragraphs", n)
		}
	}
	for _, k := range []string{"read more", "photo", "block", "widget", "weekday"} {
		if leftovers[k] == 0 {
			t.Errorf("no %s in 3000 articles", k)
		}
	}
	if len(templates) < 25 {
		t.Errorf("%d sentence templates, want at least 25", len(templates))
	}
}

// TestCountriesInLexicon checks that the built-in lexicon knows every name,
// adjective and capital the generator writes, under the right code.
func TestCountriesInLexicon(t *testing.T) {
	known := map[string]map[string]bool{} // folded form → codes
	readTSV(t, "countries.tsv", func(f []string) {
		for _, col := range f[1:min(len(f), 4)] {
			for _, v := range strings.Split(col, "|") {
				k := fold.String(strings.TrimSpace(v))
				if known[k] == nil {
					known[k] = map[string]bool{}
				}
				known[k][f[0]] = true
			}
		}
	})
	codes := map[string]bool{}
	for _, c := range countries {
		if codes[c.code] {
			t.Errorf("%s is in the table twice", c.code)
		}
		codes[c.code] = true
		for _, form := range []string{c.name, c.adj, c.capital} {
			if !known[fold.String(form)][c.code] {
				t.Errorf("%s: the lexicon does not know %q as %s", c.code, form, c.code)
			}
		}
		if c.weight < 1 {
			t.Errorf("%s: weight %d", c.code, c.weight)
		}
	}
	if len(countries) < 60 {
		t.Errorf("%d countries, want about 60", len(countries))
	}
}

// TestNamesUnknownToLexicon checks that no invented person's name is a
// name or alias of a real office holder, or a country, place or
// organisation, which would give the person a country of its own.
func TestNamesUnknownToLexicon(t *testing.T) {
	known := map[string]string{}
	for _, file := range []string{"people.tsv", "countries.tsv", "places.tsv", "orgs.tsv"} {
		readTSV(t, file, func(f []string) {
			for _, col := range f {
				for _, v := range strings.Split(col, "|") {
					known[fold.String(strings.TrimSpace(v))] = file
				}
			}
		})
	}
	var names []string
	names = append(names, firstNamesM...)
	names = append(names, firstNamesF...)
	names = append(names, lastNames...)
	dup := map[string]bool{}
	for _, n := range names {
		if file, ok := known[fold.String(n)]; ok {
			t.Errorf("name %q is in the lexicon's %s", n, file)
		}
		if dup[n] {
			t.Errorf("name %q is listed twice", n)
		}
		dup[n] = true
	}
}

func readTSV(t *testing.T, name string, line func([]string)) {
	t.Helper()
	b, err := fs.ReadFile(lexicon.Builtin(), name)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		line(strings.Split(l, "\t"))
	}
}

func TestRNG(t *testing.T) {
	r := newRNG(1, 0)
	counts := make([]int, 7)
	for range 70000 {
		counts[r.intn(7)]++
	}
	for i, c := range counts {
		if c < 9000 || c > 11000 {
			t.Errorf("intn(7) gave %d %d times in 70000, want about 10000", i, c)
		}
	}
	if w := r.weighted([]int{0, 5, 0}); w != 1 {
		t.Errorf("weighted with one nonzero weight gave %d", w)
	}
}

func BenchmarkGenerate(b *testing.B) {
	var bytes int64
	for i := 0; b.Loop(); i++ {
		bytes += int64(len(Nth(1, i).Text))
	}
	b.SetBytes(bytes / int64(b.N))
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
