package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/portico-dev/portico/internal/jsrt"
)

// JSRunner adapts the isolates of a jsrt pool to a Runner: envs go to the pool as
// jsrt.Env (a *binding.Env builds itself in each isolate), and an uncaught
// *jsrt.Exception becomes an *Exception carrying the trace's pass-through flag.
func JSRunner(p *jsrt.Pool) Runner { return jsRunner{p} }

type jsRunner struct{ p *jsrt.Pool }

// fetchPool is jsrt's fetch-handler entry (Pool.Fetch), reached through an interface
// while the runtime and this package are built in step.
// TODO(#6): call p.Fetch directly once every build has it.
type fetchPool interface {
	Fetch(ctx context.Context, r *http.Request, inv jsrt.Invocation) (*http.Response,
		*jsrt.Trace, error)
}

// ErrNoFetchHandlers is the error of a fetch invocation when the runtime built in cannot
// run fetch handlers.
var ErrNoFetchHandlers = errors.New("this build's JavaScript runtime cannot run fetch " +
	"handlers")

// JSRunsFetch reports whether the runtime built in runs fetch handlers.
func JSRunsFetch() bool {
	_, ok := any((*jsrt.Pool)(nil)).(fetchPool)
	return ok
}

func (j jsRunner) Fetch(ctx context.Context, r *http.Request, inv Invocation) (*http.Response,
	error) {
	fp, ok := any(j.p).(fetchPool)
	if !ok {
		return nil, fmt.Errorf("fetch: %w", ErrNoFetchHandlers)
	}
	resp, tr, err := fp.Fetch(ctx, r, jsrt.Invocation{Env: inv.Env, Entrypoint: inv.Entrypoint})
	if err != nil {
		return nil, exceptionFrom(err, tr)
	}
	return resp, nil
}

func (j jsRunner) Call(ctx context.Context, inv Invocation, method string,
	args []any) (any, error) {
	v, tr, err := j.p.Call(ctx, jsrt.Invocation{Env: inv.Env, Entrypoint: inv.Entrypoint},
		method, args)
	if err != nil {
		return nil, exceptionFrom(err, tr)
	}
	return v, nil
}

func (j jsRunner) Close() error { return j.p.Close() }

// exceptionFrom turns a *jsrt.Exception in err into an *Exception; other errors stay.
func exceptionFrom(err error, tr *jsrt.Trace) error {
	var ex *jsrt.Exception
	if !errors.As(err, &ex) {
		return err
	}
	msg := ex.Message
	if ex.Name != "" {
		msg = ex.Name + ": " + msg
	} else {
		msg = "Uncaught " + msg
	}
	return &Exception{Message: msg, Stack: ex.Stack,
		PassThrough: tr != nil && tr.PassThroughOnException}
}
