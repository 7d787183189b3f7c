package merge

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"attache/fold"
)

func readText(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFingerprintFolds(t *testing.T) {
	a := "Việt Nam and Uzbekistan “held talks” in Hà Nội on Monday."
	for _, b := range []string{
		"VIET NAM AND UZBEKISTAN \"HELD TALKS\" IN HA NOI ON MONDAY",
		"Viet Nam  and\nUzbekistan -- held talks -- in Ha Noi, on Monday!",
	} {
		if d := Distance(Fingerprint(a), Fingerprint(b)); d != 0 {
			t.Errorf("Fingerprint(%q) is %d bits from Fingerprint(%q), want 0", b, d, a)
		}
	}
	if Fingerprint("Hanoi") == Fingerprint("Hanoi talks") {
		t.Error("one- and two-word texts have the same fingerprint")
	}
	if Fingerprint("") != 0 || Fingerprint(" -- ") != 0 {
		t.Error("a text without words should have fingerprint 0")
	}
}

func TestNear(t *testing.T) {
	if !Near(0, 0b111) || Near(0, 0b1111) {
		t.Errorf("Near must accept %d differing bits and no more", SimHashMaxDistance)
	}
}

// TestNearDuplicates checks the thresholds on articles written for the
// test: a wire story, the same story republished under another headline
// and byline with a few words changed and a "read more" line, and another
// publisher's own story about the same meeting.
func TestNearDuplicates(t *testing.T) {
	wire, copy, other := readText(t, "talks-wire.txt"), readText(t, "talks-republished.txt"), readText(t, "talks-other.txt")
	m := DefaultMinHasher()
	sw, sc, so := m.Sketch(wire), m.Sketch(copy), m.Sketch(other)
	jCopy, dCopy := sw.Signature.Jaccard(sc.Signature), Distance(sw.SimHash, sc.SimHash)
	jOther, dOther := sw.Signature.Jaccard(so.Signature), Distance(sw.SimHash, so.SimHash)
	t.Logf("republished: Jaccard %.2f (exact %.2f), SimHash distance %d", jCopy, exactJaccard(wire, copy), dCopy)
	t.Logf("other story: Jaccard %.2f (exact %.2f), SimHash distance %d", jOther, exactJaccard(wire, other), dOther)
	if jCopy < DefaultJaccard {
		t.Errorf("republished story: estimated Jaccard %.2f < %.2f", jCopy, DefaultJaccard)
	}
	if jOther >= DefaultJaccard || dOther <= SimHashMaxDistance {
		t.Errorf("different stories about one meeting look alike: Jaccard %.2f, distance %d", jOther, dOther)
	}

	// One word changed in a 250-word story already costs SimHash about
	// three bits.
	oneWord := strings.Replace(wire, "aquaculture", "fisheries", 1)
	t.Logf("one word changed: Jaccard %.2f, SimHash distance %d",
		sw.Signature.Jaccard(m.Signature(oneWord)), Distance(Fingerprint(wire), Fingerprint(oneWord)))

	x := NewIndex(nil, 0)
	if got := x.Add("wire", wire); len(got) != 0 {
		t.Errorf("first text has near-duplicates %v", got)
	}
	if got := x.Add("other", other); len(got) != 0 {
		t.Errorf("another story about the meeting is a near-duplicate of %v", got)
	}
	got := x.Add("copy", copy)
	if len(got) != 1 || got[0].ID != "wire" {
		t.Fatalf("republished story: near-duplicates %v, want wire", got)
	}
	if got := x.Query(oneWord); len(got) != 2 || got[0].ID != "wire" || got[1].ID != "copy" {
		t.Errorf("Query(one word changed) = %v, want wire then copy", got)
	}
	if got := x.Add("wire", wire); len(got) != 1 || got[0].ID != "copy" || x.Len() != 3 {
		t.Errorf("re-adding wire: %v and %d texts, want [copy] and 3", got, x.Len())
	}
	if got := x.Add("empty", " … "); got != nil || x.Len() != 3 {
		t.Errorf("a text without words: %v, %d texts", got, x.Len())
	}
}

// TestMinHashEstimate checks the Jaccard estimate against the exact value
// on texts with growing numbers of words replaced: with 128 values the
// standard error is at most 0.045.
func TestMinHashEstimate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	m := DefaultMinHasher()
	base := randomText(r, 400)
	words := strings.Fields(base)
	for _, changed := range []int{0, 5, 20, 60, 150} {
		w := append([]string(nil), words...)
		for range changed {
			w[r.IntN(len(w))] = fmt.Sprintf("x%d", r.IntN(1e6))
		}
		text := strings.Join(w, " ")
		exact, est := exactJaccard(base, text), m.Signature(base).Jaccard(m.Signature(text))
		if d := est - exact; d > 0.15 || d < -0.15 {
			t.Errorf("%d words changed: estimate %.2f, exact %.2f", changed, est, exact)
		}
	}
}

// TestIndexIsSubLinear checks that a query among many unrelated texts
// compares with few of them.
func TestIndexIsSubLinear(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x := NewIndex(nil, 0)
	for i := range 2000 {
		x.Add(fmt.Sprint(i), randomText(r, 150))
	}
	q := randomText(r, 150)
	if n := len(x.candidates(x.m.Sketch(q).Signature)); n > 50 {
		t.Errorf("a new text has %d candidates among 2000 unrelated ones", n)
	}
	dup := "Breaking: " + strings.Replace(q, " ", "  ", -1) + " More to follow."
	x.Add("q", q)
	if got := x.Query(dup); len(got) != 1 || got[0].ID != "q" {
		t.Errorf("Query(republished q) = %v", got)
	}
}

func exactJaccard(a, b string) float64 {
	set := func(s string) map[uint64]bool {
		m := map[uint64]bool{}
		shingles(s, func(h uint64) { m[h] = true })
		return m
	}
	x, y := set(a), set(b)
	n := 0
	for h := range x {
		if y[h] {
			n++
		}
	}
	return float64(n) / float64(len(x)+len(y)-n)
}

// randomText draws n words from a vocabulary of a few thousand.
func randomText(r *rand.Rand, n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		for range 2 + r.IntN(7) {
			b.WriteByte(letters[r.IntN(8)+r.IntN(18)])
		}
	}
	return b.String()
}

// TestSimHashCounts checks the byte-wide counters against a plain count
// over more shingles than a byte holds.
func TestSimHashCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	var s simHasher
	var want [64]int
	n := 1000
	for range n {
		h := r.Uint64() & r.Uint64() // bits set a quarter of the time
		if r.IntN(3) == 0 {
			h = ^h
		}
		s.add(h)
		for i := range 64 {
			want[i] += int(h >> i & 1)
		}
	}
	got := s.sum()
	for i := range 64 {
		if int(s.cnt[i]) != want[i] {
			t.Fatalf("bit %d counted %d times, want %d", i, s.cnt[i], want[i])
		}
		if (got>>i&1 == 1) != (2*want[i] > n) {
			t.Errorf("bit %d of the sum is wrong", i)
		}
	}
}

// FuzzFingerprint checks that folding is all Fingerprint ignores: a text
// and its folded form have the same fingerprint and signature.
func FuzzFingerprint(f *testing.F) {
	for _, s := range []string{"", "Hà Nội", "VIỆT NAM “held talks”", " \u0301 x", "ǅemal Đorđević, Straße", "a-b c_d 1,000"} {
		f.Add(s)
	}
	m := DefaultMinHasher()
	f.Fuzz(func(t *testing.T, s string) {
		folded := fold.String(s)
		if fold.String(folded) != folded {
			t.Skip("fold.String is not idempotent here") // "ǿ" → "ø" → "o"
		}
		if a, b := Fingerprint(s), Fingerprint(folded); a != b {
			t.Errorf("Fingerprint(%q) = %x, of its folded form %q %x", s, a, folded, b)
		}
		a, b := m.Signature(s), m.Signature(folded)
		if len(a) != len(b) || (len(a) > 0 && a.Jaccard(b) != 1) {
			t.Errorf("signatures of %q and its folded form differ", s)
		}
	})
}
