package webapi

import (
	"fmt"
	"slices"
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
	r.guardFn, _ = goja.AssertFunction(vm.ToValue(func(goja.FunctionCall) goja.Value {
		r.guarded()
		return goja.Undefined()
	}))
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

// target makes the global object an event target, as workerd's global scope is.
func (r *eventsRealm) target() *eventTarget { return &r.global }

// realmOf returns the events state of vm's isolate.
func realmOf(vm *goja.Runtime) *eventsRealm {
	return slotThis[*eventsRealm](vm, vm.GlobalObject(), "global object with Web APIs")
}

// now is performance.now(): milliseconds since the isolate's time origin. Portico's
// clock runs during execution, as workerd's does in local development; Cloudflare's
// production runtime stops it between I/O events (a Spectre mitigation), so there code
// that measures pure computation reads 0.
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

// Event phases (Event.NONE ... Event.BUBBLING_PHASE).
const (
	phaseNone      = 0
	phaseCapturing = 1
	phaseAtTarget  = 2
	phaseBubbling  = 3
)

var eventConsts = []webIDLConst{
	{"NONE", phaseNone}, {"CAPTURING_PHASE", phaseCapturing},
	{"AT_TARGET", phaseAtTarget}, {"BUBBLING_PHASE", phaseBubbling},
}

// event is the Go side of an Event (and of a CustomEvent, which adds detail).
type event struct {
	typ                           string
	bubbles, cancelable, composed bool
	trusted                       bool
	timeStamp                     float64
	target, currentTarget         *goja.Object // nil reads as null
	phase                         int

	initialized, dispatching bool
	canceled                 bool
	stopPropagation          bool
	stopImmediate            bool
	inPassiveListener        bool

	custom bool
	detail goja.Value
}

// eventInit reads an EventInit dictionary (bubbles, cancelable, composed, in Web IDL's
// member order) into ev.
func (r *eventsRealm) eventInit(v goja.Value, ev *event, what string) *goja.Object {
	if isNullish(v) {
		return nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		panicTypeError(r.vm, "%s: the init argument is not an object", what)
	}
	ev.bubbles = o.Get("bubbles") != nil && o.Get("bubbles").ToBoolean()
	ev.cancelable = o.Get("cancelable") != nil && o.Get("cancelable").ToBoolean()
	ev.composed = o.Get("composed") != nil && o.Get("composed").ToBoolean()
	return o
}

func (r *eventsRealm) eventClass() hostClass {
	vm := r.vm
	ev := func(call goja.FunctionCall) *event { return slotThis[*event](vm, call.This, "Event") }
	flag := func(get func(*event) bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value { return vm.ToValue(get(ev(call))) }
	}
	target := func(get func(*event) *goja.Object) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			if o := get(ev(call)); o != nil {
				return o
			}
			return goja.Null()
		}
	}
	return hostClass{
		name:   "Event",
		length: 1,
		ctor: func(call goja.ConstructorCall) *goja.Object {
			if len(call.Arguments) < 1 {
				panicTypeError(vm, "Event constructor: 1 argument required, but only 0 present")
			}
			e := &event{typ: domString(vm, call.Arguments[0]), initialized: true,
				timeStamp: r.now()}
			r.eventInit(ctorArg(call, 1), e, "Event constructor")
			setSlot(vm, call.This, e)
			return nil
		},
		members: []hostMember{
			{name: "type", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(ev(call).typ)
			}},
			{name: "target", get: target(func(e *event) *goja.Object { return e.target })},
			{name: "srcElement", get: target(func(e *event) *goja.Object { return e.target })},
			{name: "currentTarget", get: target(func(e *event) *goja.Object {
				return e.currentTarget
			})},
			{name: "composedPath", fn: func(call goja.FunctionCall) goja.Value {
				e := ev(call)
				if e.currentTarget == nil {
					return vm.NewArray()
				}
				return vm.NewArray(e.currentTarget)
			}},
			{name: "eventPhase", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(ev(call).phase)
			}},
			{name: "stopPropagation", fn: func(call goja.FunctionCall) goja.Value {
				ev(call).stopPropagation = true
				return goja.Undefined()
			}},
			{name: "cancelBubble", get: flag(func(e *event) bool { return e.stopPropagation }),
				set: func(call goja.FunctionCall) goja.Value {
					e := ev(call)
					if argOrUndefined(call, 0).ToBoolean() {
						e.stopPropagation = true
					}
					return goja.Undefined()
				}},
			{name: "stopImmediatePropagation", fn: func(call goja.FunctionCall) goja.Value {
				e := ev(call)
				e.stopPropagation, e.stopImmediate = true, true
				return goja.Undefined()
			}},
			{name: "bubbles", get: flag(func(e *event) bool { return e.bubbles })},
			{name: "cancelable", get: flag(func(e *event) bool { return e.cancelable })},
			{name: "returnValue", get: flag(func(e *event) bool { return !e.canceled }),
				set: func(call goja.FunctionCall) goja.Value {
					e := ev(call)
					if !argOrUndefined(call, 0).ToBoolean() {
						e.cancel()
					}
					return goja.Undefined()
				}},
			{name: "preventDefault", fn: func(call goja.FunctionCall) goja.Value {
				ev(call).cancel()
				return goja.Undefined()
			}},
			{name: "defaultPrevented", get: flag(func(e *event) bool { return e.canceled })},
			{name: "composed", get: flag(func(e *event) bool { return e.composed })},
			{name: "isTrusted", get: flag(func(e *event) bool { return e.trusted })},
			{name: "timeStamp", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(ev(call).timeStamp)
			}},
			{name: "initEvent", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				e := ev(call)
				requireArgs(vm, call, 1, "Event.initEvent")
				typ := domString(vm, call.Arguments[0])
				bubbles := argOrUndefined(call, 1).ToBoolean()
				cancelable := argOrUndefined(call, 2).ToBoolean()
				if e.dispatching {
					return goja.Undefined()
				}
				*e = event{typ: typ, bubbles: bubbles, cancelable: cancelable,
					initialized: true, timeStamp: e.timeStamp, custom: e.custom,
					detail: e.detail}
				return goja.Undefined()
			}},
		},
	}
}

// cancel sets the canceled flag, as preventDefault does: only for a cancelable event,
// and not from a passive listener.
func (e *event) cancel() {
	if e.cancelable && !e.inPassiveListener {
		e.canceled = true
	}
}

// customEventClass is CustomEvent: an Event with a detail value.
func (r *eventsRealm) customEventClass() hostClass {
	vm := r.vm
	return hostClass{
		name:   "CustomEvent",
		length: 1,
		ctor: func(call goja.ConstructorCall) *goja.Object {
			if len(call.Arguments) < 1 {
				panicTypeError(vm, "CustomEvent constructor: 1 argument required, but only 0 present")
			}
			e := &event{typ: domString(vm, call.Arguments[0]), initialized: true,
				timeStamp: r.now(), custom: true, detail: goja.Null()}
			if o := r.eventInit(ctorArg(call, 1), e, "CustomEvent constructor"); o != nil {
				if d := o.Get("detail"); d != nil && !goja.IsUndefined(d) {
					e.detail = d
				}
			}
			setSlot(vm, call.This, e)
			return nil
		},
		members: []hostMember{
			{name: "detail", get: func(call goja.FunctionCall) goja.Value {
				e := slotThis[*event](vm, call.This, "CustomEvent")
				if !e.custom {
					panicTypeError(vm, "Illegal invocation: receiver is not a CustomEvent")
				}
				return e.detail
			}},
		},
	}
}

// installEvent defines Event and CustomEvent.
func (r *eventsRealm) installEvent() error {
	ctor, proto := r.eventClass().define(r.vm)
	defineConstants(r.vm, eventConsts, ctor, proto)
	r.eventProto = proto
	cctor, cproto := r.customEventClass().define(r.vm)
	if err := inherit(cctor, cproto, ctor, proto); err != nil {
		return err
	}
	if err := defineGlobal(r.vm, "Event", ctor); err != nil {
		return err
	}
	return defineGlobal(r.vm, "CustomEvent", cctor)
}

// inherit makes class (ctor, proto) a subclass of (superCtor, superProto), as Web IDL
// links an interface to the one it inherits from.
func inherit(ctor, proto, superCtor, superProto *goja.Object) error {
	if err := proto.SetPrototype(superProto); err != nil {
		return err
	}
	return ctor.SetPrototype(superCtor)
}

// newEvent creates an Event of the given type from Go; trusted events are those the
// platform fires (an AbortSignal's abort).
func (r *eventsRealm) newEvent(typ string, trusted bool) (*goja.Object, *event) {
	o := r.vm.NewObject()
	_ = o.SetPrototype(r.eventProto)
	e := &event{typ: typ, trusted: trusted, initialized: true, timeStamp: r.now()}
	setSlot(r.vm, o, e)
	return o, e
}

// listener is one entry of an event target's listener list.
type listener struct {
	callback goja.Value // a function or an object with handleEvent; nil for a handler
	capture  bool
	once     bool
	passive  bool
	removed  bool
	detach   func() // stops watching the signal option, if any
	// handler marks the entry of an event handler attribute (onabort): it calls the
	// target's current handler for the type.
	handler bool
}

// eventTarget is the Go side of an EventTarget: its listeners by type, in the order
// they were added, and its event handler attributes.
type eventTarget struct {
	listeners map[string][]*listener
	handlers  map[string]goja.Value
}

// targetHolder is the Go state of any EventTarget, including subclasses built in Go
// (AbortSignal).
type targetHolder interface{ target() *eventTarget }

func (t *eventTarget) target() *eventTarget { return t }

// find returns the listener that add/remove identify by (type, callback, capture).
func (t *eventTarget) find(typ string, cb goja.Value, capture bool) *listener {
	for _, l := range t.listeners[typ] {
		if !l.handler && l.capture == capture && l.callback.SameAs(cb) {
			return l
		}
	}
	return nil
}

// remove takes l out of the list of typ.
func (t *eventTarget) remove(typ string, l *listener) {
	if l.removed {
		return
	}
	l.removed = true
	if l.detach != nil {
		l.detach()
	}
	t.listeners[typ] = slices.DeleteFunc(t.listeners[typ], func(x *listener) bool { return x == l })
	if len(t.listeners[typ]) == 0 {
		delete(t.listeners, typ)
	}
}

// add appends l to the list of typ.
func (t *eventTarget) add(typ string, l *listener) {
	if t.listeners == nil {
		t.listeners = map[string][]*listener{}
	}
	t.listeners[typ] = append(t.listeners[typ], l)
}

// setHandler sets the event handler attribute on<typ>. A handler that is not an object
// is null; the handler's listener entry is added where the first non-null value was set
// and removed when it is set back to null, as HTML specifies.
func (t *eventTarget) setHandler(typ string, v goja.Value) {
	if _, ok := v.(*goja.Object); !ok {
		if _, had := t.handlers[typ]; had {
			delete(t.handlers, typ)
			for _, l := range t.listeners[typ] {
				if l.handler {
					t.remove(typ, l)
					break
				}
			}
		}
		return
	}
	if t.handlers == nil {
		t.handlers = map[string]goja.Value{}
	}
	if _, had := t.handlers[typ]; !had {
		t.add(typ, &listener{handler: true})
	}
	t.handlers[typ] = v
}

// handler returns the event handler attribute on<typ>, or null.
func (t *eventTarget) handler(typ string) goja.Value {
	if v, ok := t.handlers[typ]; ok {
		return v
	}
	return goja.Null()
}
