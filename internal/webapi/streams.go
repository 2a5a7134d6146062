package webapi

import (
	"fmt"
	"math"

	"github.com/dop251/goja"
)

// This file holds the per-isolate state of the Streams standard's classes
// (https://streams.spec.whatwg.org/) and the helpers they share. The state machines of
// ReadableStream, WritableStream and TransformStream are Go: a chunk moves from a
// source to a reader, through a pipe or a transform, without running JavaScript that
// this package wrote. The promises the standard uses internally are futures (see
// streams_future.go); only those a script can see become JavaScript promises.

// streamsRealm is the per-isolate state of the streams classes. Like the Runtime, it is
// used on the loop's goroutine only.
type streamsRealm struct {
	l   Loop
	vm  *goja.Runtime
	ev  *eventsRealm
	buf *bufferKit

	readableProto, defaultReaderProto, byobReaderProto        *goja.Object
	defaultControllerProto, byteControllerProto, byobReqProto *goja.Object
	writableProto, writerProto, writableControllerProto       *goja.Object
	transformProto, transformControllerProto, asyncIterProto  *goja.Object

	// The size functions of ByteLengthQueuingStrategy and CountQueuingStrategy.
	byteLengthSize, countSize *goja.Object

	promiseThen, promiseResolve goja.Callable
	resolvedPromise             goja.Value // a fulfilled promise, for queueJob
	ignore                      goja.Value // a function that does nothing
	views                       *viewKit

	// The microtasks of the streams algorithms; see queueJob.
	kitQueue, kitReact goja.Callable
	jobs               fifo[queuedJob]
	jobSeq             int64
}

// streamsKey is the symbol under which the global object keeps its streams state, so Go
// code that has only the Loop (newReadableFromGo) finds it.
var streamsKey = goja.NewSymbol("portico.streams")

// installStreams defines ReadableStream, WritableStream, TransformStream, their readers,
// writers and controllers, the queuing strategies, TextEncoderStream, TextDecoderStream,
// CompressionStream and DecompressionStream. It runs after installEvents (streams use
// AbortSignal, DOMException and the events realm's guard).
func installStreams(l Loop) error {
	vm := l.Runtime()
	bk, err := newBufferKit(vm)
	if err != nil {
		return err
	}
	r := &streamsRealm{l: l, vm: vm, ev: realmOf(vm), buf: bk}
	if err := r.initPromises(); err != nil {
		return err
	}
	if r.views, err = newViewKit(vm); err != nil {
		return err
	}
	s := vm.NewDynamicObject(&slot{owner: vm.GlobalObject(), v: r})
	if err := vm.GlobalObject().DefineDataPropertySymbol(streamsKey, s, goja.FLAG_FALSE,
		goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("install streams: %w", err)
	}
	for _, install := range []func() error{
		r.installStrategies, r.installReadable, r.installWritable, r.installTransform,
		r.installTextStreams, r.installCompression,
	} {
		if err := install(); err != nil {
			return fmt.Errorf("install streams: %w", err)
		}
	}
	return nil
}

// streamsOf returns the streams state of vm's isolate.
func streamsOf(vm *goja.Runtime) *streamsRealm {
	if so, ok := vm.GlobalObject().GetSymbol(streamsKey).(*goja.Object); ok {
		if s, ok := so.Export().(*slot); ok && s.owner == vm.GlobalObject() {
			if r, ok := s.v.(*streamsRealm); ok {
				return r
			}
		}
	}
	panic(vm.NewTypeError("the streams API is not installed in this isolate"))
}

// defineClasses defines each class as a global and returns the prototypes in order.
func (r *streamsRealm) defineClasses(classes ...hostClass) ([]*goja.Object, error) {
	protos := make([]*goja.Object, len(classes))
	for i, c := range classes {
		ctor, proto := c.define(r.vm)
		if err := defineGlobal(r.vm, c.name, ctor); err != nil {
			return nil, err
		}
		protos[i] = proto
	}
	return protos, nil
}

// newInstance returns a new ordinary object with proto whose slot holds v: an instance
// created by Go rather than by a script's `new`.
func (r *streamsRealm) newInstance(proto *goja.Object, v any) *goja.Object {
	o := r.vm.NewObject()
	_ = o.SetPrototype(proto)
	setSlot(r.vm, o, v)
	return o
}

// throwTypeError throws a new TypeError; typeError only creates one (for rejections).
func (r *streamsRealm) throwTypeError(format string, args ...any) {
	panic(r.typeError(format, args...))
}

func (r *streamsRealm) typeError(format string, args ...any) goja.Value {
	return r.vm.NewTypeError(fmt.Sprintf(format, args...))
}

func (r *streamsRealm) rangeError(format string, args ...any) goja.Value {
	ctor, _ := goja.AssertConstructor(r.vm.Get("RangeError"))
	e, err := ctor(nil, r.vm.ToValue(fmt.Sprintf(format, args...)))
	if err != nil {
		panic(err)
	}
	return e
}

// try runs f and returns the JavaScript value it threw, or nil: the spec's "if result is
// an abrupt completion". An uncatchable error (an interrupt) propagates.
func (r *streamsRealm) try(f func()) goja.Value {
	if ex := r.vm.Try(f); ex != nil {
		return ex.Value()
	}
	return nil
}

// invoke calls a script's callback: the value it returns, or the value it threw. An
// uncatchable error (an interrupt) propagates.
func (r *streamsRealm) invoke(fn goja.Callable, this goja.Value,
	args ...goja.Value) (v, thrown goja.Value) {
	v, err := fn(this, args...)
	if err != nil {
		if ex, ok := err.(*goja.Exception); ok {
			return nil, ex.Value()
		}
		panic(err)
	}
	return v, nil
}

// invokePromise invokes a callback whose Web IDL return type is a promise: an exception
// becomes a rejected future, a value is resolved as Promise.resolve would.
func (r *streamsRealm) invokePromise(fn goja.Callable, this goja.Value,
	args ...goja.Value) *future {
	v, thrown := r.invoke(fn, this, args...)
	if thrown != nil {
		return r.rejected(thrown)
	}
	return r.fromJS(v)
}

// guard runs f where no script called into Go (a settle function of Loop.Go, a function
// posted through Loop.Hold): promise jobs f queues run when it returns, and an
// exception goes to the loop's ExceptionReporter.
func (r *streamsRealm) guard(f func()) { r.ev.guard(f) }

// dictionary converts a Web IDL dictionary argument: undefined and null have no members
// (nil), any other non-object throws TypeError.
func (r *streamsRealm) dictionary(v goja.Value, what string) *goja.Object {
	if isNullish(v) {
		return nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		r.throwTypeError("%s must be an object", what)
	}
	return o
}

// member reads a dictionary member; a missing dictionary or member is undefined.
func member(o *goja.Object, name string) goja.Value {
	if o == nil {
		return goja.Undefined()
	}
	if v := o.Get(name); v != nil {
		return v
	}
	return goja.Undefined()
}

// callbackMember reads a dictionary member of a callback function type: nil when it is
// undefined, TypeError when it is not callable.
func (r *streamsRealm) callbackMember(o *goja.Object, name, what string) goja.Callable {
	v := member(o, name)
	if goja.IsUndefined(v) {
		return nil
	}
	fn, ok := goja.AssertFunction(v)
	if !ok {
		r.throwTypeError("%s.%s is not a function", what, name)
	}
	return fn
}

// boolMember reads a boolean dictionary member (default false).
func boolMember(o *goja.Object, name string) bool { return member(o, name).ToBoolean() }

// enforceRangeMember reads an [EnforceRange] unsigned long long member; ok is false when
// it is missing.
func (r *streamsRealm) enforceRangeMember(o *goja.Object, name, what string) (uint64, bool) {
	v := member(o, name)
	if goja.IsUndefined(v) {
		return 0, false
	}
	return uint64(enforceRange(r.vm, v, what+"."+name)), true
}

// iterResult creates the { value, done } object of a read or an iteration.
func (r *streamsRealm) iterResult(v goja.Value, done bool) *goja.Object {
	o := r.vm.NewObject()
	if v == nil {
		v = goja.Undefined()
	}
	_ = o.Set("value", v)
	_ = o.Set("done", done)
	return o
}

// fifo is a first-in, first-out queue that does not move its elements on every shift.
type fifo[T any] struct {
	items []T
	head  int
}

func (q *fifo[T]) len() int { return len(q.items) - q.head }

func (q *fifo[T]) push(v T) { q.items = append(q.items, v) }

// front returns a pointer to the first element; the queue must not be empty.
func (q *fifo[T]) front() *T { return &q.items[q.head] }

func (q *fifo[T]) shift() T {
	var zero T
	v := q.items[q.head]
	q.items[q.head] = zero
	q.head++
	if q.head == len(q.items) {
		q.items, q.head = q.items[:0], 0
	} else if q.head > 32 && q.head*2 > len(q.items) {
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items, q.head = q.items[:n], 0
	}
	return v
}

// reset empties the queue and returns what it held.
func (q *fifo[T]) reset() []T {
	all := q.items[q.head:]
	q.items, q.head = nil, 0
	return all
}

// isNonNegativeNumber is the spec's IsNonNegativeNumber for a converted double.
func isNonNegativeNumber(f float64) bool { return !math.IsNaN(f) && f >= 0 }
