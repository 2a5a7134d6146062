package webapi

import (
	"math"

	"github.com/dop251/goja"
)

// defaultController is the Go side of a ReadableStreamDefaultController. Its
// algorithms are Go functions: for a script's underlying source they call the source's
// methods; for the streams this package makes (tee branches, a transform's readable
// side) they never run JavaScript.
type defaultController struct {
	hostSlots
	r      *streamsRealm
	obj    *goja.Object // created when a script's source first needs it
	stream *readableStream

	queue          fifo[sizedChunk]
	queueTotalSize float64
	hwm            float64
	started        bool
	closeRequested bool
	pullAgain      bool
	pulling        bool

	// The algorithms; nil pull and cancel resolve at once, nil size counts 1.
	size   sizeFunc
	pull   func() *future
	cancel func(reason goja.Value) *future
}

// sizedChunk is an entry of a queue-with-sizes.
type sizedChunk struct {
	v    goja.Value
	size float64
}

func (c *defaultController) object() *goja.Object {
	if c.obj == nil {
		c.obj = newHostObject(c.r.vm, c, c.r.defaultControllerProto)
	}
	return c.obj
}

// setUp is SetUpReadableStreamDefaultController after the fields are set: it runs the
// start algorithm (which may throw) and pulls once start has settled.
func (c *defaultController) setUp(start func() *future) {
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

func (c *defaultController) cancelSteps(reason goja.Value) *future {
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

func (c *defaultController) pullSteps(req readRequest) {
	s := c.stream
	if c.queue.len() > 0 {
		chunk := c.dequeue()
		if c.closeRequested && c.queue.len() == 0 {
			c.clearAlgorithms()
			s.close()
		} else {
			c.callPullIfNeeded()
		}
		req.chunk(chunk)
		return
	}
	s.addReadRequest(req)
	c.callPullIfNeeded()
}

func (c *defaultController) releaseSteps() {}

func (c *defaultController) dequeue() goja.Value {
	e := c.queue.shift()
	c.queueTotalSize -= e.size
	if c.queueTotalSize < 0 { // rounding errors
		c.queueTotalSize = 0
	}
	return e.v
}

func (c *defaultController) resetQueue() {
	c.queue.reset()
	c.queueTotalSize = 0
}

func (c *defaultController) clearAlgorithms() {
	c.pull, c.cancel, c.size = nil, nil, nil
}

// callPullIfNeeded is ReadableStreamDefaultControllerCallPullIfNeeded.
func (c *defaultController) callPullIfNeeded() {
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

func (c *defaultController) shouldCallPull() bool {
	s := c.stream
	if !c.canCloseOrEnqueue() || !c.started {
		return false
	}
	if s.locked() && s.numReadRequests() > 0 {
		return true
	}
	return c.desiredSize() > 0
}

// desiredSize is ReadableStreamDefaultControllerGetDesiredSize for a readable stream.
func (c *defaultController) desiredSize() float64 {
	if c.stream.state == stateClosed {
		return 0
	}
	return c.hwm - c.queueTotalSize
}

func (c *defaultController) canCloseOrEnqueue() bool {
	return !c.closeRequested && c.stream.state == stateReadable
}

func (c *defaultController) hasBackpressure() bool { return !c.shouldCallPull() }

// close is ReadableStreamDefaultControllerClose.
func (c *defaultController) close() {
	if !c.canCloseOrEnqueue() {
		return
	}
	c.closeRequested = true
	if c.queue.len() == 0 {
		c.clearAlgorithms()
		c.stream.close()
	}
}

// enqueue is ReadableStreamDefaultControllerEnqueue: it throws (after erroring the
// stream) when the size algorithm throws or returns an invalid size.
func (c *defaultController) enqueue(chunk goja.Value) {
	if !c.canCloseOrEnqueue() {
		return
	}
	s := c.stream
	if s.locked() && s.numReadRequests() > 0 {
		s.fulfillReadRequest(chunk, false)
	} else {
		size := 1.0
		if c.size != nil {
			var thrown goja.Value
			if size, thrown = c.size(chunk); thrown != nil {
				c.error(thrown)
				panic(thrown)
			}
		}
		if !isNonNegativeNumber(size) || math.IsInf(size, 1) {
			e := c.r.rangeError("the size of a chunk must be a finite, non-negative number")
			c.error(e)
			panic(e)
		}
		c.queue.push(sizedChunk{chunk, size})
		c.queueTotalSize += size
	}
	c.callPullIfNeeded()
}

// error is ReadableStreamDefaultControllerError.
func (c *defaultController) error(e goja.Value) {
	if c.stream.state != stateReadable {
		return
	}
	c.resetQueue()
	c.clearAlgorithms()
	c.stream.error(e)
}

func (r *streamsRealm) defaultControllerClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *defaultController {
		return hostThis[*defaultController](vm, call.This, "ReadableStreamDefaultController")
	}
	return hostClass{
		name: "ReadableStreamDefaultController",
		members: []hostMember{
			{name: "desiredSize", get: func(call goja.FunctionCall) goja.Value {
				c := this(call)
				if c.stream.state == stateErrored {
					return goja.Null()
				}
				return vm.ToValue(c.desiredSize())
			}},
			{name: "close", fn: func(call goja.FunctionCall) goja.Value {
				c := this(call)
				if !c.canCloseOrEnqueue() {
					r.throwTypeError("close: the stream is closed, closing or errored")
				}
				c.close()
				return goja.Undefined()
			}},
			{name: "enqueue", fn: func(call goja.FunctionCall) goja.Value {
				c := this(call)
				if !c.canCloseOrEnqueue() {
					r.throwTypeError("enqueue: the stream is closed, closing or errored")
				}
				c.enqueue(argOrUndefined(call, 0))
				return goja.Undefined()
			}},
			{name: "error", fn: func(call goja.FunctionCall) goja.Value {
				this(call).error(argOrUndefined(call, 0))
				return goja.Undefined()
			}},
		},
	}
}
