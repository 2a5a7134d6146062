package webapi

import (
	"github.com/dop251/goja"
)

// byteController is the Go side of a ReadableByteStreamController
// (https://streams.spec.whatwg.org/#rbs-controller-class). Chunks are bytes in
// ArrayBuffers that the stream owns: enqueue transfers (detaches) the buffer a script
// passed, and a BYOB read fills the reader's buffer, transferred the same way.
type byteController struct {
	hostSlots
	r      *streamsRealm
	obj    *goja.Object
	stream *readableStream

	autoAllocate     int // autoAllocateChunkSize; 0 when not set
	byobRequest      *byobRequest
	queue            fifo[byteChunk]
	queueTotalSize   int
	pendingPullIntos fifo[*pullInto]
	hwm              float64
	started          bool
	closeRequested   bool
	pullAgain        bool
	pulling          bool

	pull   func() *future
	cancel func(reason goja.Value) *future
}

// byteChunk is an entry of a byte stream's queue.
type byteChunk struct {
	buf    goja.ArrayBuffer
	off, n int
}

// pullInto is a pull-into descriptor: a read waiting for bytes.
type pullInto struct {
	buf        goja.ArrayBuffer
	bufLen     int
	off, n     int // byte offset and byte length in buf
	filled     int
	minFill    int
	elemSize   int
	ctor       *viewCtor
	readerType readerKind
}

type readerKind uint8

const (
	readerDefault readerKind = iota
	readerBYOB
	readerNone
)

// maxAutoAllocate bounds autoAllocateChunkSize: a larger buffer is a RangeError, as an
// allocation failure is.
const maxAutoAllocate = 1 << 30

// bytesAt returns buf's bytes [off, off+n), or what of them exists: a detached buffer
// has none. The algorithms never ask for bytes outside a live buffer; this keeps a
// broken invariant from becoming a Go panic.
func bytesAt(buf goja.ArrayBuffer, off, n int) []byte {
	b := buf.Bytes()
	if off < 0 || off > len(b) {
		return nil
	}
	return b[off:min(off+n, len(b))]
}

func (c *byteController) object() *goja.Object {
	if c.obj == nil {
		c.obj = newHostObject(c.r.vm, c, c.r.byteControllerProto)
	}
	return c.obj
}

// setUp is SetUpReadableByteStreamController after the fields are set.
func (c *byteController) setUp(start func() *future) {
	c.stream.controller = c
	var startPromise *future
	if start == nil {
		startPromise = c.r.resolved(goja.Undefined())
	} else {
		startPromise = start()
	}
	startPromise.then(func(goja.Value) {
		c.started = true
		c.callPullIfNeeded()
	}, c.error)
}

func (c *byteController) cancelSteps(reason goja.Value) *future {
	c.clearPendingPullIntos()
	c.resetQueue()
	var res *future
	if c.cancel != nil {
		res = c.cancel(reason)
	} else {
		res = c.r.resolved(goja.Undefined())
	}
	c.clearAlgorithms()
	return res
}

func (c *byteController) pullSteps(req readRequest) {
	s := c.stream
	if c.queueTotalSize > 0 {
		c.fillReadRequestFromQueue(req)
		return
	}
	if c.autoAllocate > 0 {
		if c.autoAllocate > maxAutoAllocate {
			req.fail(c.r.rangeError("autoAllocateChunkSize %d is too large", c.autoAllocate))
			return
		}
		buf := c.r.vm.NewArrayBuffer(make([]byte, c.autoAllocate))
		c.pendingPullIntos.push(&pullInto{buf: buf, bufLen: c.autoAllocate, n: c.autoAllocate,
			minFill: 1, elemSize: 1, ctor: c.r.views.u8, readerType: readerDefault})
	}
	s.addReadRequest(req)
	c.callPullIfNeeded()
}

func (c *byteController) releaseSteps() {
	if c.pendingPullIntos.len() > 0 {
		first := *c.pendingPullIntos.front()
		first.readerType = readerNone
		c.pendingPullIntos.reset()
		c.pendingPullIntos.push(first)
	}
}

func (c *byteController) callPullIfNeeded() {
	if !c.shouldCallPull() {
		return
	}
	if c.pulling {
		c.pullAgain = true
		return
	}
	c.pulling = true
	var p *future
	if c.pull != nil {
		p = c.pull()
	} else {
		p = c.r.resolved(goja.Undefined())
	}
	p.then(func(goja.Value) {
		c.pulling = false
		if c.pullAgain {
			c.pullAgain = false
			c.callPullIfNeeded()
		}
	}, c.error)
}

func (c *byteController) shouldCallPull() bool {
	s := c.stream
	switch {
	case s.state != stateReadable, c.closeRequested, !c.started:
		return false
	case s.hasDefaultReader() && s.numReadRequests() > 0:
		return true
	case s.hasBYOBReader() && s.numReadIntoRequests() > 0:
		return true
	}
	return c.desiredSize() > 0
}

func (c *byteController) desiredSize() float64 {
	if c.stream.state == stateClosed {
		return 0
	}
	return c.hwm - float64(c.queueTotalSize)
}

func (c *byteController) clearAlgorithms() { c.pull, c.cancel = nil, nil }

func (c *byteController) clearPendingPullIntos() {
	c.invalidateBYOBRequest()
	c.pendingPullIntos.reset()
}

func (c *byteController) resetQueue() {
	c.queue.reset()
	c.queueTotalSize = 0
}

// close is ReadableByteStreamControllerClose; it throws when a BYOB read holds part of
// an element.
func (c *byteController) close() {
	s := c.stream
	if c.closeRequested || s.state != stateReadable {
		return
	}
	if c.queueTotalSize > 0 {
		c.closeRequested = true
		return
	}
	if c.pendingPullIntos.len() > 0 {
		if first := *c.pendingPullIntos.front(); first.filled%first.elemSize != 0 {
			e := c.r.typeError("close: a BYOB read was left with a partial element")
			c.error(e)
			panic(e)
		}
	}
	c.clearAlgorithms()
	s.close()
}

// error is ReadableByteStreamControllerError.
func (c *byteController) error(e goja.Value) {
	if c.stream.state != stateReadable {
		return
	}
	c.clearPendingPullIntos()
	c.resetQueue()
	c.clearAlgorithms()
	c.stream.error(e)
}

// commitPullInto is ReadableByteStreamControllerCommitPullIntoDescriptor.
func (c *byteController) commitPullInto(pid *pullInto) {
	s := c.stream
	done := s.state == stateClosed
	filled := c.convertPullInto(pid)
	if pid.readerType == readerDefault {
		s.fulfillReadRequest(filled, done)
	} else {
		s.fulfillReadIntoRequest(filled, done)
	}
}

// convertPullInto is ReadableByteStreamControllerConvertPullIntoDescriptor.
func (c *byteController) convertPullInto(pid *pullInto) goja.Value {
	buf := c.r.views.transfer(pid.buf)
	return c.r.views.newView(pid.ctor, buf, pid.off, pid.filled/pid.elemSize)
}

// enqueue is ReadableByteStreamControllerEnqueue for a script's view.
func (c *byteController) enqueue(vw view) {
	if c.closeRequested || c.stream.state != stateReadable {
		return
	}
	if vw.buf.Detached() {
		c.r.throwTypeError("enqueue: the chunk's buffer is detached")
	}
	c.enqueueOwned(c.r.views.transfer(vw.buf), vw.off, vw.n)
}

// enqueueBytes enqueues bytes that Go owns and hands over (no copy, no transfer).
func (c *byteController) enqueueBytes(b []byte) {
	if c.closeRequested || c.stream.state != stateReadable || len(b) == 0 {
		return
	}
	c.enqueueOwned(c.r.vm.NewArrayBuffer(b), 0, len(b))
}

// enqueueOwned continues ReadableByteStreamControllerEnqueue once the chunk's buffer
// belongs to the stream.
func (c *byteController) enqueueOwned(buf goja.ArrayBuffer, off, n int) {
	s := c.stream
	if c.pendingPullIntos.len() > 0 {
		first := *c.pendingPullIntos.front()
		if first.buf.Detached() {
			c.r.throwTypeError("enqueue: the pending BYOB read's buffer is detached")
		}
		c.invalidateBYOBRequest()
		first.buf = c.r.views.transfer(first.buf)
		if first.readerType == readerNone {
			c.enqueueDetachedPullIntoToQueue(first)
		}
	}
	switch {
	case s.hasDefaultReader():
		c.processReadRequestsUsingQueue()
		if s.numReadRequests() == 0 {
			c.enqueueChunk(buf, off, n)
		} else {
			if c.pendingPullIntos.len() > 0 {
				c.shiftPendingPullInto()
			}
			s.fulfillReadRequest(c.r.views.newView(c.r.views.u8, buf, off, n), false)
		}
	case s.hasBYOBReader():
		c.enqueueChunk(buf, off, n)
		for _, pid := range c.processPullIntosUsingQueue() {
			c.commitPullInto(pid)
		}
	default:
		c.enqueueChunk(buf, off, n)
	}
	c.callPullIfNeeded()
}

func (c *byteController) enqueueChunk(buf goja.ArrayBuffer, off, n int) {
	c.queue.push(byteChunk{buf: buf, off: off, n: n})
	c.queueTotalSize += n
}

func (c *byteController) enqueueClonedChunk(buf goja.ArrayBuffer, off, n int) {
	b := append([]byte(nil), bytesAt(buf, off, n)...)
	c.enqueueChunk(c.r.vm.NewArrayBuffer(b), 0, len(b))
}

func (c *byteController) enqueueDetachedPullIntoToQueue(pid *pullInto) {
	if pid.filled > 0 {
		c.enqueueClonedChunk(pid.buf, pid.off, pid.filled)
	}
	c.shiftPendingPullInto()
}

// fillPullIntoFromQueue is ReadableByteStreamControllerFillPullIntoDescriptorFromQueue:
// it copies queued bytes into pid and reports whether pid has its minimum fill.
func (c *byteController) fillPullIntoFromQueue(pid *pullInto) bool {
	maxBytesToCopy := min(c.queueTotalSize, pid.n-pid.filled)
	maxBytesFilled := pid.filled + maxBytesToCopy
	remaining := maxBytesToCopy
	ready := false
	maxAligned := maxBytesFilled - maxBytesFilled%pid.elemSize
	if maxAligned >= pid.minFill {
		remaining = maxAligned - pid.filled
		ready = true
	}
	for remaining > 0 && c.queue.len() > 0 {
		head := c.queue.front()
		n := min(remaining, head.n)
		copy(bytesAt(pid.buf, pid.off+pid.filled, n), bytesAt(head.buf, head.off, n))
		if head.n == n {
			c.queue.shift()
		} else {
			head.off += n
			head.n -= n
		}
		c.queueTotalSize -= n
		pid.filled += n
		remaining -= n
	}
	return ready
}

func (c *byteController) fillReadRequestFromQueue(req readRequest) {
	e := c.queue.shift()
	c.queueTotalSize -= e.n
	c.handleQueueDrain()
	req.chunk(c.r.views.newView(c.r.views.u8, e.buf, e.off, e.n))
}

// getBYOBRequest is ReadableByteStreamControllerGetBYOBRequest; nil is null.
func (c *byteController) getBYOBRequest() *byobRequest {
	if c.byobRequest == nil && c.pendingPullIntos.len() > 0 {
		first := *c.pendingPullIntos.front()
		v := c.r.views.newView(c.r.views.u8, first.buf, first.off+first.filled,
			first.n-first.filled)
		c.byobRequest = &byobRequest{c: c, view: v, buf: first.buf}
	}
	return c.byobRequest
}

func (c *byteController) handleQueueDrain() {
	if c.queueTotalSize == 0 && c.closeRequested {
		c.clearAlgorithms()
		c.stream.close()
	} else {
		c.callPullIfNeeded()
	}
}

func (c *byteController) invalidateBYOBRequest() {
	if c.byobRequest == nil {
		return
	}
	c.byobRequest.c = nil
	c.byobRequest.view = goja.Null()
	c.byobRequest = nil
}

func (c *byteController) processPullIntosUsingQueue() []*pullInto {
	var filled []*pullInto
	for c.pendingPullIntos.len() > 0 && c.queueTotalSize > 0 {
		pid := *c.pendingPullIntos.front()
		if !c.fillPullIntoFromQueue(pid) {
			break // the queue is empty now
		}
		c.shiftPendingPullInto()
		filled = append(filled, pid)
	}
	return filled
}

func (c *byteController) processReadRequestsUsingQueue() {
	dr, ok := c.stream.reader.(*defaultReader)
	if !ok {
		return
	}
	for dr.requests.len() > 0 && c.queueTotalSize > 0 {
		c.fillReadRequestFromQueue(dr.requests.shift())
	}
}

// pullInto is ReadableByteStreamControllerPullInto: a BYOB read of at least min
// elements into vw.
func (c *byteController) pullInto(vw view, minElems int, req readIntoRequest) {
	s := c.stream
	var buf goja.ArrayBuffer
	if thrown := c.r.try(func() { buf = c.r.views.transfer(vw.buf) }); thrown != nil {
		req.fail(thrown)
		return
	}
	pid := &pullInto{buf: buf, bufLen: len(buf.Bytes()), off: vw.off, n: vw.n,
		minFill: minElems * vw.ctor.elemSize, elemSize: vw.ctor.elemSize, ctor: vw.ctor,
		readerType: readerBYOB}
	if c.pendingPullIntos.len() > 0 {
		c.pendingPullIntos.push(pid)
		s.addReadIntoRequest(req)
		return
	}
	if s.state == stateClosed {
		req.close(c.r.views.newView(vw.ctor, buf, vw.off, 0))
		return
	}
	if c.queueTotalSize > 0 {
		if c.fillPullIntoFromQueue(pid) {
			filled := c.convertPullInto(pid)
			c.handleQueueDrain()
			req.chunk(filled)
			return
		}
		if c.closeRequested {
			e := c.r.typeError("read: the stream closed with a partial element")
			c.error(e)
			req.fail(e)
			return
		}
	}
	c.pendingPullIntos.push(pid)
	s.addReadIntoRequest(req)
	c.callPullIfNeeded()
}

// respond is ReadableByteStreamControllerRespond.
func (c *byteController) respond(bytesWritten int) {
	if c.pendingPullIntos.len() == 0 {
		c.r.throwTypeError("respond: there is no pending BYOB read")
	}
	first := *c.pendingPullIntos.front()
	if c.stream.state == stateClosed {
		if bytesWritten != 0 {
			c.r.throwTypeError("respond: bytesWritten must be 0 once the stream is closed")
		}
	} else {
		if bytesWritten == 0 {
			c.r.throwTypeError("respond: bytesWritten must be greater than 0")
		}
		if first.filled+bytesWritten > first.n {
			panic(c.r.rangeError("respond: bytesWritten is larger than the view"))
		}
	}
	first.buf = c.r.views.transfer(first.buf)
	c.respondInternal(bytesWritten)
}

// respondWithNewView is ReadableByteStreamControllerRespondWithNewView.
func (c *byteController) respondWithNewView(vw view) {
	if c.pendingPullIntos.len() == 0 {
		c.r.throwTypeError("respondWithNewView: there is no pending BYOB read")
	}
	first := *c.pendingPullIntos.front()
	if c.stream.state == stateClosed {
		if vw.n != 0 {
			c.r.throwTypeError("respondWithNewView: the view must be empty once the stream is closed")
		}
	} else if vw.n == 0 {
		c.r.throwTypeError("respondWithNewView: the view is empty")
	}
	switch {
	case first.off+first.filled != vw.off:
		panic(c.r.rangeError("respondWithNewView: the view does not start where the read does"))
	case first.bufLen != len(vw.buf.Bytes()):
		panic(c.r.rangeError("respondWithNewView: the view's buffer has the wrong length"))
	case first.filled+vw.n > first.n:
		panic(c.r.rangeError("respondWithNewView: the view is larger than the read"))
	}
	first.buf = c.r.views.transfer(vw.buf)
	c.respondInternal(vw.n)
}

func (c *byteController) respondInternal(bytesWritten int) {
	first := *c.pendingPullIntos.front()
	c.invalidateBYOBRequest()
	if c.stream.state == stateClosed {
		c.respondInClosedState(first)
	} else {
		c.respondInReadableState(bytesWritten, first)
	}
	c.callPullIfNeeded()
}

func (c *byteController) respondInClosedState(first *pullInto) {
	if first.readerType == readerNone {
		c.shiftPendingPullInto()
	}
	s := c.stream
	if !s.hasBYOBReader() {
		return
	}
	var filled []*pullInto
	for len(filled) < s.numReadIntoRequests() && c.pendingPullIntos.len() > 0 {
		filled = append(filled, c.shiftPendingPullInto())
	}
	for _, pid := range filled {
		c.commitPullInto(pid)
	}
}

func (c *byteController) respondInReadableState(bytesWritten int, pid *pullInto) {
	pid.filled += bytesWritten
	if pid.readerType == readerNone {
		c.enqueueDetachedPullIntoToQueue(pid)
		for _, p := range c.processPullIntosUsingQueue() {
			c.commitPullInto(p)
		}
		return
	}
	if pid.filled < pid.minFill {
		return
	}
	c.shiftPendingPullInto()
	if rem := pid.filled % pid.elemSize; rem > 0 {
		c.enqueueClonedChunk(pid.buf, pid.off+pid.filled-rem, rem)
		pid.filled -= rem
	}
	filled := c.processPullIntosUsingQueue()
	c.commitPullInto(pid)
	for _, p := range filled {
		c.commitPullInto(p)
	}
}

func (c *byteController) shiftPendingPullInto() *pullInto {
	return c.pendingPullIntos.shift()
}

// byobRequest is the Go side of a ReadableStreamBYOBRequest.
type byobRequest struct {
	hostSlots
	c    *byteController // nil once invalidated
	view goja.Value      // null once invalidated
	buf  goja.ArrayBuffer
	obj  *goja.Object
}

func (b *byobRequest) object(r *streamsRealm) *goja.Object {
	if b.obj == nil {
		b.obj = newHostObject(r.vm, b, r.byobReqProto)
	}
	return b.obj
}

func (r *streamsRealm) byobRequestClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *byobRequest {
		return hostThis[*byobRequest](vm, call.This, "ReadableStreamBYOBRequest")
	}
	return hostClass{
		name: "ReadableStreamBYOBRequest",
		members: []hostMember{
			{name: "view", get: func(call goja.FunctionCall) goja.Value { return this(call).view }},
			{name: "respond", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				b := this(call)
				requireArgs(vm, call, 1, "ReadableStreamBYOBRequest.respond")
				n := enforceRange(vm, call.Arguments[0], "respond: bytesWritten")
				if b.c == nil {
					r.throwTypeError("respond: the request was already answered")
				}
				if b.buf.Detached() {
					r.throwTypeError("respond: the view's buffer is detached")
				}
				b.c.respond(int(n))
				return goja.Undefined()
			}},
			{name: "respondWithNewView", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				b := this(call)
				requireArgs(vm, call, 1, "ReadableStreamBYOBRequest.respondWithNewView")
				vw, ok := r.views.viewOf(call.Arguments[0])
				if !ok {
					r.throwTypeError("respondWithNewView: parameter 1 is not of type 'ArrayBufferView'")
				}
				if b.c == nil {
					r.throwTypeError("respondWithNewView: the request was already answered")
				}
				if vw.buf.Detached() {
					r.throwTypeError("respondWithNewView: the view's buffer is detached")
				}
				b.c.respondWithNewView(vw)
				return goja.Undefined()
			}},
		},
	}
}

func (r *streamsRealm) byteControllerClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *byteController {
		return hostThis[*byteController](vm, call.This, "ReadableByteStreamController")
	}
	return hostClass{
		name: "ReadableByteStreamController",
		members: []hostMember{
			{name: "byobRequest", get: func(call goja.FunctionCall) goja.Value {
				if b := this(call).getBYOBRequest(); b != nil {
					return b.object(r)
				}
				return goja.Null()
			}},
			{name: "desiredSize", get: func(call goja.FunctionCall) goja.Value {
				c := this(call)
				if c.stream.state == stateErrored {
					return goja.Null()
				}
				return vm.ToValue(c.desiredSize())
			}},
			{name: "close", fn: func(call goja.FunctionCall) goja.Value {
				c := this(call)
				if c.closeRequested || c.stream.state != stateReadable {
					r.throwTypeError("close: the stream is closed, closing or errored")
				}
				c.close()
				return goja.Undefined()
			}},
			{name: "enqueue", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				c := this(call)
				requireArgs(vm, call, 1, "ReadableByteStreamController.enqueue")
				vw, ok := r.views.viewOf(call.Arguments[0])
				switch {
				case !ok:
					r.throwTypeError("enqueue: parameter 1 is not of type 'ArrayBufferView'")
				case vw.n == 0:
					r.throwTypeError("enqueue: the chunk is empty")
				case len(vw.buf.Bytes()) == 0:
					r.throwTypeError("enqueue: the chunk's buffer is empty or detached")
				case c.closeRequested || c.stream.state != stateReadable:
					r.throwTypeError("enqueue: the stream is closed, closing or errored")
				}
				c.enqueue(vw)
				return goja.Undefined()
			}},
			{name: "error", fn: func(call goja.FunctionCall) goja.Value {
				this(call).error(argOrUndefined(call, 0))
				return goja.Undefined()
			}},
		},
	}
}
