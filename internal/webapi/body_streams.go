package webapi

import (
	"errors"
	"io"

	"github.com/dop251/goja"
)

// This file is the seam between bodies and ReadableStream, which the streams part of
// this package provides. Until it does, no value is a stream, and .body of a non-null
// body throws TypeError. TODO(#5): newReadableFromGo, goReaderOf, isReadableStream.

// errNoStreams is what the seam reports while ReadableStream is missing.
var errNoStreams = errors.New("ReadableStream bodies are not available yet")

// isBodyStream reports whether o is a ReadableStream.
func isBodyStream(o *goja.Object) bool { return false }

// bodyStreamUnusable reports whether a body stream is locked or disturbed.
func bodyStreamUnusable(s *goja.Object) bool { return false }

// bodyStreamDisturbed reports whether a body stream was read from or cancelled.
func bodyStreamDisturbed(s *goja.Object) bool { return false }

// bodyStreamReader returns a Go reader over a body stream and locks the stream.
func bodyStreamReader(l Loop, s *goja.Object) (io.ReadCloser, error) { return nil, errNoStreams }

// teeBodyStream splits a body stream into two, as Request.clone and Response.clone do.
func teeBodyStream(l Loop, s *goja.Object) (*goja.Object, *goja.Object) { return s, s }

// bodyStreamFlight returns the fetch whose response body feeds s, if any.
func bodyStreamFlight(r *fetchRealm, s *goja.Object) *flight { return nil }

// bodyStream is the body getter: null for a null body, else the body's ReadableStream.
func (r *fetchRealm) bodyStream(b *body) goja.Value {
	if b == nil {
		return goja.Null()
	}
	panicTypeError(r.vm, "%v", errNoStreams)
	return nil
}
