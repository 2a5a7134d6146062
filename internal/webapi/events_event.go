package webapi

import (
	"github.com/dop251/goja"
)

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
				panicTypeError(vm,
					"CustomEvent constructor: 1 argument required, but only 0 present")
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
