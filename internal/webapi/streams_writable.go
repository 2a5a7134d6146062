package webapi

import (
	"math"

	"github.com/dop251/goja"
)

// writableStream is the Go side of a WritableStream
// (https://streams.spec.whatwg.org/#ws-class).
type writableStream struct {
	r            *streamsRealm
	obj          *goja.Object
	state        writableState
	storedError  goja.Value
	writer       *writableWriter
	controller   *writableController
	backpressure bool

	closeRequest         *future
	inFlightWriteRequest *future
	inFlightCloseRequest *future
	pendingAbort         *pendingAbortRequest
	writeRequests        fifo[*future]
}

// writableState is the [[state]] of a WritableStream.
type writableState uint8

const (
	writableWritable writableState = iota
	writableClosed
	writableErroring
	writableErrored
)

type pendingAbortRequest struct {
	promise            *future
	reason             goja.Value
	wasAlreadyErroring bool
}

// writableStreamOf returns the Go side of v when v is a WritableStream.
func writableStreamOf(v goja.Value) (*writableStream, bool) {
	return slotValue[*writableStream](v)
}

func (s *writableStream) object() *goja.Object {
	if s.obj == nil {
		s.obj = s.r.newInstance(s.r.writableProto, s)
	}
	return s.obj
}

func (s *writableStream) locked() bool { return s.writer != nil }

// abort is WritableStreamAbort.
func (s *writableStream) abort(reason goja.Value) *future {
	r := s.r
	if s.state == writableClosed || s.state == writableErrored {
		return r.resolved(goja.Undefined())
	}
	s.controller.signalAbort(reason)
	// Aborting the signal ran its listeners, which may have changed the state.
	if s.state == writableClosed || s.state == writableErrored {
		return r.resolved(goja.Undefined())
	}
	if s.pendingAbort != nil {
		return s.pendingAbort.promise
	}
	wasAlreadyErroring := false
	if s.state == writableErroring {
		wasAlreadyErroring = true
		reason = goja.Undefined()
	}
	p := r.newFuture()
	s.pendingAbort = &pendingAbortRequest{promise: p, reason: reason,
		wasAlreadyErroring: wasAlreadyErroring}
	if !wasAlreadyErroring {
		s.startErroring(reason)
	}
	return p
}

// close is WritableStreamClose.
func (s *writableStream) close() *future {
	r := s.r
	if s.state == writableClosed || s.state == writableErrored {
		return r.rejected(r.typeError("the stream is closed or errored"))
	}
	p := r.newFuture()
	s.closeRequest = p
	if w := s.writer; w != nil && s.backpressure && s.state == writableWritable {
		w.ready.resolve(goja.Undefined())
	}
	s.controller.closeQueued()
	return p
}

func (s *writableStream) addWriteRequest() *future {
	p := s.r.newFuture()
	s.writeRequests.push(p)
	return p
}

func (s *writableStream) dealWithRejection(e goja.Value) {
	if s.state == writableWritable {
		s.startErroring(e)
		return
	}
	s.finishErroring()
}

func (s *writableStream) startErroring(reason goja.Value) {
	c := s.controller
	s.state = writableErroring
	s.storedError = reason
	if w := s.writer; w != nil {
		w.ensureReadyRejected(reason)
	}
	if !s.hasOperationMarkedInFlight() && c.started {
		s.finishErroring()
	}
}

func (s *writableStream) finishErroring() {
	s.state = writableErrored
	s.controller.resetQueue()
	for _, req := range s.writeRequests.reset() {
		req.reject(s.storedError)
	}
	if s.pendingAbort == nil {
		s.rejectCloseAndClosedIfNeeded()
		return
	}
	abortRequest := s.pendingAbort
	s.pendingAbort = nil
	if abortRequest.wasAlreadyErroring {
		abortRequest.promise.reject(s.storedError)
		s.rejectCloseAndClosedIfNeeded()
		return
	}
	p := s.controller.abortSteps(abortRequest.reason)
	p.then(func(goja.Value) {
		abortRequest.promise.resolve(goja.Undefined())
		s.rejectCloseAndClosedIfNeeded()
	}, func(e goja.Value) {
		abortRequest.promise.reject(e)
		s.rejectCloseAndClosedIfNeeded()
	})
}

func (s *writableStream) finishInFlightWrite() {
	s.inFlightWriteRequest.resolve(goja.Undefined())
	s.inFlightWriteRequest = nil
}

func (s *writableStream) finishInFlightWriteWithError(e goja.Value) {
	s.inFlightWriteRequest.reject(e)
	s.inFlightWriteRequest = nil
	s.dealWithRejection(e)
}

func (s *writableStream) finishInFlightClose() {
	s.inFlightCloseRequest.resolve(goja.Undefined())
	s.inFlightCloseRequest = nil
	if s.state == writableErroring {
		s.storedError = nil
		if s.pendingAbort != nil {
			s.pendingAbort.promise.resolve(goja.Undefined())
			s.pendingAbort = nil
		}
	}
	s.state = writableClosed
	if w := s.writer; w != nil {
		w.closed.resolve(goja.Undefined())
	}
}

func (s *writableStream) finishInFlightCloseWithError(e goja.Value) {
	s.inFlightCloseRequest.reject(e)
	s.inFlightCloseRequest = nil
	if s.pendingAbort != nil {
		s.pendingAbort.promise.reject(e)
		s.pendingAbort = nil
	}
	s.dealWithRejection(e)
}

func (s *writableStream) closeQueuedOrInFlight() bool {
	return s.closeRequest != nil || s.inFlightCloseRequest != nil
}

func (s *writableStream) hasOperationMarkedInFlight() bool {
	return s.inFlightWriteRequest != nil || s.inFlightCloseRequest != nil
}

func (s *writableStream) rejectCloseAndClosedIfNeeded() {
	if s.closeRequest != nil {
		s.closeRequest.reject(s.storedError)
		s.closeRequest = nil
	}
	if w := s.writer; w != nil {
		w.closed.reject(s.storedError)
		w.closed.markHandled()
	}
}

func (s *writableStream) updateBackpressure(backpressure bool) {
	if w := s.writer; w != nil && backpressure != s.backpressure {
		if backpressure {
			w.ready = s.r.newFuture()
		} else {
			w.ready.resolve(goja.Undefined())
		}
	}
	s.backpressure = backpressure
}

// writableWriter is the Go side of a WritableStreamDefaultWriter.
type writableWriter struct {
	r      *streamsRealm
	obj    *goja.Object
	stream *writableStream
	ready  *future
	closed *future
}

// acquireWriter is AcquireWritableStreamDefaultWriter: TypeError when s is locked.
func (r *streamsRealm) acquireWriter(s *writableStream) *writableWriter {
	w := &writableWriter{r: r}
	w.setUp(s)
	return w
}

// setUp is SetUpWritableStreamDefaultWriter.
func (w *writableWriter) setUp(s *writableStream) {
	r := w.r
	if s.locked() {
		r.throwTypeError("the WritableStream is locked to a writer")
	}
	w.stream = s
	s.writer = w
	switch s.state {
	case writableWritable:
		if !s.closeQueuedOrInFlight() && s.backpressure {
			w.ready = r.newFuture()
		} else {
			w.ready = r.resolved(goja.Undefined())
		}
		w.closed = r.newFuture()
	case writableErroring:
		w.ready = r.rejected(s.storedError)
		w.ready.markHandled()
		w.closed = r.newFuture()
	case writableClosed:
		w.ready = r.resolved(goja.Undefined())
		w.closed = r.resolved(goja.Undefined())
	default:
		w.ready = r.rejected(s.storedError)
		w.ready.markHandled()
		w.closed = r.rejected(s.storedError)
		w.closed.markHandled()
	}
}

func (w *writableWriter) object() *goja.Object {
	if w.obj == nil {
		w.obj = w.r.newInstance(w.r.writerProto, w)
	}
	return w.obj
}

// closeWithErrorPropagation is WritableStreamDefaultWriterCloseWithErrorPropagation.
func (w *writableWriter) closeWithErrorPropagation() *future {
	s := w.stream
	if s.closeQueuedOrInFlight() || s.state == writableClosed {
		return w.r.resolved(goja.Undefined())
	}
	if s.state == writableErrored {
		return w.r.rejected(s.storedError)
	}
	return s.close()
}

func (w *writableWriter) ensureClosedRejected(e goja.Value) {
	if w.closed.state == futurePending {
		w.closed.reject(e)
	} else {
		w.closed = w.r.rejected(e)
	}
	w.closed.markHandled()
}

func (w *writableWriter) ensureReadyRejected(e goja.Value) {
	if w.ready.state == futurePending {
		w.ready.reject(e)
	} else {
		w.ready = w.r.rejected(e)
	}
	w.ready.markHandled()
}

// desiredSize is WritableStreamDefaultWriterGetDesiredSize; ok is false for null.
func (w *writableWriter) desiredSize() (float64, bool) {
	s := w.stream
	switch s.state {
	case writableErrored, writableErroring:
		return 0, false
	case writableClosed:
		return 0, true
	}
	return s.controller.desiredSize(), true
}

// release is WritableStreamDefaultWriterRelease.
func (w *writableWriter) release() {
	s := w.stream
	e := w.r.typeError("the writer was released")
	w.ensureReadyRejected(e)
	w.ensureClosedRejected(e)
	s.writer = nil
	w.stream = nil
}

// write is WritableStreamDefaultWriterWrite.
func (w *writableWriter) write(chunk goja.Value) *future {
	r := w.r
	s := w.stream
	c := s.controller
	size := c.chunkSize(chunk)
	if s != w.stream {
		return r.rejected(r.typeError("the writer was released"))
	}
	switch {
	case s.state == writableErrored:
		return r.rejected(s.storedError)
	case s.closeQueuedOrInFlight() || s.state == writableClosed:
		return r.rejected(r.typeError("the stream is closing or closed"))
	case s.state == writableErroring:
		return r.rejected(s.storedError)
	}
	p := s.addWriteRequest()
	c.writeChunk(chunk, size)
	return p
}

// writableController is the Go side of a WritableStreamDefaultController.
type writableController struct {
	hostSlots
	r      *streamsRealm
	obj    *goja.Object
	stream *writableStream

	queue          fifo[sizedChunk] // a nil value is the close sentinel
	queueTotalSize float64
	hwm            float64
	started        bool

	size  sizeFunc
	write func(chunk goja.Value) *future
	close func() *future
	abort func(reason goja.Value) *future

	// The AbortController of the standard, made when a script asks for the signal.
	signal      *abortSignal
	aborted     bool
	abortReason goja.Value
}

func (c *writableController) object() *goja.Object {
	if c.obj == nil {
		c.obj = newHostObject(c.r.vm, c, c.r.writableControllerProto)
	}
	return c.obj
}

// abortSignal returns the controller's signal, made on first use.
func (c *writableController) abortSignal() *abortSignal {
	if c.signal == nil {
		c.signal = newAbortSignal(c.r.vm)
		if c.aborted {
			c.signal.Abort(c.abortReason)
		}
	}
	return c.signal
}

// signalAbort signals abort on the controller's AbortController. An exception from an
// abort listener is reported, as the DOM does, and does not stop the abort.
func (c *writableController) signalAbort(reason goja.Value) {
	if c.aborted {
		return
	}
	c.aborted, c.abortReason = true, reason
	if c.signal != nil {
		if ex := c.r.vm.Try(func() { c.signal.Abort(reason) }); ex != nil {
			c.r.ev.report(ex)
		}
	}
}

// setUp is SetUpWritableStreamDefaultController after the fields are set.
func (c *writableController) setUp(start func() *future) {
	s := c.stream
	s.controller = c
	s.updateBackpressure(c.backpressure())
	startPromise := start()
	startPromise.then(func(goja.Value) {
		c.started = true
		c.advanceQueueIfNeeded()
	}, func(e goja.Value) {
		c.started = true
		s.dealWithRejection(e)
	})
}

func (c *writableController) abortSteps(reason goja.Value) *future {
	var res *future
	if c.abort != nil {
		res = c.abort(reason)
	} else {
		res = c.r.resolved(goja.Undefined())
	}
	c.clearAlgorithms()
	return res
}

func (c *writableController) resetQueue() {
	c.queue.reset()
	c.queueTotalSize = 0
}

func (c *writableController) clearAlgorithms() {
	c.write, c.close, c.abort, c.size = nil, nil, nil, nil
}

func (c *writableController) advanceQueueIfNeeded() {
	s := c.stream
	if !c.started || s.inFlightWriteRequest != nil {
		return
	}
	if s.state == writableErroring {
		s.finishErroring()
		return
	}
	if c.queue.len() == 0 {
		return
	}
	if v := c.queue.front().v; v == nil {
		c.processClose()
	} else {
		c.processWrite(v)
	}
}

// closeQueued is WritableStreamDefaultControllerClose.
func (c *writableController) closeQueued() {
	c.queue.push(sizedChunk{})
	c.advanceQueueIfNeeded()
}

func (c *writableController) errorIfNeeded(e goja.Value) {
	if c.stream.state == writableWritable {
		c.error(e)
	}
}

func (c *writableController) backpressure() bool { return c.desiredSize() <= 0 }

func (c *writableController) desiredSize() float64 { return c.hwm - c.queueTotalSize }

// chunkSize is WritableStreamDefaultControllerGetChunkSize.
func (c *writableController) chunkSize(chunk goja.Value) float64 {
	if c.size == nil {
		return 1
	}
	size, thrown := c.size(chunk)
	if thrown != nil {
		c.errorIfNeeded(thrown)
		return 1
	}
	return size
}

func (c *writableController) processClose() {
	s := c.stream
	s.inFlightCloseRequest = s.closeRequest
	s.closeRequest = nil
	c.queue.shift()
	var p *future
	if c.close != nil {
		p = c.close()
	} else {
		p = c.r.resolved(goja.Undefined())
	}
	c.clearAlgorithms()
	p.then(func(goja.Value) { s.finishInFlightClose() }, s.finishInFlightCloseWithError)
}

func (c *writableController) processWrite(chunk goja.Value) {
	s := c.stream
	s.inFlightWriteRequest = s.writeRequests.shift()
	var p *future
	if c.write != nil {
		p = c.write(chunk)
	} else {
		p = c.r.resolved(goja.Undefined())
	}
	p.then(func(goja.Value) {
		s.finishInFlightWrite()
		if c.queue.len() > 0 {
			e := c.queue.shift()
			c.queueTotalSize = math.Max(0, c.queueTotalSize-e.size)
		}
		if !s.closeQueuedOrInFlight() && s.state == writableWritable {
			s.updateBackpressure(c.backpressure())
		}
		c.advanceQueueIfNeeded()
	}, func(e goja.Value) {
		if s.state == writableWritable {
			c.clearAlgorithms()
		}
		s.finishInFlightWriteWithError(e)
	})
}

// writeChunk is WritableStreamDefaultControllerWrite.
func (c *writableController) writeChunk(chunk goja.Value, size float64) {
	s := c.stream
	if !isNonNegativeNumber(size) || math.IsInf(size, 1) {
		c.errorIfNeeded(c.r.rangeError("the size of a chunk must be a finite, non-negative number"))
		return
	}
	c.queue.push(sizedChunk{v: chunk, size: size})
	c.queueTotalSize += size
	if !s.closeQueuedOrInFlight() && s.state == writableWritable {
		s.updateBackpressure(c.backpressure())
	}
	c.advanceQueueIfNeeded()
}

// error is WritableStreamDefaultControllerError.
func (c *writableController) error(e goja.Value) {
	c.clearAlgorithms()
	c.stream.startErroring(e)
}

// newWritable returns a WritableStream whose sink algorithms are Go functions
// (CreateWritableStream); write, close and abort may be nil.
func (r *streamsRealm) newWritable(start func() *future, write func(goja.Value) *future,
	closeFn func() *future, abort func(goja.Value) *future, hwm float64,
	size sizeFunc) *writableStream {
	s := &writableStream{r: r}
	c := &writableController{r: r, stream: s, hwm: hwm, size: size, write: write,
		close: closeFn, abort: abort}
	c.setUp(start)
	return s
}

// constructWritable is new WritableStream(underlyingSink, strategy).
func (r *streamsRealm) constructWritable(call goja.ConstructorCall) *goja.Object {
	const what = "WritableStream: underlyingSink"
	sinkArg := ctorArg(call, 0)
	if _, ok := sinkArg.(*goja.Object); !ok && !isNullish(sinkArg) {
		r.throwTypeError("%s must be an object", what)
	}
	st := r.queuingStrategy(ctorArg(call, 1), "WritableStream: strategy")
	sink := r.dictionary(sinkArg, what)
	abort := r.callbackMember(sink, "abort", what)
	closeFn := r.callbackMember(sink, "close", what)
	start := r.callbackMember(sink, "start", what)
	if t := member(sink, "type"); !goja.IsUndefined(t) {
		panic(r.rangeError("%s.type must be undefined", what))
	}
	write := r.callbackMember(sink, "write", what)
	s := &writableStream{r: r, obj: call.This}
	setSlot(r.vm, call.This, s)
	size := r.sizeAlgorithm(st)
	c := &writableController{r: r, stream: s, hwm: r.highWaterMark(st, 1), size: size}
	this := goja.Value(sink)
	if sink == nil {
		this = goja.Undefined()
	}
	if write != nil {
		c.write = func(chunk goja.Value) *future {
			return r.invokePromise(write, this, chunk, c.object())
		}
	}
	if closeFn != nil {
		c.close = func() *future { return r.invokePromise(closeFn, this) }
	}
	if abort != nil {
		c.abort = func(reason goja.Value) *future { return r.invokePromise(abort, this, reason) }
	}
	c.setUp(r.jsStart(start, this, c.object))
	return nil
}

func (r *streamsRealm) writableClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *writableStream {
		return slotThis[*writableStream](vm, call.This, "WritableStream")
	}
	return hostClass{
		name: "WritableStream",
		ctor: r.constructWritable,
		members: []hostMember{
			{name: "locked", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(this(call).locked())
			}},
			{name: "abort", fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
				s := this(call)
				if s.locked() {
					r.throwTypeError("WritableStream.abort: the stream is locked to a writer")
				}
				return s.abort(argOrUndefined(call, 0)).promise()
			})},
			{name: "close", fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
				s := this(call)
				if s.locked() {
					r.throwTypeError("WritableStream.close: the stream is locked to a writer")
				}
				if s.closeQueuedOrInFlight() {
					r.throwTypeError("WritableStream.close: the stream is already closing")
				}
				return s.close().promise()
			})},
			{name: "getWriter", fn: func(call goja.FunctionCall) goja.Value {
				return r.acquireWriter(this(call)).object()
			}},
		},
	}
}

func (r *streamsRealm) writerClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *writableWriter {
		return slotThis[*writableWriter](vm, call.This, "WritableStreamDefaultWriter")
	}
	live := func(call goja.FunctionCall, what string) *writableWriter {
		w := this(call)
		if w.stream == nil {
			r.throwTypeError("%s: the writer was released", what)
		}
		return w
	}
	return hostClass{
		name:   "WritableStreamDefaultWriter",
		length: 1,
		ctor: func(call goja.ConstructorCall) *goja.Object {
			s, ok := writableStreamOf(ctorArg(call, 0))
			if !ok {
				r.throwTypeError("WritableStreamDefaultWriter: parameter 1 is not of type 'WritableStream'")
			}
			w := &writableWriter{r: r, obj: call.This}
			setSlot(vm, call.This, w)
			w.setUp(s)
			return nil
		},
		members: []hostMember{
			{name: "closed", get: r.promiseOp(func(call goja.FunctionCall) goja.Value {
				return this(call).closed.promise()
			})},
			{name: "desiredSize", get: func(call goja.FunctionCall) goja.Value {
				w := live(call, "desiredSize")
				if size, ok := w.desiredSize(); ok {
					return vm.ToValue(size)
				}
				return goja.Null()
			}},
			{name: "ready", get: r.promiseOp(func(call goja.FunctionCall) goja.Value {
				return this(call).ready.promise()
			})},
			{name: "abort", fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
				return live(call, "abort").stream.abort(argOrUndefined(call, 0)).promise()
			})},
			{name: "close", fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
				s := live(call, "close").stream
				if s.closeQueuedOrInFlight() {
					r.throwTypeError("close: the stream is already closing")
				}
				return s.close().promise()
			})},
			{name: "releaseLock", fn: func(call goja.FunctionCall) goja.Value {
				if w := this(call); w.stream != nil {
					w.release()
				}
				return goja.Undefined()
			}},
			{name: "write", fn: r.promiseOp(func(call goja.FunctionCall) goja.Value {
				return live(call, "write").write(argOrUndefined(call, 0)).promise()
			})},
		},
	}
}

func (r *streamsRealm) writableControllerClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *writableController {
		return hostThis[*writableController](vm, call.This, "WritableStreamDefaultController")
	}
	return hostClass{
		name: "WritableStreamDefaultController",
		members: []hostMember{
			{name: "signal", get: func(call goja.FunctionCall) goja.Value {
				return this(call).abortSignal().Object()
			}},
			{name: "error", fn: func(call goja.FunctionCall) goja.Value {
				c := this(call)
				if c.stream.state == writableWritable {
					c.error(argOrUndefined(call, 0))
				}
				return goja.Undefined()
			}},
		},
	}
}

// installWritable defines WritableStream, its writer and its controller.
func (r *streamsRealm) installWritable() error {
	protos, err := r.defineClasses(r.writableClass(), r.writerClass(),
		r.writableControllerClass())
	if err != nil {
		return err
	}
	r.writableProto, r.writerProto, r.writableControllerProto = protos[0], protos[1], protos[2]
	return nil
}
