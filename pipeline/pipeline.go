// Package pipeline runs the stages over a stream of documents on every
// core while keeping the input order in the output and a bounded number of
// documents in memory.
package pipeline

import (
	"context"
	"fmt"
	"iter"
	"runtime"
	"sync"

	"attache"
	"attache/clean"
	"attache/segment"
)

// Pipeline is an ordered list of stages. It is read-only once built and
// shared by all workers.
type Pipeline struct {
	Stages []Named
}

// Named is a stage with the name used in errors and timings.
type Named struct {
	Name  string
	Stage attache.Stage
}

// Process runs every stage on d in order.
func (p *Pipeline) Process(ctx context.Context, d *attache.Document) error {
	for _, s := range p.Stages {
		if err := s.Stage.Process(ctx, d); err != nil {
			return fmt.Errorf("stage %s: %w", s.Name, err)
		}
	}
	return nil
}

// Clean returns the stage that marks web-page leftovers.
func Clean() Named {
	return Named{"clean", attache.StageFunc(func(_ context.Context, d *attache.Document) error {
		d.Leftovers = clean.Leftovers(d.Text, d.Lang)
		return nil
	})}
}

// Split returns the stage that segments the story into sentences and tokens.
func Split(sp *segment.Splitter) Named {
	return Named{"split", attache.StageFunc(func(_ context.Context, d *attache.Document) error {
		res := sp.Split(d.Text, clean.Skips(d.Leftovers))
		d.Sentences, d.Tokens = res.Sentences, res.Tokens
		return nil
	})}
}

// Result is one input processed: a document, or the error reading or
// processing it.
type Result struct {
	Doc *attache.Document
	Err error
}

// Run processes the documents of in with workers goroutines (0 means one
// per CPU) and yields the results in input order. At most a few documents
// per worker are in flight, so memory does not grow with the input.
func (p *Pipeline) Run(ctx context.Context, in iter.Seq2[*attache.Document, error], workers int) iter.Seq[Result] {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return func(yield func(Result) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type job struct {
			res  Result
			done chan Result
		}
		jobs := make(chan *job, workers*2)
		order := make(chan *job, workers*4)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range jobs {
					r := j.res
					if r.Err == nil {
						if err := p.Process(ctx, r.Doc); err != nil {
							r.Err = fmt.Errorf("document %s: %w", r.Doc.ID, err)
						}
					}
					j.done <- r
				}
			}()
		}
		go func() {
			defer close(order)
			defer close(jobs)
			for d, err := range in {
				j := &job{res: Result{Doc: d, Err: err}, done: make(chan Result, 1)}
				select {
				case order <- j:
				case <-ctx.Done():
					return
				}
				select {
				case jobs <- j:
				case <-ctx.Done():
					j.done <- Result{Err: ctx.Err()}
					return
				}
			}
		}()
		defer wg.Wait()
		for j := range order {
			r := <-j.done
			if !yield(r) {
				cancel()
				// Drain so the producer and workers can finish.
				go func() {
					for j := range order {
						<-j.done
					}
				}()
				return
			}
		}
	}
}
