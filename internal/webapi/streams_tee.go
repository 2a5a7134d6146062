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

// byteTee is ReadableByteStreamTee: a branch with a BYOB read pending reads from the
// source with a BYOB reader into that read's buffer.
func (r *streamsRealm) byteTee(s *readableStream) (*readableStream, *readableStream) {
	var reader streamReader = r.acquireDefaultReader(s)
	t := &teeCancel{r: r, source: s, cancelPromise: r.newFuture()}
	var reading bool
	var readAgain [2]bool
	var branches [2]*byteController
	var pulls [2]func() *future

	forwardReaderError := func(this streamReader) {
		this.base().closed.then(nil, func(e goja.Value) {
			if this != reader {
				return
			}
			branches[0].error(e)
			branches[1].error(e)
			if t.eitherLive() {
				t.cancelPromise.resolve(goja.Undefined())
			}
		})
	}
	// failClone handles a chunk that could not be copied for the second branch.
	failClone := func(e goja.Value) {
		branches[0].error(e)
		branches[1].error(e)
		t.cancelPromise.follow(s.cancel(e))
	}
	readNext := func() {
		reading = false
		if readAgain[0] {
			pulls[0]()
		} else if readAgain[1] {
			pulls[1]()
		}
	}
	pullWithDefaultReader := func() {
		if br, ok := reader.(*byobReader); ok {
			br.releaseLock()
			reader = r.acquireDefaultReader(s)
			forwardReaderError(reader)
		}
		reader.(*defaultReader).read(&readSteps{
			onChunk: func(chunk goja.Value) {
				r.queueJob(func() {
					readAgain = [2]bool{}
					chunk2 := chunk
					if !t.canceled[0] && !t.canceled[1] {
						clone, thrown := r.cloneAsUint8Array(chunk)
						if thrown != nil {
							failClone(thrown)
							return
						}
						chunk2 = clone
					}
					for i, ch := range [2]goja.Value{chunk, chunk2} {
						if !t.canceled[i] {
							if vw, ok := r.views.viewOf(ch); ok {
								branches[i].enqueue(vw)
							}
						}
					}
					readNext()
				})
			},
			onClose: func() {
				reading = false
				for i, c := range branches {
					if !t.canceled[i] {
						c.close()
					}
				}
				for _, c := range branches {
					if c.pendingPullIntos.len() > 0 {
						c.respond(0)
					}
				}
				if t.eitherLive() {
					t.cancelPromise.resolve(goja.Undefined())
				}
			},
			onError: func(goja.Value) { reading = false },
		})
	}
	pullWithBYOBReader := func(v goja.Value, branch int) {
		if dr, ok := reader.(*defaultReader); ok {
			dr.releaseLock()
			reader = r.acquireBYOBReader(s)
			forwardReaderError(reader)
		}
		byobBranch, otherBranch := branches[branch], branches[1-branch]
		vw, ok := r.views.viewOf(v)
		if !ok {
			return
		}
		reader.(*byobReader).read(vw, 1, &readIntoSteps{
			onChunk: func(chunk goja.Value) {
				r.queueJob(func() {
					readAgain = [2]bool{}
					byobCanceled, otherCanceled := t.canceled[branch], t.canceled[1-branch]
					if !otherCanceled {
						clone, thrown := r.cloneAsUint8Array(chunk)
						if thrown != nil {
							failClone(thrown)
							return
						}
						if !byobCanceled {
							r.respondWithView(byobBranch, chunk)
						}
						if cv, ok := r.views.viewOf(clone); ok {
							otherBranch.enqueue(cv)
						}
					} else if !byobCanceled {
						r.respondWithView(byobBranch, chunk)
					}
					readNext()
				})
			},
			onClose: func(chunk goja.Value) {
				reading = false
				byobCanceled, otherCanceled := t.canceled[branch], t.canceled[1-branch]
				if !byobCanceled {
					byobBranch.close()
				}
				if !otherCanceled {
					otherBranch.close()
				}
				if !goja.IsUndefined(chunk) {
					if !byobCanceled {
						r.respondWithView(byobBranch, chunk)
					}
					if !otherCanceled && otherBranch.pendingPullIntos.len() > 0 {
						otherBranch.respond(0)
					}
				}
				if !byobCanceled || !otherCanceled {
					t.cancelPromise.resolve(goja.Undefined())
				}
			},
			onError: func(goja.Value) { reading = false },
		})
	}
	for i := range pulls {
		pulls[i] = func() *future {
			if reading {
				readAgain[i] = true
				return r.resolved(goja.Undefined())
			}
			reading = true
			if req := branches[i].getBYOBRequest(); req == nil {
				pullWithDefaultReader()
			} else {
				pullWithBYOBReader(req.view, i)
			}
			return r.resolved(goja.Undefined())
		}
	}
	b1 := r.newReadableBytes(pulls[0], t.cancelAlgorithm(0))
	b2 := r.newReadableBytes(pulls[1], t.cancelAlgorithm(1))
	branches[0] = b1.controller.(*byteController)
	branches[1] = b2.controller.(*byteController)
	forwardReaderError(reader)
	return b1, b2
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
