package assets

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
)

// Fetch answers r as Cloudflare's asset worker does, with not_found_handling
// applied: it is the ASSETS binding and what the router calls once it chose
// the assets. A request that resolves to nothing gets a 404 with an empty body,
// never an error; the error is for the caller's context only (ctx done).
//
// An identity body is the asset's open *os.File, or for a range a reader over
// it; a compressed body comes from the variant cache. The caller must close the
// body. The response's headers are the caller's to change.
func (l *Layer) Fetch(ctx context.Context, r *http.Request) (*http.Response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ri := requestInfo(r)
	resp := l.respond(r, ri, l.resolve(ri, l.res))
	if l.log.Enabled(ctx, slog.LevelDebug) {
		l.log.DebugContext(ctx, "asset request", "method", r.Method, "path", ri.path,
			"status", resp.StatusCode)
	}
	return resp, nil
}

// StaticRoute matches a pathname against the run_worker_first rules: RouteNone
// when there are no rules or none matches, RouteWorker for a positive rule,
// RouteAssets when a negative rule matches (negatives always win).
func (l *Layer) StaticRoute(path string) Route {
	return l.routing.route(path)
}

// CanFetch is the router's unstable_canFetch: whether the assets would answer r
// with something other than "no intent". not_found_handling only counts when
// static routing (a run_worker_first array) is configured, or when r is a
// navigation (Sec-Fetch-Mode: navigate) and the navigation flag is on by
// compatibility date or flag. A _redirects hit counts, even with no file.
func (l *Layer) CanFetch(r *http.Request) bool {
	ri := requestInfo(r)
	return l.resolve(ri, l.canFetchResolver(r)).kind != noIntent
}

func (l *Layer) canFetchResolver(r *http.Request) resolver {
	rs := l.res
	keep := l.routing != nil ||
		(l.navigation && strings.EqualFold(r.Header.Get("Sec-Fetch-Mode"), "navigate"))
	if !keep {
		rs.notFound = NotFoundNone
	}
	return rs
}

// Decide is the router of spec 1.1.2 as one call: RouteWorker or RouteAssets
// for r (never RouteNone). Without worker code it is always RouteAssets. With
// run_worker_first = true it is always RouteWorker. With static routing a
// negative match goes to the assets and a positive one to the worker;
// otherwise the assets take r when [Layer.CanFetch] says so. After
// RouteAssets the router calls [Layer.Fetch], whose "nothing here" is a 404:
// the worker is not tried again, as on Cloudflare.
func (l *Layer) Decide(r *http.Request) Route {
	if !l.hasWorker {
		return RouteAssets
	}
	if l.workerAll {
		return RouteWorker
	}
	ri := requestInfo(r)
	if cdnCgiBackslash(ri) {
		return RouteAssets
	}
	if ri.path != "" {
		if rt := l.routing.route(ri.path); rt != RouteNone {
			return rt
		}
	}
	if l.resolve(ri, l.canFetchResolver(r)).kind == noIntent {
		return RouteWorker
	}
	return RouteAssets
}
