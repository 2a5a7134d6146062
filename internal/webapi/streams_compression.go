package webapi

import (
	"context"
	"errors"
	"io"

	"github.com/dop251/goja"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
)

// This file holds CompressionStream and DecompressionStream
// (https://compression.spec.whatwg.org/) for the formats "gzip", "deflate" (zlib) and
// "deflate-raw", on klauspost/compress.

// compressionStream is the Go side of a CompressionStream or a DecompressionStream.
type compressionStream struct {
	t          *transformStream
	decompress bool
}

// validCompressionFormat reports whether format is a CompressionFormat.
func validCompressionFormat(format string) bool {
	return format == "gzip" || format == "deflate" || format == "deflate-raw"
}

// byteSink collects what a compressor writes; take hands the bytes over.
type byteSink struct{ b []byte }

func (s *byteSink) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *byteSink) take() []byte {
	b := s.b
	s.b = nil
	return b
}

// newCompressor returns the compressor of format writing to sink.
func newCompressor(format string, sink io.Writer) io.WriteCloser {
	switch format {
	case "gzip":
		return gzip.NewWriter(sink)
	case "deflate":
		return zlib.NewWriter(sink)
	default:
		w, _ := flate.NewWriter(sink, flate.DefaultCompression) // fails for bad levels only
		return w
	}
}

// newCompressionStream makes the transform of a CompressionStream: each chunk is
// compressed as far as the compressor goes, and whatever it emitted is enqueued.
func (r *streamsRealm) newCompressionStream(format string) *compressionStream {
	sink := &byteSink{}
	var w io.WriteCloser
	emit := func(c *transformController) *future {
		if b := sink.take(); len(b) > 0 {
			return r.enqueueOrReject(c, r.views.newBytes(b))
		}
		return r.resolved(goja.Undefined())
	}
	t := r.newTransform(func(c *transformController, chunk goja.Value) *future {
		b, ok := r.buf.bytes(chunk)
		if !ok {
			return r.rejected(r.typeError(
				"CompressionStream: a chunk is not an ArrayBuffer, TypedArray or DataView"))
		}
		if w == nil {
			w = newCompressor(format, sink)
		}
		if _, err := w.Write(b); err != nil {
			return r.rejected(r.typeError("CompressionStream: %v", err))
		}
		return emit(c)
	}, func(c *transformController) *future {
		if w == nil {
			w = newCompressor(format, sink)
		}
		if err := w.Close(); err != nil {
			return r.rejected(r.typeError("CompressionStream: %v", err))
		}
		return emit(c)
	}, nil)
	return &compressionStream{t: t}
}

// newDecompressionStream makes the transform of a DecompressionStream. Malformed
// input, input that ends early and data after the end of the compressed stream are
// TypeErrors.
func (r *streamsRealm) newDecompressionStream(format string) *compressionStream {
	in := &inflater{format: format}
	emit := func(c *transformController, b []byte, err error) *future {
		if err != nil {
			return r.rejected(r.typeError("DecompressionStream: %v", err))
		}
		if len(b) > 0 {
			return r.enqueueOrReject(c, r.views.newBytes(b))
		}
		return r.resolved(goja.Undefined())
	}
	t := r.newTransform(func(c *transformController, chunk goja.Value) *future {
		b, ok := r.buf.bytes(chunk)
		if !ok {
			return r.rejected(r.typeError(
				"DecompressionStream: a chunk is not an ArrayBuffer, TypedArray or DataView"))
		}
		// write returns once the decoder consumed b, so b is not kept.
		out, err := in.write(r.l.Context(), b)
		return emit(c, out, err)
	}, func(c *transformController) *future {
		out, err := in.close()
		return emit(c, out, err)
	}, in.abort)
	return &compressionStream{t: t, decompress: true}
}

// Errors of decompression; their text becomes the TypeError's message.
var (
	errTruncated    = errors.New("the compressed data ended early")
	errTrailingData = errors.New("there is data after the end of the compressed data")
)

// inflater decompresses input that arrives in chunks. The decompressors of the
// standard library and klauspost/compress read from an io.Reader and cannot stop in
// the middle of a block, so the decompressor runs on a goroutine of its own that the
// loop hands each chunk to and then waits for: by then the decompressor has consumed
// the chunk and emitted what it could. The goroutine holds no JavaScript values and
// ends when the input ends, on an error, when the stream is canceled, or when the
// context of the invocation that wrote the last chunk ends.
type inflater struct {
	format string

	in   chan inflaterInput
	need chan struct{} // the decompressor consumed all input and waits for more
	done chan struct{} // closed when the decompressor's goroutine returns

	// Loop side.
	started, finished, inClosed bool

	// Written by the decompressor's goroutine; the loop reads them after receiving
	// from need or done.
	out   []byte
	err   error
	ended bool // the compressed stream ended
	cur   []byte
	ctx   context.Context
}

type inflaterInput struct {
	b   []byte
	ctx context.Context
}

// write hands b to the decompressor and returns the bytes decompressed so far. It
// returns once the decompressor consumed all of b or stopped: only trailing data after
// the end of the compressed stream stays behind, and only the loop reads it then.
func (f *inflater) write(ctx context.Context, b []byte) ([]byte, error) {
	if f.finished {
		if f.err != nil {
			return nil, f.err
		}
		if len(b) > 0 {
			return nil, errTrailingData
		}
		return nil, nil
	}
	if f.inClosed {
		return nil, errTruncated
	}
	if !f.started {
		f.started = true
		f.in = make(chan inflaterInput)
		f.need = make(chan struct{})
		f.done = make(chan struct{})
		f.cur, f.ctx = b, ctx
		go f.run()
	} else {
		select {
		case f.in <- inflaterInput{b, ctx}:
		case <-f.done:
		}
	}
	select {
	case <-f.need:
	case <-f.done:
		f.finished = true
	}
	out := f.out
	f.out = nil
	if f.finished {
		if f.err != nil {
			return out, f.err
		}
		if len(f.cur) > 0 {
			return out, errTrailingData
		}
	}
	return out, nil
}

// close ends the input and returns the last decompressed bytes.
func (f *inflater) close() ([]byte, error) {
	if !f.started {
		return nil, errTruncated
	}
	if !f.finished {
		f.closeInput()
		<-f.done
		f.finished = true
	}
	out := f.out
	f.out = nil
	switch {
	case f.err != nil:
		return out, f.err
	case !f.ended:
		return out, errTruncated
	case len(f.cur) > 0:
		return out, errTrailingData
	}
	return out, nil
}

// abort ends the decompressor's goroutine when the stream is canceled.
func (f *inflater) abort() {
	if f.started && !f.finished {
		f.closeInput()
	}
}

func (f *inflater) closeInput() {
	if !f.inClosed {
		f.inClosed = true
		close(f.in)
	}
}

// run is the decompressor's goroutine.
func (f *inflater) run() {
	defer close(f.done)
	var zr io.Reader
	var err error
	switch f.format {
	case "gzip":
		var gz *gzip.Reader
		if gz, err = gzip.NewReader(f); err == nil {
			gz.Multistream(false)
			zr = gz
		}
	case "deflate":
		zr, err = zlib.NewReader(f)
	default:
		zr = flate.NewReader(f)
	}
	if err != nil {
		f.err = decompressError(err)
		return
	}
	buf := make([]byte, 32<<10)
	for {
		n, err := zr.Read(buf)
		f.out = append(f.out, buf[:n]...)
		if err == io.EOF {
			f.ended = true
			return
		}
		if err != nil {
			f.err = decompressError(err)
			return
		}
	}
}

// decompressError turns a decompressor's error into the message a script sees.
func decompressError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return errTruncated
	}
	return err
}

// fill waits for more input; false when the input ended or the invocation did.
func (f *inflater) fill() bool {
	for len(f.cur) == 0 {
		f.need <- struct{}{}
		select {
		case x, ok := <-f.in:
			if !ok {
				return false
			}
			f.cur, f.ctx = x.b, x.ctx
		case <-f.ctx.Done():
			return false
		}
	}
	return true
}

// ReadByte and Read feed the decompressor (flate.Reader), on its goroutine.
func (f *inflater) ReadByte() (byte, error) {
	if !f.fill() {
		return 0, io.EOF
	}
	c := f.cur[0]
	f.cur = f.cur[1:]
	return c, nil
}

func (f *inflater) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if !f.fill() {
		return 0, io.EOF
	}
	n := copy(p, f.cur)
	f.cur = f.cur[n:]
	return n, nil
}

func (r *streamsRealm) compressionClass(name string, compress bool) hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *compressionStream {
		cs := slotThis[*compressionStream](vm, call.This, name)
		if cs.decompress == compress {
			panicTypeError(vm, "Illegal invocation: receiver is not a %s", name)
		}
		return cs
	}
	return hostClass{
		name:   name,
		length: 1,
		ctor: func(call goja.ConstructorCall) *goja.Object {
			if len(call.Arguments) < 1 {
				r.throwTypeError("%s: 1 argument required, but only 0 present", name)
			}
			format := domString(vm, call.Arguments[0])
			if !validCompressionFormat(format) {
				r.throwTypeError("%s: %q is not a supported format (gzip, deflate, deflate-raw)",
					name, format)
			}
			var cs *compressionStream
			if compress {
				cs = r.newCompressionStream(format)
			} else {
				cs = r.newDecompressionStream(format)
			}
			setSlot(vm, call.This, cs)
			return nil
		},
		members: genericTransformMembers(func(call goja.FunctionCall) *transformStream {
			return this(call).t
		}),
	}
}

// installCompression defines CompressionStream and DecompressionStream.
func (r *streamsRealm) installCompression() error {
	_, err := r.defineClasses(r.compressionClass("CompressionStream", true),
		r.compressionClass("DecompressionStream", false))
	return err
}
