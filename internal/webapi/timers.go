package webapi

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/dop251/goja"
)

// installTimers defines setTimeout, setInterval, clearTimeout, clearInterval and
// scheduler.wait, all over the loop's timers, which belong to the invocation that set
// them and end with it.
//
// As in workerd, ids are numbers and the handler must be a function: a string (which
// browsers evaluate) throws TypeError. Delays follow HTML: the timeout converts like a
// Web IDL long (NaN and the infinities are 0), and a negative one is 0. HTML's 4 ms
// clamp for nested timers is not applied (workerd does not either), but an interval
// repeats at least every millisecond, so setInterval(f, 0) cannot spin the loop.
func (r *eventsRealm) installTimers() error {
	vm := r.vm
	for _, f := range []struct {
		name   string
		length int
		fn     func(goja.FunctionCall) goja.Value
	}{
		{"setTimeout", 1, func(c goja.FunctionCall) goja.Value { return r.setTimer(c, false) }},
		{"setInterval", 1, func(c goja.FunctionCall) goja.Value { return r.setTimer(c, true) }},
		{"clearTimeout", 0, r.clearTimer},
		{"clearInterval", 0, r.clearTimer},
		{"queueMicrotask", 1, r.queueMicrotask},
	} {
		if err := defineGlobal(vm, f.name, newHostFunc(vm, f.name, f.length, f.fn)); err != nil {
			return err
		}
	}
	promiseProto := vm.Get("Promise").ToObject(vm).Get("prototype").ToObject(vm)
	then, ok := goja.AssertFunction(promiseProto.Get("then"))
	if !ok {
		return fmt.Errorf("install timers: Promise.prototype.then is not a function")
	}
	r.promiseThen = then
	// workerd has no global Scheduler class, only the scheduler object.
	_, proto := r.schedulerClass().define(vm)
	return defineGlobal(vm, "scheduler", newHostObject(vm, &schedulerObject{}, proto))
}

// toLong converts v as Web IDL converts to long: ToNumber, then modulo 2^32 into the
// signed 32-bit range; NaN and the infinities are 0.
func toLong(v goja.Value) int64 {
	f := v.ToFloat()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return int64(int32(uint32(int64(math.Mod(math.Trunc(f), 1<<32)))))
}

// setTimer is setTimeout(handler, timeout, ...arguments) and setInterval.
func (r *eventsRealm) setTimer(call goja.FunctionCall, repeat bool) goja.Value {
	vm := r.vm
	what := "setTimeout"
	if repeat {
		what = "setInterval"
	}
	requireArgs(vm, call, 1, what)
	fn, ok := goja.AssertFunction(call.Arguments[0])
	if !ok {
		if _, isString := call.Arguments[0].Export().(string); isString {
			panicTypeError(vm, "%s: a string handler is not evaluated; pass a function", what)
		}
		panicTypeError(vm, "%s: parameter 1 is not of type 'Function'", what)
	}
	ms := toLong(argOrUndefined(call, 1))
	if ms < 0 {
		ms = 0
	}
	d := time.Duration(ms) * time.Millisecond
	if repeat && d < time.Millisecond {
		d = time.Millisecond
	}
	var args []goja.Value
	if len(call.Arguments) > 2 {
		args = append(args, call.Arguments[2:]...)
	}
	r.nextTimerID++
	id := r.nextTimerID
	global := vm.GlobalObject()
	r.sweepTimers()
	r.timers[id] = timerEntry{ctx: r.l.Context(), loopID: r.l.SetTimer(d, repeat, func() {
		if !repeat {
			delete(r.timers, id)
		}
		if _, err := fn(global, args...); err != nil {
			r.report(err)
		}
	})}
	return vm.ToValue(id)
}

// timerEntry is a live setTimeout or setInterval timer: the Loop's id for it and the
// context of the invocation that set it, which the loop cancels with the invocation.
type timerEntry struct {
	ctx    context.Context
	loopID int64
}

// sweepTimersAt is the number of timers at which setTimer forgets the ones whose
// invocation has ended (the loop cancelled them without telling).
const sweepTimersAt = 64

// sweepTimers forgets timers of ended invocations once there are many entries, so an
// isolate that serves many requests does not keep one entry per cancelled timer.
func (r *eventsRealm) sweepTimers() {
	if len(r.timers) < sweepTimersAt || len(r.timers) < 2*r.liveTimers {
		return
	}
	for id, t := range r.timers {
		if t.ctx.Err() != nil {
			delete(r.timers, id)
		}
	}
	r.liveTimers = len(r.timers)
}

// clearTimer is clearTimeout(id) and clearInterval(id): they share one list of timers,
// as in HTML; an unknown id does nothing.
func (r *eventsRealm) clearTimer(call goja.FunctionCall) goja.Value {
	id := toLong(argOrUndefined(call, 0))
	if t, ok := r.timers[id]; ok {
		delete(r.timers, id)
		// The loop cancelled the timer of an ended invocation already, and may have
		// given its id to another timer since.
		if t.ctx.Err() == nil {
			r.l.ClearTimer(t.loopID)
		}
	}
	return goja.Undefined()
}

// queueMicrotask is queueMicrotask(callback): callback runs as a promise job, after the
// current script and before any timer; an exception it throws is reported (HTML), here
// to the loop's ExceptionReporter.
func (r *eventsRealm) queueMicrotask(call goja.FunctionCall) goja.Value {
	vm := r.vm
	requireArgs(vm, call, 1, "queueMicrotask")
	fn, ok := goja.AssertFunction(call.Arguments[0])
	if !ok {
		panicTypeError(vm, "queueMicrotask: parameter 1 is not of type 'Function'")
	}
	p, resolve, _ := vm.NewPromise()
	_ = resolve(goja.Undefined())
	job := vm.ToValue(func(goja.FunctionCall) goja.Value {
		if _, err := fn(goja.Undefined()); err != nil {
			r.report(err)
		}
		return goja.Undefined()
	})
	if _, err := r.promiseThen(vm.ToValue(p), job); err != nil {
		panic(err)
	}
	return goja.Undefined()
}

// schedulerObject is the Go side of the scheduler singleton.
type schedulerObject struct{ hostSlots }

// schedulerClass is Scheduler, workerd's scheduler: wait(ms, {signal}) resolves after
// ms milliseconds (rejects with the signal's reason if it aborts first).
func (r *eventsRealm) schedulerClass() hostClass {
	vm := r.vm
	return hostClass{
		name: "Scheduler",
		members: []hostMember{
			{name: "wait", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				hostThis[*schedulerObject](vm, call.This, "Scheduler")
				requireArgs(vm, call, 1, "scheduler.wait")
				return r.wait(call.Arguments[0], argOrUndefined(call, 1))
			}},
		},
	}
}

// wait is scheduler.wait(delay, options).
func (r *eventsRealm) wait(delay, options goja.Value) goja.Value {
	vm := r.vm
	ms := delay.ToFloat()
	if math.IsNaN(ms) || ms < 0 {
		ms = 0
	}
	var signal *abortSignal
	if o, ok := options.(*goja.Object); ok {
		if sv := o.Get("signal"); sv != nil && !goja.IsUndefined(sv) {
			s, ok := abortSignalOf(sv)
			if !ok {
				panicTypeError(vm, "scheduler.wait: options.signal is not an AbortSignal")
			}
			signal = s
		}
	} else if !isNullish(options) {
		panicTypeError(vm, "scheduler.wait: options is not an object")
	}
	p, resolve, reject := vm.NewPromise()
	if signal != nil && signal.aborted {
		_ = reject(signal.Reason())
		return vm.ToValue(p)
	}
	d := time.Duration(math.MaxInt64)
	if ms < float64(math.MaxInt64/int64(time.Millisecond)) {
		d = time.Duration(ms * float64(time.Millisecond))
	}
	detach := func() {}
	id := r.l.SetTimer(d, false, func() {
		detach()
		r.guard(func() { _ = resolve(goja.Undefined()) })
	})
	if signal != nil {
		detach = signal.OnAbort(func() {
			r.l.ClearTimer(id)
			_ = reject(signal.Reason())
		})
	}
	return vm.ToValue(p)
}

// performanceObject and navigatorObject are the Go sides of the performance and
// navigator singletons.
type (
	performanceObject struct{ hostSlots }
	navigatorObject   struct{ hostSlots }
)

// userAgent is navigator.userAgent, what workerd reports.
const userAgent = "Cloudflare-Workers"

// installPerformance defines performance (now, timeOrigin) and navigator (userAgent,
// hardwareConcurrency, as in workerd: an isolate runs one thing at a time).
func (r *eventsRealm) installPerformance() error {
	vm := r.vm
	pctor, pproto := hostClass{
		name: "Performance",
		members: []hostMember{
			{name: "timeOrigin", get: func(call goja.FunctionCall) goja.Value {
				hostThis[*performanceObject](vm, call.This, "Performance")
				return vm.ToValue(r.origin)
			}},
			{name: "now", fn: func(call goja.FunctionCall) goja.Value {
				hostThis[*performanceObject](vm, call.This, "Performance")
				return vm.ToValue(r.now())
			}},
			{name: "toJSON", fn: func(call goja.FunctionCall) goja.Value {
				hostThis[*performanceObject](vm, call.This, "Performance")
				o := vm.NewObject()
				_ = o.Set("timeOrigin", r.origin)
				return o
			}},
		},
	}.define(vm)
	nctor, nproto := hostClass{
		name: "Navigator",
		members: []hostMember{
			{name: "userAgent", get: func(call goja.FunctionCall) goja.Value {
				hostThis[*navigatorObject](vm, call.This, "Navigator")
				return vm.ToValue(userAgent)
			}},
			{name: "hardwareConcurrency", get: func(call goja.FunctionCall) goja.Value {
				hostThis[*navigatorObject](vm, call.This, "Navigator")
				return vm.ToValue(1)
			}},
		},
	}.define(vm)
	for name, v := range map[string]goja.Value{
		"Performance": pctor, "performance": newHostObject(vm, &performanceObject{}, pproto),
		"Navigator": nctor, "navigator": newHostObject(vm, &navigatorObject{}, nproto),
	} {
		if err := defineGlobal(vm, name, v); err != nil {
			return err
		}
	}
	return nil
}
