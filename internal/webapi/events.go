package webapi

import (
	"fmt"
	"time"

	"github.com/dop251/goja"
)

// eventsRealm is the per-isolate state of the events part of this package: DOMException,
// Event, EventTarget, AbortController and AbortSignal, timers, performance and navigator.
// It lives in the global object's internal slot, so Go code that holds only the Runtime
// (newDOMException, abortSignalOf) finds it. Like the Runtime, it is used on the loop's
// goroutine only.
type eventsRealm struct {
	l  Loop
	vm *goja.Runtime

	start  time.Time // the isolate's time origin, for performance.now and timeStamp
	origin float64   // start as Unix time in milliseconds (performance.timeOrigin)

	errorCtor        goja.Constructor
	domExceptionCtor *goja.Object
	eventProto       *goja.Object
	targetCtor       *goja.Object
	targetProto      *goja.Object
	signalProto      *goja.Object
	promiseThen      goja.Callable // Promise.prototype.then as the isolate started
	guardFn          goja.Callable // runs guarded; see guard
	guarded          func()

	global eventTarget // globalThis's listeners (addEventListener at the top level)

	timers      map[int64]timerEntry // by setTimeout/setInterval id
	nextTimerID int64
	liveTimers  int // len(timers) after the last sweep
}

// installEvents defines DOMException, Event, CustomEvent, EventTarget, AbortController,
// AbortSignal, the timer functions, queueMicrotask, scheduler, performance and navigator.
func installEvents(l Loop) error {
	vm := l.Runtime()
	errorCtor, ok := goja.AssertConstructor(vm.Get("Error"))
	if !ok {
		return fmt.Errorf("install events: Error is not a constructor")
	}
	now := time.Now()
	r := &eventsRealm{
		l: l, vm: vm, start: now, errorCtor: errorCtor,
		origin: float64(now.UnixMicro()) / 1000,
		timers: map[int64]timerEntry{},
	}
	mk, err := vm.RunProgram(frameProgram)
	if err != nil {
		return fmt.Errorf("install events: %w", err)
	}
	mkFn, _ := goja.AssertFunction(mk)
	frame, err := mkFn(goja.Undefined(), vm.ToValue(func(goja.FunctionCall) goja.Value {
		r.guarded()
		return goja.Undefined()
	}))
	if err != nil {
		return fmt.Errorf("install events: %w", err)
	}
	r.guardFn, _ = goja.AssertFunction(frame)
	setSlot(vm, vm.GlobalObject(), r)
	for _, install := range []func() error{
		r.installDOMException, r.installEvent, r.installEventTarget, r.installAbort,
		r.installTimers, r.installPerformance,
	} {
		if err := install(); err != nil {
			return err
		}
	}
	return nil
}

// frameProgram makes the function that guard calls: a JavaScript function around a Go
// one. goja runs a Go function that Go code calls with an empty JavaScript call stack,
// and any call into JavaScript that returns to an empty stack runs every queued promise
// job; under a JavaScript frame, the jobs that guarded code queues run when the guard
// returns, in order, rather than inside whatever Go call queued them.
var frameProgram = goja.MustCompile("frame.js",
	`(function (run) { "use strict"; return function () { run(); }; })`, true)

// target makes the global object an event target, as workerd's global scope is.
func (r *eventsRealm) target() *eventTarget { return &r.global }

// realmOf returns the events state of vm's isolate.
func realmOf(vm *goja.Runtime) *eventsRealm {
	return slotThis[*eventsRealm](vm, vm.GlobalObject(), "global object with Web APIs")
}

// now is performance.now(): milliseconds since the isolate's time origin, as High
// Resolution Time specifies, with microsecond resolution. The clock runs during
// execution, as it does under workerd in local development; Cloudflare's deployed
// runtime stops it between I/O events (a Spectre mitigation), so there code that
// measures pure computation reads 0. workerd also reports a timeOrigin of 0, making
// now() equal Date.now(); Portico's timeOrigin is the isolate's start as Unix time, so
// timeOrigin + now() is the time of day on both.
func (r *eventsRealm) now() float64 {
	return float64(time.Since(r.start).Microseconds()) / 1000
}

// ctorArg returns argument i of a constructor call, or undefined.
func ctorArg(call goja.ConstructorCall, i int) goja.Value {
	if i < len(call.Arguments) {
		return call.Arguments[i]
	}
	return goja.Undefined()
}
