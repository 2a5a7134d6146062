package webapi

import (
	"github.com/dop251/goja"
)

// tee is ReadableStreamTee(stream, false): two branches that each see every chunk of
// s. The branches of a byte stream are byte streams, and the second one gets copies of
// the chunks.
func (r *streamsRealm) tee(s *readableStream) (*readableStream, *readableStream) {
	if _, ok := s.controller.(*byteController); ok {
		return r.byteTee(s)
	}
	return r.defaultTee(s)
}

// teeCancel holds what both kinds of tee share: the cancel algorithms of the branches,
// which cancel the source once both branches are canceled.
type teeCancel struct {
	r             *streamsRealm
	source        *readableStream
	canceled      [2]bool
	reasons       [2]goja.Value
	cancelPromise *future
}

func (t *teeCancel) cancelAlgorithm(branch int) func(goja.Value) *future {
	return func(reason goja.Value) *future {
		t.canceled[branch] = true
		t.reasons[branch] = reason
		if t.canceled[1-branch] {
			composite := t.r.vm.NewArray(t.reasons[0], t.reasons[1])
			t.cancelPromise.follow(t.source.cancel(composite))
		}
		return t.cancelPromise
	}
}

func (t *teeCancel) eitherLive() bool { return !t.canceled[0] || !t.canceled[1] }

// defaultTee is ReadableStreamDefaultTee.
func (r *streamsRealm) defaultTee(s *readableStream) (*readableStream, *readableStream) {
	reader := r.acquireDefaultReader(s)
	t := &teeCancel{r: r, source: s, cancelPromise: r.newFuture()}
	var reading, readAgain bool
	var branches [2]*defaultController
	var pull func() *future
	pull = func() *future {
		if reading {
			readAgain = true
			return r.resolved(goja.Undefined())
		}
		reading = true
		reader.read(&readSteps{
			onChunk: func(chunk goja.Value) {
				r.queueJob(func() {
					readAgain = false
					for i, c := range branches {
						if !t.canceled[i] {
							c.enqueue(chunk)
						}
					}
					reading = false
					if readAgain {
						pull()
					}
				})
			},
			onClose: func() {
				reading = false
				for i, c := range branches {
					if !t.canceled[i] {
						c.close()
					}
				}
				if t.eitherLive() {
					t.cancelPromise.resolve(goja.Undefined())
				}
			},
			onError: func(goja.Value) { reading = false },
		})
		return r.resolved(goja.Undefined())
	}
	b1 := r.newReadable(nil, pull, t.cancelAlgorithm(0), 1, nil)
	b2 := r.newReadable(nil, pull, t.cancelAlgorithm(1), 1, nil)
	branches[0] = b1.controller.(*defaultController)
	branches[1] = b2.controller.(*defaultController)
	reader.closed.then(nil, func(e goja.Value) {
		branches[0].error(e)
		branches[1].error(e)
		if t.eitherLive() {
			t.cancelPromise.resolve(goja.Undefined())
		}
	})
	return b1, b2
}

// byteTee is the state of ReadableByteStreamTee. A branch with a BYOB read pending
// reads from the source with a BYOB reader into that read's buffer; otherwise the
// source is read with a default reader. The second branch gets copies of the chunks.
type byteTee struct {
	teeCancel
	reader    streamReader // the source's reader, default or BYOB
	reading   bool
	readAgain [2]bool
	branches  [2]*byteController
}

// byteTee is ReadableByteStreamTee.
func (r *streamsRealm) byteTee(s *readableStream) (*readableStream, *readableStream) {
	t := &byteTee{teeCancel: teeCancel{r: r, source: s, cancelPromise: r.newFuture()}}
	t.reader = r.acquireDefaultReader(s)
	b1 := r.newReadableBytes(func() *future { return t.pull(0) }, t.cancelAlgorithm(0))
	b2 := r.newReadableBytes(func() *future { return t.pull(1) }, t.cancelAlgorithm(1))
	t.branches[0] = b1.controller.(*byteController)
	t.branches[1] = b2.controller.(*byteController)
	t.forwardReaderError(t.reader)
	return b1, b2
}

// forwardReaderError errors both branches when rd, while it is the source's reader,
// sees the source error.
func (t *byteTee) forwardReaderError(rd streamReader) {
	rd.base().closed.then(nil, func(e goja.Value) {
		if rd != t.reader {
			return
		}
		t.branches[0].error(e)
		t.branches[1].error(e)
		if t.eitherLive() {
			t.cancelPromise.resolve(goja.Undefined())
		}
	})
}

// pull is the pull algorithm of branch i.
func (t *byteTee) pull(i int) *future {
	if t.reading {
		t.readAgain[i] = true
		return t.r.resolved(goja.Undefined())
	}
	t.reading = true
	if req := t.branches[i].getBYOBRequest(); req == nil {
		t.pullWithDefaultReader()
	} else {
		t.pullWithBYOBReader(req.view, i)
	}
	return t.r.resolved(goja.Undefined())
}

// readNext ends a read and starts the one a branch asked for meanwhile.
func (t *byteTee) readNext() {
	t.reading = false
	if t.readAgain[0] {
		t.pull(0)
	} else if t.readAgain[1] {
		t.pull(1)
	}
}

// failClone handles a chunk that could not be copied for the second branch.
func (t *byteTee) failClone(e goja.Value) {
	t.branches[0].error(e)
	t.branches[1].error(e)
	t.cancelPromise.follow(t.source.cancel(e))
}

func (t *byteTee) pullWithDefaultReader() {
	r := t.r
	if br, ok := t.reader.(*byobReader); ok {
		br.releaseLock()
		t.reader = r.acquireDefaultReader(t.source)
		t.forwardReaderError(t.reader)
	}
	t.reader.(*defaultReader).read(&readSteps{
		onChunk: func(chunk goja.Value) { r.queueJob(func() { t.defaultChunk(chunk) }) },
		onClose: t.defaultClose,
		onError: func(goja.Value) { t.reading = false },
	})
}

// defaultChunk hands a chunk read with the default reader to the live branches.
func (t *byteTee) defaultChunk(chunk goja.Value) {
	r := t.r
	t.readAgain = [2]bool{}
	chunk2 := chunk
	if !t.canceled[0] && !t.canceled[1] {
		clone, thrown := r.cloneAsUint8Array(chunk)
		if thrown != nil {
			t.failClone(thrown)
			return
		}
		chunk2 = clone
	}
	for i, ch := range [2]goja.Value{chunk, chunk2} {
		if !t.canceled[i] {
			if vw, ok := r.views.viewOf(ch); ok {
				t.branches[i].enqueue(vw)
			}
		}
	}
	t.readNext()
}

func (t *byteTee) defaultClose() {
	t.reading = false
	for i, c := range t.branches {
		if !t.canceled[i] {
			c.close()
		}
	}
	for _, c := range t.branches {
		if c.pendingPullIntos.len() > 0 {
			c.respond(0)
		}
	}
	if t.eitherLive() {
		t.cancelPromise.resolve(goja.Undefined())
	}
}

// pullWithBYOBReader reads from the source into v, the view of branch's BYOB request.
func (t *byteTee) pullWithBYOBReader(v goja.Value, branch int) {
	r := t.r
	if dr, ok := t.reader.(*defaultReader); ok {
		dr.releaseLock()
		t.reader = r.acquireBYOBReader(t.source)
		t.forwardReaderError(t.reader)
	}
	vw, ok := r.views.viewOf(v)
	if !ok {
		return
	}
	t.reader.(*byobReader).read(vw, 1, &readIntoSteps{
		onChunk: func(chunk goja.Value) { r.queueJob(func() { t.byobChunk(chunk, branch) }) },
		onClose: func(chunk goja.Value) { t.byobClose(chunk, branch) },
		onError: func(goja.Value) { t.reading = false },
	})
}

// byobChunk answers branch's BYOB request with a chunk read into its buffer and hands a
// copy to the other branch.
func (t *byteTee) byobChunk(chunk goja.Value, branch int) {
	r := t.r
	t.readAgain = [2]bool{}
	byobCanceled, otherCanceled := t.canceled[branch], t.canceled[1-branch]
	if !otherCanceled {
		clone, thrown := r.cloneAsUint8Array(chunk)
		if thrown != nil {
			t.failClone(thrown)
			return
		}
		if !byobCanceled {
			r.respondWithView(t.branches[branch], chunk)
		}
		if cv, ok := r.views.viewOf(clone); ok {
			t.branches[1-branch].enqueue(cv)
		}
	} else if !byobCanceled {
		r.respondWithView(t.branches[branch], chunk)
	}
	t.readNext()
}

func (t *byteTee) byobClose(chunk goja.Value, branch int) {
	t.reading = false
	byobBranch, otherBranch := t.branches[branch], t.branches[1-branch]
	byobCanceled, otherCanceled := t.canceled[branch], t.canceled[1-branch]
	if !byobCanceled {
		byobBranch.close()
	}
	if !otherCanceled {
		otherBranch.close()
	}
	if !goja.IsUndefined(chunk) {
		if !byobCanceled {
			t.r.respondWithView(byobBranch, chunk)
		}
		if !otherCanceled && otherBranch.pendingPullIntos.len() > 0 {
			otherBranch.respond(0)
		}
	}
	if !byobCanceled || !otherCanceled {
		t.cancelPromise.resolve(goja.Undefined())
	}
}

// respondWithView answers c's BYOB request with the filled view v.
func (r *streamsRealm) respondWithView(c *byteController, v goja.Value) {
	if vw, ok := r.views.viewOf(v); ok {
		c.respondWithNewView(vw)
	}
}

// cloneAsUint8Array is CloneAsUint8Array: a Uint8Array over a copy of the view's bytes.
func (r *streamsRealm) cloneAsUint8Array(v goja.Value) (goja.Value, goja.Value) {
	vw, ok := r.views.viewOf(v)
	if !ok || vw.buf.Detached() {
		return nil, r.typeError("the chunk is not an ArrayBufferView with a live buffer")
	}
	b := append([]byte(nil), bytesAt(vw.buf, vw.off, vw.n)...)
	return r.views.newBytes(b), nil
}
