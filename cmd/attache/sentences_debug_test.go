package main

import (
	"context"
	"fmt"
	"os"
	"testing"

	"attache/input"
)

func TestDebugSentences(t *testing.T) {
	path := os.Getenv("ATTACHE_DEBUG_DOC")
	if path == "" {
		t.Skip("set ATTACHE_DEBUG_DOC")
	}
	p, _ := newPipeline(appConfig{})
	rd := &input.Reader{}
	for r := range p.Run(context.Background(), rd.All(context.Background(), []string{path}), 1) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		for _, l := range r.Doc.Leftovers {
			fmt.Printf("LEFTOVER %s: %q\n", l.Reason, r.Doc.Slice(l.Span))
		}
		for _, s := range r.Doc.Sentences {
			fmt.Printf("%3d %v %q\n", s.Index, s.Headline, r.Doc.Slice(s.Span))
		}
	}
}
