package webapi

import (
	"math"

	"github.com/dop251/goja"
)

// sizeFunc is a size algorithm: the size of a chunk, or the value it threw.
type sizeFunc func(chunk goja.Value) (size float64, thrown goja.Value)

// strategy is a QueuingStrategy dictionary, converted.
type strategy struct {
	hwm     float64
	hasHWM  bool
	size    goja.Callable // nil when missing
	sizeObj *goja.Object
}

// queuingStrategy converts a QueuingStrategy dictionary (highWaterMark, size).
func (r *streamsRealm) queuingStrategy(v goja.Value, what string) strategy {
	o := r.dictionary(v, what)
	var st strategy
	if h := member(o, "highWaterMark"); !goja.IsUndefined(h) {
		st.hwm, st.hasHWM = h.ToFloat(), true
	}
	if s := member(o, "size"); !goja.IsUndefined(s) {
		fn, ok := goja.AssertFunction(s)
		if !ok {
			r.throwTypeError("%s.size is not a function", what)
		}
		st.size, st.sizeObj = fn, s.(*goja.Object)
	}
	return st
}

// highWaterMark is ExtractHighWaterMark: def when the strategy has none, RangeError for
// NaN or a negative value.
func (r *streamsRealm) highWaterMark(st strategy, def float64) float64 {
	if !st.hasHWM {
		return def
	}
	if math.IsNaN(st.hwm) || st.hwm < 0 {
		panic(r.rangeError("highWaterMark must be a non-negative number, not %v", st.hwm))
	}
	return st.hwm
}

// sizeAlgorithm is ExtractSizeAlgorithm. The size functions of CountQueuingStrategy and
// ByteLengthQueuingStrategy run in Go without a call into JavaScript.
func (r *streamsRealm) sizeAlgorithm(st strategy) sizeFunc {
	switch {
	case st.size == nil, st.sizeObj == r.countSize:
		return nil
	case st.sizeObj == r.byteLengthSize:
		return r.byteLengthOf
	}
	fn := st.size
	return func(chunk goja.Value) (float64, goja.Value) {
		v, thrown := r.invoke(fn, goja.Undefined(), chunk)
		if thrown != nil {
			return 0, thrown
		}
		var f float64
		if thrown := r.try(func() { f = v.ToFloat() }); thrown != nil {
			return 0, thrown
		}
		return f, nil
	}
}

// byteLengthOf is ByteLengthQueuingStrategy's size: chunk.byteLength as a number.
func (r *streamsRealm) byteLengthOf(chunk goja.Value) (float64, goja.Value) {
	if ab, ok := arrayBufferOf(chunk); ok {
		return float64(len(ab.Bytes())), nil
	}
	var f float64
	thrown := r.try(func() {
		if o, ok := chunk.(*goja.Object); ok {
			if _, isView := r.views.viewOf(o); isView {
				f = member(o, "byteLength").ToFloat()
				return
			}
		}
		f = member(chunk.ToObject(r.vm), "byteLength").ToFloat()
	})
	return f, thrown
}

// queuingStrategyObject is the Go side of a ByteLengthQueuingStrategy or a
// CountQueuingStrategy.
type queuingStrategyObject struct {
	hwm   float64
	count bool
}

func (r *streamsRealm) strategyClass(name string, count bool) hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *queuingStrategyObject {
		s := slotThis[*queuingStrategyObject](vm, call.This, name)
		if s.count != count {
			panicTypeError(vm, "Illegal invocation: receiver is not a %s", name)
		}
		return s
	}
	return hostClass{
		name:   name,
		length: 1,
		ctor: func(call goja.ConstructorCall) *goja.Object {
			init := r.dictionary(ctorArg(call, 0), name+": init")
			h := member(init, "highWaterMark")
			if goja.IsUndefined(h) {
				r.throwTypeError("%s: init.highWaterMark is required", name)
			}
			setSlot(vm, call.This, &queuingStrategyObject{hwm: h.ToFloat(), count: count})
			return nil
		},
		members: []hostMember{
			{name: "highWaterMark", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(this(call).hwm)
			}},
			{name: "size", get: func(call goja.FunctionCall) goja.Value {
				this(call)
				if count {
					return r.countSize
				}
				return r.byteLengthSize
			}},
		},
	}
}

// installStrategies defines ByteLengthQueuingStrategy and CountQueuingStrategy, with
// the size functions that every instance of each shares.
func (r *streamsRealm) installStrategies() error {
	vm := r.vm
	r.byteLengthSize = newHostFunc(vm, "size", 1, func(call goja.FunctionCall) goja.Value {
		return member(argOrUndefined(call, 0).ToObject(vm), "byteLength")
	})
	r.countSize = newHostFunc(vm, "size", 0, func(goja.FunctionCall) goja.Value {
		return vm.ToValue(1)
	})
	_, err := r.defineClasses(r.strategyClass("ByteLengthQueuingStrategy", false),
		r.strategyClass("CountQueuingStrategy", true))
	return err
}
