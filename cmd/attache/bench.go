package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync/atomic"
	"time"

	"attache"
	"attache/input"
	"attache/samples"
)

// benchResult is what `attache bench` measures.
type benchResult struct {
	Corpus        string  `json:"corpus"`
	Workers       int     `json:"workers"`
	Passes        int     `json:"passes"`
	Documents     int     `json:"documents"`
	Bytes         int64   `json:"bytes"`
	Sentences     int     `json:"sentences"`
	Events        int     `json:"events"`
	Seconds       float64 `json:"seconds"`
	MBPerSec      float64 `json:"mb_per_sec"`
	SentPerSec    float64 `json:"sentences_per_sec"`
	SentPerSecCPU float64 `json:"sentences_per_sec_per_core"`
	DocsPerSec    float64 `json:"documents_per_sec"`
	PeakHeapMB    float64 `json:"peak_heap_mb"`
	AllocsPerDoc  float64 `json:"allocs_per_doc"`
	// Stages gives each stage's share: its seconds and the sentences per
	// second it would sustain alone.
	Stages []stageTime `json:"stages"`
}

type stageTime struct {
	Name       string  `json:"name"`
	Seconds    float64 `json:"seconds"`
	SentPerSec float64 `json:"sentences_per_sec"`
}

// timedStage wraps a stage and adds up the time spent in it.
type timedStage struct {
	inner attache.Stage
	nanos atomic.Int64
}

func (t *timedStage) Process(ctx context.Context, d *attache.Document) error {
	start := time.Now()
	err := t.inner.Process(ctx, d)
	t.nanos.Add(int64(time.Since(start)))
	return err
}

func runBench(ctx context.Context, e *env, args []string) error {
	flags := newFlags(e, "bench", "[--corpus DIR] [flags]",
		"Measure the throughput of the whole pipeline (read, clean, split, code) and its memory.\n"+
			"Documents are read once into memory, then coded --passes times; reading from disk is not timed.\n"+
			"Without --corpus the bundled sample articles are used.\n"+
			"With --http it serves a store on loopback instead and reports requests/s and p50/p99 latency\n"+
			"of the JSON API and the dyad page (bounded by --requests and --time, 1 minute unless given).")
	corpus := flags.String("corpus", "", "corpus `DIR` (or any input path); default: the bundled samples")
	workers := flags.Int("workers", 1, "documents coded in parallel (1 gives per-core figures)")
	passes := flags.Int("passes", 0, "passes over the corpus; 0 means as many as fit in --time")
	dur := flags.Duration("time", 2*time.Second, "how long to run when --passes is 0")
	asJSON := flags.Bool("json", false, "print the result as JSON")
	cpuProfile := flags.String("cpuprofile", "", "write a CPU profile of the timed part to `FILE` (go tool pprof)")
	httpLoad := flags.Bool("http", false, "instead: serve --db on loopback and measure the API and dyad pages under load")
	db := dbFlag(flags)
	requests := flags.Int("requests", 2000, "with --http: at most this many requests")
	clients := flags.Int("clients", 8, "with --http: concurrent clients")
	if _, err := parseFlags(flags, args); err != nil {
		return err
	}
	if *httpLoad {
		if *requests < 1 || *clients < 1 {
			return errUsage{"--requests and --clients must be at least 1"}
		}
		st, err := openStore(ctx, *db)
		if err != nil {
			return err
		}
		defer st.Close()
		limit := time.Minute // --time's default suits coding, not a load run
		flags.Visit(func(f *flag.Flag) {
			if f.Name == "time" {
				limit = *dur
			}
		})
		return benchHTTP(ctx, e, st, *requests, *clients, limit, *asJSON)
	}
	if *workers < 1 {
		return errUsage{"--workers must be at least 1"}
	}
	p, err := newPipeline(appConfig{})
	if err != nil {
		return err
	}
	name := *corpus
	var docs []*attache.Document
	rd := &input.Reader{}
	if name == "" {
		name = "bundled samples"
		dir, err := os.MkdirTemp("", "attache-bench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if err := os.CopyFS(dir, samples.FS()); err != nil {
			return err
		}
		*corpus = dir
	}
	for d, err := range rd.All(ctx, []string{*corpus}) {
		if err != nil {
			fmt.Fprintf(e.stderr, "attache bench: %v\n", err)
			continue
		}
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		return fmt.Errorf("no documents to measure in %s", name)
	}
	res := benchResult{Corpus: name, Workers: *workers}
	timers := make([]*timedStage, len(p.Stages))
	for i := range p.Stages {
		timers[i] = &timedStage{inner: p.Stages[i].Stage}
		p.Stages[i].Stage = timers[i]
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	peak := uint64(0)
	start := time.Now()
	for pass := 0; ; pass++ {
		if *passes > 0 && pass >= *passes || *passes == 0 && pass > 0 && time.Since(start) >= *dur {
			break
		}
		seq := func(yield func(*attache.Document, error) bool) {
			for _, d := range docs {
				c := *d // each pass codes a fresh copy
				c.Leftovers, c.Sentences, c.Tokens, c.Events, c.Facts = nil, nil, nil, nil, nil
				if !yield(&c, nil) {
					return
				}
			}
		}
		for r := range p.Run(ctx, seq, *workers) {
			if r.Err != nil {
				return r.Err
			}
			res.Documents++
			res.Bytes += int64(len(r.Doc.Text))
			res.Sentences += len(r.Doc.Sentences)
			res.Events += len(r.Doc.Events)
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapAlloc)
		res.Passes++
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	elapsed := time.Since(start).Seconds()
	runtime.ReadMemStats(&after)
	res.Seconds = elapsed
	res.MBPerSec = float64(res.Bytes) / (1 << 20) / elapsed
	res.SentPerSec = float64(res.Sentences) / elapsed
	res.SentPerSecCPU = res.SentPerSec / float64(min(*workers, runtime.NumCPU()))
	res.DocsPerSec = float64(res.Documents) / elapsed
	res.PeakHeapMB = float64(peak) / (1 << 20)
	res.AllocsPerDoc = float64(after.Mallocs-before.Mallocs) / float64(res.Documents)
	for i, t := range timers {
		sec := float64(t.nanos.Load()) / 1e9
		st := stageTime{Name: p.Stages[i].Name, Seconds: sec}
		if sec > 0 {
			st.SentPerSec = float64(res.Sentences) / sec
		}
		res.Stages = append(res.Stages, st)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintf(e.stdout, "corpus %s: %d documents × %d passes, %d workers, %.2fs\n", res.Corpus, len(docs), res.Passes, res.Workers, res.Seconds)
	fmt.Fprintf(e.stdout, "  %.1f MB/s   %.0f sentences/s (%.0f per core)   %.0f documents/s\n", res.MBPerSec, res.SentPerSec, res.SentPerSecCPU, res.DocsPerSec)
	fmt.Fprintf(e.stdout, "  %d sentences, %d events; peak heap %.1f MB; %.0f allocations per document\n", res.Sentences, res.Events, res.PeakHeapMB, res.AllocsPerDoc)
	for _, st := range res.Stages {
		fmt.Fprintf(e.stdout, "  stage %-6s %6.2fs  %8.0f sentences/s\n", st.Name, st.Seconds, st.SentPerSec)
	}
	return nil
}
