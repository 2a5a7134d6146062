package jsrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"

	"github.com/portico-dev/portico/internal/webapi"
)

// Defaults of Options.
const (
	// DefaultCPULimit is the CPU time an invocation may use when Options.CPULimit is 0:
	// 30 seconds, Cloudflare's default for a paid plan (wrangler's limits.cpu_ms
	// overrides it). The script's top level gets the same budget.
	DefaultCPULimit = 30 * time.Second
	// DefaultWaitUntilTimeout is how long ctx.waitUntil work may run after the handler's
	// result is ready when Options.WaitUntilTimeout is 0: 30 seconds, as on Cloudflare.
	DefaultWaitUntilTimeout = 30 * time.Second
)

// Options configures a pool.
type Options struct {
	// Name is the worker's name, in logs, traces and errors.
	Name string
	// Program is the compiled script. Required.
	Program *Program
	// Size is the number of isolates; 0 means runtime.NumCPU().
	Size int
	// CPULimit is the CPU time one invocation may use before it is stopped (outcome
	// exceededCpu); 0 means DefaultCPULimit.
	CPULimit time.Duration
	// WaitUntilTimeout bounds ctx.waitUntil work after the handler's result is ready;
	// 0 means DefaultWaitUntilTimeout.
	WaitUntilTimeout time.Duration
	// Console receives every console line of every invocation (and of the script's top
	// level), for the dev terminal; nil means none. It is called on isolate goroutines,
	// concurrently from different isolates, and must not block.
	Console func(Log)
	// Logger receives operator logs (isolates replaced, limits hit); nil discards them.
	Logger *slog.Logger
}

// Env builds the env object of a worker for one isolate. Build is called on that
// isolate's goroutine, at most once per isolate per Env value: the pool caches the result
// by the value's identity (a pointer is the usual Env), so a middleware shared by several
// origins gets one env per origin in the same isolate.
type Env interface {
	Build(l webapi.Loop) (*goja.Object, error)
}

// Invocation says how to invoke the worker.
type Invocation struct {
	// Env is the env of the invocation; nil means an empty object.
	Env Env
	// Entrypoint is the named export to invoke; "" is the default export.
	Entrypoint string
	// Props becomes ctx.props (a value of the structured clone Go form; see Call); nil
	// means an empty object.
	Props any
}

// config is what every isolate of a pool shares.
type config struct {
	name       string
	program    *Program
	cpuLimit   time.Duration
	waitUntil  time.Duration
	wedgeAfter time.Duration
	console    func(Log)
	log        *slog.Logger
	// retire asks the pool to replace an isolate; any goroutine may call it.
	retire func(*Isolate)
}

// Pool runs the invocations of one version of a worker on a set of isolates created
// from one compiled program. Each invocation goes to the isolate with the fewest
// invocations in flight. An isolate that fails, stops responding, or keeps hitting the
// CPU limit is replaced. Pool's methods are safe for concurrent use.
type Pool struct {
	cfg *config

	// mu guards closed, pending and nextID; isos is replaced (copy on write) under it
	// and read without it.
	mu      sync.Mutex
	isos    atomic.Pointer[[]*Isolate]
	changed chan struct{} // closed and renewed whenever isos changes
	closed  bool
	pending int // replacements being created
	nextID  int
	wg      sync.WaitGroup

	nextInv atomic.Uint64
	rr      atomic.Uint32
}

// NewPool creates the pool's isolates: each gets the Web APIs and Portico's globals,
// then runs the program. An exception thrown by the script's top level is returned as an
// *Exception.
func NewPool(opts Options) (*Pool, error) {
	if opts.Program == nil {
		return nil, fmt.Errorf("pool %s: no program", opts.Name)
	}
	cfg := &config{
		name:      opts.Name,
		program:   opts.Program,
		cpuLimit:  cmpOr(opts.CPULimit, DefaultCPULimit),
		waitUntil: cmpOr(opts.WaitUntilTimeout, DefaultWaitUntilTimeout),
		console:   opts.Console,
		log:       opts.Logger,
	}
	cfg.wedgeAfter = max(time.Second, cfg.cpuLimit/2)
	if cfg.log == nil {
		cfg.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	cfg.log = cfg.log.With("component", "jsrt", "worker", opts.Name)
	p := &Pool{cfg: cfg, changed: make(chan struct{})}
	cfg.retire = p.replace
	size := opts.Size
	if size <= 0 {
		size = runtime.NumCPU()
	}
	isos := make([]*Isolate, size)
	errs := make([]error, size)
	var wg sync.WaitGroup
	for i := range isos {
		wg.Add(1)
		go func() {
			defer wg.Done()
			isos[i], errs[i] = newIsolate(cfg, i)
		}()
	}
	wg.Wait()
	p.nextID = size
	if err := errors.Join(errs...); err != nil {
		for _, iso := range isos {
			if iso != nil {
				iso.close()
			}
		}
		for _, e := range errs {
			if e != nil {
				return nil, e // the first: every isolate runs the same script
			}
		}
	}
	p.isos.Store(&isos)
	cfg.log.Debug("pool started", "isolates", size)
	return p, nil
}

func cmpOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// pick returns the isolate with the fewest invocations in flight, waiting for a
// replacement when none is usable.
func (p *Pool) pick(ctx context.Context) (*Isolate, error) {
	for {
		p.mu.Lock()
		closed, pending, changed := p.closed, p.pending, p.changed
		p.mu.Unlock()
		if closed {
			return nil, fmt.Errorf("worker %s: %w", p.cfg.name, ErrClosed)
		}
		isos := *p.isos.Load()
		var best *Isolate
		start := int(p.rr.Add(1))
		for i := range isos {
			iso := isos[(start+i)%len(isos)]
			if iso.retired.Load() {
				continue
			}
			if best == nil || iso.load.Load() < best.load.Load() {
				best = iso
			}
		}
		if best != nil {
			return best, nil
		}
		if pending == 0 {
			return nil, fmt.Errorf("worker %s: no isolate is running: %w", p.cfg.name, ErrIsolateLost)
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("worker %s: %w: %w", p.cfg.name, ErrCanceled, context.Cause(ctx))
		}
	}
}

// replace creates a new isolate in the background and swaps it in for old; old takes
// no new invocations from then on and closes when its last one ends. A lost isolate
// takes none from the start.
func (p *Pool) replace(old *Isolate) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.pending++
	id := p.nextID
	p.nextID++
	p.wg.Add(1)
	p.mu.Unlock()
	go func() {
		defer p.wg.Done()
		iso, err := newIsolate(p.cfg, id)
		p.mu.Lock()
		defer p.mu.Unlock()
		p.pending--
		if err != nil {
			p.cfg.log.Error("replacement isolate failed", "err", err)
		}
		if p.closed && iso != nil {
			iso.close()
			iso = nil
		}
		var next []*Isolate
		for _, x := range *p.isos.Load() {
			if x != old {
				next = append(next, x)
			}
		}
		if iso != nil {
			next = append(next, iso)
			p.cfg.log.Info("isolate replaced", "old", old.id, "new", id)
		} else if !old.retired.Load() {
			next = append(next, old) // keep the old one serving rather than none
		}
		p.isos.Store(&next)
		close(p.changed)
		p.changed = make(chan struct{})
		if iso != nil {
			old.retired.Store(true)
		}
		if old.retired.Load() && old.load.Load() == 0 {
			old.close()
		}
	}()
}

// Close stops every isolate: invocations in flight end as canceled. It waits for the
// isolates' goroutines, except one stuck outside JavaScript.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
	p.wg.Wait()
	isos := *p.isos.Load()
	for _, iso := range isos {
		iso.close()
	}
	for _, iso := range isos {
		select {
		case <-iso.done:
		case <-iso.lost:
		}
	}
	return nil
}

// invoke runs req on an isolate and waits for its reply.
func (p *Pool) invoke(ctx context.Context, req *request) (any, *Trace, error) {
	req.reply = make(chan reply, 1)
	for {
		iso, err := p.pick(ctx)
		if err != nil {
			return nil, p.bareTrace(req, OutcomeCanceled, nil), err
		}
		in := newInvocation(iso, ctx, req, p.nextInv.Add(1))
		iso.load.Add(1)
		if !iso.post(in, func() { iso.begin(in) }) {
			// The isolate closed between pick and post: try another.
			iso.load.Add(-1)
			if in.stopCaller != nil {
				in.stopCaller()
			}
			in.cancel()
			continue
		}
		select {
		case r := <-req.reply:
			return r.v, r.trace, r.err
		case <-iso.lost:
			return nil, p.bareTrace(req, OutcomeInternalError, nil),
				fmt.Errorf("worker %s: %w", p.cfg.name, ErrIsolateLost)
		case <-ctx.Done():
			return nil, p.bareTrace(req, OutcomeCanceled, in.trace.final),
				fmt.Errorf("worker %s: %w: %w", p.cfg.name, ErrCanceled, context.Cause(ctx))
		}
	}
}

// bareTrace is the trace of an invocation whose isolate could not answer.
func (p *Pool) bareTrace(req *request, o Outcome, final *traceFinal) *Trace {
	return &Trace{ScriptName: p.cfg.name, Entrypoint: req.inv.Entrypoint, Event: req.event,
		EventTimestamp: time.Now(), Outcome: o, final: final}
}
