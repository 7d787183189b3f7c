package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"attache"
	"attache/segment"
)

func docs(n int, failEvery int) func(func(*attache.Document, error) bool) {
	return func(yield func(*attache.Document, error) bool) {
		for i := range n {
			if failEvery > 0 && i%failEvery == 0 {
				if !yield(nil, fmt.Errorf("input %d is bad", i)) {
					return
				}
				continue
			}
			if !yield(&attache.Document{ID: fmt.Sprint(i), Text: fmt.Sprintf("Document %d. It has two sentences.", i)}, nil) {
				return
			}
		}
	}
}

func TestRunKeepsOrder(t *testing.T) {
	p := &Pipeline{Stages: []Named{Clean(), Split(segment.New()),
		{"jitter", attache.StageFunc(func(_ context.Context, d *attache.Document) error {
			// Uneven work so that workers finish out of order.
			if len(d.ID)%2 == 0 {
				runtime.Gosched()
			}
			return nil
		})}}}
	i := 0
	for r := range p.Run(context.Background(), docs(500, 7), 8) {
		if i%7 == 0 {
			if r.Err == nil {
				t.Fatalf("result %d: want the reader's error", i)
			}
		} else {
			if r.Err != nil {
				t.Fatalf("result %d: %v", i, r.Err)
			}
			if r.Doc.ID != fmt.Sprint(i) {
				t.Fatalf("result %d is document %s: order lost", i, r.Doc.ID)
			}
			if len(r.Doc.Sentences) != 2 {
				t.Fatalf("document %s has %d sentences, want 2", r.Doc.ID, len(r.Doc.Sentences))
			}
		}
		i++
	}
	if i != 500 {
		t.Fatalf("got %d results, want 500", i)
	}
}

func TestRunStageError(t *testing.T) {
	boom := errors.New("boom")
	p := &Pipeline{Stages: []Named{{"fail", attache.StageFunc(func(_ context.Context, d *attache.Document) error {
		if d.ID == "3" {
			return boom
		}
		return nil
	})}}}
	n, failed := 0, 0
	for r := range p.Run(context.Background(), docs(10, 0), 4) {
		n++
		if r.Err != nil {
			failed++
			if !errors.Is(r.Err, boom) {
				t.Errorf("error %v does not wrap the stage's error", r.Err)
			}
		}
	}
	if n != 10 || failed != 1 {
		t.Errorf("got %d results with %d failures, want 10 with 1", n, failed)
	}
}

func TestRunEarlyStop(t *testing.T) {
	before := runtime.NumGoroutine()
	p := &Pipeline{}
	n := 0
	for range p.Run(context.Background(), docs(10000, 0), 4) {
		n++
		if n == 5 {
			break
		}
	}
	// Workers and the producer must all end after an early stop.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before {
		t.Errorf("%d goroutines left running after an early stop (had %d)", g, before)
	}
}
