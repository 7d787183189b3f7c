package main

import (
	"attache/pipeline"
	"attache/segment"
)

// appConfig is what the commands that code documents share.
type appConfig struct {
	lexiconDirs []string
}

// newPipeline builds the pipeline every coding command runs: clean, split,
// then the coder's stages. It is built once and shared by all workers.
func newPipeline(cfg appConfig) (*pipeline.Pipeline, error) {
	p := &pipeline.Pipeline{Stages: []pipeline.Named{
		pipeline.Clean(),
		pipeline.Split(segment.New()),
	}}
	return p, nil
}
