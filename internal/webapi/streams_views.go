package webapi

import (
	"fmt"
	"reflect"

	"github.com/dop251/goja"
)

// viewKit reads and makes ArrayBufferViews (TypedArrays and DataViews) for byte streams,
// which need what a view's internal slots hold: its buffer, offset, length and kind. It
// keeps the intrinsic getters and constructors the isolate started with.
type viewKit struct {
	vm                                *goja.Runtime
	isView                            goja.Callable
	taBuffer, taByteOffset, taLength  goja.Callable
	taByteLength, taTag               goja.Callable
	dvBuffer, dvByteOffset, dvByteLen goja.Callable
	byName                            map[string]*viewCtor
	u8, dataView                      *viewCtor
	arrayBuffer                       goja.Constructor
}

// viewCtor is a view constructor: a TypedArray kind or DataView.
type viewCtor struct {
	name     string
	ctor     goja.Constructor
	elemSize int
}

// view is what the byte stream algorithms read from an ArrayBufferView.
type view struct {
	obj    *goja.Object
	buf    goja.ArrayBuffer
	off, n int // [[ByteOffset]] and [[ByteLength]]
	length int // [[ArrayLength]] of a TypedArray; n for a DataView
	ctor   *viewCtor
}

var arrayBufferType = reflect.TypeFor[goja.ArrayBuffer]()

func newViewKit(vm *goja.Runtime) (*viewKit, error) {
	k := &viewKit{vm: vm, byName: map[string]*viewCtor{}}
	object := vm.Get("Object").ToObject(vm)
	gopd, _ := goja.AssertFunction(object.Get("getOwnPropertyDescriptor"))
	getter := func(proto *goja.Object, key goja.Value) (goja.Callable, error) {
		d, err := gopd(object, proto, key)
		if err != nil {
			return nil, err
		}
		if do, ok := d.(*goja.Object); ok {
			if fn, ok := goja.AssertFunction(do.Get("get")); ok {
				return fn, nil
			}
		}
		return nil, fmt.Errorf("no getter %v", key)
	}
	u8proto := vm.Get("Uint8Array").ToObject(vm).Get("prototype").ToObject(vm)
	taProto := u8proto.Prototype()
	dvProto := vm.Get("DataView").ToObject(vm).Get("prototype").ToObject(vm)
	var err error
	for _, g := range []struct {
		dst   *goja.Callable
		proto *goja.Object
		key   goja.Value
	}{
		{&k.taBuffer, taProto, vm.ToValue("buffer")},
		{&k.taByteOffset, taProto, vm.ToValue("byteOffset")},
		{&k.taByteLength, taProto, vm.ToValue("byteLength")},
		{&k.taLength, taProto, vm.ToValue("length")},
		{&k.taTag, taProto, goja.SymToStringTag},
		{&k.dvBuffer, dvProto, vm.ToValue("buffer")},
		{&k.dvByteOffset, dvProto, vm.ToValue("byteOffset")},
		{&k.dvByteLen, dvProto, vm.ToValue("byteLength")},
	} {
		if *g.dst, err = getter(g.proto, g.key); err != nil {
			return nil, fmt.Errorf("install streams: %w", err)
		}
	}
	for _, t := range []struct {
		name string
		size int
	}{
		{"Int8Array", 1}, {"Uint8Array", 1}, {"Uint8ClampedArray", 1}, {"Int16Array", 2},
		{"Uint16Array", 2}, {"Int32Array", 4}, {"Uint32Array", 4}, {"Float32Array", 4},
		{"Float64Array", 8}, {"BigInt64Array", 8}, {"BigUint64Array", 8}, {"DataView", 1},
	} {
		ctor, ok := goja.AssertConstructor(vm.Get(t.name))
		if !ok {
			continue
		}
		k.byName[t.name] = &viewCtor{name: t.name, ctor: ctor, elemSize: t.size}
	}
	k.u8, k.dataView = k.byName["Uint8Array"], k.byName["DataView"]
	isView, ok := goja.AssertFunction(vm.Get("ArrayBuffer").ToObject(vm).Get("isView"))
	abCtor, ok2 := goja.AssertConstructor(vm.Get("ArrayBuffer"))
	if k.u8 == nil || k.dataView == nil || !ok || !ok2 {
		return nil, fmt.Errorf("install streams: missing typed array intrinsics")
	}
	k.isView, k.arrayBuffer = isView, abCtor
	return k, nil
}

// get calls an intrinsic getter on o.
func (k *viewKit) get(fn goja.Callable, o *goja.Object) goja.Value {
	v, err := fn(o)
	if err != nil {
		panic(err)
	}
	return v
}

// viewOf reads an ArrayBufferView; ok is false for any other value. A view whose buffer
// is detached reads with offset and lengths 0.
func (k *viewKit) viewOf(v goja.Value) (view, bool) {
	o, ok := v.(*goja.Object)
	if !ok {
		return view{}, false
	}
	if r, err := k.isView(goja.Undefined(), o); err != nil || !r.ToBoolean() {
		return view{}, false
	}
	vw := view{obj: o}
	if name, ok := k.get(k.taTag, o).(goja.String); ok {
		vw.ctor = k.byName[name.String()]
		if vw.ctor == nil {
			return view{}, false
		}
		vw.buf, ok = arrayBufferOf(k.get(k.taBuffer, o))
		if !ok {
			return view{}, false
		}
		if !vw.buf.Detached() {
			vw.off = int(k.get(k.taByteOffset, o).ToInteger())
			vw.n = int(k.get(k.taByteLength, o).ToInteger())
			vw.length = int(k.get(k.taLength, o).ToInteger())
		}
		return vw, true
	}
	vw.ctor = k.dataView
	vw.buf, ok = arrayBufferOf(k.get(k.dvBuffer, o))
	if !ok {
		return view{}, false
	}
	if !vw.buf.Detached() {
		vw.off = int(k.get(k.dvByteOffset, o).ToInteger())
		vw.n = int(k.get(k.dvByteLen, o).ToInteger())
		vw.length = vw.n
	}
	return vw, true
}

// arrayBufferOf returns the ArrayBuffer that v is.
func arrayBufferOf(v goja.Value) (goja.ArrayBuffer, bool) {
	o, ok := v.(*goja.Object)
	if !ok || o.ExportType() != arrayBufferType {
		return goja.ArrayBuffer{}, false
	}
	ab, ok := o.Export().(goja.ArrayBuffer)
	return ab, ok
}

// newView constructs a view of kind c over buf: new c(buf, byteOffset, length).
func (k *viewKit) newView(c *viewCtor, buf goja.ArrayBuffer, byteOffset, length int) goja.Value {
	o, err := c.ctor(nil, k.vm.ToValue(buf), k.vm.ToValue(byteOffset), k.vm.ToValue(length))
	if err != nil {
		panic(err)
	}
	return o
}

// newBytes returns a Uint8Array over a new ArrayBuffer holding b (not copied).
func (k *viewKit) newBytes(b []byte) goja.Value {
	return k.newView(k.u8, k.vm.NewArrayBuffer(b), 0, len(b))
}

// transfer is the spec's TransferArrayBuffer: a new ArrayBuffer takes over buf's bytes
// (no copy) and buf is detached. A detached buf throws TypeError.
func (k *viewKit) transfer(buf goja.ArrayBuffer) goja.ArrayBuffer {
	if buf.Detached() {
		panic(k.vm.NewTypeError("the ArrayBuffer is detached"))
	}
	b := buf.Bytes()
	nb := k.vm.NewArrayBuffer(b)
	buf.Detach()
	return nb
}

// bytesOf returns the bytes that a view or an ArrayBuffer holds, sharing memory.
func (k *viewKit) bytesOf(v goja.Value) ([]byte, bool) {
	if ab, ok := arrayBufferOf(v); ok {
		return ab.Bytes(), true
	}
	vw, ok := k.viewOf(v)
	if !ok {
		return nil, false
	}
	if vw.buf.Detached() {
		return nil, true
	}
	return vw.buf.Bytes()[vw.off : vw.off+vw.n], true
}
