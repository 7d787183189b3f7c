package merge

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"attache"
	"attache/cameo"
)

// benchCountries are 60 made-up three-letter codes: 1,770 unordered pairs.
var benchCountries = func() []attache.Country {
	var cs []attache.Country
	for i := range 60 {
		cs = append(cs, attache.Country(fmt.Sprintf("C%02d", i)))
	}
	return cs
}()

var benchCodes = []cameo.Code{"040", "042", "043", "057", "111", "0311", "061", "193", "051", "041"}

// benchEvent draws an event from a year of news between 60 countries.
func benchEvent(r *rand.Rand) attache.Event {
	s := benchCountries[r.IntN(len(benchCountries))]
	t := benchCountries[r.IntN(len(benchCountries))]
	for t == s {
		t = benchCountries[r.IntN(len(benchCountries))]
	}
	code := benchCodes[r.IntN(len(benchCodes))]
	return attache.Event{
		Source: attache.Actor{Country: s}, Target: attache.Actor{Country: t},
		Code: code, Root: code.Root(), Sentence: r.IntN(20),
		Date: attache.DayDate(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(365))),
	}
}

// fill adds documents of 10 events until c holds n clusters.
func fill(b *testing.B, c *Clusterer, r *rand.Rand, n int) {
	for d := 0; c.Len() < n; d++ {
		evs := make([]attache.Event, 10)
		for i := range evs {
			evs[i] = benchEvent(r)
		}
		id := "fill" + strconv.Itoa(d)
		c.Add(DocInfo{ID: id, Publisher: "P" + strconv.Itoa(d%50)}, evs)
	}
}

// BenchmarkClusterAdd adds documents of 10 events to a Clusterer that
// already holds 1,000, 10,000 or 100,000 clusters. The 1,000 timed
// documents cycle: on the first pass most of their events start clusters
// (adding up to 10,000), afterwards every event joins an existing one, as
// further reports of known events do. The work per event does not grow
// with the number of clusters; memory effects (larger maps, more garbage
// to scan) do.
func BenchmarkClusterAdd(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("clusters=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, uint64(n)))
			c := NewClusterer()
			fill(b, c, r, n)
			docs := make([][]attache.Event, 1000)
			for i := range docs {
				docs[i] = make([]attache.Event, 10)
				for j := range docs[i] {
					docs[i][j] = benchEvent(r)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			events := 0
			for i := 0; b.Loop(); i++ {
				evs := docs[i%len(docs)]
				c.Add(DocInfo{ID: "doc" + strconv.Itoa(i), Publisher: "P" + strconv.Itoa(i%50)}, evs)
				events += len(evs)
			}
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

func benchArticle() string {
	r := rand.New(rand.NewPCG(5, 6))
	var b strings.Builder
	for b.Len() < 64<<10 {
		b.WriteString(randomText(r, 20))
		b.WriteString(". Việt Nam and Uzbekistan “held talks” in Hà Nội. ")
	}
	return b.String()
}

func BenchmarkFingerprint(b *testing.B) {
	text := benchArticle()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		Fingerprint(text)
	}
}

func BenchmarkSketch(b *testing.B) {
	text := benchArticle()
	m := DefaultMinHasher()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		m.Sketch(text)
	}
}

// BenchmarkIndexQuery queries an Index of 20,000 articles of 300 words.
func BenchmarkIndexQuery(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	x := NewIndex(nil, 0)
	for i := range 20_000 {
		x.Add(strconv.Itoa(i), randomText(r, 300))
	}
	queries := make([]Sketch, 100)
	for i := range queries {
		queries[i] = x.m.Sketch(randomText(r, 300))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		x.QuerySketch(queries[i%len(queries)])
	}
}
