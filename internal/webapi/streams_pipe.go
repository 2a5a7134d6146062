package webapi

import (
	"github.com/dop251/goja"
)

// pipe is one ReadableStreamPipeTo: it reads chunks from source and writes them to
// dest until one of them closes or errors, or the signal aborts. The standard leaves the
// loop to the implementation; this one follows the reference implementation's order
// of checks, in Go.
type pipe struct {
	r             *streamsRealm
	source        *readableStream
	dest          *writableStream
	reader        *defaultReader
	writer        *writableWriter
	preventClose  bool
	preventAbort  bool
	preventCancel bool
	signal        *abortSignal
	removeAbort   func()
	shuttingDown  bool
	currentWrite  *future
	result        *future

	steps             *readSteps // the read request, reused for every read
	pumping, gotChunk bool
}

// pipeOptions is a StreamPipeOptions dictionary, converted.
type pipeOptions struct {
	preventAbort, preventCancel, preventClose bool
	signal                                    *abortSignal
}

func (r *streamsRealm) pipeOptions(v goja.Value, what string) pipeOptions {
	o := r.dictionary(v, what)
	opts := pipeOptions{
		preventAbort:  boolMember(o, "preventAbort"),
		preventCancel: boolMember(o, "preventCancel"),
		preventClose:  boolMember(o, "preventClose"),
	}
	if sv := member(o, "signal"); !goja.IsUndefined(sv) {
		sig, ok := abortSignalOf(sv)
		if !ok {
			r.throwTypeError("%s.signal is not an AbortSignal", what)
		}
		opts.signal = sig
	}
	return opts
}

// pipeToMethod is ReadableStream.prototype.pipeTo(destination, options).
func (r *streamsRealm) pipeToMethod(s *readableStream, call goja.FunctionCall) *future {
	dest, ok := writableStreamOf(argOrUndefined(call, 0))
	if !ok {
		r.throwTypeError("ReadableStream.pipeTo: parameter 1 is not of type 'WritableStream'")
	}
	opts := r.pipeOptions(argOrUndefined(call, 1), "ReadableStream.pipeTo: options")
	if s.locked() {
		r.throwTypeError("ReadableStream.pipeTo: the stream is locked to a reader")
	}
	if dest.locked() {
		r.throwTypeError("ReadableStream.pipeTo: the destination is locked to a writer")
	}
	return r.pipeTo(s, dest, opts)
}

// pipeThrough is ReadableStream.prototype.pipeThrough(transform, options).
func (r *streamsRealm) pipeThrough(s *readableStream, call goja.FunctionCall) goja.Value {
	const what = "ReadableStream.pipeThrough"
	requireArgs(r.vm, call, 1, what)
	pair := r.dictionary(call.Arguments[0], what+": transform")
	rv := member(pair, "readable")
	readable, ok := readableStreamOf(rv)
	if !ok {
		r.throwTypeError("%s: transform.readable is not a ReadableStream", what)
	}
	writable, ok := writableStreamOf(member(pair, "writable"))
	if !ok {
		r.throwTypeError("%s: transform.writable is not a WritableStream", what)
	}
	opts := r.pipeOptions(argOrUndefined(call, 1), what+": options")
	if s.locked() {
		r.throwTypeError("%s: the stream is locked to a reader", what)
	}
	if writable.locked() {
		r.throwTypeError("%s: transform.writable is locked to a writer", what)
	}
	r.pipeTo(s, writable, opts).markHandled()
	return readable.object()
}

// pipeTo is ReadableStreamPipeTo; both streams must be unlocked.
func (r *streamsRealm) pipeTo(source *readableStream, dest *writableStream,
	opts pipeOptions) *future {
	p := &pipe{
		r: r, source: source, dest: dest,
		reader:       r.acquireDefaultReader(source),
		writer:       r.acquireWriter(dest),
		preventClose: opts.preventClose, preventAbort: opts.preventAbort,
		preventCancel: opts.preventCancel, signal: opts.signal,
		currentWrite: r.resolved(goja.Undefined()),
		result:       r.newFuture(),
	}
	p.steps = &readSteps{onChunk: p.chunk, onClose: func() {}, onError: func(goja.Value) {}}
	source.disturbed = true
	if sig := opts.signal; sig != nil {
		if sig.Aborted() {
			p.abort()
			return p.result
		}
		p.removeAbort = sig.OnAbort(p.abort)
	}
	p.start()
	return p.result
}

// abort is the pipe's abort algorithm, run when its signal aborts.
func (p *pipe) abort() {
	r := p.r
	e := p.signal.Reason()
	p.shutdownWithAction(func() *future {
		var actions []*future
		if !p.preventAbort {
			if p.dest.state == writableWritable {
				actions = append(actions, p.dest.abort(e))
			} else {
				actions = append(actions, r.resolved(goja.Undefined()))
			}
		}
		if !p.preventCancel {
			if p.source.state == stateReadable {
				actions = append(actions, p.source.cancel(e))
			} else {
				actions = append(actions, r.resolved(goja.Undefined()))
			}
		}
		return r.all(actions)
	}, e)
}

// start watches both streams for closing and errors, then starts the loop.
func (p *pipe) start() {
	r := p.r
	// Errors must be propagated forward.
	if p.source.state == stateErrored {
		p.sourceErrored(p.source.storedError)
	} else {
		p.reader.closed.then(nil, p.sourceErrored)
	}
	// Errors must be propagated backward.
	if p.dest.state == writableErrored {
		p.destErrored(p.dest.storedError)
	} else {
		p.writer.closed.then(nil, p.destErrored)
	}
	// Closing must be propagated forward.
	if p.source.state == stateClosed {
		p.sourceClosed()
	} else {
		p.reader.closed.then(func(goja.Value) { p.sourceClosed() }, nil)
	}
	// Closing must be propagated backward.
	if p.dest.closeQueuedOrInFlight() || p.dest.state == writableClosed {
		destClosed := r.typeError("the destination stream closed before the pipe finished")
		if !p.preventCancel {
			p.shutdownWithAction(func() *future { return p.source.cancel(destClosed) },
				destClosed)
		} else {
			p.shutdown(destClosed)
		}
	}
	p.step()
}

func (p *pipe) sourceErrored(e goja.Value) {
	if !p.preventAbort {
		p.shutdownWithAction(func() *future { return p.dest.abort(e) }, e)
	} else {
		p.shutdown(e)
	}
}

func (p *pipe) destErrored(e goja.Value) {
	if !p.preventCancel {
		p.shutdownWithAction(func() *future { return p.source.cancel(e) }, e)
	} else {
		p.shutdown(e)
	}
}

func (p *pipe) sourceClosed() {
	if !p.preventClose {
		p.shutdownWithAction(func() *future { return p.writer.closeWithErrorPropagation() },
			nil)
	} else {
		p.shutdown(nil)
	}
}

// pipeBurst is how many chunks a pipe moves in one microtask before it queues the
// rest behind other microtasks.
const pipeBurst = 16

// step waits for the destination to want a chunk, then pumps.
func (p *pipe) step() {
	if !p.shuttingDown {
		p.writer.ready.then(func(goja.Value) { p.pump() }, nil)
	}
}

// pump reads chunks and writes them while the destination wants more. The reference
// implementation waits a microtask for writer.ready before each read; the standard
// leaves the loop to the implementation, and this one reads on at once while ready is
// fulfilled and chunks are at hand, up to pipeBurst chunks per microtask.
func (p *pipe) pump() {
	for n := 0; !p.shuttingDown; n++ {
		if p.writer.ready.state != futureFulfilled {
			p.step()
			return
		}
		if n == pipeBurst {
			p.r.queueJob(p.pump)
			return
		}
		p.pumping, p.gotChunk = true, false
		p.reader.read(p.steps)
		p.pumping = false
		if !p.gotChunk {
			return // the read waits for the source; its chunk steps go on
		}
	}
}

// chunk is the pipe's read request's chunk steps: write the chunk, then go on.
func (p *pipe) chunk(chunk goja.Value) {
	w := p.writer.write(chunk)
	w.markHandled()
	p.currentWrite = w
	if p.pumping {
		p.gotChunk = true
	} else {
		p.r.queueJob(p.pump)
	}
}

// waitForWrites resolves once the last write the pipe started has settled.
func (p *pipe) waitForWrites() *future {
	done := p.r.newFuture()
	var wait func()
	wait = func() {
		old := p.currentWrite
		old.then(func(goja.Value) {
			if old != p.currentWrite {
				wait()
			} else {
				done.resolve(goja.Undefined())
			}
		}, func(goja.Value) {
			if old != p.currentWrite {
				wait()
			} else {
				done.resolve(goja.Undefined())
			}
		})
	}
	wait()
	return done
}

// shutdownWithAction is the standard's "shutdown with an action": once pending writes
// finish, run action, then finalize with err (nil: no error) or the action's error.
func (p *pipe) shutdownWithAction(action func() *future, err goja.Value) {
	if p.shuttingDown {
		return
	}
	p.shuttingDown = true
	rest := func(goja.Value) {
		action().then(func(goja.Value) { p.finalize(err) }, p.finalize)
	}
	if p.dest.state == writableWritable && !p.dest.closeQueuedOrInFlight() {
		p.waitForWrites().then(rest, nil)
	} else {
		rest(nil)
	}
}

// shutdown is the standard's "shutdown" without an action.
func (p *pipe) shutdown(err goja.Value) {
	if p.shuttingDown {
		return
	}
	p.shuttingDown = true
	if p.dest.state == writableWritable && !p.dest.closeQueuedOrInFlight() {
		p.waitForWrites().then(func(goja.Value) { p.finalize(err) }, nil)
	} else {
		p.finalize(err)
	}
}

// finalize releases both locks and settles the pipe's promise: rejected with err, or
// fulfilled when err is nil.
func (p *pipe) finalize(err goja.Value) {
	p.writer.release()
	p.reader.releaseLock()
	if p.removeAbort != nil {
		p.removeAbort()
	}
	if err != nil {
		p.result.reject(err)
	} else {
		p.result.resolve(goja.Undefined())
	}
}
