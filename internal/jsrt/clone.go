package jsrt

import (
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"time"

	"github.com/dop251/goja"
)

// ErrDataClone is the error of a value that structured cloning cannot copy: a
// function, a symbol, a host object, or (in Go form) anything outside the Go form's
// types. In JavaScript it is a DOMException named "DataCloneError".
var ErrDataClone = errors.New("DataCloneError")

// cloner implements HTML's structured clone within an isolate (structuredClone) and to
// and from the Go form that crosses between isolates (RPC arguments and results). It
// uses the intrinsics the isolate started with, so a script that replaces Map or
// Date.prototype cannot change what a clone is.
type cloner struct {
	vm *goja.Runtime
	in *goja.Object // the intrinsics object the prelude returned

	dateCtor, mapCtor, setCtor, regexpCtor, objectCtor, domException goja.Value
	mapSet, setAdd, mapForEach, setForEach                           goja.Callable
	taBuffer, taOffset, taLength, taByteLength                       goja.Callable
	dvBuffer, dvOffset, dvLength                                     goja.Callable
	protos                                                           map[*goja.Object]string
	typedCtors                                                       map[string]goja.Value
	errorCtors                                                       map[string]goja.Value
}

// typedArrayNames are the TypedArray constructors.
var typedArrayNames = []string{"Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array",
	"Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array",
	"BigInt64Array", "BigUint64Array"}

// newCloner reads the intrinsics from the global object, before any script ran.
func newCloner(vm *goja.Runtime) (*cloner, error) {
	c := &cloner{vm: vm, protos: map[*goja.Object]string{}, typedCtors: map[string]goja.Value{},
		errorCtors: map[string]goja.Value{}}
	intrinsics, err := vm.RunString(`(() => {
		const getter = (o, name) => Object.getOwnPropertyDescriptor(o, name).get;
		const ta = Object.getPrototypeOf(Uint8Array.prototype);
		return {
			mapSet: Map.prototype.set, setAdd: Set.prototype.add,
			mapForEach: Map.prototype.forEach, setForEach: Set.prototype.forEach,
			taBuffer: getter(ta, "buffer"), taOffset: getter(ta, "byteOffset"), taLength: getter(ta, "length"),
			taByteLength: getter(ta, "byteLength"),
			dvBuffer: getter(DataView.prototype, "buffer"), dvOffset: getter(DataView.prototype, "byteOffset"),
			dvLength: getter(DataView.prototype, "byteLength"),
		};
	})()`)
	if err != nil {
		return nil, fmt.Errorf("structured clone intrinsics: %w", err)
	}
	c.in = intrinsics.ToObject(vm)
	for name, dst := range map[string]*goja.Callable{
		"mapSet": &c.mapSet, "setAdd": &c.setAdd, "mapForEach": &c.mapForEach, "setForEach": &c.setForEach,
		"taBuffer": &c.taBuffer, "taOffset": &c.taOffset, "taLength": &c.taLength,
		"taByteLength": &c.taByteLength,
		"dvBuffer":     &c.dvBuffer, "dvOffset": &c.dvOffset, "dvLength": &c.dvLength,
	} {
		f, ok := goja.AssertFunction(c.in.Get(name))
		if !ok {
			return nil, fmt.Errorf("structured clone intrinsics: %s is not a function", name)
		}
		*dst = f
	}
	g := vm.GlobalObject()
	c.dateCtor, c.mapCtor, c.setCtor = g.Get("Date"), g.Get("Map"), g.Get("Set")
	c.regexpCtor, c.objectCtor = g.Get("RegExp"), g.Get("Object")
	c.domException = g.Get("DOMException")
	proto := func(name string) *goja.Object {
		return g.Get(name).ToObject(vm).Get("prototype").ToObject(vm)
	}
	for _, n := range []string{"Map", "Set", "DataView", "WeakMap", "WeakSet", "Promise"} {
		c.protos[proto(n)] = n
	}
	for _, n := range typedArrayNames {
		c.typedCtors[n] = g.Get(n)
		c.protos[proto(n)] = n
	}
	for _, n := range []string{"Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError",
		"TypeError", "URIError"} {
		c.errorCtors[n] = g.Get(n)
	}
	return c, nil
}

// kindOf names the kind of object o is for cloning: "Array", "Object", "Date",
// "RegExp", "Map", "Set", "ArrayBuffer", "DataView", "Error", a TypedArray name,
// "Boolean", "Number", "String", "BigInt", or "" for what cannot be cloned.
func (c *cloner) kindOf(o *goja.Object) string {
	switch o.ClassName() {
	case "Array", "Date", "RegExp", "Error", "Boolean", "Number", "String":
		return o.ClassName()
	case "Function":
		return ""
	case "Arguments":
		return "Object"
	}
	switch t := o.ExportType(); t {
	case reflect.TypeFor[goja.ArrayBuffer]():
		return "ArrayBuffer"
	case reflect.TypeFor[*big.Int]():
		return "BigInt"
	case reflect.TypeFor[map[string]any](), reflect.TypeFor[[][2]any](), reflect.TypeFor[[]any]():
		// An ordinary object, or a built-in whose kind its prototype tells.
	default:
		if t == nil || t.Kind() != reflect.Slice {
			return "" // a host object, a proxy, a promise, a symbol wrapper
		}
	}
	for p := o.Prototype(); p != nil; p = p.Prototype() {
		if k, ok := c.protos[p]; ok {
			switch k {
			case "WeakMap", "WeakSet", "Promise":
				return ""
			case "DataView":
				if _, err := c.dvLength(o); err != nil {
					return "Object"
				}
			}
			return k
		}
	}
	if t := o.ExportType(); t != reflect.TypeFor[map[string]any]() {
		return ""
	}
	return "Object"
}

// dataCloneError returns the DOMException that structuredClone throws.
func (c *cloner) dataCloneError(format string, args ...any) *goja.Object {
	msg := fmt.Sprintf(format, args...)
	if ctor, ok := goja.AssertConstructor(c.domException); ok {
		if e, err := ctor(nil, c.vm.ToValue(msg), c.vm.ToValue("DataCloneError")); err == nil {
			return e
		}
	}
	return c.vm.NewTypeError(msg)
}

// structuredClone is the global structuredClone(value, {transfer}).
func (c *cloner) structuredClone(call goja.FunctionCall) goja.Value {
	if len(call.Arguments) == 0 {
		panic(c.vm.NewTypeError("structuredClone: 1 argument required, but only 0 present"))
	}
	memory := map[*goja.Object]goja.Value{}
	if opts, ok := call.Argument(1).(*goja.Object); ok {
		if t := opts.Get("transfer"); t != nil && !goja.IsUndefined(t) {
			c.transfer(t, memory)
		}
	}
	return c.clone(call.Arguments[0], memory)
}

// transfer moves the ArrayBuffers listed in list into memory: the clone gets their
// bytes and the originals are detached.
func (c *cloner) transfer(list goja.Value, memory map[*goja.Object]goja.Value) {
	var items []goja.Value
	if err := c.vm.ExportTo(list, &items); err != nil {
		panic(c.vm.NewTypeError("structuredClone: options.transfer is not a sequence"))
	}
	var detach []goja.ArrayBuffer
	for _, it := range items {
		o, ok := it.(*goja.Object)
		if !ok || o.ExportType() != reflect.TypeFor[goja.ArrayBuffer]() {
			panic(c.dataCloneError("structuredClone: only ArrayBuffers can be transferred"))
		}
		if _, dup := memory[o]; dup {
			panic(c.dataCloneError("structuredClone: an ArrayBuffer is listed twice in transfer"))
		}
		ab := o.Export().(goja.ArrayBuffer)
		if ab.Detached() {
			panic(c.dataCloneError("structuredClone: a transferred ArrayBuffer is detached"))
		}
		memory[o] = c.vm.ToValue(c.vm.NewArrayBuffer(ab.Bytes()))
		detach = append(detach, ab)
	}
	for _, ab := range detach {
		ab.Detach()
	}
}

// clone copies v within the isolate.
func (c *cloner) clone(v goja.Value, memory map[*goja.Object]goja.Value) goja.Value {
	o, ok := v.(*goja.Object)
	if !ok {
		if _, sym := v.(*goja.Symbol); sym {
			panic(c.dataCloneError("%s could not be cloned", safeString(v)))
		}
		return v
	}
	if done, ok := memory[o]; ok {
		return done
	}
	vm := c.vm
	kind := c.kindOf(o)
	var out *goja.Object
	switch kind {
	case "":
		panic(c.dataCloneError("%s could not be cloned", describe(o)))
	case "Boolean", "Number", "String", "BigInt":
		out = c.construct(c.objectCtor, c.primitive(o))
	case "Date":
		out = c.construct(c.dateCtor, vm.ToValue(o.Export().(time.Time).UnixMilli()))
	case "RegExp":
		out = c.construct(c.regexpCtor, o.Get("source"), o.Get("flags"))
	case "ArrayBuffer":
		ab := o.Export().(goja.ArrayBuffer)
		if ab.Detached() {
			panic(c.dataCloneError("a detached ArrayBuffer could not be cloned"))
		}
		out = vm.ToValue(vm.NewArrayBuffer(append([]byte(nil), ab.Bytes()...))).ToObject(vm)
	case "DataView":
		buf := c.clone(c.get(c.dvBuffer, o), memory)
		out = c.construct(vm.Get("DataView"), buf, c.get(c.dvOffset, o), c.get(c.dvLength, o))
	case "Error":
		out = c.cloneError(o, memory)
	case "Map":
		out = c.construct(c.mapCtor)
		memory[o] = out
		var pairs []goja.Value
		c.each(c.mapForEach, o, func(args []goja.Value) { pairs = append(pairs, args[1], args[0]) })
		for i := 0; i < len(pairs); i += 2 {
			c.get2(c.mapSet, out, c.clone(pairs[i], memory), c.clone(pairs[i+1], memory))
		}
		return out
	case "Set":
		out = c.construct(c.setCtor)
		memory[o] = out
		var items []goja.Value
		c.each(c.setForEach, o, func(args []goja.Value) { items = append(items, args[0]) })
		for _, it := range items {
			c.get2(c.setAdd, out, c.clone(it, memory))
		}
		return out
	case "Array":
		out = vm.NewArray()
		memory[o] = out
		_ = out.Set("length", o.Get("length"))
		c.copyProps(o, out, memory)
		return out
	case "Object":
		out = vm.NewObject()
		memory[o] = out
		c.copyProps(o, out, memory)
		return out
	default: // a TypedArray
		buf := c.clone(c.get(c.taBuffer, o), memory)
		out = c.construct(c.typedCtors[kind], buf, c.get(c.taOffset, o), c.get(c.taLength, o))
	}
	memory[o] = out
	return out
}

// cloneError copies an Error: its name (one of the standard ones), message, stack and
// cause.
func (c *cloner) cloneError(o *goja.Object, memory map[*goja.Object]goja.Value) *goja.Object {
	name := safeString(o.Get("name"))
	ctor, ok := c.errorCtors[name]
	if !ok {
		ctor = c.errorCtors["Error"]
	}
	out := c.construct(ctor)
	memory[o] = out
	for _, p := range []string{"message", "stack"} {
		if v := o.Get(p); v != nil && !goja.IsUndefined(v) {
			_ = out.DefineDataProperty(p, c.vm.ToValue(safeString(v)), goja.FLAG_TRUE, goja.FLAG_FALSE,
				goja.FLAG_TRUE)
		}
	}
	if cause := o.Get("cause"); cause != nil && !goja.IsUndefined(cause) {
		_ = out.DefineDataProperty("cause", c.clone(cause, memory), goja.FLAG_TRUE, goja.FLAG_FALSE,
			goja.FLAG_TRUE)
	}
	return out
}

// copyProps copies the own enumerable string-keyed properties of from onto to.
func (c *cloner) copyProps(from, to *goja.Object, memory map[*goja.Object]goja.Value) {
	for _, k := range from.Keys() {
		if err := to.Set(k, c.clone(from.Get(k), memory)); err != nil {
			panic(err)
		}
	}
}

// primitive returns the primitive inside a Boolean, Number, String or BigInt object.
func (c *cloner) primitive(o *goja.Object) goja.Value {
	valueOf, ok := goja.AssertFunction(o.Get("valueOf"))
	if !ok {
		panic(c.dataCloneError("%s could not be cloned", describe(o)))
	}
	v, err := valueOf(o)
	if err != nil {
		panic(err)
	}
	return v
}

func (c *cloner) construct(ctor goja.Value, args ...goja.Value) *goja.Object {
	o, err := c.vm.New(ctor, args...)
	if err != nil {
		panic(err)
	}
	return o
}

func (c *cloner) get(getter goja.Callable, this *goja.Object) goja.Value {
	v, err := getter(this)
	if err != nil {
		panic(err)
	}
	return v
}

func (c *cloner) get2(f goja.Callable, this *goja.Object, args ...goja.Value) {
	if _, err := f(this, args...); err != nil {
		panic(err)
	}
}

// each calls forEach on o with a Go callback.
func (c *cloner) each(forEach goja.Callable, o *goja.Object, fn func(args []goja.Value)) {
	cb := c.vm.ToValue(func(call goja.FunctionCall) goja.Value {
		fn(call.Arguments)
		return goja.Undefined()
	})
	c.get2(forEach, o, cb)
}

// describe names what o is, for messages.
func describe(o *goja.Object) string {
	switch o.ClassName() {
	case "Function":
		name := safeString(o.Get("name"))
		if name == "" {
			return "function"
		}
		return "function " + name
	}
	if ctor, ok := o.Get("constructor").(*goja.Object); ok {
		if n := safeString(ctor.Get("name")); n != "" && n != "undefined" {
			return "#<" + n + ">"
		}
	}
	return "#<Object>"
}

// toGo converts v to the Go form of structured clone: nil (undefined and null), bool,
// float64, string, *big.Int, time.Time, []byte (an ArrayBuffer or a view's bytes,
// copied), []any and map[string]any. Anything else, and a cycle, is an error wrapping
// ErrDataClone.
func (c *cloner) toGo(v goja.Value, path []*goja.Object) (any, error) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		switch v.ExportType() {
		case reflect.TypeFor[bool]():
			return v.ToBoolean(), nil
		case reflect.TypeFor[string]():
			if _, sym := v.(*goja.Symbol); !sym {
				return v.String(), nil
			}
		case reflect.TypeFor[int64](), reflect.TypeFor[float64]():
			return v.ToFloat(), nil
		case reflect.TypeFor[*big.Int]():
			return v.Export(), nil
		}
		return nil, fmt.Errorf("%w: %s could not be cloned", ErrDataClone, safeString(v))
	}
	for _, p := range path {
		if p == o {
			return nil, fmt.Errorf("%w: a value that contains itself could not be cloned", ErrDataClone)
		}
	}
	path = append(path, o)
	switch kind := c.kindOf(o); kind {
	case "Boolean", "Number", "String", "BigInt":
		return c.toGo(c.primitive(o), path)
	case "Date":
		return o.Export().(time.Time), nil
	case "ArrayBuffer":
		return append([]byte(nil), o.Export().(goja.ArrayBuffer).Bytes()...), nil
	case "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
		"Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array":
		return c.viewBytes(o, kind), nil
	case "Array":
		n := int(o.Get("length").ToInteger())
		out := make([]any, n)
		for i := range out {
			x, err := c.toGo(o.Get(fmt.Sprint(i)), path)
			if err != nil {
				return nil, err
			}
			out[i] = x
		}
		return out, nil
	case "Object":
		out := map[string]any{}
		for _, k := range o.Keys() {
			x, err := c.toGo(o.Get(k), path)
			if err != nil {
				return nil, err
			}
			out[k] = x
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%w: %s could not be cloned", ErrDataClone, describe(o))
	}
}

// viewBytes copies the bytes a TypedArray or DataView views.
func (c *cloner) viewBytes(o *goja.Object, kind string) []byte {
	buf, off, length := c.taBuffer, c.taOffset, c.taByteLength
	if kind == "DataView" {
		buf, off, length = c.dvBuffer, c.dvOffset, c.dvLength
	}
	ab := c.get(buf, o).Export().(goja.ArrayBuffer).Bytes()
	start := int(c.get(off, o).ToInteger())
	n := int(c.get(length, o).ToInteger())
	if start+n > len(ab) {
		return nil
	}
	return append([]byte(nil), ab[start:start+n]...)
}

// fromGo converts a value of the Go form (see toGo) into JavaScript. Integers of any
// Go type become numbers; []byte becomes a Uint8Array.
func (c *cloner) fromGo(x any) (goja.Value, error) {
	vm := c.vm
	switch v := x.(type) {
	case nil:
		return goja.Null(), nil
	case bool, string, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32:
		return vm.ToValue(v), nil
	case uint64:
		return vm.ToValue(float64(v)), nil
	case *big.Int:
		return vm.ToValue(v), nil
	case time.Time:
		return c.construct(c.dateCtor, vm.ToValue(v.UnixMilli())), nil
	case []byte:
		return c.construct(c.typedCtors["Uint8Array"], vm.ToValue(vm.NewArrayBuffer(append([]byte(nil), v...)))), nil
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			j, err := c.fromGo(e)
			if err != nil {
				return nil, err
			}
			out[i] = j
		}
		return vm.NewArray(out...), nil
	case map[string]any:
		o := vm.NewObject()
		for k, e := range v {
			j, err := c.fromGo(e)
			if err != nil {
				return nil, err
			}
			if err := o.Set(k, j); err != nil {
				return nil, err
			}
		}
		return o, nil
	}
	return nil, fmt.Errorf("%w: Go value of type %T is not of the structured clone Go form", ErrDataClone, x)
}
