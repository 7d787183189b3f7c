package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"attache"
	"attache/httpkit"
)

// httpBenchResult is what `attache bench --http` measures, per kind of
// request.
type httpBenchResult struct {
	Requests    int              `json:"requests"`
	Seconds     float64          `json:"seconds"`
	Concurrency int              `json:"concurrency"`
	PerSecond   float64          `json:"requests_per_second"`
	Kinds       []httpKindResult `json:"kinds"`
}

type httpKindResult struct {
	Kind      string  `json:"kind"`
	Requests  int     `json:"requests"`
	Errors    int     `json:"errors"` // responses other than 200
	PerSecond float64 `json:"requests_per_second"`
	P50ms     float64 `json:"p50_ms"`
	P99ms     float64 `json:"p99_ms"`
	MeanBytes int     `json:"mean_bytes"`
}

// httpBenchKind is one kind of request the load mixes in, with the URLs
// it draws from.
type httpBenchKind struct {
	name string
	urls []string
}

// benchHTTP serves the store on a loopback port, exactly as `attache
// serve` would (same handlers, same middleware), and drives it with
// concurrent clients until n requests are done or the time is up.
func benchHTTP(ctx context.Context, e *env, st attache.EventStore, n, concurrency int, limit time.Duration, asJSON bool) error {
	lex, err := loadLexicon(appConfig{})
	if err != nil {
		return err
	}
	p, err := pipelineWith(lex, appConfig{})
	if err != nil {
		return err
	}
	h, err := newServer(st, p, lex.CountryName, "", nil)
	if err != nil {
		return err
	}
	kinds, err := httpBenchKinds(ctx, st)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: httpkit.Harden(h, httpkit.Limits{}, nil), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	client := &http.Client{
		Timeout:   time.Minute,
		Transport: &http.Transport{MaxIdleConnsPerHost: concurrency, MaxConnsPerHost: concurrency},
	}

	type sample struct {
		kind  int
		ms    float64
		bytes int
		ok    bool
	}
	samples := make([][]sample, concurrency)
	var next atomic.Int64
	deadline := time.Now().Add(limit)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || time.Now().After(deadline) || ctx.Err() != nil {
					return
				}
				// Request i is the same in every run: its kind in turn, its
				// URL drawn from a generator seeded by i.
				k := i % len(kinds)
				r := rand.New(rand.NewPCG(uint64(i), 1))
				url := base + kinds[k].urls[r.IntN(len(kinds[k].urls))]
				t0 := time.Now()
				resp, err := client.Get(url)
				s := sample{kind: k}
				if err == nil {
					b, _ := io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					s.bytes, s.ok = int(b), resp.StatusCode == http.StatusOK
				}
				s.ms = float64(time.Since(t0).Microseconds()) / 1000
				samples[w] = append(samples[w], s)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()

	res := httpBenchResult{Seconds: elapsed, Concurrency: concurrency}
	for k, kind := range kinds {
		var ms []float64
		kr := httpKindResult{Kind: kind.name}
		total := 0
		for _, ws := range samples {
			for _, s := range ws {
				if s.kind != k {
					continue
				}
				ms = append(ms, s.ms)
				total += s.bytes
				if !s.ok {
					kr.Errors++
				}
			}
		}
		kr.Requests = len(ms)
		res.Requests += len(ms)
		if len(ms) > 0 {
			slices.Sort(ms)
			kr.P50ms = percentile(ms, 0.50)
			kr.P99ms = percentile(ms, 0.99)
			kr.MeanBytes = total / len(ms)
			kr.PerSecond = float64(len(ms)) / elapsed
		}
		res.Kinds = append(res.Kinds, kr)
	}
	res.PerSecond = float64(res.Requests) / elapsed
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintf(e.stdout, "%d requests in %.2fs from %d clients over loopback: %.0f requests/s\n", res.Requests, res.Seconds, res.Concurrency, res.PerSecond)
	for _, k := range res.Kinds {
		fmt.Fprintf(e.stdout, "  %-20s %6d requests  %7.1f/s  p50 %7.1f ms  p99 %7.1f ms  %3d errors  %7d bytes each\n",
			k.Kind, k.Requests, k.PerSecond, k.P50ms, k.P99ms, k.Errors, k.MeanBytes)
	}
	for _, k := range res.Kinds {
		if k.Errors > 0 {
			return fmt.Errorf("%d %s requests did not answer 200", k.Errors, k.Kind)
		}
	}
	return nil
}

// percentile returns the q-quantile of sorted values (nearest rank).
func percentile(sorted []float64, q float64) float64 {
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// httpBenchKinds picks the requests of the load from what the store
// holds: its most active pairs and countries.
func httpBenchKinds(ctx context.Context, st attache.EventStore) ([]httpBenchKind, error) {
	dyads, err := st.Dyads(ctx, attache.EventFilter{}, 40)
	if err != nil {
		return nil, err
	}
	if len(dyads) == 0 {
		return nil, fmt.Errorf("bench --http: the store holds no events between two countries; ingest some first")
	}
	facets, err := st.Facets(ctx, attache.EventFilter{}, 40)
	if err != nil {
		return nil, err
	}
	var latest, country, dyad, code, pages []string
	latest = append(latest, "/api/events?limit=50")
	for _, c := range facets.Countries {
		country = append(country, "/api/events?limit=50&country="+c.Value)
	}
	for _, r := range facets.Roots {
		code = append(code, "/api/events?limit=50&code="+r.Value)
	}
	for _, d := range dyads {
		dyad = append(dyad, fmt.Sprintf("/api/events?limit=50&dyad=%s-%s", d.A, d.B))
		pages = append(pages, fmt.Sprintf("/dyad/%s/%s", d.A, d.B))
	}
	return []httpBenchKind{
		{"api events latest", latest},
		{"api events country", country},
		{"api events dyad", dyad},
		{"api events code", code},
		{"dyad page", pages},
	}, nil
}
