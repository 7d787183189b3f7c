package merge

import (
	"errors"
	"math/bits"
	"unicode"
	"unicode/utf8"

	"attache/fold"
)

// SimHashMaxDistance is the largest Hamming distance between two
// Fingerprints that Near accepts.
const SimHashMaxDistance = 3

// DefaultJaccard is the estimated Jaccard similarity of word 3-shingle sets
// from which the Index calls two texts near-duplicates.
const DefaultJaccard = 0.5

// Default LSH banding: 32 bands of 4 values, 128 values in a signature.
const (
	DefaultBands = 32
	DefaultRows  = 4
)

// Fingerprint returns the 64-bit SimHash of the word 3-shingles of text's
// folded words: bit i is set when more than half of the shingle hashes have
// it set. Texts that fold to the same words have the same fingerprint.
func Fingerprint(text string) uint64 {
	var s simHasher
	shingles(text, s.add)
	return s.sum()
}

// Distance returns the number of bits in which two fingerprints differ.
func Distance(a, b uint64) int { return bits.OnesCount64(a ^ b) }

// Near reports whether two fingerprints differ in at most
// SimHashMaxDistance bits.
func Near(a, b uint64) bool { return Distance(a, b) <= SimHashMaxDistance }

// simHasher counts, for each of the 64 bits, how many shingle hashes have
// it set. To avoid 64 steps per shingle it spreads each byte of a hash over
// the eight byte-wide counters of one uint64 with a table, and empties
// those into the real counters before a byte can overflow.
type simHasher struct {
	n       int
	pending int
	acc     [8]uint64
	cnt     [64]int32
}

// spread[b] has byte i equal to bit i of b.
var spread = func() (t [256]uint64) {
	for b := range t {
		for i := range 8 {
			t[b] |= uint64(b>>i&1) << (8 * i)
		}
	}
	return t
}()

func (s *simHasher) add(h uint64) {
	s.n++
	for i := range s.acc {
		s.acc[i] += spread[byte(h>>(8*i))]
	}
	if s.pending++; s.pending == 255 {
		s.flush()
	}
}

func (s *simHasher) flush() {
	for i, a := range s.acc {
		for j := range 8 {
			s.cnt[8*i+j] += int32(a >> (8 * j) & 0xff)
		}
		s.acc[i] = 0
	}
	s.pending = 0
}

func (s *simHasher) sum() uint64 {
	s.flush()
	var f uint64
	for i, c := range s.cnt {
		if 2*int(c) > s.n {
			f |= 1 << uint(i)
		}
	}
	return f
}

// Signature is a MinHash signature: for each of the MinHasher's hash
// functions, the least hash of the text's shingles. Two signatures of the
// same MinHasher agree in each position with probability equal to the
// Jaccard similarity of the two shingle sets. A text without words has a
// nil signature.
type Signature []uint32

// Jaccard estimates the Jaccard similarity of the shingle sets behind two
// signatures: the fraction of positions where they agree. Signatures of
// different lengths, or empty ones, give 0.
func (s Signature) Jaccard(o Signature) float64 {
	if len(s) == 0 || len(s) != len(o) {
		return 0
	}
	eq := 0
	for i, v := range s {
		if o[i] == v {
			eq++
		}
	}
	return float64(eq) / float64(len(s))
}

// MinHasher computes MinHash signatures of Bands×Rows values. Its hash
// functions come from a fixed seed, so signatures computed by different
// processes or stored earlier can be compared. It is read-only and safe
// for concurrent use.
type MinHasher struct {
	bands, rows int
	mul, add    []uint64 // h_i(x) = high 32 bits of mul[i]*x + add[i]
}

// NewMinHasher returns a MinHasher whose signatures have bands×rows values,
// banded for LSH as bands bands of rows values. Two texts of Jaccard
// similarity J share a band with probability 1-(1-J^rows)^bands.
func NewMinHasher(bands, rows int) (*MinHasher, error) {
	if bands < 1 || rows < 1 {
		return nil, errors.New("minhash: bands and rows must be at least 1")
	}
	n := bands * rows
	m := &MinHasher{bands: bands, rows: rows, mul: make([]uint64, n), add: make([]uint64, n)}
	seed := uint64(0x6174746163686521) // "attache!"
	for i := range n {
		seed += 0x9E3779B97F4A7C15
		m.mul[i] = mix64(seed) | 1
		seed += 0x9E3779B97F4A7C15
		m.add[i] = mix64(seed)
	}
	return m, nil
}

// DefaultMinHasher returns a MinHasher of DefaultBands×DefaultRows.
func DefaultMinHasher() *MinHasher {
	m, _ := NewMinHasher(DefaultBands, DefaultRows)
	return m
}

// Bands returns the number of LSH bands.
func (m *MinHasher) Bands() int { return m.bands }

// Rows returns the number of values in a band.
func (m *MinHasher) Rows() int { return m.rows }

// Signature returns the MinHash signature of text's word 3-shingles.
func (m *MinHasher) Signature(text string) Signature { return m.Sketch(text).Signature }

// Sketch is what the Index keeps of a text: its SimHash and its MinHash
// signature, computed in one pass.
type Sketch struct {
	SimHash   uint64
	Signature Signature
}

// Sketch returns the SimHash and MinHash signature of text.
func (m *MinHasher) Sketch(text string) Sketch {
	var s simHasher
	sig := make(Signature, len(m.mul))
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	mul, add := m.mul, m.add[:len(m.mul)]
	shingles(text, func(h uint64) {
		s.add(h)
		for i, a := range mul {
			if v := uint32((a*h + add[i]) >> 32); v < sig[i] {
				sig[i] = v
			}
		}
	})
	if s.n == 0 {
		return Sketch{}
	}
	return Sketch{SimHash: s.sum(), Signature: sig}
}

// shingles calls f with the hash of every run of three consecutive words
// of text, folded with attache/fold. A word is a run of letters, digits and
// marks after folding; everything else separates words. A text of one or
// two words gives one shingle of them all.
func shingles(text string, f func(uint64)) {
	const (
		offset = 14695981039346656037 // FNV-1a
		prime  = 1099511628211
	)
	var w1, w2 uint64 // the two words before the current one
	words := 0
	h, in := uint64(offset), false
	end := func() {
		if words >= 2 {
			f(shingleHash(w1, w2, h))
		}
		w1, w2 = w2, h
		words++
		h, in = offset, false
	}
	for i := 0; i < len(text); {
		c := text[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				if in {
					end()
				}
				continue
			}
			h = (h ^ uint64(c)) * prime
			in = true
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		// Folding may turn a letter into punctuation (ʼ → ') or into
		// several letters (ß → ss): look at what it gives.
		for _, fr := range fold.Rune(r) {
			switch {
			case 'a' <= fr && fr <= 'z', '0' <= fr && fr <= '9',
				fr >= utf8.RuneSelf && (unicode.IsLetter(fr) || unicode.IsDigit(fr) || unicode.IsMark(fr)):
				var buf [utf8.UTFMax]byte
				for _, b := range buf[:utf8.EncodeRune(buf[:], fr)] {
					h = (h ^ uint64(b)) * prime
				}
				in = true
			default:
				if in {
					end()
				}
			}
		}
	}
	if in {
		end()
	}
	switch words {
	case 1:
		f(shingleHash(0, 0, w2))
	case 2:
		f(shingleHash(0, w1, w2))
	}
}

// shingleHash combines three word hashes, in order, into one well-mixed
// 64-bit hash.
func shingleHash(a, b, c uint64) uint64 {
	const k = 0x9E3779B97F4A7C15
	return mix64((a*k+b)*k + c)
}

// mix64 is the SplitMix64 finaliser: a bijection that spreads every input
// bit over every output bit.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}
