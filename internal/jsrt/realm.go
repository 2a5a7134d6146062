package jsrt

import (
	_ "embed"
	"errors"
	"fmt"
	"reflect"

	"github.com/dop251/goja"

	"github.com/portico-dev/portico/internal/webapi"
)

// globalName is the global variable a bundled script defines: the module namespace of
// its entry (bundle.GlobalName; a test keeps them equal without jsrt importing bundle,
// which would bring esbuild in).
const globalName = "__porticoWorker"

// cloudflareWorkersGlobal is what the bundle's "cloudflare:workers" module reads.
const cloudflareWorkersGlobal = "__porticoCloudflareWorkers"

//go:embed prelude.js
var preludeSource string

// preludeProgram is compiled once for every isolate of the process.
var preludeProgram = goja.MustCompile("portico:prelude.js", preludeSource, true)

// realm is the JavaScript side of an isolate that jsrt owns: the intrinsics it relies
// on (captured before the script runs, so the script cannot replace them), the
// prelude's hooks, and the worker's exports. Loop goroutine only.
type realm struct {
	iso *Isolate
	vm  *goja.Runtime

	runner      goja.Callable // runs the slice's tasks inside one JavaScript call
	then        goja.Callable // Promise.prototype.then
	onFulfilled goja.Value    // reactions that hand a handler's result to its invocation
	onRejected  goja.Value
	objectProto *goja.Object

	hooks               *goja.Object // passed to the prelude
	prelude             *goja.Object // what the prelude returned
	entrypointClass     *goja.Object // WorkerEntrypoint
	scheduledController goja.Value
	fetchEvent          goja.Value
	scheduledEvent      goja.Value
	responseOf          goja.Callable
	dispatch            goja.Callable // the global dispatchEvent
	listeners           map[string]bool
	clone               *cloner

	waitUntilFn   goja.Value
	passThroughFn goja.Value

	exports *goja.Object // the module namespace; nil for a script without exports
	targets map[string]*target
	envs    map[Env]*goja.Object
	swEnv   *goja.Object // the env last defined as globals (service-worker syntax)
}

// install defines the Web APIs and Portico's globals in a new isolate.
func (iso *Isolate) install() error {
	vm := iso.vm
	r := &realm{iso: iso, vm: vm, listeners: map[string]bool{}, targets: map[string]*target{},
		envs: map[Env]*goja.Object{}}
	iso.realm = r
	if err := webapi.Install(iso); err != nil {
		return err
	}
	r.runner, _ = goja.AssertFunction(vm.ToValue(func(goja.FunctionCall) goja.Value {
		iso.runAll()
		return goja.Undefined()
	}))
	r.objectProto = vm.Get("Object").ToObject(vm).Get("prototype").ToObject(vm)
	promiseProto := vm.Get("Promise").ToObject(vm).Get("prototype").ToObject(vm)
	r.then, _ = goja.AssertFunction(promiseProto.Get("then"))
	r.onFulfilled = vm.ToValue(func(call goja.FunctionCall) goja.Value {
		if in := iso.cur; in != nil {
			iso.ready(in, call.Argument(0))
		}
		return goja.Undefined()
	})
	r.onRejected = vm.ToValue(func(call goja.FunctionCall) goja.Value {
		if in := iso.cur; in != nil {
			iso.fail(in, exceptionOf(vm, call.Argument(0), nowFunc()))
		}
		return goja.Undefined()
	})
	if err := r.installConsole(); err != nil {
		return err
	}
	if err := r.runPrelude(); err != nil {
		return err
	}
	c, err := newCloner(vm)
	if err != nil {
		return err
	}
	r.clone = c
	if err := defineHidden(vm.GlobalObject(), "structuredClone", vm.ToValue(c.structuredClone)); err != nil {
		return err
	}
	r.installExecutionContext()
	if err := r.installCloudflareWorkers(); err != nil {
		return err
	}
	return r.trackListeners()
}

// runPrelude runs prelude.js and keeps what it returns.
func (r *realm) runPrelude() error {
	vm := r.vm
	fnv, err := vm.RunProgram(preludeProgram)
	if err != nil {
		return fmt.Errorf("prelude: %w", err)
	}
	fn, ok := goja.AssertFunction(fnv)
	if !ok {
		return errors.New("prelude: not a function")
	}
	r.hooks = vm.NewObject()
	_ = r.hooks.Set("translateRegExp", r.translateRegExp)
	out, err := fn(goja.Undefined(), r.hooks)
	if err != nil {
		return fmt.Errorf("prelude: %w", err)
	}
	o := out.ToObject(vm)
	r.entrypointClass = o.Get("WorkerEntrypoint").ToObject(vm)
	r.scheduledController = o.Get("ScheduledController")
	r.fetchEvent = o.Get("FetchEvent")
	r.scheduledEvent = o.Get("ScheduledEvent")
	r.responseOf, _ = goja.AssertFunction(o.Get("responseOf"))
	r.prelude = o
	return nil
}

// translateRegExp is the prelude's hook: null, or {source, names} for a pattern the
// engine would get wrong (see regexp.go); a SyntaxError for one it cannot translate.
func (r *realm) translateRegExp(call goja.FunctionCall) goja.Value {
	t, err := translateRegExp(call.Argument(0).String(), call.Argument(1).String())
	if err != nil {
		panic(r.newError("SyntaxError", err.Error()))
	}
	if t == nil {
		return goja.Null()
	}
	names := make([]any, len(t.names))
	for i, n := range t.names {
		names[i] = r.vm.NewArray(n[0], n[1])
	}
	o := r.vm.NewObject()
	_ = o.Set("source", t.source)
	_ = o.Set("names", r.vm.NewArray(names...))
	return o
}

// newError constructs a JavaScript error of the named standard class.
func (r *realm) newError(class, msg string) *goja.Object {
	o, err := r.vm.New(r.vm.Get(class), r.vm.ToValue(msg))
	if err != nil {
		return r.vm.NewTypeError(msg)
	}
	return o
}

// await hands the settlement of the handler's promise p to the current invocation.
func (r *realm) await(p goja.Value) {
	if _, err := r.then(p, r.onFulfilled, r.onRejected); err != nil {
		panic(check(err))
	}
}

// defineHidden defines a writable, configurable, non-enumerable property, as Web IDL
// defines globals.
func defineHidden(o *goja.Object, name string, v goja.Value) error {
	return o.DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// trackListeners wraps the global addEventListener to learn which events a
// service-worker script listens to.
func (r *realm) trackListeners() error {
	vm := r.vm
	g := vm.GlobalObject()
	add, ok := goja.AssertFunction(g.Get("addEventListener"))
	if !ok {
		return errors.New("install: addEventListener is not a function")
	}
	r.dispatch, ok = goja.AssertFunction(g.Get("dispatchEvent"))
	if !ok {
		return errors.New("install: dispatchEvent is not a function")
	}
	wrapper := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) > 1 && !goja.IsUndefined(call.Arguments[1]) && !goja.IsNull(call.Arguments[1]) {
			r.listeners[safeString(call.Argument(0))] = true
		}
		v, err := add(call.This, call.Arguments...)
		if err != nil {
			panic(err)
		}
		return v
	}).ToObject(vm)
	_ = wrapper.DefineDataProperty("name", vm.ToValue("addEventListener"), goja.FLAG_FALSE, goja.FLAG_TRUE,
		goja.FLAG_FALSE)
	_ = wrapper.DefineDataProperty("length", vm.ToValue(2), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	return defineHidden(g, "addEventListener", wrapper)
}

// findExports reads the module namespace the script defined.
func (r *realm) findExports() error {
	if o, ok := r.vm.GlobalObject().Get(globalName).(*goja.Object); ok {
		r.exports = o
	}
	return nil
}

// target is how an entrypoint of the worker is invoked.
type target struct {
	name string       // the export's name; "default"
	obj  *goja.Object // an object (or class instance) whose methods are the handlers
	ctor *goja.Object // a class extending WorkerEntrypoint, constructed per invocation
	sw   bool         // no default export: the service-worker syntax's global listeners
	err  error        // why the entrypoint cannot be invoked
}

// target returns the entrypoint called name ("" is the default export).
func (r *realm) target(name string) *target {
	if t, ok := r.targets[name]; ok {
		return t
	}
	t := r.resolve(name)
	r.targets[name] = t
	return t
}

func (r *realm) resolve(name string) *target {
	worker := r.iso.cfg.name
	export := name
	if export == "" {
		export = "default"
	}
	var v goja.Value
	if r.exports != nil {
		v = r.exports.Get(export)
	}
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		if name == "" {
			return &target{name: export, sw: true}
		}
		return &target{name: export, err: fmt.Errorf("worker %s has no entrypoint %q: the script exports "+
			"nothing of that name: %w", worker, name, ErrNoHandler)}
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return &target{name: export, err: fmt.Errorf("worker %s: export %q is a %s, not an object or a "+
			"class: %w", worker, export, v.ExportType(), ErrNoHandler)}
	}
	if o.ClassName() == "Function" {
		if r.extendsEntrypoint(o) {
			return &target{name: export, ctor: o}
		}
		return &target{name: export, err: fmt.Errorf("worker %s: export %q is a function that is not a "+
			"class extending WorkerEntrypoint; export an object with handler methods (fetch, scheduled, "+
			"...) or such a class: %w", worker, export, ErrNoHandler)}
	}
	return &target{name: export, obj: o}
}

// extendsEntrypoint reports whether class is WorkerEntrypoint or extends it.
func (r *realm) extendsEntrypoint(class *goja.Object) bool {
	proto, ok := class.Get("prototype").(*goja.Object)
	if !ok {
		return false
	}
	base := r.entrypointClass.Get("prototype").ToObject(r.vm)
	for p := proto; p != nil; p = p.Prototype() {
		if p == base {
			return true
		}
	}
	return false
}

// handlerArgs says what a handler receives besides its event: module handlers on an
// object get (event, env, ctx); a WorkerEntrypoint method gets only its arguments, and
// an RPC method on an object only its arguments too.
type handlerArgs int

const (
	withEnvAndCtx handlerArgs = iota
	argsOnly
)

// call invokes method of t for in.
func (r *realm) call(in *invocation, t *target, method string, how handlerArgs,
	args ...goja.Value) (goja.Value, error) {
	if t.err != nil {
		return nil, t.err
	}
	this := t.obj
	if t.ctor != nil {
		inst, err := r.vm.New(t.ctor, in.ctxJS, in.env)
		if err != nil {
			return nil, check(err)
		}
		this = inst
		how = argsOnly
	}
	fv := this.Get(method)
	fn, ok := goja.AssertFunction(fv)
	if !ok || (how == argsOnly && in.req.event.Type == "jsrpc" && !r.rpcMethod(fv, method)) {
		return nil, r.noMethod(t, method)
	}
	if how == withEnvAndCtx {
		args = append(args, in.env, in.ctxJS)
	}
	return fn(this, args...)
}

// rpcMethod reports whether fn may be called over RPC: not the constructor and not a
// method every object inherits.
func (r *realm) rpcMethod(fn goja.Value, name string) bool {
	if name == "constructor" {
		return false
	}
	inherited := r.objectProto.Get(name)
	return inherited == nil || !inherited.SameAs(fn)
}

// noMethod is the error of a handler or RPC method the entrypoint does not have.
func (r *realm) noMethod(t *target, method string) error {
	worker := r.iso.cfg.name
	what := "its default export"
	if t.name != "default" {
		what = fmt.Sprintf("its entrypoint %q", t.name)
	}
	if t.ctor != nil {
		what += fmt.Sprintf(" (class %s)", safeString(t.ctor.Get("name")))
	}
	switch method {
	case "fetch", "scheduled", "tail":
		return fmt.Errorf("worker %s has no %s handler: %s has no %s method: %w", worker, method, what,
			method, ErrNoHandler)
	}
	return fmt.Errorf("worker %s: %s has no RPC method %q: %w", worker, what, method, ErrNoHandler)
}

// prepare gives in its env, ctx and props.
func (r *realm) prepare(in *invocation) error {
	env, err := r.envFor(in.req.inv.Env)
	if err != nil {
		return fmt.Errorf("worker %s: build env: %w", r.iso.cfg.name, err)
	}
	in.env = env
	if in.req.inv.Props != nil {
		p, err := r.clone.fromGo(in.req.inv.Props)
		if err != nil {
			return fmt.Errorf("worker %s: props: %w", r.iso.cfg.name, err)
		}
		in.props = p
	} else {
		in.props = r.vm.NewObject()
	}
	in.ctxJS = r.vm.NewDynamicObject(&execContext{r: r, in: in})
	return nil
}

// envFor returns the env object for e in this isolate, built once per Env value (by
// identity) when the value can be a map key.
func (r *realm) envFor(e Env) (env *goja.Object, err error) {
	if e == nil {
		e = emptyEnv{}
	}
	cacheable := reflect.TypeOf(e).Comparable()
	if cacheable {
		func() {
			defer func() {
				if recover() != nil {
					cacheable = false // an interface field holds an incomparable value
				}
			}()
			env = r.envs[e]
		}()
		if env != nil {
			return env, nil
		}
	}
	env, err = e.Build(r.iso)
	if err != nil {
		return nil, err
	}
	if env == nil {
		env = r.vm.NewObject()
	}
	if cacheable {
		r.envs[e] = env
	}
	return env, nil
}

// emptyEnv is the Env of an invocation that has none: an empty object.
type emptyEnv struct{}

func (emptyEnv) Build(l webapi.Loop) (*goja.Object, error) { return l.Runtime().NewObject(), nil }

// defineEnvGlobals makes env's properties globals, as the service-worker syntax has its
// bindings.
func (r *realm) defineEnvGlobals(env *goja.Object) {
	if env == r.swEnv {
		return
	}
	g := r.vm.GlobalObject()
	for _, k := range env.Keys() {
		_ = g.Set(k, env.Get(k))
	}
	r.swEnv = env
}
