package main

import (
	"fmt"
	"io/fs"
	"os"

	"attache/cameo"
	"attache/coder"
	"attache/lexicon"
	"attache/pipeline"
	"attache/segment"
)

// appConfig is what the commands that code documents share.
type appConfig struct {
	lexiconDirs []string
	allModes    bool
}

// newPipeline builds the pipeline every coding command runs: clean, split,
// then the coder. It is built once and shared by all workers.
func newPipeline(cfg appConfig) (*pipeline.Pipeline, error) {
	var layers []fs.FS
	for _, dir := range cfg.lexiconDirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("--lexicon %s: not a readable directory", dir)
		}
		layers = append(layers, os.DirFS(dir))
	}
	lex, err := lexicon.Load(layers...)
	if err != nil {
		return nil, err
	}
	cb, err := cameo.Builtin()
	if err != nil {
		return nil, err
	}
	cd := coder.New(lex, cb, nil)
	cd.AllModes = cfg.allModes
	p := &pipeline.Pipeline{Stages: []pipeline.Named{
		pipeline.Clean(),
		pipeline.Split(segment.New()),
		{Name: "code", Stage: cd},
	}}
	return p, nil
}
