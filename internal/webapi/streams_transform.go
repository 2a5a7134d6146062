package webapi

import (
	"github.com/dop251/goja"
)

// transformStream is the Go side of a TransformStream
// (https://streams.spec.whatwg.org/#ts-class): a writable side whose sink runs the
// transform, and a readable side that the transform enqueues into.
type transformStream struct {
	r                  *streamsRealm
	obj                *goja.Object
	readable           *readableStream
	writable           *writableStream
	backpressure       bool
	backpressureChange *future
	controller         *transformController
}

// transformController is the Go side of a TransformStreamDefaultController.
type transformController struct {
	hostSlots
	r      *streamsRealm
	obj    *goja.Object
	stream *transformStream

	// The algorithms; nil once cleared. A nil transform at set-up is the identity.
	transform func(chunk goja.Value) *future
	flush     func() *future
	cancel    func(reason goja.Value) *future
	cleared   bool
	finish    *future
}

func transformStreamOf(v goja.Value) (*transformStream, bool) {
	return slotValue[*transformStream](v)
}

func (t *transformStream) object() *goja.Object {
	if t.obj == nil {
		t.obj = t.r.newInstance(t.r.transformProto, t)
	}
	return t.obj
}

func (t *transformStream) readableController() *defaultController {
	return t.readable.controller.(*defaultController)
}

// initialize is InitializeTransformStream.
func (t *transformStream) initialize(startPromise *future, writableHWM float64,
	writableSize sizeFunc, readableHWM float64, readableSize sizeFunc) {
	r := t.r
	start := func() *future { return startPromise }
	t.writable = r.newWritable(start, t.sinkWrite, t.sinkClose, t.sinkAbort, writableHWM,
		writableSize)
	t.readable = r.newReadable(start, t.sourcePull, t.sourceCancel, readableHWM, readableSize)
	t.setBackpressure(true)
}

// error is TransformStreamError.
func (t *transformStream) error(e goja.Value) {
	t.readableController().error(e)
	t.errorWritableAndUnblockWrite(e)
}

func (t *transformStream) errorWritableAndUnblockWrite(e goja.Value) {
	t.controller.clearAlgorithms()
	t.writable.controller.errorIfNeeded(e)
	t.unblockWrite()
}

func (t *transformStream) unblockWrite() {
	if t.backpressure {
		t.setBackpressure(false)
	}
}

func (t *transformStream) setBackpressure(backpressure bool) {
	if t.backpressureChange != nil {
		t.backpressureChange.resolve(goja.Undefined())
	}
	t.backpressureChange = t.r.newFuture()
	t.backpressure = backpressure
}

// sinkWrite is TransformStreamDefaultSinkWriteAlgorithm.
func (t *transformStream) sinkWrite(chunk goja.Value) *future {
	c := t.controller
	if !t.backpressure {
		return c.performTransform(chunk)
	}
	res := t.r.newFuture()
	t.backpressureChange.then(func(goja.Value) {
		if w := t.writable; w.state == writableErroring {
			res.reject(w.storedError)
			return
		}
		res.follow(c.performTransform(chunk))
	}, res.reject)
	return res
}

// sinkAbort is TransformStreamDefaultSinkAbortAlgorithm.
func (t *transformStream) sinkAbort(reason goja.Value) *future {
	c := t.controller
	if c.finish != nil {
		return c.finish
	}
	readable := t.readable
	c.finish = t.r.newFuture()
	p := c.cancelAlgorithm(reason)
	c.clearAlgorithms()
	finish := c.finish
	p.then(func(goja.Value) {
		if readable.state == stateErrored {
			finish.reject(readable.storedError)
			return
		}
		t.readableController().error(reason)
		finish.resolve(goja.Undefined())
	}, func(e goja.Value) {
		t.readableController().error(e)
		finish.reject(e)
	})
	return finish
}

// sinkClose is TransformStreamDefaultSinkCloseAlgorithm.
func (t *transformStream) sinkClose() *future {
	c := t.controller
	if c.finish != nil {
		return c.finish
	}
	readable := t.readable
	c.finish = t.r.newFuture()
	var p *future
	if c.flush != nil {
		p = c.flush()
	} else {
		p = t.r.resolved(goja.Undefined())
	}
	c.clearAlgorithms()
	finish := c.finish
	p.then(func(goja.Value) {
		if readable.state == stateErrored {
			finish.reject(readable.storedError)
			return
		}
		t.readableController().close()
		finish.resolve(goja.Undefined())
	}, func(e goja.Value) {
		t.readableController().error(e)
		finish.reject(e)
	})
	return finish
}

// sourcePull is TransformStreamDefaultSourcePullAlgorithm.
func (t *transformStream) sourcePull() *future {
	t.setBackpressure(false)
	return t.backpressureChange
}

// sourceCancel is TransformStreamDefaultSourceCancelAlgorithm.
func (t *transformStream) sourceCancel(reason goja.Value) *future {
	c := t.controller
	if c.finish != nil {
		return c.finish
	}
	writable := t.writable
	c.finish = t.r.newFuture()
	p := c.cancelAlgorithm(reason)
	c.clearAlgorithms()
	finish := c.finish
	p.then(func(goja.Value) {
		if writable.state == writableErrored {
			finish.reject(writable.storedError)
			return
		}
		writable.controller.errorIfNeeded(reason)
		t.unblockWrite()
		finish.resolve(goja.Undefined())
	}, func(e goja.Value) {
		writable.controller.errorIfNeeded(e)
		t.unblockWrite()
		finish.reject(e)
	})
	return finish
}

func (c *transformController) object() *goja.Object {
	if c.obj == nil {
		c.obj = newHostObject(c.r.vm, c, c.r.transformControllerProto)
	}
	return c.obj
}

func (c *transformController) cancelAlgorithm(reason goja.Value) *future {
	if c.cancel != nil {
		return c.cancel(reason)
	}
	return c.r.resolved(goja.Undefined())
}

func (c *transformController) clearAlgorithms() {
	c.transform, c.flush, c.cancel, c.cleared = nil, nil, nil, true
}

// enqueue is TransformStreamDefaultControllerEnqueue: it throws when the readable side
// cannot take the chunk.
func (c *transformController) enqueue(chunk goja.Value) {
	t := c.stream
	rc := t.readableController()
	if !rc.canCloseOrEnqueue() {
		c.r.throwTypeError("enqueue: the readable side is closed or errored")
	}
	if thrown := c.r.try(func() { rc.enqueue(chunk) }); thrown != nil {
		t.errorWritableAndUnblockWrite(thrown)
		panic(t.readable.storedError)
	}
	if bp := rc.hasBackpressure(); bp != t.backpressure {
		t.setBackpressure(true)
	}
}

// performTransform is TransformStreamDefaultControllerPerformTransform.
func (c *transformController) performTransform(chunk goja.Value) *future {
	var p *future
	switch {
	case c.transform != nil:
		p = c.transform(chunk)
	case c.cleared:
		p = c.r.resolved(goja.Undefined())
	default:
		p = c.identity(chunk)
	}
	res := c.r.newFuture()
	p.then(res.resolve, func(e goja.Value) {
		c.stream.error(e)
		res.reject(e)
	})
	return res
}

// identity is the transform algorithm of a transformer without transform: enqueue the
// chunk as it is.
func (c *transformController) identity(chunk goja.Value) *future {
	if thrown := c.r.try(func() { c.enqueue(chunk) }); thrown != nil {
		return c.r.rejected(thrown)
	}
	return c.r.resolved(goja.Undefined())
}

// terminate is TransformStreamDefaultControllerTerminate.
func (c *transformController) terminate() {
	t := c.stream
	t.readableController().close()
	t.errorWritableAndUnblockWrite(c.r.typeError("the TransformStream was terminated"))
}

// newTransform returns a TransformStream whose transformer is Go code: transform and
// flush get the controller, cancel runs when either side is canceled or aborted (any of
// them may be nil). Strategies are the defaults (writable high-water mark 1, readable 0,
// chunks count 1).
func (r *streamsRealm) newTransform(
	transform func(c *transformController, chunk goja.Value) *future,
	flush func(c *transformController) *future, cancel func()) *transformStream {
	t := &transformStream{r: r}
	t.initialize(r.resolved(goja.Undefined()), 1, nil, 0, nil)
	c := &transformController{r: r, stream: t}
	t.controller = c
	if transform != nil {
		c.transform = func(chunk goja.Value) *future { return transform(c, chunk) }
	}
	if flush != nil {
		c.flush = func() *future { return flush(c) }
	}
	if cancel != nil {
		c.cancel = func(goja.Value) *future {
			cancel()
			return r.resolved(goja.Undefined())
		}
	}
	return t
}

// resolveJS resolves f with v as a promise's resolve function would: a promise or a
// thenable is followed.
func (f *future) resolveJS(v goja.Value) {
	g := f.r.fromJS(v)
	if g.state == futureFulfilled {
		f.resolve(g.value)
		return
	}
	f.follow(g)
}

// constructTransform is new TransformStream(transformer, writableStrategy,
// readableStrategy).
func (r *streamsRealm) constructTransform(call goja.ConstructorCall) *goja.Object {
	const what = "TransformStream: transformer"
	arg := ctorArg(call, 0)
	if _, ok := arg.(*goja.Object); !ok && !isNullish(arg) {
		r.throwTypeError("%s must be an object", what)
	}
	ws := r.queuingStrategy(ctorArg(call, 1), "TransformStream: writableStrategy")
	rs := r.queuingStrategy(ctorArg(call, 2), "TransformStream: readableStrategy")
	tr := r.dictionary(arg, what)
	cancel := r.callbackMember(tr, "cancel", what)
	flush := r.callbackMember(tr, "flush", what)
	readableType := member(tr, "readableType")
	start := r.callbackMember(tr, "start", what)
	transform := r.callbackMember(tr, "transform", what)
	writableType := member(tr, "writableType")
	if !goja.IsUndefined(readableType) {
		panic(r.rangeError("%s.readableType must be undefined", what))
	}
	if !goja.IsUndefined(writableType) {
		panic(r.rangeError("%s.writableType must be undefined", what))
	}
	readableHWM := r.highWaterMark(rs, 0)
	readableSize := r.sizeAlgorithm(rs)
	writableHWM := r.highWaterMark(ws, 1)
	writableSize := r.sizeAlgorithm(ws)
	t := &transformStream{r: r, obj: call.This}
	setSlot(r.vm, call.This, t)
	startPromise := r.newFuture()
	t.initialize(startPromise, writableHWM, writableSize, readableHWM, readableSize)
	c := &transformController{r: r, stream: t}
	t.controller = c
	this := goja.Value(tr)
	if tr == nil {
		this = goja.Undefined()
	}
	if transform != nil {
		c.transform = func(chunk goja.Value) *future {
			return r.invokePromise(transform, this, chunk, c.object())
		}
	}
	if flush != nil {
		c.flush = func() *future { return r.invokePromise(flush, this, c.object()) }
	}
	if cancel != nil {
		c.cancel = func(reason goja.Value) *future { return r.invokePromise(cancel, this, reason) }
	}
	if start != nil {
		v, thrown := r.invoke(start, this, c.object())
		if thrown != nil {
			panic(thrown)
		}
		startPromise.resolveJS(v)
	} else {
		startPromise.resolve(goja.Undefined())
	}
	return nil
}

func (r *streamsRealm) transformClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *transformStream {
		return slotThis[*transformStream](vm, call.This, "TransformStream")
	}
	return hostClass{
		name: "TransformStream",
		ctor: r.constructTransform,
		members: []hostMember{
			{name: "readable", get: func(call goja.FunctionCall) goja.Value {
				return this(call).readable.object()
			}},
			{name: "writable", get: func(call goja.FunctionCall) goja.Value {
				return this(call).writable.object()
			}},
		},
	}
}

func (r *streamsRealm) transformControllerClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *transformController {
		return hostThis[*transformController](vm, call.This, "TransformStreamDefaultController")
	}
	return hostClass{
		name: "TransformStreamDefaultController",
		members: []hostMember{
			{name: "desiredSize", get: func(call goja.FunctionCall) goja.Value {
				rc := this(call).stream.readableController()
				if rc.stream.state == stateErrored {
					return goja.Null()
				}
				return vm.ToValue(rc.desiredSize())
			}},
			{name: "enqueue", fn: func(call goja.FunctionCall) goja.Value {
				this(call).enqueue(argOrUndefined(call, 0))
				return goja.Undefined()
			}},
			{name: "error", fn: func(call goja.FunctionCall) goja.Value {
				this(call).stream.error(argOrUndefined(call, 0))
				return goja.Undefined()
			}},
			{name: "terminate", fn: func(call goja.FunctionCall) goja.Value {
				this(call).terminate()
				return goja.Undefined()
			}},
		},
	}
}

// installTransform defines TransformStream and its controller.
func (r *streamsRealm) installTransform() error {
	protos, err := r.defineClasses(r.transformClass(), r.transformControllerClass())
	if err != nil {
		return err
	}
	r.transformProto, r.transformControllerProto = protos[0], protos[1]
	return nil
}
