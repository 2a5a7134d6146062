package pipeline

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/portico-dev/portico/internal/binding"
	"github.com/portico-dev/portico/internal/webapi"
)

// Options configure what Compile builds.
type Options struct {
	// Searched lists, by worker name, where a worker that is not loaded was looked for;
	// a missing middleware's error names these places.
	Searched map[string][]string
	// ErrorPage makes the response to r when a stage fails with err: an *Exception, or
	// a script that failed to build. Nil, or a nil result, means a plain 500.
	ErrorPage func(r *http.Request, err error) *http.Response
	// Report receives each uncaught exception (an *Exception, possibly wrapped) once;
	// nil means they are logged to Logger.
	Report func(err error)
	// MaxReplayBytes bounds the request body a middleware keeps for pass-through on
	// exception; 0 means 8 MiB.
	MaxReplayBytes int
	// Logger receives operator logs; nil means slog.Default().
	Logger *slog.Logger
}

func (o *Options) maxReplay() int {
	if o.MaxReplayBytes > 0 {
		return o.MaxReplayBytes
	}
	return defaultMaxReplay
}

func (o *Options) report(err error) {
	if o.Report != nil {
		o.Report(err)
		return
	}
	log := o.Logger
	if log == nil {
		log = slog.Default()
	}
	attrs := []any{"component", "pipeline", "err", err}
	if ex := exceptionOf(err); ex != nil && ex.Stack != "" {
		attrs = append(attrs, "stack", ex.Stack)
	}
	log.Error("uncaught exception", attrs...)
}

// CompileError lists every problem that stopped Compile, one a line; each names the
// whole path that led to it ("my-app -> auth -> i18n -> auth").
type CompileError struct {
	Problems []string
}

func (e *CompileError) Error() string {
	return "compile pipelines: " + strings.Join(e.Problems, "; ")
}

// compiler holds the state of one Compile.
type compiler struct {
	opts     *Options
	set      *Set
	byName   map[string]*Worker
	usedBy   map[string][]string // middleware name -> the workers naming it
	problems []string
}

// Compile builds the pipelines of workers: one entry per worker that is not used as
// middleware (its chain of middleware ending at its router), the ORIGIN target of each
// middleware stage, the ASSETS and service bindings of every env. It checks the graph:
// duplicate names, missing middleware (naming where it was looked for), middleware
// loops, routes or no code on a worker used as middleware, and chains deeper than the
// invocation limit. Warnings (a service binding to a worker that is not loaded) do not
// stop it.
//
// On success the Set holds a reference on every worker (see Worker).
func Compile(workers []*Worker, opts Options) (*Set, []string, error) {
	c := &compiler{
		opts:   &opts,
		byName: map[string]*Worker{},
		usedBy: map[string][]string{},
		set: &Set{
			workers: map[string]*Worker{},
			entries: map[string]webapi.Fetcher{},
			own:     map[string]*binding.Env{},
			code:    map[string]*codeStage{},
		},
	}
	c.set.opts = c.opts
	for _, w := range workers {
		if prev, dup := c.byName[w.Name()]; dup {
			c.problems = append(c.problems, fmt.Sprintf("worker %q is defined twice: by %s "+
				"and by %s", w.Name(), prev.Config.File, w.Config.File))
			continue
		}
		c.byName[w.Name()] = w
		c.set.workers[w.Name()] = w
		c.set.order = append(c.set.order, w)
	}
	for _, w := range c.set.order {
		for _, m := range w.Config.Middleware {
			if !slices.Contains(c.usedBy[m], w.Name()) {
				c.usedBy[m] = append(c.usedBy[m], w.Name())
			}
		}
	}
	c.checkMiddleware()
	for _, w := range c.set.order {
		c.own(w)
	}
	for _, w := range c.set.order {
		if _, isMiddleware := c.usedBy[w.Name()]; isMiddleware {
			continue
		}
		chain, err := c.chain(w.Name(), []string{w.Name()})
		if err != "" {
			c.problems = append(c.problems, err)
			continue
		}
		if n := len(chain) + 1; n > MaxInvocations {
			c.problems = append(c.problems, fmt.Sprintf("%s: the pipeline of %q makes %d "+
				"invocations; a request chain allows at most %d",
				strings.Join(append(chain, w.Name()), " -> "), w.Name(), n, MaxInvocations))
			continue
		}
		c.set.entries[w.Name()] = c.pipeline(w, chain)
		c.set.routable = append(c.set.routable, w)
	}
	if len(c.problems) > 0 {
		return nil, nil, &CompileError{Problems: c.problems}
	}
	for _, w := range c.set.order {
		w.retain()
	}
	return c.set, c.set.warnings, nil
}

// checkMiddleware reports workers used as middleware that cannot be: routes, no code.
func (c *compiler) checkMiddleware() {
	for _, w := range c.set.order {
		users, ok := c.usedBy[w.Name()]
		if !ok {
			continue
		}
		path := users[0] + " -> " + w.Name()
		if len(w.Config.Routes) > 0 {
			c.problems = append(c.problems, fmt.Sprintf("%s: worker %q is used as middleware "+
				"by %s, so it cannot have routes (%s)", path, w.Name(), quoteAll(users),
				w.Config.File))
		}
		if w.Config.Main == "" {
			c.problems = append(c.problems, fmt.Sprintf("%s: worker %q is used as middleware "+
				"but has no main module (%s)", path, w.Name(), w.Config.File))
		}
	}
}

// chain expands the middleware of the worker at the end of path: each middleware's own
// chain comes before it. It returns the stages in order, or a problem naming the path.
func (c *compiler) chain(name string, path []string) ([]string, string) {
	var out []string
	for _, m := range c.byName[name].Config.Middleware {
		p := append(slices.Clip(path), m)
		if slices.Contains(path, m) {
			return nil, "middleware loop: " + strings.Join(p, " -> ")
		}
		if c.byName[m] == nil {
			msg := fmt.Sprintf("%s: middleware %q is not loaded", strings.Join(p, " -> "), m)
			if where := c.opts.Searched[m]; len(where) > 0 {
				msg += " (looked in " + strings.Join(where, ", ") + ")"
			}
			return nil, msg
		}
		sub, problem := c.chain(m, p)
		if problem != "" {
			return nil, problem
		}
		out = append(append(out, sub...), m)
	}
	return out, ""
}

// pipeline builds the stages of origin w: the router, then each middleware from the
// last to the first, each one's ORIGIN being the stage after it.
func (c *compiler) pipeline(w *Worker, chain []string) webapi.Fetcher {
	var next webapi.Fetcher = c.set.router(w.Name())
	for i := len(chain) - 1; i >= 0; i-- {
		mw := c.byName[chain[i]]
		env := c.env(mw)
		if o := mw.Config.Origin; o != nil && o.Binding != "" {
			env.Origin = &binding.Fetcher{Name: o.Binding, Target: next}
		}
		next = &codeStage{w: mw, inv: Invocation{Env: env}, next: next, opts: c.opts}
	}
	return next
}

// own builds the env and code stage of w as a worker in its own right: what its router
// and the RPC and named-entrypoint calls of service bindings run with.
func (c *compiler) own(w *Worker) {
	env := c.env(w)
	c.set.own[w.Name()] = env
	c.set.code[w.Name()] = &codeStage{w: w, inv: Invocation{Env: env}, opts: c.opts}
}

// env builds w's env without ORIGIN: vars, secrets, ASSETS and service bindings.
func (c *compiler) env(w *Worker) *binding.Env {
	cfg := w.Config
	env := &binding.Env{Worker: w.Name(), Vars: cfg.Vars, Secrets: w.Secrets}
	if a := cfg.Assets; a != nil && a.Binding != "" && w.Assets != nil {
		env.Assets = &binding.Fetcher{Name: a.Binding, Target: assetsBinding{w}}
	}
	for _, s := range cfg.Services {
		target := s.Service
		if s.Environment != "" {
			target += "-" + s.Environment
		}
		warn := fmt.Sprintf("%s -> %s: service binding %s names worker %q, which is not "+
			"loaded", w.Name(), target, s.Binding, target)
		if c.byName[target] == nil && !slices.Contains(c.set.warnings, warn) {
			c.set.warnings = append(c.set.warnings, warn)
		}
		env.Services = append(env.Services, binding.Service{Name: s.Binding,
			Target: &service{set: c.set, from: w.Name(), binding: s.Binding, target: target,
				entrypoint: s.Entrypoint}})
	}
	return env
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
