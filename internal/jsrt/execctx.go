package jsrt

import (
	"time"

	"github.com/dop251/goja"
)

// nowFunc is the clock of timestamps in traces.
var nowFunc = time.Now

// execContext is the Go side of a handler's ctx (ExecutionContext): waitUntil,
// passThroughOnException and props, plus whatever the script sets on it.
type execContext struct {
	r     *realm
	in    *invocation
	extra map[string]goja.Value
}

func (c *execContext) Get(key string) goja.Value {
	switch key {
	case "waitUntil":
		return c.r.waitUntilFn
	case "passThroughOnException":
		return c.r.passThroughFn
	case "props":
		return c.in.props
	}
	return c.extra[key]
}

func (c *execContext) Set(key string, v goja.Value) bool {
	switch key {
	case "waitUntil", "passThroughOnException", "props":
		return false
	}
	if c.extra == nil {
		c.extra = map[string]goja.Value{}
	}
	c.extra[key] = v
	return true
}

func (c *execContext) Has(key string) bool {
	switch key {
	case "waitUntil", "passThroughOnException", "props":
		return true
	}
	_, ok := c.extra[key]
	return ok
}

func (c *execContext) Delete(key string) bool {
	if _, ok := c.extra[key]; ok {
		delete(c.extra, key)
		return true
	}
	return !c.Has(key)
}

func (c *execContext) Keys() []string {
	keys := []string{"waitUntil", "passThroughOnException", "props"}
	for k := range c.extra {
		keys = append(keys, k)
	}
	return keys
}

// installExecutionContext creates the methods every ctx shares. Called detached
// (const { waitUntil } = ctx), they act for the invocation whose code runs.
func (r *realm) installExecutionContext() {
	vm := r.vm
	r.waitUntilFn = vm.ToValue(func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) == 0 {
			panic(vm.NewTypeError("waitUntil: 1 argument required, but only 0 present"))
		}
		r.waitUntil(r.invocationOf(call.This, "waitUntil"), call.Arguments[0])
		return goja.Undefined()
	})
	r.passThroughFn = vm.ToValue(func(call goja.FunctionCall) goja.Value {
		in := r.invocationOf(call.This, "passThroughOnException")
		// Only a call before the result is ready matters: after it there is no
		// exception left to pass through.
		if !in.settled {
			in.trace.PassThroughOnException = true
		}
		return goja.Undefined()
	})
}

// invocationOf returns the invocation of the ctx this, or the current one.
func (r *realm) invocationOf(this goja.Value, what string) *invocation {
	if o, ok := this.(*goja.Object); ok {
		if c, ok := o.Export().(*execContext); ok {
			return c.in
		}
	}
	return r.iso.current(what)
}

// waitUntil keeps in open until v (a promise; anything else is ignored) settles, for
// at most the waitUntil timeout after the handler's result is ready. A rejection is
// logged as an uncaught exception; in a scheduled invocation it fails the run.
func (r *realm) waitUntil(in *invocation, v goja.Value) {
	if in.ended.Load() {
		return
	}
	p, ok := v.(*goja.Object)
	if !ok || p.ExportType() != promiseType {
		return
	}
	in.waitUntil++
	iso := r.iso
	done := func() {
		in.waitUntil--
		iso.markDirty(in)
	}
	onFulfilled := r.vm.ToValue(func(goja.FunctionCall) goja.Value {
		if !in.ended.Load() {
			done()
		}
		return goja.Undefined()
	})
	onRejected := r.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		if in.ended.Load() {
			return goja.Undefined()
		}
		e := exceptionOf(r.vm, call.Argument(0), nowFunc())
		iso.exception(in, e, "Uncaught (in waitUntil)")
		if in.req.event.Type == "scheduled" {
			in.setErr(OutcomeException, e)
		}
		done()
		return goja.Undefined()
	})
	if _, err := r.then(p, onFulfilled, onRejected); err != nil {
		panic(check(err))
	}
}

// envProxy is the env that "cloudflare:workers" exports: it reads the env of the
// invocation whose code runs, so one isolate can serve invocations with different envs.
// At the top level of the script it is empty.
type envProxy struct{ iso *Isolate }

func (e envProxy) env() *goja.Object {
	if in := e.iso.cur; in != nil {
		return in.env
	}
	return nil
}

func (e envProxy) Get(key string) goja.Value {
	if env := e.env(); env != nil {
		return env.Get(key)
	}
	return nil
}

func (e envProxy) Set(string, goja.Value) bool { return false }
func (e envProxy) Delete(string) bool          { return false }

func (e envProxy) Has(key string) bool {
	if env := e.env(); env != nil {
		v := env.Get(key)
		return v != nil && !goja.IsUndefined(v)
	}
	return false
}

func (e envProxy) Keys() []string {
	if env := e.env(); env != nil {
		return env.Keys()
	}
	return nil
}

// installCloudflareWorkers defines the object the "cloudflare:workers" module reads:
// WorkerEntrypoint, RpcTarget, env and waitUntil. DurableObject and
// WorkflowEntrypoint are left out; the module gives stand-ins that throw when
// constructed.
func (r *realm) installCloudflareWorkers() error {
	vm := r.vm
	m := vm.NewObject()
	_ = m.Set("WorkerEntrypoint", r.entrypointClass)
	_ = m.Set("RpcTarget", r.prelude.Get("RpcTarget"))
	_ = m.Set("env", vm.NewDynamicObject(envProxy{r.iso}))
	_ = m.Set("waitUntil", func(call goja.FunctionCall) goja.Value {
		r.waitUntil(r.iso.current("waitUntil"), call.Argument(0))
		return goja.Undefined()
	})
	return vm.GlobalObject().DefineDataProperty(cloudflareWorkersGlobal, m, goja.FLAG_FALSE,
		goja.FLAG_FALSE, goja.FLAG_FALSE)
}
