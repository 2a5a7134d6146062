package webapi

import (
	"fmt"
	"reflect"

	"github.com/dop251/goja"
)

// A future is a promise of the streams algorithms. The standard describes its state
// machines with promises ("a promise resolved with undefined", "upon fulfillment of p");
// most of those promises never reach a script. A future keeps such a promise in Go:
// settling it and reacting to it cost no JavaScript objects, while reactions still run
// as microtasks, in the order the standard gives them. A future becomes a JavaScript
// promise only when a script is handed one (promise).
type future struct {
	r       *streamsRealm
	state   futureState
	value   goja.Value
	handled bool // the spec's [[PromiseIsHandled]]
	waiters []futureWaiter

	// js is the JavaScript promise of the future, once a script was handed one.
	js                  *goja.Promise
	jsResolve, jsReject func(any) error
}

type futureState uint8

const (
	futurePending futureState = iota
	futureFulfilled
	futureRejected
)

// futureWaiter is one reaction: either function may be nil.
type futureWaiter struct {
	onFulfilled, onRejected func(goja.Value)
}

func (r *streamsRealm) newFuture() *future { return &future{r: r} }

// resolved returns a future fulfilled with v ("a promise resolved with v").
func (r *streamsRealm) resolved(v goja.Value) *future {
	if v == nil {
		v = goja.Undefined()
	}
	return &future{r: r, state: futureFulfilled, value: v}
}

// rejected returns a future rejected with e ("a promise rejected with e").
func (r *streamsRealm) rejected(e goja.Value) *future {
	return &future{r: r, state: futureRejected, value: e}
}

// resolve fulfills f with v; a settled future does not change.
func (f *future) resolve(v goja.Value) { f.settle(futureFulfilled, v, false) }

// reject rejects f with e; a settled future does not change.
func (f *future) reject(e goja.Value) { f.settle(futureRejected, e, false) }

// follow resolves f with the outcome of g, as resolving a promise with a promise does.
func (f *future) follow(g *future) {
	g.then(f.resolve, f.reject)
}

// settle settles f. The reactions registered so far run as microtasks, or at once when
// now is set: f is then settling inside the reaction job of the JavaScript promise it
// wraps, which is where the standard runs them.
func (f *future) settle(st futureState, v goja.Value, now bool) {
	if f.state != futurePending {
		return
	}
	if v == nil {
		v = goja.Undefined()
	}
	f.state, f.value = st, v
	waiters := f.waiters
	f.waiters = nil
	if f.js != nil {
		settleJS := f.jsResolve
		if st == futureRejected {
			settleJS = f.jsReject
		}
		if err := settleJS(v); err != nil {
			panic(err)
		}
	}
	for _, w := range waiters {
		if now {
			f.run(w)
		} else {
			f.r.queueJob(func() { f.run(w) })
		}
	}
}

func (f *future) run(w futureWaiter) {
	if f.state == futureFulfilled {
		if w.onFulfilled != nil {
			w.onFulfilled(f.value)
		}
	} else if w.onRejected != nil {
		w.onRejected(f.value)
	}
}

// then reacts to f: onFulfilled or onRejected runs as a microtask once f settles (at
// once queued when it has). Reacting marks f handled, as PerformPromiseThen does.
func (f *future) then(onFulfilled, onRejected func(goja.Value)) {
	f.markHandled()
	w := futureWaiter{onFulfilled, onRejected}
	if f.state == futurePending {
		f.waiters = append(f.waiters, w)
		return
	}
	f.r.queueJob(func() { f.run(w) })
}

// markHandled sets [[PromiseIsHandled]]: a rejection of f is not reported as unhandled.
func (f *future) markHandled() {
	if f.handled {
		return
	}
	f.handled = true
	if f.js != nil {
		f.r.catchIgnore(f.r.vm.ToValue(f.js))
	}
}

// promise returns the JavaScript promise of f, creating it the first time.
func (f *future) promise() goja.Value {
	r := f.r
	if f.js == nil {
		p, resolve, reject := r.vm.NewPromise()
		f.js, f.jsResolve, f.jsReject = p, resolve, reject
		if f.handled {
			r.catchIgnore(r.vm.ToValue(p))
		}
		var err error
		switch f.state {
		case futureFulfilled:
			err = resolve(f.value)
		case futureRejected:
			err = reject(f.value)
		}
		if err != nil {
			panic(err)
		}
	}
	return r.vm.ToValue(f.js)
}

var promiseType = reflect.TypeFor[*goja.Promise]()

// fromJS returns a future that settles as Promise.resolve(v) does: v itself when it is
// already a fulfilled promise or not a promise at all, else the promise's outcome.
func (r *streamsRealm) fromJS(v goja.Value) *future {
	o, ok := v.(*goja.Object)
	if !ok {
		return r.resolved(v)
	}
	if o.ExportType() == promiseType {
		if p := o.Export().(*goja.Promise); p.State() == goja.PromiseStateFulfilled {
			return r.resolved(p.Result())
		}
		return r.followJS(o)
	}
	// Any other object may be a thenable; Promise.resolve looks at its then.
	p, err := r.promiseResolve(goja.Undefined(), v)
	if err != nil {
		if ex, ok := err.(*goja.Exception); ok {
			return r.rejected(ex.Value())
		}
		panic(err)
	}
	if po, ok := p.(*goja.Object); ok && po.ExportType() == promiseType {
		if pp := po.Export().(*goja.Promise); pp.State() == goja.PromiseStateFulfilled {
			return r.resolved(pp.Result())
		}
	}
	return r.followJS(p)
}

// followJS returns a future that settles with the JavaScript promise p, in p's own
// reaction job.
func (r *streamsRealm) followJS(p goja.Value) *future {
	f := r.newFuture()
	settle := r.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		st := futureRejected
		if call.Argument(1).ToBoolean() {
			st = futureFulfilled
		}
		if ex := r.vm.Try(func() { f.settle(st, call.Argument(0), true) }); ex != nil {
			r.ev.report(ex)
		}
		return goja.Undefined()
	})
	if _, err := r.kitReact(goja.Undefined(), p, settle); err != nil {
		panic(err)
	}
	return f
}

// queuedJob is a Go function waiting to run as a microtask.
type queuedJob struct {
	id int64
	fn func()
}

// queueJob runs fn as a microtask (a promise job), after the jobs already queued. A
// JavaScript exception out of fn goes to the loop's ExceptionReporter.
//
// The job is a JavaScript closure that calls back into Go with the job's id. Two
// properties of goja shape this. A Go function that goja calls as a promise reaction
// runs with an empty JavaScript call stack, and every call from Go into JavaScript that
// returns to an empty stack runs all queued jobs at once; so Go code must run under a
// JavaScript frame, or the jobs it queues would run inside it, out of order. And a
// CPU-limit interrupt drops the queued jobs: ids increase in the order the jobs run, so
// a job finds, and skips, the Go functions whose jobs were dropped.
func (r *streamsRealm) queueJob(fn func()) {
	r.jobSeq++
	r.jobs.push(queuedJob{id: r.jobSeq, fn: fn})
	if _, err := r.kitQueue(goja.Undefined(), r.vm.ToValue(r.jobSeq)); err != nil {
		panic(err)
	}
}

// runJob is what the closures of queueJob call: it runs job id.
func (r *streamsRealm) runJob(call goja.FunctionCall) goja.Value {
	id := call.Argument(0).ToInteger()
	for r.jobs.len() > 0 && r.jobs.front().id < id {
		r.jobs.shift() // dropped by an interrupt
	}
	if r.jobs.len() == 0 || r.jobs.front().id != id {
		return goja.Undefined()
	}
	j := r.jobs.shift()
	if ex := r.vm.Try(j.fn); ex != nil {
		r.ev.report(ex)
	}
	return goja.Undefined()
}

// catchIgnore marks the JavaScript promise p handled.
func (r *streamsRealm) catchIgnore(p goja.Value) {
	if _, err := r.promiseThen(p, goja.Undefined(), r.ignore); err != nil {
		panic(err)
	}
}

// all returns a future fulfilled when every one of fs is, or rejected with the first
// rejection (the "wait for all" of the standard's pipe).
func (r *streamsRealm) all(fs []*future) *future {
	res := r.newFuture()
	left := len(fs)
	if left == 0 {
		res.resolve(goja.Undefined())
		return res
	}
	for _, f := range fs {
		f.then(func(goja.Value) {
			if left--; left == 0 {
				res.resolve(goja.Undefined())
			}
		}, res.reject)
	}
	return res
}

// streamsKit is the JavaScript side of queueJob and followJS: closures that call back
// into Go under a JavaScript frame (see queueJob). It is compiled once per process.
var streamsKit = goja.MustCompile("streams-kit.js", `(function (thenCall, resolved, run) {
	"use strict";
	return [
		function (id) { thenCall(resolved, function () { run(id); }); },
		function (p, settle) {
			thenCall(p, function (v) { settle(v, true); }, function (e) { settle(e, false); });
		}
	];
})`, true)

// initPromises keeps the promise functions the isolate started with, so scripts that
// replace Promise.prototype.then or Promise.resolve do not change how streams settle,
// and sets up the kit.
func (r *streamsRealm) initPromises() error {
	vm := r.vm
	promise := vm.Get("Promise").ToObject(vm)
	resolve, ok := goja.AssertFunction(promise.Get("resolve"))
	if !ok {
		return fmt.Errorf("Promise.resolve is not a function")
	}
	r.promiseResolve = func(_ goja.Value, args ...goja.Value) (goja.Value, error) {
		return resolve(promise, args...)
	}
	r.promiseThen = r.ev.promiseThen
	p, res, _ := vm.NewPromise()
	if err := res(goja.Undefined()); err != nil {
		return err
	}
	// then looks up the species constructor through p.constructor: an own, frozen one
	// keeps scripts that patch Promise from reaching the jobs of streams.
	species := vm.NewObject()
	if err := species.DefineDataPropertySymbol(goja.SymSpecies, promise, goja.FLAG_FALSE,
		goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
		return err
	}
	pv := vm.ToValue(p).(*goja.Object)
	if err := pv.DefineDataProperty("constructor", species, goja.FLAG_FALSE, goja.FLAG_FALSE,
		goja.FLAG_FALSE); err != nil {
		return err
	}
	r.resolvedPromise = pv
	r.ignore = vm.ToValue(func(goja.FunctionCall) goja.Value { return goja.Undefined() })
	// thenCall(p, onFulfilled, onRejected) is Promise.prototype.then.call, bound.
	fnProto := vm.Get("Function").ToObject(vm).Get("prototype").ToObject(vm)
	bind, ok1 := goja.AssertFunction(fnProto.Get("bind"))
	thenV := promise.Get("prototype").ToObject(vm).Get("then")
	if !ok1 {
		return fmt.Errorf("Function.prototype.bind is not a function")
	}
	thenCall, err := bind(fnProto.Get("call"), thenV)
	if err != nil {
		return err
	}
	mk, err := vm.RunProgram(streamsKit)
	if err != nil {
		return err
	}
	mkFn, _ := goja.AssertFunction(mk)
	kit, err := mkFn(goja.Undefined(), thenCall, pv, vm.ToValue(r.runJob))
	if err != nil {
		return err
	}
	ko := kit.ToObject(vm)
	r.kitQueue, _ = goja.AssertFunction(ko.Get("0"))
	r.kitReact, _ = goja.AssertFunction(ko.Get("1"))
	if r.kitQueue == nil || r.kitReact == nil {
		return fmt.Errorf("the streams kit did not load")
	}
	return nil
}
