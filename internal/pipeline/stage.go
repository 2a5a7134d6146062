package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/portico-dev/portico/internal/assets"
	"github.com/portico-dev/portico/internal/webapi"
)

// router is the entry of a worker's own code and assets (spec 1.1.2): the asset
// layer's decision, then the assets or the code. An assets-only worker has no code.
type router struct {
	w    *Worker
	code *codeStage // nil for an assets-only worker
}

func (rt *router) Fetch(ctx context.Context, r *http.Request) (*http.Response, error) {
	if a := rt.w.Assets; a != nil && (rt.code == nil || a.Decide(r) == assets.RouteAssets) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		note(ctx, rt.w.Name()+":assets")
		return a.Fetch(ctx, r)
	}
	if rt.code == nil {
		// Config validation requires main or assets; keep the answer sane regardless.
		return plainResponse(r, http.StatusNotFound, ""), nil
	}
	return rt.code.Fetch(ctx, r)
}

// assetsBinding is a worker's ASSETS binding: its asset layer, bypassing the router.
type assetsBinding struct{ w *Worker }

func (a assetsBinding) Fetch(ctx context.Context, r *http.Request) (*http.Response, error) {
	note(ctx, a.w.Name()+":assets")
	return a.w.Assets.Fetch(ctx, r)
}

// codeStage invokes a worker's fetch handler with one env. A middleware's stage has
// next set: the target of its ORIGIN binding and of same-origin fetch().
type codeStage struct {
	w    *Worker
	inv  Invocation
	next webapi.Fetcher
	opts *Options
}

func (s *codeStage) Fetch(ctx context.Context, r *http.Request) (*http.Response, error) {
	ctx, err := enter(ctx, s.w.Name())
	if err != nil {
		return nil, err
	}
	note(ctx, s.w.Name())
	if s.w.Code == nil {
		cause := s.w.BuildError
		if cause == nil {
			cause = ErrNoCode
		}
		return s.fail(r, fmt.Errorf("worker %q: %w", s.w.Name(), cause)), nil
	}
	var rec *replay
	if s.next != nil {
		ctx = s.sameOrigin(ctx, r)
		r, rec = replayable(r, s.opts.maxReplay())
	}
	resp, err := s.w.Code.Fetch(ctx, r, s.inv)
	if err == nil {
		return resp, nil
	}
	var ex *Exception
	if !errors.As(err, &ex) {
		return nil, err
	}
	ex.Worker = s.w.Name()
	if s.next != nil && ex.PassThrough {
		orig, err := rec.original()
		if err == nil {
			note(ctx, "pass-through")
			s.opts.report(ex)
			return s.next.Fetch(ctx, orig)
		}
		s.opts.report(fmt.Errorf("%w; pass-through failed: %w", ex, err))
		return s.fail(r, ex), nil
	}
	s.opts.report(ex)
	return s.fail(r, ex), nil
}

// fail answers r with the error page of err.
func (s *codeStage) fail(r *http.Request, err error) *http.Response {
	if s.opts.ErrorPage != nil {
		if resp := s.opts.ErrorPage(r, err); resp != nil {
			return resp
		}
	}
	return plainResponse(r, http.StatusInternalServerError, "Internal Server Error\n")
}

// sameOrigin makes ctx route a fetch() to r's own origin to the next stage (DESIGN.md
// rule 3).
func (s *codeStage) sameOrigin(ctx context.Context, r *http.Request) context.Context {
	return webapi.WithSameOrigin(ctx, originOf(r), s.next)
}

// originOf returns r's origin as the URL standard serialises it: scheme://host[:port]
// in lower case, without the scheme's default port.
func originOf(r *http.Request) string {
	scheme, host := strings.ToLower(r.URL.Scheme), r.URL.Host
	if scheme == "" {
		scheme = "http"
		if r.TLS != nil {
			scheme = "https"
		}
	}
	if host == "" {
		host = r.Host
	}
	host = strings.ToLower(host)
	if (scheme == "http" && strings.HasSuffix(host, ":80")) ||
		(scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndexByte(host, ':')]
	}
	return scheme + "://" + host
}

// plainResponse is a text response to r.
func plainResponse(r *http.Request, status int, body string) *http.Response {
	return &http.Response{
		StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status)),
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
		Body:          bodyOf(body),
		ContentLength: int64(len(body)),
		Request:       r,
	}
}
