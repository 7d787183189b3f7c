package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"attache"
	"attache/sqlite"
)

// BenchmarkSaveDocuments saves b.N distinct documents in batches of
// several sizes, one transaction per batch, into a new file store. The
// documents share one template, so their SimHash bands collide far more
// often than real reports' do: the near-duplicate look-up costs more here
// than in a real corpus.
func BenchmarkSaveDocuments(b *testing.B) {
	for _, size := range []int{1, 64, 256} {
		b.Run(fmt.Sprintf("batch%d", size), func(b *testing.B) {
			s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			docs := make([]*attache.Document, b.N)
			for i := range docs {
				docs[i] = benchDoc(i)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i += size {
				batch := docs[i:min(i+size, b.N)]
				if _, err := s.SaveDocuments(context.Background(), batch, "bench"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// benchStore returns an in-memory store of n benchmark documents (five
// events and two facts each), saved in batches of 256.
func benchStore(b *testing.B, n int) *sqlite.Store {
	s := MustOpenDB(b)
	for i := 0; i < n; i += 256 {
		var batch []*attache.Document
		for j := i; j < min(i+256, n); j++ {
			batch = append(batch, benchDoc(j))
		}
		if _, err := s.SaveDocuments(context.Background(), batch, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkSummaries counts dyads and facets over 100,000 events (20,000
// documents), all of them and those of one country.
func BenchmarkSummaries(b *testing.B) {
	s := benchStore(b, 20000)
	for _, tt := range []struct {
		name string
		f    attache.EventFilter
	}{
		{"all", attache.EventFilter{}},
		{"country", attache.EventFilter{Countries: []attache.Country{"UZB"}}},
	} {
		b.Run("dyads-"+tt.name, func(b *testing.B) {
			for range b.N {
				if _, err := s.Dyads(context.Background(), tt.f, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("facets-"+tt.name, func(b *testing.B) {
			for range b.N {
				if _, err := s.Facets(context.Background(), tt.f, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFindFacts looks up the facts of one country and of one dyad
// among 40,000 facts (20,000 documents), an eighth of them matching.
func BenchmarkFindFacts(b *testing.B) {
	s := benchStore(b, 20000)
	for _, tt := range []struct {
		name string
		f    attache.EventFilter
	}{
		{"country", attache.EventFilter{Countries: []attache.Country{"UZB"}}},
		{"dyad", attache.EventFilter{Dyad: [2]attache.Country{"VNM", "KGZ"}}},
		{"dyad-none", attache.EventFilter{Dyad: [2]attache.Country{"UZB", "KGZ"}}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			for range b.N {
				if _, err := s.FindFacts(context.Background(), tt.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
