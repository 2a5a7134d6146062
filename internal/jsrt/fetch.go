package jsrt

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/dop251/goja"

	"github.com/portico-dev/portico/internal/webapi"
)

// Fetch runs the worker's fetch handler for r (export default {fetch}, a WorkerEntrypoint's
// fetch, or the "fetch" listeners of a service-worker script) and returns its response as
// soon as it is ready. The request belongs to the invocation from then on (see
// webapi.NewRequest). ctx.waitUntil work goes on after Fetch returns, bounded by
// Options.WaitUntilTimeout, and so does a body the script produces, until the caller
// reads or closes it: the trace's Final waits for both.
//
// A handler that throws, or whose promise rejects, or that returns something other than
// a Response, fails with an *Exception; the trace says whether the handler called
// ctx.passThroughOnException() before that.
func (p *Pool) Fetch(ctx context.Context, r *http.Request, inv Invocation) (*http.Response, *Trace, error) {
	req := &request{
		inv: inv,
		// The request's header map goes to the script (and maybe on to a Fetcher); the
		// trace keeps its own copy.
		event: Event{Type: "fetch", Method: cmpOrString(r.Method, http.MethodGet), URL: requestURL(r),
			Header: r.Header.Clone()},
		http: r,
	}
	v, tr, err := p.invoke(ctx, req)
	resp, _ := v.(*http.Response)
	return resp, tr, err
}

// fetchResult converts the fetch handler's result into the Go response.
func (r *realm) fetchResult(in *invocation, v goja.Value) (*http.Response, error) {
	resp, err := webapi.ResponseOf(r.iso, v)
	if err != nil {
		name, msg, ok := strings.Cut(err.Error(), ": ")
		if !ok || name != "TypeError" {
			name, msg = "TypeError", err.Error()
		}
		return nil, &Exception{Timestamp: time.Now(), Name: name,
			Message: "the fetch handler did not produce a Response: " + msg}
	}
	in.trace.Event.Status = resp.StatusCode
	return resp, nil
}

// runFetch calls the fetch handler, or dispatches a FetchEvent to the global listeners
// of a service-worker script and returns what its respondWith received.
func (r *realm) runFetch(in *invocation, req *http.Request) (goja.Value, error) {
	if err := r.prepare(in); err != nil {
		return nil, err
	}
	jsReq, err := webapi.NewRequest(r.iso, req)
	if err != nil {
		return nil, fmt.Errorf("worker %s: %w", r.iso.cfg.name, err)
	}
	t := r.target(in.req.inv.Entrypoint)
	if !t.sw {
		return r.call(in, t, "fetch", withEnvAndCtx, jsReq)
	}
	init := r.vm.NewObject()
	_ = init.Set("request", jsReq)
	ev, err := r.dispatchEvent(in, "fetch", r.fetchEvent, init)
	if err != nil {
		return nil, err
	}
	res, err := r.responseOf(goja.Undefined(), ev)
	if err != nil {
		return nil, check(err)
	}
	o, ok := res.(*goja.Object)
	if !ok {
		return nil, &Exception{Timestamp: time.Now(), Name: "Error", Message: fmt.Sprintf(
			"worker %s: no \"fetch\" listener called event.respondWith(); the script will never "+
				"generate a response", r.iso.cfg.name)}
	}
	return o.Get("value"), nil
}

// requestURL is the URL of r as a client sent it, for the trace.
func requestURL(r *http.Request) string {
	if r.URL == nil {
		return ""
	}
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

func cmpOrString(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
