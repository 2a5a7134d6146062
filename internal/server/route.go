package server

import (
	"net/http"
	"sort"
	"strings"

	"github.com/portico-dev/portico/internal/config"
)

// route is one compiled pattern of a worker's routes (spec 1.8): an optional scheme,
// a host that may start with "*", and a path that may end with "*". A custom domain
// is a bare host and takes every path.
type route struct {
	worker     string
	scheme     string // "" matches http and https
	host       string // lower case, without the leading "*"
	hostSuffix bool   // the pattern's host started with "*": a suffix match
	path       string // without the trailing "*"
	pathPrefix bool   // the pattern's path ended with "*" (or it has no path)
}

// parseRoute compiles a pattern of worker.
func parseRoute(worker string, rt config.Route) route {
	p := rt.Pattern
	r := route{worker: worker}
	for _, s := range []string{"http", "https"} {
		if rest, ok := strings.CutPrefix(p, s+"://"); ok {
			r.scheme, p = s, rest
		}
	}
	host, path, hasPath := strings.Cut(p, "/")
	if rest, ok := strings.CutPrefix(host, "*"); ok {
		r.host, r.hostSuffix = rest, true
	} else {
		r.host = host
	}
	r.host = strings.ToLower(r.host)
	if !hasPath || rt.CustomDomain {
		r.pathPrefix = true // a custom domain binds the whole hostname
		return r
	}
	path = "/" + path
	if rest, ok := strings.CutSuffix(path, "*"); ok {
		r.path, r.pathPrefix = rest, true
	} else {
		r.path = path
	}
	return r
}

// match reports whether the route takes a request for scheme://host then pathQuery
// (the path and "?query", if any: a pattern sees the whole URL, so only a trailing
// "*" matches a URL with a query). host is lower case, without a port.
func (r *route) match(scheme, host, pathQuery string) bool {
	if r.scheme != "" && r.scheme != scheme {
		return false
	}
	if r.hostSuffix {
		if !strings.HasSuffix(host, r.host) {
			return false
		}
	} else if host != r.host {
		return false
	}
	if r.pathPrefix {
		return strings.HasPrefix(pathQuery, r.path)
	}
	return pathQuery == r.path
}

// moreSpecific orders routes so that the first match is the most specific one: an
// exact host before a wildcard, a longer host before a shorter (so a.example.com/*
// beats *.example.com/a, as spec 1.8 notes), then a longer path before a shorter. As on
// Cloudflare, a slash before the path's "*" does not count: example.com/images* and
// example.com/images/* are equally specific, and the first takes /images/hello (the
// quirk spec 1.8 records). Then an exact path beats a prefix, and a scheme beats none.
func moreSpecific(a, b route) bool {
	if a.hostSuffix != b.hostSuffix {
		return !a.hostSuffix
	}
	if len(a.host) != len(b.host) {
		return len(a.host) > len(b.host)
	}
	if la, lb := a.specificity(), b.specificity(); la != lb {
		return la > lb
	}
	if len(a.path) != len(b.path) {
		return len(a.path) < len(b.path)
	}
	if a.pathPrefix != b.pathPrefix {
		return !a.pathPrefix
	}
	return a.scheme != "" && b.scheme == ""
}

// specificity is the length of the path's literal part, a slash before "*" left out.
func (r *route) specificity() int {
	if r.pathPrefix {
		return len(strings.TrimSuffix(r.path, "/"))
	}
	return len(r.path)
}

// routeTable maps requests to the workers that own them by their routes.
type routeTable []route

func newRouteTable(routes []route) routeTable {
	sort.SliceStable(routes, func(i, j int) bool { return moreSpecific(routes[i], routes[j]) })
	return routes
}

// lookup returns the worker whose route takes r, or "".
func (t routeTable) lookup(r *http.Request) string {
	if len(t) == 0 {
		return ""
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := strings.ToLower(hostOnly(r.Host))
	pq := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		pq += "?" + r.URL.RawQuery
	}
	for i := range t {
		if t[i].match(scheme, host, pq) {
			return t[i].worker
		}
	}
	return ""
}

// hostOnly strips a port from a Host value.
func hostOnly(h string) string {
	if strings.HasPrefix(h, "[") {
		if i := strings.IndexByte(h, ']'); i > 0 {
			return h[:i+1]
		}
		return h
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 {
		return h[:i]
	}
	return h
}
