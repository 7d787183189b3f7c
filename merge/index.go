package merge

import (
	"cmp"
	"slices"
	"sync"
)

// Match is a near-duplicate found by the Index.
type Match struct {
	ID       string  `json:"id"`
	Jaccard  float64 `json:"jaccard"`  // estimated from the MinHash signatures
	Distance int     `json:"distance"` // Hamming distance of the SimHashes
}

// Index finds near-duplicates of a text among the texts added to it. Two
// texts are near-duplicates when their estimated Jaccard similarity is at
// least the Index's threshold or their SimHashes are Near. Candidates come
// from LSH banding: only texts that share a band of their signatures with
// the query are compared, so a query costs the number of bands plus the
// number of candidates, not the number of texts. It is safe for concurrent
// use.
type Index struct {
	m         *MinHasher
	threshold float64

	mu    sync.RWMutex
	docs  []indexed
	ids   map[string]int32
	bands []map[uint64][]int32 // band → band hash → docs
}

type indexed struct {
	id string
	sk Sketch
}

// NewIndex returns an empty Index over signatures of m (DefaultMinHasher
// when nil) that calls texts near-duplicates from the given estimated
// Jaccard similarity (DefaultJaccard when 0).
func NewIndex(m *MinHasher, threshold float64) *Index {
	if m == nil {
		m = DefaultMinHasher()
	}
	if threshold == 0 {
		threshold = DefaultJaccard
	}
	x := &Index{m: m, threshold: threshold, ids: map[string]int32{}, bands: make([]map[uint64][]int32, m.bands)}
	for i := range x.bands {
		x.bands[i] = map[uint64][]int32{}
	}
	return x
}

// MinHasher returns the MinHasher whose signatures the Index keeps.
func (x *Index) MinHasher() *MinHasher { return x.m }

// Len returns the number of texts added.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.docs)
}

// Add returns the near-duplicates of text among the texts added before,
// then adds it under id. Adding an id again returns its near-duplicates
// other than itself and keeps the first text. A text without words is
// never anyone's near-duplicate and is not added.
func (x *Index) Add(id, text string) []Match { return x.AddSketch(id, x.m.Sketch(text)) }

// AddSketch is Add for a sketch computed by the Index's MinHasher (kept by
// the store, say).
func (x *Index) AddSketch(id string, s Sketch) []Match {
	x.mu.Lock()
	defer x.mu.Unlock()
	matches := x.query(s, id)
	if len(s.Signature) != len(x.m.mul) {
		return matches
	}
	if _, ok := x.ids[id]; ok {
		return matches
	}
	n := int32(len(x.docs))
	x.docs = append(x.docs, indexed{id: id, sk: s})
	x.ids[id] = n
	for b := range x.bands {
		h := x.bandHash(s.Signature, b)
		x.bands[b][h] = append(x.bands[b][h], n)
	}
	return matches
}

// Query returns the near-duplicates of text among the texts added, most
// similar first, without adding it.
func (x *Index) Query(text string) []Match { return x.QuerySketch(x.m.Sketch(text)) }

// QuerySketch is Query for a sketch computed by the Index's MinHasher.
func (x *Index) QuerySketch(s Sketch) []Match {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.query(s, "")
}

func (x *Index) query(s Sketch, self string) []Match {
	if len(s.Signature) != len(x.m.mul) {
		return nil
	}
	var out []Match
	for _, n := range x.candidates(s.Signature) {
		d := &x.docs[n]
		if d.id == self {
			continue
		}
		m := Match{ID: d.id, Jaccard: s.Signature.Jaccard(d.sk.Signature), Distance: Distance(s.SimHash, d.sk.SimHash)}
		if m.Jaccard >= x.threshold || m.Distance <= SimHashMaxDistance {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b Match) int {
		if c := cmp.Compare(b.Jaccard, a.Jaccard); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// candidates returns the texts that share a band with sig, each once.
func (x *Index) candidates(sig Signature) []int32 {
	var cand []int32
	for b := range x.bands {
		cand = append(cand, x.bands[b][x.bandHash(sig, b)]...)
	}
	slices.Sort(cand)
	return slices.Compact(cand)
}

// bandHash hashes band b of sig, salted with b so equal values in two
// different bands do not look alike.
func (x *Index) bandHash(sig Signature, b int) uint64 {
	h := uint64(b) + 1
	for _, v := range sig[b*x.m.rows : (b+1)*x.m.rows] {
		h = mix64(h*0x9E3779B97F4A7C15 + uint64(v))
	}
	return h
}
