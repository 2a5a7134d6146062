package webapi

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/dop251/goja"
)

// Timeouts of the network client. A fetch has no overall deadline of its own (scripts
// set one with AbortSignal.timeout); these bound the steps that can hang on a silent
// peer. ResponseHeaderTimeout is Cloudflare's 100 seconds for an origin to answer.
const (
	dialTimeout           = 30 * time.Second
	tlsHandshakeTimeout   = 10 * time.Second
	responseHeaderTimeout = 100 * time.Second
	idleConnTimeout       = 90 * time.Second
	maxRedirects          = 20 // the Fetch standard's limit
)

// network is the Fetcher that global fetch() uses for every origin but the invocation's
// own: Go's HTTP client, with the request's redirect mode.
var network Fetcher = &networkFetcher{client: &http.Client{
	Transport: &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{Timeout: dialTimeout,
			KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		IdleConnTimeout:       idleConnTimeout,
		TLSHandshakeTimeout:   tlsHandshakeTimeout,
		ExpectContinueTimeout: time.Second,
		ResponseHeaderTimeout: responseHeaderTimeout,
	},
	CheckRedirect: checkRedirect,
}}

type networkFetcher struct{ client *http.Client }

func (n *networkFetcher) Fetch(ctx context.Context, r *http.Request) (*http.Response, error) {
	return n.client.Do(r.WithContext(ctx))
}

// redirectKey is the context key under which send passes the request's redirect mode
// and counts the redirects that the client followed.
type redirectKey struct{}

type redirectState struct {
	mode     string
	followed int // written by the client's goroutine, read after Do returns
}

func withRedirectMode(ctx context.Context, mode string) context.Context {
	return context.WithValue(ctx, redirectKey{}, &redirectState{mode: mode})
}

// redirectedOf reports whether the client followed a redirect for the request of ctx.
func redirectedOf(ctx context.Context) bool {
	rs, ok := ctx.Value(redirectKey{}).(*redirectState)
	return ok && rs.followed > 0
}

// errRedirect is the error of a redirect under redirect: "error".
var errRedirect = errors.New("redirect mode is \"error\" and the response is a redirect")

// checkRedirect applies the redirect mode: "follow" follows up to 20 redirects,
// "manual" returns the redirect response itself (as workerd does; browsers hide it as
// an opaque-redirect response), "error" fails.
func checkRedirect(req *http.Request, via []*http.Request) error {
	rs, _ := req.Context().Value(redirectKey{}).(*redirectState)
	mode := "follow"
	if rs != nil {
		mode = rs.mode
	}
	switch mode {
	case "manual":
		return http.ErrUseLastResponse
	case "error":
		return errRedirect
	}
	if len(via) > maxRedirects {
		return fmt.Errorf("more than %d redirects", maxRedirects)
	}
	if rs != nil {
		rs.followed++
	}
	return nil
}

// unwrapURLError drops the *url.Error wrapping of the client, whose text repeats the
// method and URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// installGlobalFetch defines fetch(input, init).
//
// A request to the origin that WithSameOrigin put on the invocation's context goes to
// that origin's Fetcher, and its response has mutable headers (DESIGN.md rule 3). Any
// other http: or https: URL goes to the network through Go's HTTP client; the response
// has immutable headers, as in workerd. Other schemes reject with TypeError.
func (r *fetchRealm) installGlobalFetch() error {
	fetch := newHostFunc(r.vm, "fetch", 1, func(call goja.FunctionCall) goja.Value {
		return r.fetchMethod(call, func() Fetcher { return nil })
	})
	return defineGlobal(r.vm, "fetch", fetch)
}

// route picks the Fetcher of a global fetch() of u: the same-origin one, or the network.
func (r *fetchRealm) route(u string) (Fetcher, headerGuard, error) {
	pu, err := parseURL(u, nil)
	if err != nil {
		return nil, 0, err
	}
	if so, ok := sameOriginOf(r.l.Context()); ok && urlOrigin(pu) == so.origin {
		return so.f, guardNone, nil
	}
	switch pu.Scheme() {
	case "http", "https":
		return network, guardImmutable, nil
	}
	return nil, 0, fmt.Errorf("fetch: the URL scheme %q is not supported", pu.Scheme())
}
