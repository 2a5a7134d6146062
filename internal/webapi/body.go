package webapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/dop251/goja"
)

// body is the Go side of the body of a Request or a Response. A nil *body is a null
// body. Its source is exactly one of:
//
//   - rc: a Go stream that no script has read (an incoming request body, a fetched
//     response body, an asset file). It goes back to Go untouched when a script only
//     passes it on: the same io.ReadCloser comes out of ResponseOf.
//   - data: bytes in memory (a string, a BufferSource, a Blob, URLSearchParams or
//     FormData body, or a Go stream a script read). Never written after it is set, so
//     clones and Blobs share it.
//   - stream: a ReadableStream, once a script asked for .body or passed one in.
//
// Reading the body (text, json, ...) materialises it once and marks it used.
type body struct {
	rc     io.ReadCloser
	data   []byte
	stream *goja.Object
	length int64 // bytes in the body, -1 when unknown
	used   bool  // disturbed: read, or handed to Go

	// flight is the fetch that produced rc, if any: handing rc to Go tells it not to
	// cancel the transfer when the invocation ends.
	flight *flight
}

// bytesBody returns a body over b (not copied).
func bytesBody(b []byte) *body { return &body{data: b, length: int64(len(b))} }

// goBody returns a body over a Go stream of n bytes (-1: unknown), or nil (a null body)
// when rc is nil or http.NoBody.
func goBody(rc io.ReadCloser, n int64) *body {
	if rc == nil || rc == http.NoBody {
		return nil
	}
	return &body{rc: rc, length: n}
}

// unusable reports whether b cannot be read or passed on: it was read, handed to Go, or
// its stream is locked or disturbed.
func (b *body) unusable() bool {
	if b == nil {
		return false
	}
	return b.used || (b.stream != nil && bodyStreamUnusable(b.stream))
}

// disturbed reports whether b was read from (bodyUsed).
func (b *body) disturbed() bool {
	return b != nil && (b.used || (b.stream != nil && bodyStreamDisturbed(b.stream)))
}

// errBodyUsed is the TypeError text for a body that was already read.
const errBodyUsed = "Body has already been used. It can only be used once. Use tee() first " +
	"if you need to read it twice."

// cloneBody returns a copy of b for Request.clone and Response.clone, splitting a Go stream
// into two branches that buffer what one has read and the other has not. The caller
// checks unusable first.
func (r *fetchRealm) cloneBody(b *body) *body {
	if b == nil {
		return nil
	}
	switch {
	case b.stream != nil:
		b1, b2 := teeBodyStream(r.l, b.stream)
		b.stream = b1
		return &body{stream: b2, length: b.length}
	case b.rc != nil:
		t := newTee(b.rc)
		b1, b2 := t.branch(0), t.branch(1)
		if fl := b.flight; fl != nil {
			fl.untrack(b.rc)
			fl.track(b1)
			fl.track(b2)
		}
		b.rc = b1
		return &body{rc: b2, length: b.length, flight: b.flight}
	}
	return &body{data: b.data, length: b.length}
}

// extractBody converts a BodyInit (https://fetch.spec.whatwg.org/#bodyinit-unions) to a
// body and the Content-Type it implies ("" for none). The union's members are tried in
// Web IDL's order for objects: ReadableStream, Blob, BufferSource, FormData,
// URLSearchParams; anything else is converted to a string.
func (r *fetchRealm) extractBody(v goja.Value, what string) (*body, string) {
	if isNullish(v) {
		return nil, ""
	}
	if o, ok := v.(*goja.Object); ok {
		if isBodyStream(o) {
			if bodyStreamUnusable(o) {
				panicTypeError(r.vm, "%s: the ReadableStream is locked or disturbed", what)
			}
			return &body{stream: o, length: -1}, ""
		}
		if bl, ok := blobOf(o); ok {
			return bytesBody(bl.data), bl.typ
		}
		if b, ok := r.buf.bytes(o); ok {
			return bytesBody(bytes.Clone(b)), ""
		}
		if fd, ok := slotValue[*formData](o); ok {
			data, boundary := fd.multipart()
			return bytesBody(data), "multipart/form-data; boundary=" + boundary
		}
		if sp, ok := hostValue[*searchParams](o); ok {
			return bytesBody([]byte(serializeFormURLEncoded(sp.list))),
				"application/x-www-form-urlencoded;charset=UTF-8"
		}
	}
	return bytesBody(usvUTF8(v)), "text/plain;charset=UTF-8"
}

// bodyOwner is the Go side of a class with the Body mixin: its body, and the
// Content-Type that blob() and formData() read.
type bodyOwner interface {
	bodyOf() *body
	contentType() string
}

// bodyMembers returns the Body mixin of a class (https://fetch.spec.whatwg.org/#body-mixin):
// body, bodyUsed, arrayBuffer, blob, bytes, formData, json and text. owner returns the
// receiver's Go state (and throws TypeError for a wrong receiver).
func (r *fetchRealm) bodyMembers(class string, owner func(this goja.Value) bodyOwner) []hostMember {
	vm := r.vm
	// convert gets the body's bytes; owned is false when they are shared (an in-memory
	// body, whose bytes clones and Blobs may hold too) and must be copied before they
	// are handed out writable.
	type converter = func(o bodyOwner, data []byte, owned bool) goja.Value
	read := func(name string, convert converter) hostMember {
		return hostMember{name: name, fn: func(call goja.FunctionCall) goja.Value {
			p, resolve, reject := vm.NewPromise()
			var o bodyOwner
			if ex := vm.Try(func() { o = owner(call.This) }); ex != nil {
				_ = reject(ex.Value())
				return vm.ToValue(p)
			}
			r.consume(o.bodyOf(), class+"."+name, func(data []byte, owned bool) goja.Value {
				return convert(o, data, owned)
			}, resolve, reject)
			return vm.ToValue(p)
		}}
	}
	return []hostMember{
		{name: "body", get: func(call goja.FunctionCall) goja.Value {
			return r.bodyStream(owner(call.This).bodyOf())
		}},
		{name: "bodyUsed", get: func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(owner(call.This).bodyOf().disturbed())
		}},
		read("arrayBuffer", func(_ bodyOwner, data []byte, owned bool) goja.Value {
			return r.buf.newArrayBuffer(ownBytes(data, owned))
		}),
		read("bytes", func(_ bodyOwner, data []byte, owned bool) goja.Value {
			return r.buf.newUint8Array(ownBytes(data, owned))
		}),
		read("text", func(_ bodyOwner, data []byte, _ bool) goja.Value {
			return vm.ToValue(utf8DecodeBOM(data))
		}),
		read("json", func(_ bodyOwner, data []byte, _ bool) goja.Value {
			v, err := r.jsonParse(goja.Undefined(), vm.ToValue(utf8DecodeBOM(data)))
			if err != nil {
				panic(err)
			}
			return v
		}),
		read("blob", func(o bodyOwner, data []byte, _ bool) goja.Value {
			return r.newBlob(data, blobType(o.contentType()))
		}),
		read("formData", func(o bodyOwner, data []byte, _ bool) goja.Value {
			return r.parseFormData(o.contentType(), data, class+".formData")
		}),
	}
}

// ownBytes returns b, or a copy of it when it is shared.
func ownBytes(b []byte, owned bool) []byte {
	if owned {
		return b
	}
	return bytes.Clone(b)
}

// utf8DecodeBOM is the Encoding standard's "UTF-8 decode": a leading BOM is dropped,
// invalid sequences become U+FFFD.
func utf8DecodeBOM(b []byte) string {
	return decodeUTF8(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))
}

// blobType is the type of the Blob that blob() returns for a Content-Type: its value in
// lower case, or "" when it is not printable ASCII.
func blobType(ct string) string {
	for i := 0; i < len(ct); i++ {
		if ct[i] < 0x20 || ct[i] > 0x7E {
			return ""
		}
	}
	return strings.ToLower(ct)
}

// consume reads b whole ("consume body") and settles with convert of its bytes: inline
// when they are in memory (shared: owned is false), through Loop.Go when they come from
// a Go stream (owned). convert runs on the loop and may throw, which rejects.
func (r *fetchRealm) consume(b *body, what string, convert func(data []byte, owned bool) goja.Value,
	resolve, reject func(any) error) {
	vm := r.vm
	owned := true
	settle := func(data []byte, err error) {
		if err != nil {
			_ = reject(vm.NewTypeError(fmt.Sprintf("%s: %v", what, err)))
			return
		}
		var v goja.Value
		if ex := vm.Try(func() { v = convert(data, owned) }); ex != nil {
			_ = reject(ex.Value())
			return
		}
		_ = resolve(v)
	}
	if b == nil {
		settle(nil, nil)
		return
	}
	if b.unusable() {
		_ = reject(vm.NewTypeError(what + ": " + errBodyUsed))
		return
	}
	b.used = true
	rc := b.rc
	switch {
	case b.stream != nil:
		var err error
		if rc, err = bodyStreamReader(r.l, b.stream); err != nil {
			settle(nil, err)
			return
		}
	case rc == nil:
		owned = false
		settle(b.data, nil)
		return
	}
	b.rc = nil
	n := b.length
	r.l.Go(func(ctx context.Context) func() {
		data, err := readAllClose(ctx, rc, n)
		return func() { settle(data, err) }
	})
}

// readAllClose reads rc to the end and closes it. n is the expected length (-1:
// unknown), a hint for the buffer. When ctx ends first, rc is closed, which stops a
// read that blocks.
func readAllClose(ctx context.Context, rc io.ReadCloser, n int64) ([]byte, error) {
	stop := context.AfterFunc(ctx, func() { _ = rc.Close() })
	defer stop()
	var buf bytes.Buffer
	if n > 0 && n < 64<<20 {
		buf.Grow(int(n) + 1)
	}
	_, err := buf.ReadFrom(rc)
	_ = rc.Close() // after a full read, a close error loses nothing
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("the body was not read before the request ended: %w", ctx.Err())
		}
		return nil, fmt.Errorf("read the body: %w", err)
	}
	return buf.Bytes(), nil
}

// goReader returns a Go reader over b for Go code that takes the body away (ResponseOf,
// a request to a Fetcher), with its length (-1: unknown), and marks b used. An unread Go
// stream comes back as it went in.
func (r *fetchRealm) goReader(b *body) (io.ReadCloser, int64, error) {
	if b == nil {
		return http.NoBody, 0, nil
	}
	if b.unusable() {
		return nil, 0, errors.New(errBodyUsed)
	}
	b.used = true
	switch {
	case b.stream != nil:
		rc, err := bodyStreamReader(r.l, b.stream)
		if fl := bodyStreamFlight(r, b.stream); fl != nil && err == nil {
			fl.handOff(rc)
		}
		return rc, -1, err
	case b.rc != nil:
		rc := b.rc
		b.rc = nil
		if b.flight != nil {
			b.flight.handOff(rc)
		}
		return rc, b.length, nil
	}
	return io.NopCloser(bytes.NewReader(b.data)), int64(len(b.data)), nil
}

// contentTypeOf returns the essence-and-parameters of a Content-Type for parsing
// (formData); ok is false when ct does not parse.
func contentTypeOf(ct string) (mediaType string, params map[string]string, ok bool) {
	mt, ps, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", nil, false
	}
	return mt, ps, true
}
