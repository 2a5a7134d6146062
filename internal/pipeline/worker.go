package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/portico-dev/portico/internal/assets"
	"github.com/portico-dev/portico/internal/binding"
	"github.com/portico-dev/portico/internal/config"
)

// Runner runs the handlers of one worker version: the script's isolates. *jsrt.Pool
// implements it through an adapter. Every method is safe for concurrent use.
type Runner interface {
	// Fetch runs the fetch handler of inv.Entrypoint with r and inv.Env. An uncaught
	// exception is returned as an *Exception; any other error means the invocation
	// did not run to an answer (ctx done, a limit).
	Fetch(ctx context.Context, r *http.Request, inv Invocation) (*http.Response, error)
	// Call invokes method on inv.Entrypoint (RPC) with structured-clone args.
	Call(ctx context.Context, inv Invocation, method string, args []any) (any, error)
	// Close stops the isolates once the invocations in flight have ended.
	Close() error
}

// Invocation says which env and which export an invocation runs with.
type Invocation struct {
	Env        *binding.Env
	Entrypoint string // a named export; "" is the default export
}

// Exception is an uncaught exception of a worker's handler.
type Exception struct {
	// Worker is the name of the worker that threw; the pipeline fills it in.
	Worker string
	// Message is the exception's text, as "TypeError: x is not a function".
	Message string
	// Stack is the source-mapped stack, one frame a line; may be empty.
	Stack string
	// PassThrough is set when the handler called ctx.passThroughOnException() before
	// it threw.
	PassThrough bool
}

func (e *Exception) Error() string {
	if e.Worker == "" {
		return "uncaught exception: " + e.Message
	}
	return fmt.Sprintf("worker %q threw: %s", e.Worker, e.Message)
}

// Worker is one version of a worker, ready to be compiled into pipelines: its config,
// its asset layer and the runner of its script. Its fields are set before it is first
// compiled and never change after that.
//
// A Worker counts its references: NewWorker returns it with one (the caller's), each
// compiled [Set] that uses it holds one until the Set is retired and drained, and the
// Runner is closed when the last one is released.
type Worker struct {
	Config *config.Config
	// Assets is the asset layer; nil when the worker has no [assets].
	Assets *assets.Layer
	// Code runs the script; nil for an assets-only worker, or when the script failed
	// to build (BuildError says why).
	Code Runner
	// BuildError is why a worker with a main module has no Code. Its router still
	// serves the assets and answers what would reach the code with this error.
	BuildError error
	// Secrets are the local secrets and --var values, overriding Config.Vars.
	Secrets map[string]string
	// Version identifies this version (a content hash); may be empty.
	Version string

	// mu guards refs.
	mu   sync.Mutex
	refs int
}

// NewWorker returns w holding one reference, the caller's, which Release gives back.
func NewWorker(w *Worker) *Worker {
	w.refs = 1
	return w
}

// Name is the worker's name.
func (w *Worker) Name() string { return w.Config.Name }

func (w *Worker) retain() {
	w.mu.Lock()
	w.refs++
	w.mu.Unlock()
}

// Release gives back one reference; at the last one the Runner is closed.
func (w *Worker) Release() {
	w.mu.Lock()
	w.refs--
	last := w.refs == 0
	w.mu.Unlock()
	if last && w.Code != nil {
		w.Code.Close()
	}
}

// ErrNoCode is wrapped by the answer of a stage whose worker has no runnable code.
var ErrNoCode = errors.New("worker has no code to run")
