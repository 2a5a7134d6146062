package jsrt

import (
	"context"
	"fmt"
	"time"

	"github.com/dop251/goja"
)

// ScheduledEvent is a cron trigger's event.
type ScheduledEvent struct {
	// Cron is the trigger's cron expression, exactly as configured.
	Cron string
	// ScheduledTime is when the trigger was due; zero means now.
	ScheduledTime time.Time
}

// Scheduled runs the worker's scheduled handler and waits until the invocation has
// ended, its waitUntil work included: the returned trace is final. A thrown exception,
// a rejected handler promise or a rejected waitUntil promise fails the run with an
// *Exception.
func (p *Pool) Scheduled(ctx context.Context, ev ScheduledEvent, inv Invocation) (*Trace, error) {
	if ev.ScheduledTime.IsZero() {
		ev.ScheduledTime = time.Now()
	}
	req := &request{
		inv:      inv,
		event:    Event{Type: "scheduled", Cron: ev.Cron, ScheduledTime: ev.ScheduledTime},
		untilEnd: true,
		run: func(iso *Isolate, in *invocation) (goja.Value, error) {
			return iso.realm.runScheduled(in, ev)
		},
	}
	_, tr, err := p.invoke(ctx, req)
	return tr, err
}

// runScheduled calls the scheduled handler, or dispatches a ScheduledEvent to the
// global listeners of a service-worker script.
func (r *realm) runScheduled(in *invocation, ev ScheduledEvent) (goja.Value, error) {
	if err := r.prepare(in); err != nil {
		return nil, err
	}
	ms := r.vm.ToValue(ev.ScheduledTime.UnixMilli())
	t := r.target(in.req.inv.Entrypoint)
	if t.sw {
		init := r.vm.NewObject()
		_ = init.Set("cron", ev.Cron)
		_ = init.Set("scheduledTime", ms)
		_, err := r.dispatchEvent(in, "scheduled", r.scheduledEvent, init)
		return goja.Undefined(), err
	}
	controller, err := r.vm.New(r.scheduledController, r.vm.ToValue(ev.Cron), ms)
	if err != nil {
		return nil, check(err)
	}
	return r.call(in, t, "scheduled", withEnvAndCtx, controller)
}

// dispatchEvent dispatches a new event of class ctor (FetchEvent, ScheduledEvent) to the
// global listeners, for a script in the service-worker syntax, and returns the event.
func (r *realm) dispatchEvent(in *invocation, typ string, ctor goja.Value, init *goja.Object) (*goja.Object, error) {
	if !r.listeners[typ] {
		return nil, fmt.Errorf("worker %s has no %s handler: it has no default export and no %q event "+
			"listener: %w", r.iso.cfg.name, typ, typ, ErrNoHandler)
	}
	r.defineEnvGlobals(in.env)
	_ = r.hooks.Set("eventContext", in.ctxJS)
	ev, err := r.vm.New(ctor, r.vm.ToValue(typ), init)
	if err != nil {
		return nil, check(err)
	}
	if _, err := r.dispatch(r.vm.GlobalObject(), ev); err != nil {
		return nil, check(err)
	}
	return ev, nil
}

// Call invokes method on the worker's entrypoint (a class extending WorkerEntrypoint,
// constructed with ctx and env, or the exported object) with args and returns its
// awaited result. Arguments and result are structured-clone values in Go form: nil,
// bool, float64, string, []byte, []any, map[string]any, time.Time (a Date) and *big.Int
// (a BigInt); integers of Go's other types are accepted as numbers. Anything else is an
// error wrapping ErrDataClone. A missing method is an error wrapping ErrNoHandler. Call
// returns when the result is ready; ctx.waitUntil work goes on (see Trace.Final).
func (p *Pool) Call(ctx context.Context, inv Invocation, method string, args []any) (any, *Trace, error) {
	req := &request{
		inv:   inv,
		event: Event{Type: "jsrpc", RPCMethod: method},
		run: func(iso *Isolate, in *invocation) (goja.Value, error) {
			r := iso.realm
			if err := r.prepare(in); err != nil {
				return nil, err
			}
			t := r.target(inv.Entrypoint)
			if t.sw {
				return nil, fmt.Errorf("worker %s: RPC needs an exported entrypoint, and the script "+
					"exports nothing: %w", p.cfg.name, ErrNoHandler)
			}
			jsArgs := make([]goja.Value, len(args))
			for i, a := range args {
				v, err := r.clone.fromGo(a)
				if err != nil {
					return nil, fmt.Errorf("worker %s: argument %d of %s: %w", p.cfg.name, i+1, method, err)
				}
				jsArgs[i] = v
			}
			return r.call(in, t, method, argsOnly, jsArgs...)
		},
		result: func(iso *Isolate, in *invocation, v goja.Value) (any, error) {
			x, err := iso.realm.clone.toGo(v, nil)
			if err != nil {
				return nil, fmt.Errorf("worker %s: result of %s: %w", p.cfg.name, method, err)
			}
			return x, nil
		},
	}
	return p.invoke(ctx, req)
}
