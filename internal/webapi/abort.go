package webapi

import (
	"math"
	"slices"
	"time"

	"github.com/dop251/goja"
)

// abortSignal is the Go side of an AbortSignal, an EventTarget that fires "abort" once.
//
// Go code holding a signal (fetch, streams) reads it with Aborted and Reason and watches
// it with OnAbort. Like every object of the isolate, a signal is used on the loop's
// goroutine only.
type abortSignal struct {
	eventTarget
	r   *eventsRealm
	obj *goja.Object

	aborted bool
	reason  goja.Value

	// algorithms are the Go hooks (OnAbort) run when the signal aborts. Removing one
	// drops it and sets it to nil, so an abort already running skips it.
	algorithms []*func()

	// A dependent signal (AbortSignal.any) follows its sources; a source knows its
	// dependents until it aborts.
	dependent  bool
	sources    []*abortSignal
	dependents []*abortSignal
}

// abortSignalOf returns the Go side of v when v is an AbortSignal.
func abortSignalOf(v goja.Value) (*abortSignal, bool) {
	return slotValue[*abortSignal](v)
}

// Aborted reports whether s has aborted.
func (s *abortSignal) Aborted() bool { return s.aborted }

// Reason returns the abort reason of s (undefined while it has not aborted).
func (s *abortSignal) Reason() goja.Value {
	if s.reason == nil {
		return goja.Undefined()
	}
	return s.reason
}

// Object returns the JavaScript object of s.
func (s *abortSignal) Object() *goja.Object { return s.obj }

// OnAbort makes fn run on the loop when s aborts, before its "abort" event fires (the
// DOM's "add an abort algorithm"). When s has already aborted, fn never runs: check
// Aborted first. remove unregisters fn; calling it after s aborted does nothing.
func (s *abortSignal) OnAbort(fn func()) (remove func()) {
	if s.aborted {
		return func() {}
	}
	p := &fn
	s.algorithms = append(s.algorithms, p)
	return func() {
		*p = nil
		if i := slices.Index(s.algorithms, p); i >= 0 {
			s.algorithms = slices.Delete(s.algorithms, i, i+1)
		}
	}
}

// Abort aborts s with reason (nil or undefined: a new "AbortError" DOMException), as
// AbortController.abort does. It may run script (abort listeners); their exceptions
// propagate as goja panics, so Go code outside a script call wraps it in guard.
func (s *abortSignal) Abort(reason goja.Value) {
	if s.aborted {
		return
	}
	if reason == nil || goja.IsUndefined(reason) {
		reason = newDOMException(s.r.vm, "AbortError", "The operation was aborted")
	}
	// The DOM's "signal abort": mark s and its dependents aborted, then run the abort
	// steps of each. Portico runs every Go hook before any listener, so an exception in
	// an abort listener cannot keep a fetch or a stream from seeing its signal abort.
	s.aborted, s.reason = true, reason
	signals := []*abortSignal{s}
	for _, d := range s.dependents {
		if !d.aborted {
			d.aborted, d.reason = true, reason
			signals = append(signals, d)
		}
	}
	s.dependents = nil
	for _, sig := range signals {
		algorithms := sig.algorithms
		sig.algorithms = nil
		for _, fn := range algorithms {
			if *fn != nil {
				(*fn)()
			}
		}
	}
	for _, sig := range signals {
		sig.sources = nil
		eo, e := s.r.newEvent("abort", true)
		s.r.dispatch(sig.obj, &sig.eventTarget, eo, e)
	}
}

// newAbortSignal creates a signal that has not aborted, for Go code that needs one (a
// Request's signal).
func newAbortSignal(vm *goja.Runtime) *abortSignal {
	return realmOf(vm).newSignal()
}

func (r *eventsRealm) newSignal() *abortSignal {
	o := r.vm.NewObject()
	_ = o.SetPrototype(r.signalProto)
	s := &abortSignal{r: r, obj: o}
	setSlot(r.vm, o, s)
	return s
}

// anyAbortSignal is AbortSignal.any(signals): a signal that aborts when the first of
// signals does (at once, with its reason, when one already has).
func anyAbortSignal(vm *goja.Runtime, signals ...*abortSignal) *abortSignal {
	return realmOf(vm).anySignal(signals)
}

func (r *eventsRealm) anySignal(signals []*abortSignal) *abortSignal {
	res := r.newSignal()
	for _, s := range signals {
		if s.aborted {
			res.aborted, res.reason = true, s.reason
			return res
		}
	}
	res.dependent = true
	link := func(src *abortSignal) {
		if !slices.Contains(res.sources, src) {
			res.sources = append(res.sources, src)
			src.dependents = append(src.dependents, res)
		}
	}
	for _, s := range signals {
		if !s.dependent {
			link(s)
			continue
		}
		for _, src := range s.sources {
			link(src)
		}
	}
	return res
}

// timeoutSignal is AbortSignal.timeout: a signal that aborts with a "TimeoutError"
// DOMException after d, on the loop (the timer belongs to the current invocation).
func (r *eventsRealm) timeoutSignal(d time.Duration) *abortSignal {
	s := r.newSignal()
	r.l.SetTimer(d, false, func() {
		r.guard(func() {
			s.Abort(newDOMException(r.vm, "TimeoutError",
				"The operation was aborted due to timeout"))
		})
	})
	return s
}

// abortSignalClass is AbortSignal, which scripts cannot construct.
func (r *eventsRealm) abortSignalClass() hostClass {
	vm := r.vm
	sig := func(call goja.FunctionCall) *abortSignal {
		return slotThis[*abortSignal](vm, call.This, "AbortSignal")
	}
	return hostClass{
		name: "AbortSignal",
		members: []hostMember{
			{name: "aborted", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(sig(call).aborted)
			}},
			{name: "reason", get: func(call goja.FunctionCall) goja.Value {
				return sig(call).Reason()
			}},
			{name: "throwIfAborted", fn: func(call goja.FunctionCall) goja.Value {
				if s := sig(call); s.aborted {
					panic(s.reason)
				}
				return goja.Undefined()
			}},
			{name: "onabort", get: func(call goja.FunctionCall) goja.Value {
				return sig(call).handler("abort")
			}, set: func(call goja.FunctionCall) goja.Value {
				sig(call).setHandler("abort", argOrUndefined(call, 0))
				return goja.Undefined()
			}},
		},
	}
}

// abortSignalStatics are AbortSignal.abort, AbortSignal.timeout and AbortSignal.any.
func (r *eventsRealm) abortSignalStatics() []hostMember {
	vm := r.vm
	return []hostMember{
		{name: "abort", fn: func(call goja.FunctionCall) goja.Value {
			s := r.newSignal()
			s.Abort(argOrUndefined(call, 0))
			return s.obj
		}},
		{name: "timeout", length: 1, fn: func(call goja.FunctionCall) goja.Value {
			requireArgs(vm, call, 1, "AbortSignal.timeout")
			ms := enforceRange(vm, call.Arguments[0], "AbortSignal.timeout: milliseconds")
			d := time.Duration(math.MaxInt64)
			if ms < float64(math.MaxInt64/int64(time.Millisecond)) {
				d = time.Duration(ms) * time.Millisecond
			}
			return r.timeoutSignal(d).obj
		}},
		{name: "any", length: 1, fn: func(call goja.FunctionCall) goja.Value {
			requireArgs(vm, call, 1, "AbortSignal.any")
			v := call.Arguments[0]
			if _, ok := v.(*goja.Object); !ok {
				panicTypeError(vm, "AbortSignal.any: parameter 1 is not iterable")
			}
			var signals []*abortSignal
			vm.ForOf(v, func(x goja.Value) bool {
				s, ok := abortSignalOf(x)
				if !ok {
					panicTypeError(vm, "AbortSignal.any: an element is not an AbortSignal")
				}
				signals = append(signals, s)
				return true
			})
			return r.anySignal(signals).obj
		}},
	}
}

// enforceRange converts v to a Web IDL [EnforceRange] unsigned long long: NaN, the
// infinities and values outside 0 .. 2^53-1 throw TypeError.
func enforceRange(vm *goja.Runtime, v goja.Value, what string) float64 {
	f := v.ToFloat()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		panicTypeError(vm, "%s is not a finite number", what)
	}
	f = math.Trunc(f)
	if f < 0 || f > 1<<53-1 {
		panicTypeError(vm, "%s is outside the range 0 to 2^53-1", what)
	}
	return f
}

// abortController is the Go side of an AbortController.
type abortController struct {
	signal *abortSignal
}

func (r *eventsRealm) abortControllerClass() hostClass {
	vm := r.vm
	return hostClass{
		name: "AbortController",
		ctor: func(call goja.ConstructorCall) *goja.Object {
			setSlot(vm, call.This, &abortController{signal: r.newSignal()})
			return nil
		},
		members: []hostMember{
			{name: "signal", get: func(call goja.FunctionCall) goja.Value {
				return slotThis[*abortController](vm, call.This, "AbortController").signal.obj
			}},
			{name: "abort", fn: func(call goja.FunctionCall) goja.Value {
				c := slotThis[*abortController](vm, call.This, "AbortController")
				c.signal.Abort(argOrUndefined(call, 0))
				return goja.Undefined()
			}},
		},
	}
}

// installAbort defines AbortSignal and AbortController.
func (r *eventsRealm) installAbort() error {
	ctor, proto := r.abortSignalClass().define(r.vm)
	if err := inherit(ctor, proto, r.targetCtor, r.targetProto); err != nil {
		return err
	}
	for _, m := range r.abortSignalStatics() {
		defineMember(r.vm, ctor, m)
	}
	r.signalProto = proto
	cctor, _ := r.abortControllerClass().define(r.vm)
	if err := defineGlobal(r.vm, "AbortSignal", ctor); err != nil {
		return err
	}
	return defineGlobal(r.vm, "AbortController", cctor)
}

// guard runs f, which may run script, where no script called into Go: a timer callback,
// a settle function. A JavaScript exception out of f, or an interrupt, goes to the
// loop's ExceptionReporter. It runs f through a JavaScript call, so the promise jobs f
// queues run when it returns.
func (r *eventsRealm) guard(f func()) {
	prev := r.guarded
	r.guarded = f
	_, err := r.guardFn(goja.Undefined())
	r.guarded = prev
	if err != nil {
		r.report(err)
	}
}

// report hands err, thrown where no script can catch it, to the loop.
func (r *eventsRealm) report(err error) {
	if rep, ok := r.l.(ExceptionReporter); ok {
		rep.ReportException(err)
	}
}
