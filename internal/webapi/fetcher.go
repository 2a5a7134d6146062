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
		if err == nil && resp.Body != nil && !fl.track(resp.Body) {
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
			if resp.Request == nil {
				resp.Request = gr
			}
			rs := newGoResponse(resp, g)
			rs.redirected = redirected
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
// the invocation ended. When the invocation ends, the flight closes the bodies still in
// the script's hands (the response body, or both branches of a clone), and cancels the
// transfer unless a body went to Go code (through ResponseOf or another request), which
// closes it when done.
type flight struct {
	cancel context.CancelFunc

	// mu guards the fields below, which the invocation's end (its own goroutine) and the
	// loop both touch.
	mu     sync.Mutex
	ended  bool               // the invocation ended or the fetch was aborted
	bodies map[io.Closer]bool // the bodies of this flight: true once handed to Go
}

// startFlight returns the context of a new flight and the flight, tied to inv, the
// invocation's context.
func startFlight(inv context.Context) (context.Context, *flight) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(inv))
	fl := &flight{cancel: cancel, bodies: map[io.Closer]bool{}}
	context.AfterFunc(inv, fl.invocationEnded)
	return ctx, fl
}

func (fl *flight) invocationEnded() {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	fl.ended = true
	handed := false
	for c, h := range fl.bodies {
		if h {
			handed = true
			continue
		}
		_ = c.Close()
		delete(fl.bodies, c)
	}
	if !handed {
		fl.cancel()
	}
}

// abort cancels the transfer: the fetch, or the reading of its body, wherever it went.
func (fl *flight) abort() {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	fl.ended = true
	fl.cancel()
	for c := range fl.bodies {
		_ = c.Close()
	}
	clear(fl.bodies)
}

// track adds a body of the flight that the script holds; when the flight has ended
// already it closes the body and reports false.
func (fl *flight) track(c io.Closer) bool {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if fl.ended {
		_ = c.Close()
		return false
	}
	fl.bodies[c] = false
	return true
}

// untrack forgets a body that another one now owns (the source of a clone's branches).
func (fl *flight) untrack(c io.Closer) {
	fl.mu.Lock()
	delete(fl.bodies, c)
	fl.mu.Unlock()
}

// handOff records that body c now belongs to Go code, which closes it.
func (fl *flight) handOff(c io.Closer) {
	fl.mu.Lock()
	if _, ok := fl.bodies[c]; ok {
		fl.bodies[c] = true
	}
	fl.mu.Unlock()
}
