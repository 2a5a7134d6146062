package webapi

import (
	"slices"

	"github.com/dop251/goja"
)

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

// eventTargetClass is EventTarget. Scripts subclass it (class Bus extends EventTarget).
//
// Listeners follow the DOM standard: a listener is identified by (type, callback,
// capture); once, passive and signal are honoured; a callback is a function or an object
// whose handleEvent is looked up at each call. One difference from the DOM, as in
// workerd: an exception thrown by a listener stops the dispatch and propagates out of
// dispatchEvent (the DOM reports it and goes on). Differences from workerd: capture and
// passive, which workerd rejects when true, are accepted (with no tree, capture
// listeners run first, at the target), and on<type> handler attributes take the place
// in the list where they were set, as in HTML (workerd runs them first).
func (r *eventsRealm) eventTargetClass() hostClass {
	vm := r.vm
	return hostClass{
		name: "EventTarget",
		ctor: func(call goja.ConstructorCall) *goja.Object {
			setSlot(vm, call.This, &eventTarget{})
			return nil
		},
		members: []hostMember{
			{name: "addEventListener", length: 2, fn: r.addEventListener},
			{name: "removeEventListener", length: 2, fn: r.removeEventListener},
			{name: "dispatchEvent", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				t := slotThis[targetHolder](vm, call.This, "EventTarget").target()
				requireArgs(vm, call, 1, "EventTarget.dispatchEvent")
				e, ok := slotValue[*event](call.Arguments[0])
				if !ok {
					panicTypeError(vm,
						"EventTarget.dispatchEvent: parameter 1 is not of type 'Event'")
				}
				if e.dispatching || !e.initialized {
					throwDOMException(vm, "InvalidStateError",
						"The event is already being dispatched.")
				}
				e.trusted = false
				return vm.ToValue(r.dispatch(call.This.(*goja.Object), t,
					call.Arguments[0].(*goja.Object), e))
			}},
		},
	}
}

// installEventTarget defines EventTarget, and addEventListener, removeEventListener and
// dispatchEvent on the global object, which is an event target in workerd too. Nothing
// in Portico fires events at it: a worker's handlers are its module's exports.
func (r *eventsRealm) installEventTarget() error {
	vm := r.vm
	ctor, proto := r.eventTargetClass().define(vm)
	r.targetCtor, r.targetProto = ctor, proto
	global := vm.GlobalObject()
	for _, name := range []string{"addEventListener", "removeEventListener", "dispatchEvent"} {
		method, _ := goja.AssertFunction(proto.Get(name))
		f := newHostFunc(vm, name, int(proto.Get(name).ToObject(vm).Get("length").ToInteger()),
			func(call goja.FunctionCall) goja.Value {
				this := call.This
				if isNullish(this) {
					this = global
				}
				v, err := method(this, call.Arguments...)
				if err != nil {
					panic(err)
				}
				return v
			})
		if err := defineGlobal(vm, name, f); err != nil {
			return err
		}
	}
	return defineGlobal(vm, "EventTarget", ctor)
}

// listenerOptions reads the options argument of addEventListener (full is set) or
// removeEventListener: a boolean (capture) or a dictionary, whose members are read in Web
// IDL's order (capture, once, passive, signal).
func (r *eventsRealm) listenerOptions(v goja.Value, full bool) (l listener, signal *abortSignal) {
	o, ok := v.(*goja.Object)
	if !ok {
		l.capture = v != nil && v.ToBoolean()
		return l, nil
	}
	b := func(name string) bool {
		x := o.Get(name)
		return x != nil && x.ToBoolean()
	}
	l.capture = b("capture")
	if !full {
		return l, nil
	}
	l.once = b("once")
	l.passive = b("passive")
	if sv := o.Get("signal"); sv != nil && !goja.IsUndefined(sv) {
		s, ok := abortSignalOf(sv)
		if !ok {
			panicTypeError(r.vm, "addEventListener: options.signal is not an AbortSignal")
		}
		signal = s
	}
	return l, signal
}

// checkCallback converts a listener argument: null and undefined mean none (ok false);
// anything else but an object throws TypeError.
func (r *eventsRealm) checkCallback(v goja.Value, what string) bool {
	if isNullish(v) {
		return false
	}
	if _, ok := v.(*goja.Object); !ok {
		panicTypeError(r.vm, "%s: parameter 2 is not of type 'EventListener'", what)
	}
	return true
}

func (r *eventsRealm) addEventListener(call goja.FunctionCall) goja.Value {
	vm := r.vm
	t := slotThis[targetHolder](vm, call.This, "EventTarget").target()
	requireArgs(vm, call, 2, "EventTarget.addEventListener")
	typ := domString(vm, call.Arguments[0])
	cb := call.Arguments[1]
	hasCallback := r.checkCallback(cb, "EventTarget.addEventListener")
	opts, signal := r.listenerOptions(argOrUndefined(call, 2), true)
	if !hasCallback || (signal != nil && signal.aborted) {
		return goja.Undefined()
	}
	if t.find(typ, cb, opts.capture) != nil {
		return goja.Undefined()
	}
	l := &listener{callback: cb, capture: opts.capture, once: opts.once, passive: opts.passive}
	t.add(typ, l)
	if signal != nil {
		l.detach = signal.OnAbort(func() { t.remove(typ, l) })
	}
	return goja.Undefined()
}

func (r *eventsRealm) removeEventListener(call goja.FunctionCall) goja.Value {
	vm := r.vm
	t := slotThis[targetHolder](vm, call.This, "EventTarget").target()
	requireArgs(vm, call, 2, "EventTarget.removeEventListener")
	typ := domString(vm, call.Arguments[0])
	cb := call.Arguments[1]
	hasCallback := r.checkCallback(cb, "EventTarget.removeEventListener")
	opts, _ := r.listenerOptions(argOrUndefined(call, 2), false)
	if !hasCallback {
		return goja.Undefined()
	}
	if l := t.find(typ, cb, opts.capture); l != nil {
		t.remove(typ, l)
	}
	return goja.Undefined()
}

// dispatch dispatches e (whose JavaScript object is eo) at the target t (object to):
// with no tree around it, the event path is the target alone, so capture listeners run
// and then the others, all in the at-target phase. It reports false when a listener
// canceled the event. An exception from a listener ends the dispatch and propagates (as
// a goja panic; Go callers outside any script call go through guard).
func (r *eventsRealm) dispatch(to *goja.Object, t *eventTarget, eo *goja.Object, e *event) bool {
	e.dispatching = true
	e.target, e.currentTarget, e.phase = to, to, phaseAtTarget
	defer func() {
		e.dispatching = false
		e.currentTarget, e.phase = nil, phaseNone
		e.stopPropagation, e.stopImmediate = false, false
		e.inPassiveListener = false
	}()
	// Listeners added during the dispatch do not run; removed ones do not either.
	list := slices.Clone(t.listeners[e.typ])
	for _, capture := range []bool{true, false} {
		if e.stopPropagation {
			break
		}
		r.invoke(to, t, eo, e, list, capture)
	}
	return !e.canceled
}

// invoke runs the listeners of list whose capture flag matches, in order.
func (r *eventsRealm) invoke(to *goja.Object, t *eventTarget, eo *goja.Object, e *event,
	list []*listener, capture bool) {
	for _, l := range list {
		if e.stopImmediate {
			return
		}
		if l.removed || l.capture != capture {
			continue
		}
		if l.once {
			t.remove(e.typ, l)
		}
		var fn goja.Callable
		this := goja.Value(to)
		switch {
		case l.handler:
			f, ok := goja.AssertFunction(t.handler(e.typ))
			if !ok {
				continue // a handler that is an object but not a function does nothing
			}
			fn = f
		default:
			if f, ok := goja.AssertFunction(l.callback); ok {
				fn = f
				break
			}
			// A callback object: its handleEvent, looked up now, with the object as this.
			f, ok := goja.AssertFunction(l.callback.(*goja.Object).Get("handleEvent"))
			if !ok {
				panicTypeError(r.vm, "the listener for %q has no handleEvent method", e.typ)
			}
			fn, this = f, l.callback
		}
		e.inPassiveListener = l.passive
		ret, err := fn(this, eo)
		e.inPassiveListener = false
		if err != nil {
			panic(err)
		}
		// An event handler attribute that returns false cancels the event (HTML).
		if b, ok := ret.Export().(bool); l.handler && ok && !b {
			e.cancel()
		}
	}
}
