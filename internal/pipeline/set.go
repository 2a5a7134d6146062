package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/portico-dev/portico/internal/binding"
	"github.com/portico-dev/portico/internal/webapi"
)

// Set is the compiled pipelines of the workers loaded together: what one dev session
// or node serves at a time. It is immutable and safe for concurrent use. A server
// swaps in a new Set when a worker changes; requests in flight finish on the Set they
// started with (see Acquire and Retire).
type Set struct {
	opts     *Options
	order    []*Worker                 // every worker, in load order
	workers  map[string]*Worker        // by name
	routable []*Worker                 // workers not used as middleware, in load order
	entries  map[string]webapi.Fetcher // the pipeline entry of each routable worker
	own      map[string]*binding.Env   // each worker's env as a worker in its own right
	code     map[string]*codeStage     // each worker's code with its own env
	warnings []string

	// mu guards the fields below.
	mu       sync.Mutex
	inflight int
	retired  bool
	drained  chan struct{} // closed when retired and nothing is in flight
}

// Routable returns the workers a request may be addressed to (every worker not used as
// middleware), in load order: the first one is the first origin, which answers the dev
// address.
func (s *Set) Routable() []*Worker { return s.routable }

// Worker returns the loaded worker of that name.
func (s *Set) Worker(name string) (*Worker, bool) {
	w, ok := s.workers[name]
	return w, ok
}

// Entry returns the pipeline of a routable worker: its first middleware, or its router
// when it has none.
func (s *Set) Entry(name string) (webapi.Fetcher, bool) {
	f, ok := s.entries[name]
	return f, ok
}

// Warnings are the findings that did not stop Compile.
func (s *Set) Warnings() []string { return s.warnings }

// Acquire marks a request in flight on s; release must be called when its response has
// been written. It reports false when s is retired: load the current Set and retry.
func (s *Set) Acquire() (release func(), ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.retired {
		return nil, false
	}
	s.inflight++
	return s.release, true
}

func (s *Set) release() {
	s.mu.Lock()
	s.inflight--
	done := s.retired && s.inflight == 0
	s.mu.Unlock()
	if done {
		s.drain()
	}
}

// Retire stops s from taking new requests; once the requests in flight have ended, it
// releases its workers (closing the runners no other Set uses). The returned channel is
// closed then.
func (s *Set) Retire() <-chan struct{} {
	s.mu.Lock()
	if s.retired {
		s.mu.Unlock()
		return s.drained
	}
	s.retired = true
	s.drained = make(chan struct{})
	done := s.inflight == 0
	s.mu.Unlock()
	if done {
		s.drain()
	}
	return s.drained
}

func (s *Set) drain() {
	for _, w := range s.order {
		w.Release()
	}
	close(s.drained)
}

// ErrNotLoaded is wrapped by the error of a service binding whose worker is not loaded.
var ErrNotLoaded = errors.New("worker is not loaded")

// service is the target of a service binding: fetch enters the target's pipeline (or,
// with an entrypoint, that export's fetch handler), and Call is RPC on the entrypoint.
type service struct {
	set        *Set
	from       string // the worker holding the binding
	binding    string
	target     string
	entrypoint string
}

func (sv *service) Fetch(ctx context.Context, r *http.Request) (*http.Response, error) {
	if sv.entrypoint != "" {
		cs, err := sv.codeStage()
		if err != nil {
			return nil, err
		}
		named := *cs
		named.inv.Entrypoint = sv.entrypoint
		return named.Fetch(ctx, r)
	}
	if f, ok := sv.set.entries[sv.target]; ok {
		return f.Fetch(ctx, r)
	}
	if _, ok := sv.set.workers[sv.target]; ok {
		// A worker used as middleware has no pipeline of its own: its router serves.
		return sv.set.router(sv.target).Fetch(ctx, r)
	}
	return nil, sv.notLoaded()
}

func (sv *service) Call(ctx context.Context, method string, args []any) (any, error) {
	cs, err := sv.codeStage()
	if err != nil {
		return nil, err
	}
	ctx, err = enter(ctx, sv.target)
	if err != nil {
		return nil, err
	}
	note(ctx, sv.target+"."+method)
	if cs.w.Code == nil {
		return nil, fmt.Errorf("call %s.%s: worker %q: %w", sv.binding, method, sv.target,
			ErrNoCode)
	}
	inv := cs.inv
	inv.Entrypoint = sv.entrypoint
	v, err := cs.w.Code.Call(ctx, inv, method, args)
	if ex := exceptionOf(err); ex != nil {
		ex.Worker = sv.target
	}
	return v, err
}

func (sv *service) codeStage() (*codeStage, error) {
	cs, ok := sv.set.code[sv.target]
	if !ok {
		return nil, sv.notLoaded()
	}
	return cs, nil
}

func (sv *service) notLoaded() error {
	return fmt.Errorf("service binding %s of %q: %q: %w", sv.binding, sv.from, sv.target,
		ErrNotLoaded)
}

// router returns the router of the named worker.
func (s *Set) router(name string) *router {
	w := s.workers[name]
	rt := &router{w: w}
	if w.Config.Main != "" {
		rt.code = s.code[name]
	}
	return rt
}

// exceptionOf returns the *Exception in err's chain, or nil.
func exceptionOf(err error) *Exception {
	var ex *Exception
	if errors.As(err, &ex) {
		return ex
	}
	return nil
}
