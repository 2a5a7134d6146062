// Package webapi owns the standard Web APIs that a worker sees (fetch, Request, Response,
// Headers, URL, streams, encoding, crypto, timers, events), built as Go-backed host
// objects installed into one isolate. Per-request work stays in Go; JavaScript sees
// spec-shaped classes with receiver checks.
//
// webapi imports the engine (goja) but no other Portico package except config-free
// helpers; it must not import jsrt, pipeline or server. The isolate's event loop reaches
// it through the Loop interface, which jsrt implements.
//
// # Fetch family
//
// Headers, Request, Response, Blob, File, FormData and fetch follow the Fetch, File API,
// XMLHttpRequest (FormData) and HTML (multipart/form-data) standards, and workerd where
// it differs from them:
//
//   - Headers: the request and response guards filter no header name (a server sends
//     what the worker sets, Set-Cookie included); getAll("Set-Cookie") exists.
//   - A Request from NewRequest (the incoming request) has immutable headers and a
//     signal that never aborts; a GET or HEAD request has a null body.
//   - RequestInit: a ReadableStream body does not need duplex: "half". mode,
//     credentials, cache, referrer, referrerPolicy, integrity, keepalive and priority are
//     checked and reported but change nothing (no CORS, no HTTP cache, no Referer).
//     init.cf is kept on the request and not sent anywhere.
//   - fetch(): redirect "manual" resolves to the redirect response itself (browsers give
//     an opaque-redirect response). Only http: and https: URLs; a URL of the invocation's
//     own origin goes to its Fetcher (WithSameOrigin). Unless the script sets
//     Accept-Encoding, a gzip response is decoded and loses its Content-Encoding and
//     Content-Length headers. A fetch has no deadline of its own (AbortSignal.timeout
//     sets one); connecting, the TLS handshake and waiting for response headers time
//     out after 30, 10 and 100 seconds.
//   - Response: init.webSocket throws TypeError (no WebSocket responses); init.encodeBody
//     is checked and ignored.
//   - FormData has no form elements; in formData(), a file part without Content-Type
//     is text/plain. Blob and File bytes are in memory.
//
// Differences from workerd and from the standards: request.cf of an incoming request
// holds what Portico knows of the connection (httpProtocol, clientAcceptEncoding,
// tlsVersion, tlsCipher), no location data. Response.body and Request.body, Blob.stream()
// and ReadableStream bodies wait for streams (TODO(#5)).
package webapi

import (
	"context"
	"net/http"
	"time"

	"github.com/dop251/goja"
)

// Loop is the event loop of the isolate the Web APIs are installed into; jsrt.Isolate
// implements it. Every method is called on the isolate's own goroutine, the only
// goroutine that may touch the Runtime.
//
// The one way to go async: a Web API that waits on Go-side work creates a promise with
// Runtime().NewPromise, then calls Go. The work runs on its own goroutine with the
// context of the invocation that started it; the settle function it returns runs back on
// the isolate's goroutine, exactly once, and resolves or rejects the promise there. Work
// that can finish without blocking (a cached value, an in-memory body) skips Go and
// settles inline.
type Loop interface {
	// Runtime returns the isolate's engine.
	Runtime() *goja.Runtime
	// Go runs work on a new goroutine with the current invocation's context, which is
	// cancelled when that invocation ends. The loop stays alive until the settle function
	// that work returns has run on the loop's goroutine; a nil settle function is skipped.
	// When the invocation has already ended, settle is not run.
	Go(work func(ctx context.Context) (settle func()))
	// Context returns the context of the invocation whose code is running now;
	// context.Background() outside any invocation (module evaluation).
	Context() context.Context
	// SetTimer runs fn on the loop after d, and every d after that when repeat is set.
	// The timer belongs to the current invocation and is cancelled when it ends.
	SetTimer(d time.Duration, repeat bool, fn func()) (id int64)
	// ClearTimer cancels a timer; an unknown id is ignored.
	ClearTimer(id int64)
	// Hold keeps the current invocation open after its handler has settled, for work
	// that outlives the handler's promise: a response body streamed from JavaScript while
	// the server writes it, a body read from another goroutine. Until release is called
	// (from any goroutine, at most once; later calls do nothing), post runs fn on the
	// loop's goroutine and reports true; once the invocation has ended (released,
	// cancelled or past its limits) post drops fn and reports false.
	Hold() (post func(fn func()) bool, release func())
}

// ExceptionReporter is implemented by a Loop that records the exceptions no script can
// catch: one thrown by a timer or queueMicrotask callback, or by a listener of an event
// that the platform fires from the loop (an AbortSignal.timeout signal's abort); a
// rejected promise is not one of them. ReportException runs on the loop's goroutine;
// err is the *goja.Exception, or the *goja.InterruptedError when the isolate was
// interrupted (the CPU limit). A Loop without it drops such exceptions.
type ExceptionReporter interface {
	ReportException(err error)
}

// Fetcher is anything a request can be sent to from JavaScript: a pipeline stage, a
// worker, the assets, the network. Fetch runs off the isolate's goroutine (through
// Loop.Go) and must honour ctx.
//
// Requests and responses cross the boundary as net/http values. A response body that no
// JavaScript reads is handed back to the caller untouched (an asset file stays a file).
type Fetcher interface {
	Fetch(ctx context.Context, r *http.Request) (*http.Response, error)
}

// Install defines the Web API globals in the isolate that l drives. It runs once per
// isolate, before the worker's script.
func Install(l Loop) error {
	for _, install := range installers {
		if err := install(l); err != nil {
			return err
		}
	}
	return nil
}

// installers define the globals, one group per file of this package.
var installers = []func(Loop) error{installURL, installEncoding, installCrypto, installEvents,
	installFetch}
