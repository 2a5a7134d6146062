package webapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"

	"github.com/dop251/goja"
)

// This file is the boundary between Go byte streams (request and response bodies) and
// ReadableStream: newReadableFromGo wraps an io.ReadCloser as a byte stream, goReaderOf
// turns any ReadableStream back into an io.ReadCloser, without a copy when JavaScript
// never read the stream.

// goReadSize is the size of one read from a Go body.
const goReadSize = 64 << 10

// TypeErrorText is an error of the Go-side stream functions whose text is the message
// of the TypeError a script would see (without a "TypeError: " prefix).
type TypeErrorText string

func (e TypeErrorText) Error() string { return string(e) }

// goSource is the underlying source of a stream made by newReadableFromGo.
type goSource struct {
	r        *streamsRealm
	stream   *readableStream
	taken    bool // handed to goReaderOf as it is; loop only
	inMemory bool // rc reports its length: reads do not block

	// mu guards rc's life between the loop and the goroutine of a read in flight.
	mu          sync.Mutex
	rc          io.ReadCloser
	reading     bool // a Read is in flight
	closeWanted bool // close rc when the Read in flight returns
	closed      bool
	spare       []byte // a read buffer kept after a short read; reading goroutine only
}

// newReadableFromGo returns a ReadableStream (type "bytes") whose chunks are read from
// rc through Loop.Go, one read at a time, each settled back on the loop; cancel closes
// rc, and so does the end of rc or a read error. A body in memory, one that reports
// its length (Len() int, as bytes.Reader, strings.Reader and bytes.Buffer do), is read
// on the loop without a goroutine. A nil rc is an empty body. Runs on the isolate's
// goroutine.
func newReadableFromGo(l Loop, rc io.ReadCloser) *goja.Object {
	r := streamsOf(l.Runtime())
	var o *goja.Object
	r.guard(func() { o = r.readableFromGo(rc).object() })
	return o
}

func (r *streamsRealm) readableFromGo(rc io.ReadCloser) *readableStream {
	if rc == nil {
		rc = http.NoBody
	}
	g := &goSource{r: r, rc: rc}
	_, g.inMemory = rc.(interface{ Len() int })
	s := r.newReadableBytes(g.pull, g.cancel)
	g.stream, s.goSrc = s, g
	return s
}

// pull reads once from rc, on a goroutine unless rc is in memory, and enqueues what it
// read.
func (g *goSource) pull() *future {
	r := g.r
	done := r.newFuture()
	g.mu.Lock()
	if g.closed || g.taken {
		g.mu.Unlock()
		done.resolve(goja.Undefined())
		return done
	}
	g.reading = true
	g.mu.Unlock()
	if g.inMemory {
		b, err := g.read(r.l.Context())
		g.deliver(b, err)
		done.resolve(goja.Undefined())
		return done
	}
	work := func(ctx context.Context) func() {
		b, err := g.read(ctx)
		return func() {
			r.guard(func() {
				g.deliver(b, err)
				done.resolve(goja.Undefined())
			})
		}
	}
	// The loop refuses asynchronous work outside an invocation (a script's top level):
	// the read fails, and so does the stream.
	if thrown := r.try(func() { r.l.Go(work) }); thrown != nil {
		g.mu.Lock()
		g.reading = false
		g.mu.Unlock()
		return r.rejected(thrown)
	}
	return done
}

// deliver enqueues the bytes of one read, then closes or errors the stream at the end
// of rc or on a read error.
func (g *goSource) deliver(b []byte, err error) {
	c := g.stream.controller.(*byteController)
	c.enqueueBytes(b)
	switch {
	case errors.Is(err, io.EOF):
		if c.closeRequested || c.stream.state != stateReadable {
			break
		}
		c.close()
		// A BYOB read still waiting gets the end: a source answers it with respond(0)
		// once closed.
		if c.pendingPullIntos.len() > 0 {
			c.respond(0)
		}
	case err != nil:
		c.error(g.r.typeError("reading the body failed: %v", err))
	}
}

// read is one Read of rc, on the goroutine of Loop.Go. It closes rc at its end, on an
// error, when a cancel asked for it meanwhile, or when the invocation ended (nobody
// will read the stream again).
func (g *goSource) read(ctx context.Context) ([]byte, error) {
	buf := g.spare
	if buf == nil {
		buf = make([]byte, goReadSize)
	}
	g.spare = nil
	n, err := g.rc.Read(buf)
	var b []byte
	if n > 0 && n < len(buf)/2 {
		b = append([]byte(nil), buf[:n]...)
		g.spare = buf
	} else if n > 0 {
		b = buf[:n:n]
	} else {
		g.spare = buf
	}
	g.mu.Lock()
	g.reading = false
	if (err != nil || g.closeWanted || ctx.Err() != nil) && !g.closed {
		g.closed = true
		_ = g.rc.Close()
	}
	g.mu.Unlock()
	return b, err
}

// cancel closes rc now, or when the read in flight returns.
func (g *goSource) cancel(goja.Value) *future {
	g.mu.Lock()
	if g.reading {
		g.closeWanted = true
	} else if !g.closed {
		g.closed = true
		_ = g.rc.Close()
	}
	g.mu.Unlock()
	return g.r.resolved(goja.Undefined())
}

// isReadableStream reports whether v is a ReadableStream of this package.
func isReadableStream(v goja.Value) bool {
	_, ok := readableStreamOf(v)
	return ok
}

// goReaderOf returns an io.ReadCloser over the ReadableStream s and locks s; a locked s
// or a value that is not a ReadableStream is an error (TypeErrorText). Runs on the
// isolate's goroutine.
//
// When s came from newReadableFromGo and nothing read from it, the result is the
// original io.ReadCloser (zero copy) and s stays locked and disturbed. Otherwise chunks
// are pulled from JavaScript through Loop.Hold's post, one read at a time; the
// invocation stays open until the reader reaches the end or an error, or is closed.
// Close cancels the stream. A chunk that is not bytes (an ArrayBuffer or a view) is a
// read error (TypeErrorText) and cancels the stream. The bytes of a byte stream's
// chunks are handed over as they are (the stream owns their buffers); those of other
// streams are copied, as a script may still change them.
func goReaderOf(l Loop, s *goja.Object) (io.ReadCloser, error) {
	r := streamsOf(l.Runtime())
	if s == nil {
		return nil, TypeErrorText("the body is not a ReadableStream")
	}
	rs, ok := readableStreamOf(s)
	if !ok {
		return nil, TypeErrorText("the body is not a ReadableStream")
	}
	if rs.locked() {
		return nil, TypeErrorText("the ReadableStream is locked to a reader")
	}
	if g := rs.goSrc; g != nil && !g.taken && !rs.disturbed && rs.state == stateReadable {
		g.taken = true
		r.guard(func() { r.acquireDefaultReader(rs) })
		rs.disturbed = true
		return g.rc, nil
	}
	var b *streamBody
	var err error
	r.guard(func() { b, err = r.newStreamBody(rs) })
	if b == nil {
		if err == nil {
			err = TypeErrorText("the ReadableStream cannot be read from Go here")
		}
		return nil, err
	}
	return b, nil
}

// streamBody is the io.ReadCloser that goReaderOf returns for a stream that
// JavaScript produces or touched.
type streamBody struct {
	r       *streamsRealm
	reader  *defaultReader // loop only
	copy    bool           // chunks may be shared with a script: copy their bytes
	post    func(func()) bool
	release func()
	ctx     context.Context
	results chan bodyChunk // one answer per posted read

	// Reader goroutine only.
	buf      []byte
	err      error
	inFlight bool // a posted read has not been answered yet

	closeOnce sync.Once
}

type bodyChunk struct {
	b   []byte
	err error
}

var errBodyEnded = errors.New("read body: the invocation that produced the body ended")

// newStreamBody locks s and holds the invocation open for the body reader of s; it
// fails where the loop has no invocation to hold.
func (r *streamsRealm) newStreamBody(s *readableStream) (*streamBody, error) {
	_, isBytes := s.controller.(*byteController)
	b := &streamBody{r: r, copy: !isBytes, ctx: r.l.Context(), results: make(chan bodyChunk, 2)}
	if thrown := r.try(func() { b.post, b.release = r.l.Hold() }); thrown != nil {
		return nil, TypeErrorText(r.errorText(thrown))
	}
	b.reader = r.acquireDefaultReader(s)
	return b, nil
}

// Read implements io.Reader, from any goroutine but the loop's. Once a chunk arrives,
// the read of the next one starts, so the loop produces it while the caller consumes.
func (b *streamBody) Read(p []byte) (int, error) {
	for len(b.buf) == 0 {
		if b.err != nil {
			return 0, b.err
		}
		if !b.inFlight && !b.post(b.readChunk) {
			b.err = errBodyEnded
			return 0, b.err
		}
		b.inFlight = false
		select {
		case c := <-b.results:
			b.buf, b.err = c.b, c.err
		case <-b.ctx.Done():
			b.err = errBodyEnded
		}
		if b.err == nil {
			b.inFlight = b.post(b.readChunk)
		}
	}
	n := copy(p, b.buf)
	b.buf = b.buf[n:]
	return n, nil
}

// Close implements io.Closer: it cancels the stream unless it ended, and lets the
// invocation end. The stream stays locked: it belongs to Go since goReaderOf.
func (b *streamBody) Close() error {
	b.closeOnce.Do(func() {
		posted := b.post(func() {
			b.r.guard(func() {
				if s := b.reader.stream; s != nil && s.state == stateReadable {
					b.reader.cancel(b.r.typeError("the body was closed before its end"))
				}
			})
			b.release()
		})
		if !posted {
			b.release()
		}
	})
	return nil
}

// answer hands one result to the reading goroutine; there is at most one read in
// flight and one answer waiting, so the channel always has room.
func (b *streamBody) answer(c bodyChunk) {
	select {
	case b.results <- c:
	default:
	}
}

// readChunk runs on the loop: one read from the stream, answered on results.
func (b *streamBody) readChunk() {
	b.r.guard(func() {
		rd := b.reader
		if rd.stream == nil {
			b.answer(bodyChunk{err: TypeErrorText("the body was closed")})
			return
		}
		rd.read(&readSteps{
			onChunk: func(v goja.Value) {
				bytes, ok := b.r.views.bytesOf(v)
				if !ok {
					e := TypeErrorText("a chunk of the body is not an ArrayBuffer or ArrayBufferView")
					b.answer(bodyChunk{err: e})
					if rd.stream != nil {
						rd.cancel(b.r.typeError("%s", string(e)))
					}
					b.release()
					return
				}
				if b.copy {
					bytes = append([]byte(nil), bytes...)
				}
				b.answer(bodyChunk{b: bytes})
			},
			onClose: func() {
				b.answer(bodyChunk{err: io.EOF})
				b.release()
			},
			onError: func(e goja.Value) {
				b.answer(bodyChunk{err: errors.New(b.r.errorText(e))})
				b.release()
			},
		})
	})
}

// errorText is how a JavaScript error reads in Go: "TypeError: message" for an Error.
func (r *streamsRealm) errorText(v goja.Value) string {
	s := "an exception that cannot be converted to a string"
	_ = r.try(func() { s = v.String() })
	return s
}

// goBodySource returns the io.ReadCloser that newReadableFromGo made s from, whether
// or not anything read from it; nil for any other value.
func goBodySource(s *goja.Object) io.ReadCloser {
	if rs, ok := readableStreamOf(s); ok && rs.goSrc != nil {
		return rs.goSrc.rc
	}
	return nil
}

// usedBodyStream returns the stream of a body that was read whole: closed, disturbed
// and locked, as the stream of a consumed body is.
func usedBodyStream(l Loop) *goja.Object {
	r := streamsOf(l.Runtime())
	var o *goja.Object
	r.guard(func() {
		s := r.newReadable(nil, nil, nil, 0, nil)
		s.controller.(*defaultController).close()
		r.acquireDefaultReader(s)
		s.disturbed = true
		o = s.object()
	})
	return o
}
