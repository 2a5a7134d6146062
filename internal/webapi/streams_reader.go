package webapi

import (
	"github.com/dop251/goja"
)

// streamReader is a ReadableStreamDefaultReader or a ReadableStreamBYOBReader.
type streamReader interface {
	base() *readerBase
}

// readerBase is what both readers hold (ReadableStreamGenericReader).
type readerBase struct {
	r      *streamsRealm
	obj    *goja.Object // nil for the readers that Go code uses (pipes, tee, bodies)
	stream *readableStream
	closed *future
}

func (rb *readerBase) base() *readerBase { return rb }

// defaultReader is the Go side of a ReadableStreamDefaultReader.
type defaultReader struct {
	readerBase
	requests fifo[readRequest]
}

// byobReader is the Go side of a ReadableStreamBYOBReader.
type byobReader struct {
	readerBase
	requests fifo[readIntoRequest]
}

// readRequest is a read request: what a default read does once a chunk, the end or
// an error arrives.
type readRequest interface {
	chunk(v goja.Value)
	close()
	fail(e goja.Value)
}

// readIntoRequest is a read-into request of a BYOB read; close carries the (empty)
// view handed back.
type readIntoRequest interface {
	chunk(v goja.Value)
	close(v goja.Value)
	fail(e goja.Value)
}

// readSteps is a read request made of Go functions.
type readSteps struct {
	onChunk func(goja.Value)
	onClose func()
	onError func(goja.Value)
}

func (s *readSteps) chunk(v goja.Value) { s.onChunk(v) }
func (s *readSteps) close()             { s.onClose() }
func (s *readSteps) fail(e goja.Value)  { s.onError(e) }

// readIntoSteps is a read-into request made of Go functions.
type readIntoSteps struct {
	onChunk func(goja.Value)
	onClose func(goja.Value)
	onError func(goja.Value)
}

func (s *readIntoSteps) chunk(v goja.Value) { s.onChunk(v) }
func (s *readIntoSteps) close(v goja.Value) { s.onClose(v) }
func (s *readIntoSteps) fail(e goja.Value)  { s.onError(e) }

// jsRead is the read request of read(): it settles the promise a script holds.
type jsRead struct {
	r               *streamsRealm
	resolve, reject func(any) error
}

func (j *jsRead) settle(fn func(any) error, v goja.Value) {
	if err := fn(v); err != nil {
		panic(err)
	}
}
func (j *jsRead) chunk(v goja.Value)     { j.settle(j.resolve, j.r.iterResult(v, false)) }
func (j *jsRead) close()                 { j.settle(j.resolve, j.r.iterResult(nil, true)) }
func (j *jsRead) closeWith(v goja.Value) { j.settle(j.resolve, j.r.iterResult(v, true)) }
func (j *jsRead) fail(e goja.Value)      { j.settle(j.reject, e) }
func (j *jsReadInto) close(v goja.Value) { j.closeWith(v) }
func (j *jsReadInto) chunk(v goja.Value) { j.jsRead.chunk(v) }
func (j *jsReadInto) fail(e goja.Value)  { j.jsRead.fail(e) }
func (r *streamsRealm) newJSRead() (*jsRead, goja.Value) {
	p, resolve, reject := r.vm.NewPromise()
	return &jsRead{r: r, resolve: resolve, reject: reject}, r.vm.ToValue(p)
}

// jsReadInto is the read-into request of a BYOB read().
type jsReadInto struct{ *jsRead }

// initialize is ReadableStreamReaderGenericInitialize.
func (rb *readerBase) initialize(rd streamReader, s *readableStream) {
	r := rb.r
	rb.stream = s
	s.reader = rd
	switch s.state {
	case stateReadable:
		rb.closed = r.newFuture()
	case stateClosed:
		rb.closed = r.resolved(goja.Undefined())
	default:
		rb.closed = r.rejected(s.storedError)
		rb.closed.markHandled()
	}
}

// release is ReadableStreamReaderGenericRelease.
func (rb *readerBase) release() {
	r := rb.r
	s := rb.stream
	e := r.typeError("the reader was released")
	if s.state == stateReadable {
		rb.closed.reject(e)
	} else {
		rb.closed = r.rejected(e)
	}
	rb.closed.markHandled()
	s.controller.releaseSteps()
	s.reader = nil
	rb.stream = nil
}

// cancel is ReadableStreamReaderGenericCancel.
func (rb *readerBase) cancel(reason goja.Value) *future {
	return rb.stream.cancel(reason)
}

// acquireDefaultReader is AcquireReadableStreamDefaultReader: TypeError when s is
// locked.
func (r *streamsRealm) acquireDefaultReader(s *readableStream) *defaultReader {
	if s.locked() {
		r.throwTypeError("the ReadableStream is locked to a reader")
	}
	rd := &defaultReader{readerBase: readerBase{r: r}}
	rd.initialize(rd, s)
	return rd
}

// acquireBYOBReader is AcquireReadableStreamBYOBReader: TypeError when s is locked or
// not a byte stream.
func (r *streamsRealm) acquireBYOBReader(s *readableStream) *byobReader {
	if s.locked() {
		r.throwTypeError("the ReadableStream is locked to a reader")
	}
	if _, ok := s.controller.(*byteController); !ok {
		r.throwTypeError("a BYOB reader needs a byte stream (type: \"bytes\")")
	}
	rd := &byobReader{readerBase: readerBase{r: r}}
	rd.initialize(rd, s)
	return rd
}

func (rd *defaultReader) object() *goja.Object {
	if rd.obj == nil {
		rd.obj = rd.r.newInstance(rd.r.defaultReaderProto, rd)
	}
	return rd.obj
}

func (rd *byobReader) object() *goja.Object {
	if rd.obj == nil {
		rd.obj = rd.r.newInstance(rd.r.byobReaderProto, rd)
	}
	return rd.obj
}

// read is ReadableStreamDefaultReaderRead.
func (rd *defaultReader) read(req readRequest) {
	s := rd.stream
	s.disturbed = true
	switch s.state {
	case stateClosed:
		req.close()
	case stateErrored:
		req.fail(s.storedError)
	default:
		s.controller.pullSteps(req)
	}
}

// errorRequests is ReadableStreamDefaultReaderErrorReadRequests.
func (rd *defaultReader) errorRequests(e goja.Value) {
	for _, req := range rd.requests.reset() {
		req.fail(e)
	}
}

// releaseLock is ReadableStreamDefaultReaderRelease.
func (rd *defaultReader) releaseLock() {
	rd.release()
	rd.errorRequests(rd.r.typeError("the reader was released"))
}

// read is ReadableStreamBYOBReaderRead.
func (rd *byobReader) read(vw view, min int, req readIntoRequest) {
	s := rd.stream
	s.disturbed = true
	if s.state == stateErrored {
		req.fail(s.storedError)
		return
	}
	s.controller.(*byteController).pullInto(vw, min, req)
}

func (rd *byobReader) errorRequests(e goja.Value) {
	for _, req := range rd.requests.reset() {
		req.fail(e)
	}
}

// releaseLock is ReadableStreamBYOBReaderRelease.
func (rd *byobReader) releaseLock() {
	rd.release()
	rd.errorRequests(rd.r.typeError("the reader was released"))
}

// readerMembers are the members both reader classes share: closed and cancel.
func (r *streamsRealm) readerMembers(base func(goja.FunctionCall) *readerBase) []hostMember {
	return []hostMember{
		{name: "closed", get: r.promiseOp(func(call goja.FunctionCall) goja.Value {
			return base(call).closed.promise()
		})},
		{name: "cancel", fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
			rb := base(call)
			if rb.stream == nil {
				r.throwTypeError("cancel: the reader was released")
			}
			return rb.cancel(argOrUndefined(call, 0)).promise()
		})},
	}
}

// readerStream converts the stream argument of a reader constructor.
func (r *streamsRealm) readerStream(call goja.ConstructorCall, class string) *readableStream {
	s, ok := readableStreamOf(ctorArg(call, 0))
	if !ok {
		r.throwTypeError("%s: parameter 1 is not of type 'ReadableStream'", class)
	}
	return s
}

func (r *streamsRealm) defaultReaderClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *defaultReader {
		return slotThis[*defaultReader](vm, call.This, "ReadableStreamDefaultReader")
	}
	members := []hostMember{
		{name: "read", fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
			rd := this(call)
			if rd.stream == nil {
				r.throwTypeError("read: the reader was released")
			}
			req, p := r.newJSRead()
			rd.read(req)
			return p
		})},
		{name: "releaseLock", fn: func(call goja.FunctionCall) goja.Value {
			if rd := this(call); rd.stream != nil {
				rd.releaseLock()
			}
			return goja.Undefined()
		}},
	}
	members = append(members, r.readerMembers(func(call goja.FunctionCall) *readerBase {
		return &this(call).readerBase
	})...)
	return hostClass{
		name:   "ReadableStreamDefaultReader",
		length: 1,
		ctor: func(call goja.ConstructorCall) *goja.Object {
			s := r.readerStream(call, "ReadableStreamDefaultReader")
			if s.locked() {
				r.throwTypeError("ReadableStreamDefaultReader: the stream is locked to a reader")
			}
			rd := &defaultReader{readerBase: readerBase{r: r, obj: call.This}}
			setSlot(vm, call.This, rd)
			rd.initialize(rd, s)
			return nil
		},
		members: members,
	}
}

func (r *streamsRealm) byobReaderClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *byobReader {
		return slotThis[*byobReader](vm, call.This, "ReadableStreamBYOBReader")
	}
	members := []hostMember{
		{name: "read", length: 1, fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
			rd := this(call)
			vw, min := r.byobReadArgs(argOrUndefined(call, 0), argOrUndefined(call, 1),
				"ReadableStreamBYOBReader.read")
			if rd.stream == nil {
				r.throwTypeError("read: the reader was released")
			}
			req, p := r.newJSRead()
			rd.read(vw, min, &jsReadInto{req})
			return p
		})},
		// readAtLeast(minBytes, view) is workerd's older form of read(view, {min}).
		{name: "readAtLeast", length: 2, fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
			rd := this(call)
			opts := r.vm.NewObject()
			_ = opts.Set("min", argOrUndefined(call, 0))
			vw, min := r.byobReadArgs(argOrUndefined(call, 1), opts,
				"ReadableStreamBYOBReader.readAtLeast")
			if rd.stream == nil {
				r.throwTypeError("readAtLeast: the reader was released")
			}
			req, p := r.newJSRead()
			rd.read(vw, min, &jsReadInto{req})
			return p
		})},
		{name: "releaseLock", fn: func(call goja.FunctionCall) goja.Value {
			if rd := this(call); rd.stream != nil {
				rd.releaseLock()
			}
			return goja.Undefined()
		}},
	}
	members = append(members, r.readerMembers(func(call goja.FunctionCall) *readerBase {
		return &this(call).readerBase
	})...)
	return hostClass{
		name:   "ReadableStreamBYOBReader",
		length: 1,
		ctor: func(call goja.ConstructorCall) *goja.Object {
			s := r.readerStream(call, "ReadableStreamBYOBReader")
			if s.locked() {
				r.throwTypeError("ReadableStreamBYOBReader: the stream is locked to a reader")
			}
			if _, ok := s.controller.(*byteController); !ok {
				r.throwTypeError("ReadableStreamBYOBReader: the stream is not a byte stream")
			}
			rd := &byobReader{readerBase: readerBase{r: r, obj: call.This}}
			setSlot(vm, call.This, rd)
			rd.initialize(rd, s)
			return nil
		},
		members: members,
	}
}

// byobReadArgs converts and checks the arguments of a BYOB read: the view, and the
// options' min (default 1), which counts elements of the view.
func (r *streamsRealm) byobReadArgs(v, options goja.Value, what string) (view, int) {
	vw, ok := r.views.viewOf(v)
	if !ok {
		r.throwTypeError("%s: parameter 1 is not of type 'ArrayBufferView'", what)
	}
	opts := r.dictionary(options, what+": options")
	min := uint64(1)
	if m, ok := r.enforceRangeMember(opts, "min", what+": options"); ok {
		min = m
	}
	switch {
	case vw.n == 0:
		r.throwTypeError("%s: the view is empty", what)
	case len(vw.buf.Bytes()) == 0:
		r.throwTypeError("%s: the view's buffer is empty or detached", what)
	case min == 0:
		r.throwTypeError("%s: options.min must be greater than 0", what)
	case min > uint64(vw.length):
		panic(r.rangeError("%s: options.min is larger than the view", what))
	}
	return vw, int(min)
}
