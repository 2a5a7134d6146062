package webapi

import (
	"github.com/dop251/goja"
)

// readableStream is the Go side of a ReadableStream
// (https://streams.spec.whatwg.org/#rs-class). Like every object of the isolate, it is
// used on the loop's goroutine only.
type readableStream struct {
	r           *streamsRealm
	obj         *goja.Object // created on first use by object
	state       streamState
	storedError goja.Value
	disturbed   bool
	reader      streamReader       // nil, *defaultReader or *byobReader
	controller  readableController // *defaultController or *byteController
	goSrc       *goSource          // set for a stream made by newReadableFromGo
}

// streamState is the [[state]] of a ReadableStream.
type streamState uint8

const (
	stateReadable streamState = iota
	stateClosed
	stateErrored
)

// readableController is what a ReadableStream asks of its controller.
type readableController interface {
	cancelSteps(reason goja.Value) *future
	pullSteps(req readRequest)
	releaseSteps()
}

// readableStreamOf returns the Go side of v when v is a ReadableStream.
func readableStreamOf(v goja.Value) (*readableStream, bool) {
	return slotValue[*readableStream](v)
}

// object returns the JavaScript object of s.
func (s *readableStream) object() *goja.Object {
	if s.obj == nil {
		s.obj = s.r.newInstance(s.r.readableProto, s)
	}
	return s.obj
}

func (s *readableStream) locked() bool { return s.reader != nil }

// cancel is ReadableStreamCancel.
func (s *readableStream) cancel(reason goja.Value) *future {
	r := s.r
	s.disturbed = true
	switch s.state {
	case stateClosed:
		return r.resolved(goja.Undefined())
	case stateErrored:
		return r.rejected(s.storedError)
	}
	s.close()
	if br, ok := s.reader.(*byobReader); ok {
		for _, req := range br.requests.reset() {
			req.close(goja.Undefined())
		}
	}
	sourceCancel := s.controller.cancelSteps(reason)
	res := r.newFuture()
	sourceCancel.then(func(goja.Value) { res.resolve(goja.Undefined()) }, res.reject)
	return res
}

// close is ReadableStreamClose.
func (s *readableStream) close() {
	s.state = stateClosed
	if s.reader == nil {
		return
	}
	s.reader.base().closed.resolve(goja.Undefined())
	if dr, ok := s.reader.(*defaultReader); ok {
		for _, req := range dr.requests.reset() {
			req.close()
		}
	}
}

// error is ReadableStreamError.
func (s *readableStream) error(e goja.Value) {
	s.state = stateErrored
	s.storedError = e
	if s.reader == nil {
		return
	}
	closed := s.reader.base().closed
	closed.reject(e)
	closed.markHandled()
	switch rd := s.reader.(type) {
	case *defaultReader:
		rd.errorRequests(e)
	case *byobReader:
		rd.errorRequests(e)
	}
}

func (s *readableStream) addReadRequest(req readRequest) {
	if dr, ok := s.reader.(*defaultReader); ok {
		dr.requests.push(req)
	}
}

func (s *readableStream) addReadIntoRequest(req readIntoRequest) {
	if br, ok := s.reader.(*byobReader); ok {
		br.requests.push(req)
	}
}

// fulfillReadRequest is ReadableStreamFulfillReadRequest.
func (s *readableStream) fulfillReadRequest(chunk goja.Value, done bool) {
	dr, ok := s.reader.(*defaultReader)
	if !ok || dr.requests.len() == 0 {
		return // cannot happen when the controller keeps the standard's invariants
	}
	req := dr.requests.shift()
	if done {
		req.close()
	} else {
		req.chunk(chunk)
	}
}

// fulfillReadIntoRequest is ReadableStreamFulfillReadIntoRequest.
func (s *readableStream) fulfillReadIntoRequest(chunk goja.Value, done bool) {
	br, ok := s.reader.(*byobReader)
	if !ok || br.requests.len() == 0 {
		return // cannot happen when the controller keeps the standard's invariants
	}
	req := br.requests.shift()
	if done {
		req.close(chunk)
	} else {
		req.chunk(chunk)
	}
}

func (s *readableStream) numReadRequests() int {
	if dr, ok := s.reader.(*defaultReader); ok {
		return dr.requests.len()
	}
	return 0
}

func (s *readableStream) numReadIntoRequests() int {
	if br, ok := s.reader.(*byobReader); ok {
		return br.requests.len()
	}
	return 0
}

func (s *readableStream) hasDefaultReader() bool {
	_, ok := s.reader.(*defaultReader)
	return ok
}

func (s *readableStream) hasBYOBReader() bool {
	_, ok := s.reader.(*byobReader)
	return ok
}

// newReadable returns a ReadableStream with a default controller whose algorithms are
// Go functions (CreateReadableStream); pull and cancel may be nil.
func (r *streamsRealm) newReadable(start func() *future, pull func() *future,
	cancel func(goja.Value) *future, hwm float64, size sizeFunc) *readableStream {
	s := &readableStream{r: r}
	c := &defaultController{r: r, stream: s, hwm: hwm, size: size, pull: pull, cancel: cancel}
	c.setUp(start)
	return s
}

// newReadableBytes returns a ReadableStream with a byte controller whose algorithms
// are Go functions (CreateReadableByteStream: high-water mark 0, no auto-allocation).
func (r *streamsRealm) newReadableBytes(pull func() *future,
	cancel func(goja.Value) *future) *readableStream {
	s := &readableStream{r: r}
	c := &byteController{r: r, stream: s, pull: pull, cancel: cancel}
	c.setUp(nil)
	return s
}

// sourceDict is an UnderlyingSource dictionary, converted.
type sourceDict struct {
	obj                  *goja.Object
	autoAllocate         uint64
	cancel, pull, start  goja.Callable
	bytes, hasAutoAlloca bool
}

// underlyingSource converts the UnderlyingSource dictionary, members in Web IDL order.
func (r *streamsRealm) underlyingSource(v goja.Value) sourceDict {
	const what = "ReadableStream: underlyingSource"
	d := sourceDict{obj: r.dictionary(v, what)}
	d.autoAllocate, d.hasAutoAlloca = r.enforceRangeMember(d.obj, "autoAllocateChunkSize", what)
	d.cancel = r.callbackMember(d.obj, "cancel", what)
	d.pull = r.callbackMember(d.obj, "pull", what)
	d.start = r.callbackMember(d.obj, "start", what)
	if t := member(d.obj, "type"); !goja.IsUndefined(t) {
		if domString(r.vm, t) != "bytes" {
			r.throwTypeError("%s.type: %q is not a valid ReadableStreamType", what, domString(r.vm, t))
		}
		d.bytes = true
	}
	return d
}

// jsStart returns the start algorithm for a script's start callback: it throws what
// start throws, and its result is resolved as a promise.
func (r *streamsRealm) jsStart(start goja.Callable, this goja.Value,
	controller func() *goja.Object) func() *future {
	return func() *future {
		if start == nil {
			return r.resolved(goja.Undefined())
		}
		v, thrown := r.invoke(start, this, controller())
		if thrown != nil {
			panic(thrown)
		}
		return r.fromJS(v)
	}
}

// constructReadable is new ReadableStream(underlyingSource, strategy).
func (r *streamsRealm) constructReadable(call goja.ConstructorCall) *goja.Object {
	srcArg := ctorArg(call, 0)
	if _, ok := srcArg.(*goja.Object); !ok && !isNullish(srcArg) {
		r.throwTypeError("ReadableStream: underlyingSource must be an object")
	}
	// Web IDL converts the strategy argument before the constructor's steps convert
	// the source.
	st := r.queuingStrategy(ctorArg(call, 1), "ReadableStream: strategy")
	src := r.underlyingSource(srcArg)
	s := &readableStream{r: r, obj: call.This}
	setSlot(r.vm, call.This, s)
	this := goja.Value(src.obj)
	if src.obj == nil {
		this = goja.Undefined()
	}
	if src.bytes {
		if st.size != nil {
			panic(r.rangeError("ReadableStream: a byte stream's strategy cannot have a size"))
		}
		hwm := r.highWaterMark(st, 0)
		if src.hasAutoAlloca && src.autoAllocate == 0 {
			r.throwTypeError("ReadableStream: autoAllocateChunkSize must be greater than 0")
		}
		c := &byteController{r: r, stream: s, hwm: hwm, autoAllocate: int(src.autoAllocate)}
		if src.pull != nil {
			c.pull = func() *future { return r.invokePromise(src.pull, this, c.object()) }
		}
		if src.cancel != nil {
			c.cancel = func(reason goja.Value) *future {
				return r.invokePromise(src.cancel, this, reason)
			}
		}
		c.setUp(r.jsStart(src.start, this, c.object))
		return nil
	}
	c := &defaultController{r: r, stream: s, hwm: r.highWaterMark(st, 1), size: r.sizeAlgorithm(st)}
	if src.pull != nil {
		c.pull = func() *future { return r.invokePromise(src.pull, this, c.object()) }
	}
	if src.cancel != nil {
		c.cancel = func(reason goja.Value) *future {
			return r.invokePromise(src.cancel, this, reason)
		}
	}
	c.setUp(r.jsStart(src.start, this, c.object))
	return nil
}

// promiseOp wraps an operation that returns a promise: whatever body throws, the
// receiver check and argument conversion included, rejects the promise instead, as Web
// IDL specifies.
func (r *streamsRealm) promiseOp(body func(call goja.FunctionCall) goja.Value) func(
	goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		var p goja.Value
		if thrown := r.try(func() { p = body(call) }); thrown != nil {
			return r.rejected(thrown).promise()
		}
		return p
	}
}

func (r *streamsRealm) readableClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *readableStream {
		return slotThis[*readableStream](vm, call.This, "ReadableStream")
	}
	return hostClass{
		name: "ReadableStream",
		ctor: r.constructReadable,
		members: []hostMember{
			{name: "locked", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(this(call).locked())
			}},
			{name: "cancel", fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
				s := this(call)
				if s.locked() {
					r.throwTypeError("ReadableStream.cancel: the stream is locked to a reader")
				}
				return s.cancel(argOrUndefined(call, 0)).promise()
			})},
			{name: "getReader", fn: func(call goja.FunctionCall) goja.Value {
				s := this(call)
				opts := r.dictionary(argOrUndefined(call, 0), "ReadableStream.getReader: options")
				if m := member(opts, "mode"); !goja.IsUndefined(m) {
					if mode := domString(vm, m); mode != "byob" {
						r.throwTypeError("ReadableStream.getReader: %q is not a valid mode", mode)
					}
					return r.acquireBYOBReader(s).object()
				}
				return r.acquireDefaultReader(s).object()
			}},
			{name: "pipeThrough", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				return r.pipeThrough(this(call), call)
			}},
			{name: "pipeTo", length: 1, fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
				return r.pipeToMethod(this(call), call).promise()
			})},
			{name: "tee", fn: func(call goja.FunctionCall) goja.Value {
				a, b := r.tee(this(call))
				return vm.NewArray(a.object(), b.object())
			}},
			{name: "values", fn: func(call goja.FunctionCall) goja.Value {
				return r.values(this(call), argOrUndefined(call, 0))
			}},
		},
	}
}

// installReadable defines ReadableStream, its readers, controllers and BYOB request.
func (r *streamsRealm) installReadable() error {
	protos, err := r.defineClasses(r.readableClass(), r.defaultReaderClass(),
		r.byobReaderClass(), r.defaultControllerClass(), r.byteControllerClass(),
		r.byobRequestClass())
	if err != nil {
		return err
	}
	r.readableProto, r.defaultReaderProto, r.byobReaderProto = protos[0], protos[1], protos[2]
	r.defaultControllerProto, r.byteControllerProto, r.byobReqProto = protos[3], protos[4],
		protos[5]
	ctor := r.vm.Get("ReadableStream").ToObject(r.vm)
	defineMember(r.vm, ctor, hostMember{name: "from", length: 1, fn: r.from})
	return r.installAsyncIteration()
}
