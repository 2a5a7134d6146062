// Package binding owns the env object of a worker: its vars (strings and JSON values),
// its secrets (.dev.vars, .env, --var), the ORIGIN binding of a middleware, the ASSETS
// binding, and service bindings (fetch and RPC). An Env is plain Go data, built once per
// pipeline stage when the pipeline is compiled; the engine-side object is made from it
// in each isolate.
//
// binding imports the engine (goja) and webapi; it must not import jsrt, pipeline,
// server or cli: the targets of ORIGIN, ASSETS and service bindings arrive as values.
package binding

import (
	"context"

	"github.com/portico-dev/portico/internal/webapi"
)

// Env is the Go side of one stage's env: what a worker's handler sees as its second
// argument. A middleware that fronts several origins has one Env per origin, which
// differ only in Origin. An Env is immutable once the pipeline is compiled, and its
// identity matters: the runtime builds its object once per isolate per *Env.
type Env struct {
	// Worker is the name of the worker whose env this is, for error messages.
	Worker string
	// Vars are the config's vars: strings, or JSON values (decoded: maps, slices,
	// float64, bool, nil).
	Vars map[string]any
	// Secrets are the local secrets and --var values; they override Vars of the same
	// name and are always strings.
	Secrets map[string]string
	// Origin is the [origin] binding of a middleware: the next stage. Nil when the
	// worker is not used as middleware here.
	Origin *Fetcher
	// Assets is the [assets] binding: the worker's asset layer. Nil without one.
	Assets *Fetcher
	// Services are the service bindings, in config order.
	Services []Service
}

// Fetcher is a binding whose value in env is a Fetcher object: env[Name].fetch(...)
// sends to Target, and the response's headers are mutable (DESIGN.md rule 6).
type Fetcher struct {
	Name   string
	Target webapi.Fetcher
}

// Service is a service binding: env[Name].fetch() enters Target's pipeline, and any
// other method of env[Name] is an RPC call on the target's entrypoint.
type Service struct {
	Name   string
	Target Target
}

// Target is what a service binding reaches: a worker's pipeline for fetch, and its
// entrypoint's methods for RPC.
type Target interface {
	webapi.Fetcher
	// Call invokes method on the target's entrypoint with args and returns its result.
	// Args and result are structured-clone values in Go form (nil, bool, float64,
	// string, []byte, []any, map[string]any, time.Time, *big.Int).
	Call(ctx context.Context, method string, args []any) (any, error)
}
