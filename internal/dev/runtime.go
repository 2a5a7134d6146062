package dev

import (
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/portico-dev/portico/internal/bundle"
	"github.com/portico-dev/portico/internal/config"
	"github.com/portico-dev/portico/internal/jsrt"
	"github.com/portico-dev/portico/internal/pipeline"
)

// jsRunner starts a pool of isolates for script: the default Options.NewRunner.
func jsRunner(log *slog.Logger) func(*config.Config, *bundle.Script, func(string)) (
	pipeline.Runner, error) {
	return func(cfg *config.Config, script *bundle.Script, console func(string)) (
		pipeline.Runner, error) {
		prog, err := jsrt.Compile(script.Name, script.Code)
		if err != nil {
			return nil, fmt.Errorf("compile %s: %w", cfg.Name, err)
		}
		pool, err := jsrt.NewPool(jsrt.Options{
			Name:     cfg.Name,
			Program:  prog,
			Size:     isolates(),
			CPULimit: time.Duration(cfg.Limits.CPUMs) * time.Millisecond,
			Console: func(l jsrt.Log) {
				if l.Level == "log" || l.Level == "info" {
					console(l.Text())
					return
				}
				console(l.Level + ": " + l.Text())
			},
			Logger: log,
		})
		if err != nil {
			return nil, err
		}
		return pipeline.JSRunner(pool), nil
	}
}

// isolates is the pool size of a worker in dev: half the cores, at least one. The other
// half serve connections, assets and the Go side of fetches; on 2 cores one isolate
// per worker answered 25 % more requests through a middleware than two (bench/run).
func isolates() int {
	return max(1, runtime.NumCPU()/2)
}
