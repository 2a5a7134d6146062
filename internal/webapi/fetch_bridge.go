package webapi

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// NewRequest returns a JavaScript Request for r. r's body stays a Go stream until
// JavaScript reads it. Runs on the isolate goroutine.
//
// The Request takes r over: the caller must not use r's header or body afterwards. Its
// URL is r.URL when that is absolute, else one made of the scheme (https when r.TLS is
// set), r.Host and r.URL's path and query. As for a request a workerd fetch handler
// receives, its headers are immutable (new Request(request, init) makes a mutable copy),
// its signal never aborts, and a GET or HEAD request has a null body. request.cf holds
// what is known of the connection: httpProtocol, clientAcceptEncoding, and tlsVersion
// and tlsCipher over TLS.
func NewRequest(l Loop, r *http.Request) (*goja.Object, error) {
	fr, err := fetchRealmOf(l)
	if err != nil {
		return nil, err
	}
	if r == nil || r.URL == nil {
		return nil, errors.New("webapi: NewRequest: the request has no URL")
	}
	rq := newRequestDefaults()
	if r.Method != "" {
		rq.method = normalizeMethod(r.Method)
	}
	rq.url, rq.rawURL = absoluteURL(r), true
	rq.headers = adoptHeaders(r.Header, guardImmutable)
	rq.goReq = r
	if rq.method != http.MethodGet && rq.method != http.MethodHead {
		rq.body = goBody(r.Body, r.ContentLength)
	}
	return fr.requestObject(rq), nil
}

// absoluteURL returns the URL of a request as a client sent it.
func absoluteURL(r *http.Request) string {
	if r.URL.IsAbs() {
		return r.URL.String()
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	return scheme + "://" + host + r.URL.RequestURI()
}

// ResponseOf returns the Go response for a JavaScript value that must be a Response
// (else an error whose message is a TypeError text). A body JavaScript never touched is
// returned as the same io.ReadCloser that came in (an asset *os.File stays one, so the
// server can sendfile it). A body produced by JavaScript (a ReadableStream, a string,
// bytes) becomes an io.ReadCloser that is fed from the isolate's loop (Loop.Hold keeps
// the invocation open until the body is read or closed).
//
// The body counts as used from then on (bodyUsed is true; reading it again throws).
// The header map is a copy: the caller may change it. ContentLength is the body's
// length when known, -1 otherwise.
func ResponseOf(l Loop, v goja.Value) (*http.Response, error) {
	fr, err := fetchRealmOf(l)
	if err != nil {
		return nil, err
	}
	rs, ok := slotValue[*response](v)
	if !ok {
		return nil, errors.New("TypeError: the value is not a Response")
	}
	if rs.typ == "error" {
		return nil, errors.New("TypeError: the Response is a network error (Response.error())")
	}
	rc, n, err := fr.goReader(rs.body)
	if err != nil {
		return nil, fmt.Errorf("TypeError: %w", err)
	}
	text := rs.statusText
	if text == "" {
		text = http.StatusText(rs.status)
	}
	h := rs.headers.forGo()
	if rs.body != nil {
		fixContentLength(h, n)
	}
	return &http.Response{
		Status:        strconv.Itoa(rs.status) + " " + text,
		StatusCode:    rs.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        h,
		Body:          rc,
		ContentLength: n,
	}, nil
}

// fixContentLength makes a Content-Length header agree with a body of known length n
// (-1: unknown, the header is left alone). Scripts copy headers from one message to
// another (new Response(text, upstream)), so the header may describe another body.
func fixContentLength(h http.Header, n int64) {
	if n < 0 {
		return
	}
	if v, ok := h["Content-Length"]; ok && (len(v) != 1 || v[0] != strconv.FormatInt(n, 10)) {
		h["Content-Length"] = []string{strconv.FormatInt(n, 10)}
	}
}

// statusTextOf returns the reason phrase of a Go response: what follows the code in
// Status, or the standard text when Status is empty.
func statusTextOf(resp *http.Response) string {
	if resp.Status == "" {
		return http.StatusText(resp.StatusCode)
	}
	code := strconv.Itoa(resp.StatusCode)
	return strings.TrimSpace(strings.TrimPrefix(resp.Status, code))
}

// goRequest converts rq to the Go request a Fetcher receives, with ctx as its context,
// and marks its body used. A request that came from Go keeps that request's connection
// details; its URL is reused while no script changed it.
func (r *fetchRealm) goRequest(ctx context.Context, rq *request) (*http.Request, error) {
	// rq.url is serialised by the URL parser, or (rawURL) made from a Go URL by
	// NewRequest; either way net/url reads it. An absolute Go URL is reused.
	var u *url.URL
	if rq.rawURL && rq.goReq != nil && rq.goReq.URL.IsAbs() {
		c := *rq.goReq.URL
		u = &c
	} else {
		var err error
		if u, err = url.Parse(rq.url); err != nil {
			return nil, fmt.Errorf("parse %s: %w", rq.url, err)
		}
	}
	var data []byte
	inMemory := rq.body != nil && rq.body.rc == nil && rq.body.stream == nil
	if inMemory {
		data = rq.body.data
	}
	body, n, err := r.goReader(rq.body)
	if err != nil {
		return nil, err
	}
	out := &http.Request{
		Method:        rq.method,
		URL:           u,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        rq.headers.forGo(),
		Body:          body,
		ContentLength: n,
		Host:          u.Host,
	}
	if rq.body == nil {
		out.Body, out.ContentLength = nil, 0
	} else {
		fixContentLength(out.Header, n)
	}
	if inMemory {
		out.GetBody = func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(data)), nil
		}
	}
	if gr := rq.goReq; gr != nil {
		out.RemoteAddr, out.TLS = gr.RemoteAddr, gr.TLS
		out.Proto, out.ProtoMajor, out.ProtoMinor = gr.Proto, gr.ProtoMajor, gr.ProtoMinor
	}
	return out.WithContext(ctx), nil
}

// tlsVersionName names a TLS version as Cloudflare's cf object does ("TLSv1.3").
func tlsVersionName(v uint16) string {
	return strings.Replace(tls.VersionName(v), "TLS ", "TLSv", 1)
}

// tlsCipherName names a cipher suite.
func tlsCipherName(id uint16) string { return tls.CipherSuiteName(id) }
