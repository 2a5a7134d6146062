package webapi

import (
	"bytes"
	"io"

	"github.com/dop251/goja"
)

// This file is the seam between bodies and ReadableStream. A body becomes a stream when
// a script asks for .body: its Go stream or its bytes, through newReadableFromGo. A
// stream goes back to Go through goReaderOf, as the same io.ReadCloser when no script
// read it.

// isBodyStream reports whether o is a ReadableStream.
func isBodyStream(o *goja.Object) bool { return isReadableStream(o) }

// bodyStreamUnusable reports whether a body stream is locked or disturbed.
func bodyStreamUnusable(s *goja.Object) bool {
	rs, ok := readableStreamOf(s)
	return ok && (rs.locked() || rs.disturbed)
}

// bodyStreamDisturbed reports whether a body stream was read from or cancelled.
func bodyStreamDisturbed(s *goja.Object) bool {
	rs, ok := readableStreamOf(s)
	return ok && rs.disturbed
}

// bodyStreamReader returns a Go reader over a body stream and locks the stream. A
// fetched body that no script read comes back as the fetch's own io.ReadCloser.
func bodyStreamReader(l Loop, s *goja.Object) (io.ReadCloser, error) {
	rc, err := goReaderOf(l, s)
	if fb, ok := rc.(*flightBody); ok {
		return fb.ReadCloser, nil
	}
	return rc, err
}

// teeBodyStream splits a body stream into two, as Request.clone and Response.clone do.
// The caller checks that s is usable.
func teeBodyStream(l Loop, s *goja.Object) (*goja.Object, *goja.Object) {
	r := streamsOf(l.Runtime())
	rs, ok := readableStreamOf(s)
	if !ok {
		panicTypeError(r.vm, "the body is not a ReadableStream")
	}
	a, b := r.tee(rs)
	return a.object(), b.object()
}

// flightBody is the Go stream of a fetched response inside its ReadableStream: it
// remembers the fetch, which must know when the body goes to Go.
type flightBody struct {
	io.ReadCloser
	flight *flight
}

// bodyStreamFlight returns the fetch whose response body feeds s, if any.
func bodyStreamFlight(r *fetchRealm, s *goja.Object) *flight {
	if fb, ok := goBodySource(s).(*flightBody); ok {
		return fb.flight
	}
	return nil
}

// memoryBody is an in-memory body as an io.ReadCloser; it reports its length, so the
// stream over it reads without a goroutine.
type memoryBody struct{ *bytes.Reader }

func (memoryBody) Close() error { return nil }

// bodyStream is the body getter: null for a null body, else the body's ReadableStream,
// made the first time from the body's Go stream or bytes. The stream of a body that was
// read already is closed, disturbed and locked.
func (r *fetchRealm) bodyStream(b *body) goja.Value {
	if b == nil {
		return goja.Null()
	}
	if b.stream == nil {
		switch {
		case b.used:
			b.stream = usedBodyStream(r.l)
		case b.rc != nil:
			var rc io.ReadCloser = b.rc
			if b.flight != nil {
				rc = &flightBody{ReadCloser: b.rc, flight: b.flight}
			}
			b.stream = newReadableFromGo(r.l, rc)
			b.rc = nil
		default:
			b.stream = newReadableFromGo(r.l, memoryBody{bytes.NewReader(b.data)})
			b.data = nil
		}
	}
	return b.stream
}
