package assets

import (
	"net/http"
	"net/url"
	"strings"
)

// MaxPathBytes bounds a request path; a longer one gets 414.
const MaxPathBytes = 8 << 10

// outcomeKind is what resolution decided for a request.
type outcomeKind int

const (
	noIntent   outcomeKind = iota // nothing here: the router tries the worker
	notFound                      // a hard 404 (rewritten by a 200 rule, or too odd to try)
	redirected                    // a 3xx to location
	notAllowed                    // 405: an asset, but not GET or HEAD
	asset                         // serve entry with status
	tooLong                       // 414
)

type outcome struct {
	kind     outcomeKind
	status   int
	location string
	entry    *Entry
}

// reqInfo is what resolution reads from a request.
type reqInfo struct {
	path   string // normalized raw pathname, still percent-encoded
	query  string // "?..." or ""
	host   string // hostname without port, for absolute _headers rules
	origin string // scheme://host[:port]
	method string
	raw    string // the raw path as received
}

func requestInfo(r *http.Request) reqInfo {
	raw := r.URL.EscapedPath()
	// The request line keeps spellings net/url rewrites (a backslash, say); use
	// it only while it still names r.URL's path, since a caller may have
	// rewritten r.URL on a server request.
	if strings.HasPrefix(r.RequestURI, "/") {
		line, _, _ := strings.Cut(r.RequestURI, "?")
		if p, err := url.PathUnescape(line); err == nil && p == r.URL.Path {
			raw = line
		}
	}
	ri := reqInfo{raw: raw, method: strings.ToUpper(r.Method)}
	if r.URL.RawQuery != "" {
		ri.query = "?" + r.URL.RawQuery
	}
	if len(raw) <= MaxPathBytes {
		ri.path = normalizePath(raw)
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	scheme := r.URL.Scheme
	if scheme == "" {
		scheme = "http"
		if r.TLS != nil {
			scheme = "https"
		}
	}
	ri.origin = canonOrigin(scheme, host)
	ri.host = strings.ToLower(hostname(host))
	return ri
}

// hostname strips the port from a Host value.
func hostname(host string) string {
	if strings.HasPrefix(host, "[") {
		if i := strings.IndexByte(host, ']'); i > 0 {
			return host[:i+1]
		}
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		return host[:i]
	}
	return host
}

// resolve runs Cloudflare's resolution: _redirects, decoding, html_handling and
// not_found_handling, the method rule and the canonical path.
func (l *Layer) resolve(ri reqInfo, rs resolver) outcome {
	if ri.path == "" {
		return outcome{kind: tooLong, status: http.StatusRequestURITooLong}
	}
	if cdnCgiBackslash(ri) {
		return outcome{kind: redirected, status: http.StatusTemporaryRedirect,
			location: ri.path + ri.query}
	}
	pathname, proxied := ri.path, false
	if rule, to, ok := l.redirects.match(ri.path); ok {
		loc := location(to, ri)
		if rule.Status != 200 {
			return outcome{kind: redirected, status: rule.Status, location: loc}
		}
		pathname, proxied = rewrittenPath(to), true
	}
	p := decodePath(pathname)
	in := rs.intent(p, false)
	if !in.found() {
		if proxied {
			return outcome{kind: notFound, status: http.StatusNotFound}
		}
		return outcome{kind: noIntent, status: http.StatusNotFound}
	}
	if ri.method != http.MethodGet && ri.method != http.MethodHead {
		return outcome{kind: notAllowed, status: http.StatusMethodNotAllowed}
	}
	dest := p
	if in.redirect != "" {
		dest = in.redirect
	}
	if enc := encodePath(dest); enc != pathname || in.redirect != "" {
		return outcome{kind: redirected, status: http.StatusTemporaryRedirect,
			location: enc + ri.query}
	}
	return outcome{kind: asset, status: in.status, entry: in.entry}
}

// rewrittenPath is the pathname of a 200 rule's relative destination.
func rewrittenPath(to string) string {
	if i := strings.IndexAny(to, "?#"); i >= 0 {
		to = to[:i]
	}
	return normalizePath(to)
}

// location builds the Location of a _redirects rule: for a same-origin
// destination a relative path, with the destination's query or else the
// request's, and its fragment; otherwise the absolute URL, carrying the
// request's query when the destination has none.
func location(to string, ri reqInfo) string {
	rest, frag, _ := strings.Cut(to, "#")
	rest, query, hasQuery := strings.Cut(rest, "?")
	q := ri.query
	if hasQuery && query != "" {
		q = "?" + query
	}
	if frag != "" {
		frag = "#" + frag
	}
	if strings.HasPrefix(rest, "/") {
		return normalizePath(rest) + q + frag
	}
	u, err := url.Parse(rest)
	if err != nil || u.Host == "" {
		return rest + q + frag
	}
	if sameOrigin(u, ri.origin) {
		p := u.EscapedPath()
		if p == "" {
			p = "/"
		}
		return normalizePath(p) + q + frag
	}
	if u.Path == "" {
		rest += "/"
	}
	return rest + q + frag
}

func sameOrigin(u *url.URL, origin string) bool {
	return canonOrigin(u.Scheme, u.Host) == origin
}

// canonOrigin lower-cases an origin and drops the scheme's default port.
func canonOrigin(scheme, host string) string {
	scheme, host = strings.ToLower(scheme), strings.ToLower(host)
	switch scheme {
	case "http":
		host = strings.TrimSuffix(host, ":80")
	case "https":
		host = strings.TrimSuffix(host, ":443")
	}
	return scheme + "://" + host
}

// cdnCgiBackslash reports a /cdn-cgi/ path spelt with a backslash, which
// Cloudflare's router redirects to its normal form before anything else.
func cdnCgiBackslash(ri reqInfo) bool {
	return strings.HasPrefix(ri.path, "/cdn-cgi/") && strings.Contains(ri.raw, `/cdn-cgi\`)
}
