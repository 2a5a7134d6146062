package webapi

import (
	"reflect"

	"github.com/dop251/goja"
)

// This file holds internal slots for host objects that are ordinary JavaScript objects:
// instances of the classes that scripts subclass (EventTarget, Event, DOMException). A
// goja dynamic object (newHostObject) cannot be one of those: a subclass with a private
// field (#x), a read-only property or Object.freeze throws on it. goja's native
// constructors do hand a subclass's `this` (with the subclass's prototype) to the Go
// constructor, so these classes keep that object and hang their Go state on it.

// slotKey is the symbol under which an ordinary object keeps its Go state, as a
// non-writable, non-enumerable, non-configurable property. Symbols are immutable, so one
// serves every isolate. Scripts can see the key (Object.getOwnPropertySymbols) but
// nothing behind it: the value is an opaque object, and it records its owner, so copying
// it onto another object does not make that object an instance.
var slotKey = goja.NewSymbol("portico.slot")

var proxyType = reflect.TypeFor[goja.Proxy]()

// slot is the opaque value stored under slotKey. It implements goja.DynamicObject with no
// properties at all.
type slot struct {
	owner *goja.Object
	v     any
}

func (*slot) Get(string) goja.Value       { return nil }
func (*slot) Set(string, goja.Value) bool { return false }
func (*slot) Has(string) bool             { return false }
func (*slot) Delete(string) bool          { return false }
func (*slot) Keys() []string              { return nil }

// setSlot stores v as the Go state of o. It throws TypeError when o cannot take the
// property (a frozen object handed to a constructor through Function.prototype.call).
func setSlot(vm *goja.Runtime, o *goja.Object, v any) {
	s := vm.NewDynamicObject(&slot{owner: o, v: v})
	_ = s.SetPrototype(nil)
	if err := o.DefineDataPropertySymbol(slotKey, s, goja.FLAG_FALSE, goja.FLAG_FALSE,
		goja.FLAG_FALSE); err != nil {
		panicTypeError(vm, "cannot initialise the object: %v", err)
	}
}

// slotValue returns the Go state of v when v is an object whose own slot holds a T.
func slotValue[T any](v goja.Value) (T, bool) {
	var zero T
	o, ok := v.(*goja.Object)
	// A Proxy has no internal slots; asking it would run its get trap.
	if !ok || o.ExportType() == proxyType {
		return zero, false
	}
	so, ok := o.GetSymbol(slotKey).(*goja.Object)
	if !ok {
		return zero, false
	}
	s, ok := so.Export().(*slot)
	if !ok || s.owner != o {
		return zero, false
	}
	t, ok := s.v.(T)
	return t, ok
}

// slotThis returns the Go state of the receiver, or throws TypeError ("Illegal
// invocation") when this is not an instance of class.
func slotThis[T any](vm *goja.Runtime, this goja.Value, class string) T {
	if v, ok := slotValue[T](this); ok {
		return v
	}
	panicTypeError(vm, "Illegal invocation: receiver is not a %s", class)
	var zero T
	return zero
}

// defineGlobal defines name on the global object as Web IDL defines interface objects
// and namespaces: writable, configurable, not enumerable.
func defineGlobal(vm *goja.Runtime, name string, v goja.Value) error {
	return vm.GlobalObject().DefineDataProperty(name, v, goja.FLAG_TRUE, goja.FLAG_TRUE,
		goja.FLAG_FALSE)
}

// defineConstants defines Web IDL constants (read-only, enumerable, not configurable) on
// each of objs.
func defineConstants(vm *goja.Runtime, consts []webIDLConst, objs ...*goja.Object) {
	for _, o := range objs {
		for _, c := range consts {
			_ = o.DefineDataProperty(c.name, vm.ToValue(c.value), goja.FLAG_FALSE,
				goja.FLAG_FALSE, goja.FLAG_TRUE)
		}
	}
}

// webIDLConst is one constant of an interface.
type webIDLConst struct {
	name  string
	value int
}
