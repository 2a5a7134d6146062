package webapi

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/dop251/goja"
)

// fetcherObject is the Go side of a Fetcher object (env.ORIGIN, env.ASSETS, a service
// binding): where its fetch sends requests.
type fetcherObject struct{ f Fetcher }

// NewFetcher returns a JavaScript Fetcher object (what env.ORIGIN, env.ASSETS and
// service bindings are): fetch(input, init) sends to f through Loop.Go and resolves to
// a Response whose headers are MUTABLE (DESIGN.md rule 6).
//
// The object is an ordinary object whose prototype holds fetch, so a binding can add
// methods of its own. f receives the invocation's context (without its cancellation:
// the response body may outlive the invocation, see [flight]) and a request whose body
// is the script's body as a Go stream. l must have the Web APIs installed (Install);
// otherwise NewFetcher panics.
func NewFetcher(l Loop, f Fetcher) *goja.Object {
	r, err := fetchRealmOf(l)
	if err != nil {
		panic(err)
	}
	return r.newInstance(r.fetcherProto, &fetcherObject{f: f})
}

// sameOriginKey is the context key of WithSameOrigin.
type sameOriginKey struct{}

type sameOrigin struct {
	origin string
	f      Fetcher
}

// WithSameOrigin returns ctx carrying the origin of the current invocation's request
// (scheme://host[:port]) and the fetcher that a global fetch() to that same origin goes
// to (DESIGN.md rule 3). The pipeline sets it on the context of each middleware
// invocation; global fetch() reads it from Loop.Context().
//
// origin is compared with the serialised origin of the fetched URL (the URL standard's
// serialisation: lower-case scheme and host, no default port).
func WithSameOrigin(ctx context.Context, origin string, f Fetcher) context.Context {
	return context.WithValue(ctx, sameOriginKey{}, sameOrigin{origin: origin, f: f})
}

// sameOriginOf returns what WithSameOrigin put on ctx.
func sameOriginOf(ctx context.Context) (sameOrigin, bool) {
	so, ok := ctx.Value(sameOriginKey{}).(sameOrigin)
	return so, ok && so.f != nil
}

// installFetcher builds the prototype of Fetcher objects. workerd has no global Fetcher
// either: the class is only reachable through a binding.
func (r *fetchRealm) installFetcher() error {
	vm := r.vm
	_, proto := hostClass{
		name: "Fetcher",
		members: []hostMember{
			{name: "fetch", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				return r.fetchMethod(call, func() Fetcher {
					return slotThis[*fetcherObject](vm, call.This, "Fetcher").f
				})
			}},
		},
	}.define(vm)
	r.fetcherProto = proto
	return nil
}

// fetchMethod is the body of fetch() and Fetcher.fetch(): it builds the request from
// the arguments and sends it to the Fetcher that binding returns (a nil Fetcher: route
// it as global fetch() does). Every exception rejects the returned promise.
func (r *fetchRealm) fetchMethod(call goja.FunctionCall, binding func() Fetcher) goja.Value {
	vm := r.vm
	p, resolve, reject := vm.NewPromise()
	if ex := vm.Try(func() {
		f, g := binding(), guardNone
		requireArgs(vm, call, 1, "fetch")
		rq := r.newRequestFrom(call.Arguments[0], argOrUndefined(call, 1), "fetch")
		if f == nil {
			var err error
			if f, g, err = r.route(rq.requestURL()); err != nil {
				panicTypeError(vm, "%v", err)
			}
		}
		r.send(rq, f, g, resolve, reject)
	}); ex != nil {
		_ = reject(ex.Value())
	}
	return vm.ToValue(p)
}

// send sends rq to f on a goroutine (Loop.Go) and settles with the Response, whose
// headers get guard g. An abort of rq's signal rejects at once with its reason and
// cancels the transfer, the response body included.
func (r *fetchRealm) send(rq *request, f Fetcher, g headerGuard, resolve, reject func(any) error) {
	vm := r.vm
	signal := rq.abortSignal()
	if signal != nil && signal.Aborted() {
		_ = reject(signal.Reason())
		return
	}
	ctx, fl := startFlight(r.l.Context())
	ctx = withRedirectMode(ctx, rq.redirect)
	gr, err := r.goRequest(ctx, rq)
	if err != nil {
		fl.abort()
		panicTypeError(vm, "fetch: %v", err)
	}
	settled := false
	if signal != nil {
		signal.OnAbort(func() {
			fl.abort()
			if !settled {
				settled = true
				_ = reject(signal.Reason())
			}
		})
	}
	r.l.Go(func(context.Context) func() {
		resp, err := f.Fetch(ctx, gr)
		if err == nil && resp == nil {
			err = fmt.Errorf("the fetcher returned no response")
		}
		if err == nil && !fl.arrived(resp.Body) {
			err = context.Canceled
		}
		redirected := redirectedOf(ctx)
		return func() {
			if settled {
				if err == nil && resp.Body != nil {
					_ = resp.Body.Close()
				}
				return
			}
			settled = true
			if err != nil {
				_ = reject(vm.NewTypeError(fmt.Sprintf("fetch %s: %v", rq.requestURL(),
					unwrapURLError(err))))
				return
			}
			rs := newGoResponse(resp, g)
			rs.redirected = redirected
			if rs.url == "" {
				rs.url = stripFragment(rq.requestURL())
			}
			if rs.body != nil {
				rs.body.flight = fl
			}
			_ = resolve(r.responseObject(rs))
		}
	})
}

// flight is one request sent to a Fetcher, from send until its response body is done
// with. Its context is the invocation's without the invocation's cancellation, because
// a response body that a script returns (return fetch(url)) is read by the server after
// the invocation ended. When the invocation ends with the body still the script's (not
// handed to Go through ResponseOf or another request), the flight cancels the transfer
// and closes the body, so nothing leaks.
type flight struct {
	cancel context.CancelFunc

	// mu guards the fields below, which the invocation's end (its own goroutine) and the
	// loop both touch.
	mu     sync.Mutex
	handed bool      // the body went to Go code, which closes it
	ended  bool      // the invocation ended or the fetch was aborted
	body   io.Closer // the response body, once it arrived
}

// startFlight returns the context of a new flight and the flight, tied to inv, the
// invocation's context.
func startFlight(inv context.Context) (context.Context, *flight) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(inv))
	fl := &flight{cancel: cancel}
	context.AfterFunc(inv, fl.invocationEnded)
	return ctx, fl
}

func (fl *flight) invocationEnded() {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if fl.handed {
		return
	}
	fl.endLocked()
}

// abort cancels the transfer: the fetch, or the reading of its body.
func (fl *flight) abort() {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	fl.endLocked()
}

func (fl *flight) endLocked() {
	fl.ended = true
	fl.cancel()
	if fl.body != nil {
		_ = fl.body.Close()
	}
}

// handOff records that the body now belongs to Go code.
func (fl *flight) handOff() {
	fl.mu.Lock()
	fl.handed = true
	fl.mu.Unlock()
}

// arrived records the response body; when the flight has ended already it closes the
// body and reports false.
func (fl *flight) arrived(body io.Closer) bool {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if fl.ended {
		if body != nil {
			_ = body.Close()
		}
		return false
	}
	fl.body = body
	return true
}
