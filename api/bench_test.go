package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"attache"
	"attache/httpkit"
	"attache/sqlite"
	"attache/synth"
)

// benchStore codes n synthetic articles into an in-memory store.
func benchStore(b *testing.B, n int) *sqlite.Store {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	p := newCoder(b)
	var docs []*attache.Document
	synth.Generate(1, n, func(a synth.Article) bool {
		d := &attache.Document{ID: a.ID, Publisher: a.Publisher, Title: a.Title, Text: a.Text, RefDate: attache.DayDate(a.Published)}
		if err := p.Process(ctx, d); err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
		return true
	})
	if _, err := st.SaveDocuments(ctx, docs, "bench"); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkEventsPage measures GET /api/events (a page of 50, filtered by
// one of the most active countries in turn) through the hardened handler
// over loopback HTTP, with parallel clients. It reports requests/s.
func BenchmarkEventsPage(b *testing.B) {
	st := benchStore(b, 500)
	facets, err := st.Facets(context.Background(), attache.EventFilter{}, 10)
	if err != nil || len(facets.Countries) == 0 {
		b.Fatalf("facets %+v, %v", facets, err)
	}
	srv := httptest.NewServer(httpkit.Harden(New(st, Options{}), httpkit.Limits{}, nil))
	defer srv.Close()
	var i atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		client := srv.Client()
		for pb.Next() {
			c := facets.Countries[int(i.Add(1))%len(facets.Countries)].Value
			resp, err := client.Get(srv.URL + "/api/events?limit=50&country=" + c)
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("status %d", resp.StatusCode)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "requests/s")
}
