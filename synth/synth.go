// Package synth writes synthetic news articles about relations between
// states: visits, talks, phone calls, agreements signed, trade figures,
// aid, military exercises, condemnations, protests, sanctions and more, in
// grammatical English the coder reads, for benchmarks and for tests that
// need many documents.
//
// The output depends only on the seed: the same seed gives the same
// articles, byte for byte, on every machine and Go release (the random
// numbers come from math/rand/v2's PCG, whose algorithm is fixed, and are
// turned into choices here rather than by Rand methods). Article i depends
// only on the seed and i, so the first n articles of a larger corpus are the
// corpus of n articles.
//
// About one article in a hundred is a wire copy: an earlier article
// republished word for word under another outlet's name, as news agencies'
// stories are. Its text is stored once by an idempotent ingest.
package synth

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/bits"
	"math/rand/v2"
	"time"
)

// Article is one synthetic news story.
type Article struct {
	ID        string
	Publisher string
	Published time.Time // the day of publication, at midnight UTC
	Title     string
	Text      string // paragraphs separated by blank lines
}

// MarshalJSON writes the article as a line of the JSONL that `attache
// ingest` and `attache code` read: {"id","title","text","published",
// "publisher"}, published as YYYY-MM-DD.
func (a Article) MarshalJSON() ([]byte, error) {
	return json.Marshal(jsonArticle{a.ID, a.Title, a.Text, a.Published.Format(time.DateOnly), a.Publisher})
}

type jsonArticle struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Text      string `json:"text"`
	Published string `json:"published"`
	Publisher string `json:"publisher"`
}

// Generate yields the first n articles of the corpus seed makes, in order,
// and stops early when yield returns false. It holds one article at a time.
func Generate(seed uint64, n int, yield func(Article) bool) {
	for i := range n {
		if !yield(Nth(seed, i)) {
			return
		}
	}
}

// Nth returns article i (from 0) of the corpus seed makes: the article
// Generate yields i-th.
func Nth(seed uint64, i int) Article {
	r := newRNG(seed, uint64(i))
	if i > 0 && r.intn(100) == 0 {
		// A wire copy of one of the 50 articles before it.
		a := Nth(seed, i-1-r.intn(min(i, 50)))
		a.ID = articleID(seed, i)
		a.Publisher = otherPublisher(r, a.Publisher)
		return a
	}
	return newStory(r, articleID(seed, i)).article()
}

func articleID(seed uint64, i int) string { return fmt.Sprintf("synth-%d-%07d", seed, i) }

func otherPublisher(r *rng, not string) string {
	for {
		if p := pick(r, publishers); p != not {
			return p
		}
	}
}

// WriteJSONL writes the first n articles of the corpus seed makes to w, one
// JSON object per line (see Article.MarshalJSON). It stops with ctx's error
// when ctx is done.
func WriteJSONL(ctx context.Context, w io.Writer, seed uint64, n int) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	var err error
	Generate(seed, n, func(a Article) bool {
		if err = ctx.Err(); err != nil {
			return false
		}
		err = enc.Encode(a)
		return err == nil
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// rng turns a PCG stream into choices. The conversions are written out
// here, not left to rand.Rand, so that the corpus never changes with them.
type rng struct{ pcg rand.PCG }

// newRNG returns the stream of article i of a corpus: seed and i are mixed
// first, so neighbouring articles do not start from neighbouring states.
func newRNG(seed, i uint64) *rng {
	r := &rng{}
	r.pcg.Seed(mix(seed), mix(i^0x9e3779b97f4a7c15))
	return r
}

// mix is the SplitMix64 finaliser.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// intn returns a number in [0, n), n > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.pcg.Uint64(), uint64(n))
	return int(hi)
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// chance reports true with probability pct percent.
func (r *rng) chance(pct int) bool { return r.intn(100) < pct }

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// weighted returns an index of weights, each drawn in proportion to its
// weight.
func (r *rng) weighted(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := r.intn(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}
