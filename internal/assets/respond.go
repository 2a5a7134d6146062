package assets

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
)

const defaultCacheControl = "public, max-age=0, must-revalidate"

// respond turns an outcome into a response, then applies _headers to it.
func (l *Layer) respond(r *http.Request, ri reqInfo, out outcome) *http.Response {
	resp := &http.Response{
		StatusCode: out.status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{}, Body: http.NoBody, Request: r,
	}
	vary := false
	switch out.kind {
	case redirected:
		resp.Header.Set("Location", out.location)
	case asset:
		vary = l.serveAsset(r, ri, out, resp)
	}
	if out.kind != asset {
		l.setLength(resp, 0)
	}
	resp.Status = strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode)
	if ri.path != "" {
		applyHeaders(l.headers, resp.Header, ri.host, ri.path)
	}
	if vary && !varies(resp.Header, "Accept-Encoding") {
		// A _headers Vary replaces ours; caches must still key on the encoding.
		resp.Header.Add("Vary", "Accept-Encoding")
	}
	return resp
}

// serveAsset fills resp for an asset: validators, 304, compression, ranges, and
// the body (none for HEAD). It reports whether the response varies by
// Accept-Encoding.
func (l *Layer) serveAsset(r *http.Request, ri reqInfo, out outcome,
	resp *http.Response) bool {
	e, h := out.entry, resp.Header
	etag := `"` + e.Hash + `"`
	if e.ContentType != "" {
		h.Set("Content-Type", e.ContentType)
	}
	if r.Header.Get("Authorization") == "" && r.Header.Get("Range") == "" {
		h.Set("Cache-Control", defaultCacheControl)
	}
	data, enc, vary := l.variant(r, e)
	if vary {
		h.Set("Vary", "Accept-Encoding")
	}
	if enc != "" {
		etag = "W/" + etag
		h.Set("Content-Encoding", enc)
	}
	h.Set("ETag", etag)
	if inm := r.Header.Get("If-None-Match"); inm == `"`+e.Hash+`"` || inm == `W/"`+e.Hash+`"` {
		resp.StatusCode = http.StatusNotModified
		return vary
	}
	if out.status == http.StatusOK && enc == "" {
		h.Set("Accept-Ranges", "bytes")
	}
	if data != nil {
		l.setLength(resp, int64(len(data)))
		if ri.method != http.MethodHead {
			resp.Body = io.NopCloser(bytes.NewReader(data))
		}
		return vary
	}
	off, n := int64(0), e.Size
	if out.status == http.StatusOK {
		rg, status := parseRange(r.Header.Get("Range"), r.Header.Get("If-Range"), e)
		switch status {
		case http.StatusRequestedRangeNotSatisfiable:
			resp.StatusCode = status
			h.Set("Content-Range", "bytes */"+strconv.FormatInt(e.Size, 10))
			l.setLength(resp, 0)
			return vary
		case http.StatusPartialContent:
			resp.StatusCode = status
			off, n = rg.start, rg.length
			h.Set("Content-Range", rg.contentRange(e.Size))
		}
	}
	l.setLength(resp, n)
	if ri.method == http.MethodHead {
		return vary
	}
	body, err := openBody(e, off, n)
	if err != nil {
		l.log.Warn("open asset", "path", e.Path, "err", err)
		resp.StatusCode = http.StatusNotFound
		resp.Header = http.Header{}
		l.setLength(resp, 0)
		return false
	}
	resp.Body = body
	return vary
}

func (l *Layer) setLength(resp *http.Response, n int64) {
	resp.ContentLength = n
	resp.Header.Set("Content-Length", strconv.FormatInt(n, 10))
}

// openBody opens the asset's file for n bytes from off. It checks the size the
// manifest recorded, so a file changed since would not be sent with a wrong
// Content-Length.
func openBody(e *Entry, off, n int64) (io.ReadCloser, error) {
	f, err := os.Open(e.File)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	if err != nil || info.Size() != e.Size {
		f.Close()
		if err == nil {
			err = errChanged
		}
		return nil, err
	}
	if off == 0 && n == e.Size {
		return f, nil
	}
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return &rangeBody{LimitedReader: io.LimitedReader{R: f, N: n}, f: f}, nil
}

// rangeBody is part of a file; ServeHTTP hands its LimitedReader over *os.File
// to the connection so that the kernel still copies it (sendfile).
type rangeBody struct {
	io.LimitedReader
	f *os.File
}

func (rb *rangeBody) Close() error { return rb.f.Close() }

// WriteTo lets io.Copy hand the LimitedReader over the file to w's ReadFrom,
// where a network connection turns it into sendfile.
func (rb *rangeBody) WriteTo(w io.Writer) (int64, error) {
	if rf, ok := w.(io.ReaderFrom); ok {
		return rf.ReadFrom(&rb.LimitedReader)
	}
	return io.Copy(w, &rb.LimitedReader)
}

// varies reports whether a Vary header already lists name (or "*").
func varies(h http.Header, name string) bool {
	for _, v := range h.Values("Vary") {
		for _, f := range strings.Split(v, ",") {
			f = strings.TrimSpace(f)
			if f == "*" || strings.EqualFold(f, name) {
				return true
			}
		}
	}
	return false
}

// variant picks the encoding of an asset's body: the compressed bytes and
// their coding, or nil and "" for the file itself. vary tells whether the
// choice depended on Accept-Encoding.
func (l *Layer) variant(r *http.Request, e *Entry) (data []byte, enc string, vary bool) {
	if l.gz == nil || !compressible(e.ContentType) || e.Size < minCompressSize ||
		e.Size > maxCompressSize {
		return nil, "", false
	}
	if r.Header.Get("Range") != "" {
		return nil, "", true
	}
	enc = negotiate(r.Header.Get("Accept-Encoding"))
	if enc == "" {
		return nil, "", true
	}
	data, err := l.gz.get(e, enc)
	if err != nil {
		l.log.Warn("compress asset", "path", e.Path, "err", err)
	}
	if data == nil {
		return nil, "", true
	}
	return data, enc, true
}
