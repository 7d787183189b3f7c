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
	lex, err := loadLexicon(cfg)
	if err != nil {
		return nil, err
	}
	return pipelineWith(lex, cfg)
}

// loadLexicon loads the built-in lexicon under the --lexicon directories.
func loadLexicon(cfg appConfig) (*lexicon.Lexicon, error) {
	var layers []fs.FS
	for _, dir := range cfg.lexiconDirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("--lexicon %s: not a readable directory", dir)
		}
		layers = append(layers, os.DirFS(dir))
	}
	return lexicon.Load(layers...)
}

// pipelineWith builds the pipeline on a loaded lexicon.
func pipelineWith(lex *lexicon.Lexicon, cfg appConfig) (*pipeline.Pipeline, error) {
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
