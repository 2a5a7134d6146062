package webapi

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/dop251/goja"
)

// This file holds the small host-object toolkit that the URL, encoding and crypto
// classes share: a class built from a table of spec names, receiver checks, the one way
// those classes throw, and BufferSource access.

// hostMember is one entry of a class's prototype table: a method (fn set) or an
// accessor (get set, set optional).
type hostMember struct {
	name   string
	length int
	fn     func(goja.FunctionCall) goja.Value
	get    func(goja.FunctionCall) goja.Value
	set    func(goja.FunctionCall) goja.Value
}

// hostClass describes a Web API class: its name, its constructor (nil for classes that
// scripts cannot construct, such as CryptoKey) and its prototype members.
type hostClass struct {
	name    string
	length  int
	ctor    func(call goja.ConstructorCall) *goja.Object
	members []hostMember
}

// define builds the constructor and its prototype in vm and returns both. The prototype
// gets Symbol.toStringTag; members are enumerable and configurable, as Web IDL makes
// operations and attributes (unlike ECMAScript's built-in classes).
func (hc hostClass) define(vm *goja.Runtime) (ctor, proto *goja.Object) {
	if hc.ctor != nil {
		// goja's native constructors cannot tell `new C()` from `C()` (NewTarget is nil
		// in both), so a call without new constructs too, where the spec throws.
		ctor = vm.ToValue(hc.ctor).(*goja.Object)
	} else {
		name := hc.name
		ctor = vm.ToValue(func(goja.ConstructorCall) *goja.Object {
			panicTypeError(vm, "Illegal constructor: %s cannot be constructed by scripts", name)
			return nil
		}).(*goja.Object)
	}
	_ = ctor.DefineDataProperty("name", vm.ToValue(hc.name), goja.FLAG_FALSE, goja.FLAG_TRUE,
		goja.FLAG_FALSE)
	_ = ctor.DefineDataProperty("length", vm.ToValue(hc.length), goja.FLAG_FALSE, goja.FLAG_TRUE,
		goja.FLAG_FALSE)
	proto = ctor.Get("prototype").ToObject(vm)
	for _, m := range hc.members {
		defineMember(vm, proto, m)
	}
	_ = proto.DefineDataPropertySymbol(goja.SymToStringTag, vm.ToValue(hc.name), goja.FLAG_FALSE,
		goja.FLAG_TRUE, goja.FLAG_FALSE)
	return ctor, proto
}

// defineMember puts one table entry on obj.
func defineMember(vm *goja.Runtime, obj *goja.Object, m hostMember) {
	if m.fn != nil {
		f := newHostFunc(vm, m.name, m.length, m.fn)
		_ = obj.DefineDataProperty(m.name, f, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_TRUE)
		return
	}
	get := newHostFunc(vm, "get "+m.name, 0, m.get)
	var set goja.Value
	if m.set != nil {
		set = newHostFunc(vm, "set "+m.name, 1, m.set)
	}
	_ = obj.DefineAccessorProperty(m.name, get, set, goja.FLAG_TRUE, goja.FLAG_TRUE)
}

// newHostFunc wraps fn as a JavaScript function with the given name and length.
func newHostFunc(vm *goja.Runtime, name string, length int,
	fn func(goja.FunctionCall) goja.Value) *goja.Object {
	f := vm.ToValue(fn).(*goja.Object)
	_ = f.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_TRUE,
		goja.FLAG_FALSE)
	_ = f.DefineDataProperty("length", vm.ToValue(length), goja.FLAG_FALSE, goja.FLAG_TRUE,
		goja.FLAG_FALSE)
	return f
}

// newHostObject wraps the Go value v (a pointer to the class's Go type, which embeds
// hostSlots) as a JavaScript object with the given prototype. The object is a goja
// dynamic object: what scripts see is the prototype plus the properties they add
// themselves, held by hostSlots, and Export returns v for receiver checks.
func newHostObject(vm *goja.Runtime, v goja.DynamicObject, proto *goja.Object) *goja.Object {
	o := vm.NewDynamicObject(v)
	_ = o.SetPrototype(proto)
	return o
}

// hostSlots holds the own properties that scripts add to a host object (expandos), as
// they may on any platform object. Embedding it makes a Go type a goja.DynamicObject.
// Such properties are always writable, enumerable and configurable data properties;
// symbol-keyed own properties are not supported (goja's dynamic objects have none).
type hostSlots struct {
	props map[string]goja.Value
	keys  []string // insertion order
}

// Get implements goja.DynamicObject.
func (hs *hostSlots) Get(key string) goja.Value { return hs.props[key] }

// Set implements goja.DynamicObject.
func (hs *hostSlots) Set(key string, val goja.Value) bool {
	if hs.props == nil {
		hs.props = map[string]goja.Value{}
	}
	if _, ok := hs.props[key]; !ok {
		hs.keys = append(hs.keys, key)
	}
	hs.props[key] = val
	return true
}

// Has implements goja.DynamicObject.
func (hs *hostSlots) Has(key string) bool {
	_, ok := hs.props[key]
	return ok
}

// Delete implements goja.DynamicObject.
func (hs *hostSlots) Delete(key string) bool {
	if _, ok := hs.props[key]; ok {
		delete(hs.props, key)
		hs.keys = slices.DeleteFunc(hs.keys, func(k string) bool { return k == key })
	}
	return true
}

// Keys implements goja.DynamicObject.
func (hs *hostSlots) Keys() []string { return slices.Clone(hs.keys) }

// hostThis returns the Go value behind the receiver of call, or throws a TypeError
// ("Illegal invocation") when this is not an instance of the class T (STYLE.md habit 6).
func hostThis[T any](vm *goja.Runtime, this goja.Value, class string) T {
	if v, ok := hostValue[T](this); ok {
		return v
	}
	panicTypeError(vm, "Illegal invocation: receiver is not a %s", class)
	var zero T
	return zero
}

// hostValue returns the Go value behind v when v is an instance of T. It checks the
// export type first: exporting an ordinary object would copy all its properties and
// run its getters.
func hostValue[T any](v goja.Value) (T, bool) {
	var zero T
	o, ok := v.(*goja.Object)
	if !ok || o.ExportType() != reflect.TypeFor[T]() {
		return zero, false
	}
	t, ok := o.Export().(T)
	return t, ok
}

// panicTypeError throws a TypeError into JavaScript: it panics with the error object,
// which goja turns into an exception at the native-call boundary.
func panicTypeError(vm *goja.Runtime, format string, args ...any) {
	panic(vm.NewTypeError(fmt.Sprintf(format, args...)))
}

// panicRangeError throws a RangeError into JavaScript.
func panicRangeError(vm *goja.Runtime, format string, args ...any) {
	ctor, _ := goja.AssertConstructor(vm.Get("RangeError"))
	e, err := ctor(nil, vm.ToValue(fmt.Sprintf(format, args...)))
	if err != nil {
		panic(err)
	}
	panic(e)
}

// argOrUndefined returns argument i of call, or undefined when it was not passed.
func argOrUndefined(call goja.FunctionCall, i int) goja.Value {
	if i < len(call.Arguments) {
		return call.Arguments[i]
	}
	return goja.Undefined()
}

// requireArgs throws the TypeError that Web IDL specifies when fewer than n arguments
// were passed to what.
func requireArgs(vm *goja.Runtime, call goja.FunctionCall, n int, what string) {
	if len(call.Arguments) < n {
		panicTypeError(vm, "%s: %d argument(s) required, but only %d present", what, n,
			len(call.Arguments))
	}
}

// toUSVString converts v to a Web IDL USVString: ToString, then lone surrogates become
// U+FFFD. A Symbol throws TypeError, as ToString does.
func toUSVString(v goja.Value) string {
	// String() runs ToString (ToPrimitive for objects) and decodes UTF-16, replacing
	// unpaired surrogates, without boxing a new string value; only a Symbol, which
	// String() would describe instead of throwing, goes through ToString.
	if _, ok := v.(*goja.Symbol); ok {
		return v.ToString().String()
	}
	return v.String()
}

// isNullish reports whether v is undefined or null (or missing).
func isNullish(v goja.Value) bool {
	return v == nil || goja.IsUndefined(v) || goja.IsNull(v)
}

// bufferKit reads Web IDL BufferSource values (ArrayBuffer, TypedArray, DataView). It
// keeps the isView function the isolate started with, so scripts that replace
// ArrayBuffer.isView do not change what Go accepts.
type bufferKit struct {
	vm     *goja.Runtime
	isView goja.Callable
	u8     goja.Constructor
	u8Ctor *goja.Object // the same Uint8Array, for instanceof checks
}

func newBufferKit(vm *goja.Runtime) (*bufferKit, error) {
	isView, ok := goja.AssertFunction(vm.Get("ArrayBuffer").ToObject(vm).Get("isView"))
	if !ok {
		return nil, fmt.Errorf("install buffer helpers: ArrayBuffer.isView is not a function")
	}
	u8v := vm.Get("Uint8Array")
	u8, ok := goja.AssertConstructor(u8v)
	if !ok {
		return nil, fmt.Errorf("install buffer helpers: Uint8Array is not a constructor")
	}
	return &bufferKit{vm: vm, isView: isView, u8: u8, u8Ctor: u8v.ToObject(vm)}, nil
}

// bytes returns the bytes that v views, sharing memory with it, and whether v is a
// BufferSource at all. A detached buffer reads as empty.
func (bk *bufferKit) bytes(v goja.Value) ([]byte, bool) {
	o, ok := v.(*goja.Object)
	if !ok {
		return nil, false
	}
	if ab, ok := hostValue[goja.ArrayBuffer](o); ok {
		return ab.Bytes(), true
	}
	if r, err := bk.isView(goja.Undefined(), v); err != nil || !r.ToBoolean() {
		return nil, false
	}
	var b []byte
	if err := bk.vm.ExportTo(v, &b); err != nil {
		return nil, false
	}
	return b, true
}

// mustBytes is bytes that throws TypeError when v is not a BufferSource; what names the
// argument in the message.
func (bk *bufferKit) mustBytes(v goja.Value, what string) []byte {
	b, ok := bk.bytes(v)
	if !ok {
		panicTypeError(bk.vm, "%s is not an ArrayBuffer, TypedArray or DataView", what)
	}
	return b
}

// copyBytes is mustBytes that returns a copy the caller owns (the spec's "get a copy of
// the bytes held by the buffer source").
func (bk *bufferKit) copyBytes(v goja.Value, what string) []byte {
	return append([]byte(nil), bk.mustBytes(v, what)...)
}

// newArrayBuffer returns a new ArrayBuffer holding b (not copied).
func (bk *bufferKit) newArrayBuffer(b []byte) goja.Value {
	return bk.vm.ToValue(bk.vm.NewArrayBuffer(b))
}

// newUint8Array returns a new Uint8Array over a new ArrayBuffer holding b (not copied).
func (bk *bufferKit) newUint8Array(b []byte) goja.Value {
	o, err := bk.u8(nil, bk.newArrayBuffer(b))
	if err != nil {
		panic(err)
	}
	return o
}
