package webapi

import (
	"net/http"
	"slices"
	"strings"

	"github.com/dop251/goja"
)

// request is the Go side of a Request.
type request struct {
	method  string
	url     string
	rawURL  bool // url came from Go and has not been through the URL parser yet
	headers *headers
	body    *body

	// signal is the request's AbortSignal, created when a script asks for it; until
	// then follow is the signal it would follow (nil: one that never aborts).
	signal *abortSignal
	follow *abortSignal

	redirect, mode, credentials, cache  string
	referrer, referrerPolicy, integrity string
	priority                            string
	keepalive                           bool
	cf                                  goja.Value // nil: undefined

	// goReq is the Go request this one came from (NewRequest), kept through new
	// Request(request, init) and clone, so a request passed on to a Fetcher keeps its
	// connection details (RemoteAddr, TLS).
	goReq *http.Request
}

func (rq *request) bodyOf() *body { return rq.body }

func (rq *request) contentType() string {
	v, _ := rq.headers.get("Content-Type")
	return v
}

// abortSignal returns the signal a fetch of rq watches (nil: none).
func (rq *request) abortSignal() *abortSignal {
	if rq.signal != nil {
		return rq.signal
	}
	return rq.follow
}

// Enumerations of RequestInit (https://fetch.spec.whatwg.org/#requestinit).
var (
	requestModes       = []string{"navigate", "same-origin", "no-cors", "cors"}
	requestCredentials = []string{"omit", "same-origin", "include"}
	requestCaches      = []string{"default", "no-store", "reload", "no-cache", "force-cache",
		"only-if-cached"}
	requestRedirects    = []string{"follow", "error", "manual"}
	requestDuplexes     = []string{"half"}
	requestPriorities   = []string{"high", "low", "auto"}
	referrerPolicyNames = []string{"", "no-referrer", "no-referrer-when-downgrade", "same-origin",
		"origin", "strict-origin", "origin-when-cross-origin", "strict-origin-when-cross-origin",
		"unsafe-url"}
)

// newRequestDefaults returns a request with the defaults of new Request(url).
func newRequestDefaults() *request {
	return &request{
		method: http.MethodGet, redirect: "follow", mode: "cors", credentials: "same-origin",
		cache: "default", referrer: "about:client", priority: "auto",
	}
}

// enumMember reads a dictionary member that is a Web IDL enumeration; a value outside
// allowed throws TypeError.
func enumMember(vm *goja.Runtime, o *goja.Object, name string, allowed []string,
	what string) (string, bool) {
	v := dictMember(o, name)
	if goja.IsUndefined(v) {
		return "", false
	}
	s := toUSVString(v)
	if !slices.Contains(allowed, s) {
		panicTypeError(vm, "%s: %q is not a valid value for %s", what, s, name)
	}
	return s, true
}

// normalizeMethod upper-cases the methods that the Fetch standard normalises.
func normalizeMethod(m string) string {
	for _, std := range []string{"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"} {
		if strings.EqualFold(m, std) {
			return std
		}
	}
	return m
}

// newRequestFrom runs the Request constructor's steps (https://fetch.spec.whatwg.org/#dom-request)
// on (input, init).
func (r *fetchRealm) newRequestFrom(input, init goja.Value, what string) *request {
	rq, src := r.requestInput(input, what)
	var initBody, initHeaders goja.Value
	if !isNullish(init) {
		initBody, initHeaders = r.requestInit(rq, idlDictionary(r.vm, init, what+": init"), what)
	}
	switch {
	case initHeaders != nil:
		rq.headers = newHeaders(guardRequest)
		r.fill(rq.headers, initHeaders, what)
	case src != nil:
		rq.headers = src.headers.clone(guardRequest)
	default:
		rq.headers = newHeaders(guardRequest)
	}
	var inputBody *body
	if src != nil {
		inputBody = src.body
	}
	hasInitBody := !isNullish(initBody)
	if (hasInitBody || inputBody != nil) && (rq.method == "GET" || rq.method == "HEAD") {
		panicTypeError(r.vm, "%s: a %s request cannot have a body", what, rq.method)
	}
	switch {
	case hasInitBody:
		b, ct := r.extractBody(initBody, what)
		if _, ok := rq.headers.get("Content-Type"); ct != "" && !ok {
			rq.headers.append("Content-Type", ct)
		}
		rq.body = b
	case inputBody != nil:
		if inputBody.unusable() {
			panicTypeError(r.vm, "%s: %s", what, errBodyUsed)
		}
		// The new request takes the input's body, which counts as read from then on.
		moved := *inputBody
		rq.body = &moved
		inputBody.rc, inputBody.stream, inputBody.used = nil, nil, true
	}
	return rq
}

// requestInput starts a request from the constructor's input: a copy of a Request
// (src, whose signal the copy follows), or the defaults with a URL.
func (r *fetchRealm) requestInput(input goja.Value, what string) (rq, src *request) {
	if s, ok := slotValue[*request](input); ok {
		c := *s
		c.signal, c.follow, c.body, c.headers = nil, s.abortSignal(), nil, nil
		return &c, s
	}
	rq = newRequestDefaults()
	s := toUSVString(input)
	u, err := parseURL(s, nil)
	if err != nil {
		panicTypeError(r.vm, "%s: Invalid URL: %s", what, s)
	}
	if u.Username() != "" || u.Password() != "" {
		panicTypeError(r.vm, "%s: the URL includes credentials", what)
	}
	rq.url = u.Href(false)
	return rq, nil
}

// requestInit applies the members of a RequestInit to rq, in Web IDL's order
// (lexicographic), and returns the body and headers members for the caller to apply
// after the method is known.
func (r *fetchRealm) requestInit(rq *request, o *goja.Object, what string) (body,
	headers goja.Value) {
	vm := r.vm
	if v := dictMember(o, "body"); !goja.IsUndefined(v) {
		body = v
	}
	if s, ok := enumMember(vm, o, "cache", requestCaches, what); ok {
		rq.cache = s
	}
	if v := dictMember(o, "cf"); !goja.IsUndefined(v) {
		rq.cf = v
	}
	if s, ok := enumMember(vm, o, "credentials", requestCredentials, what); ok {
		rq.credentials = s
	}
	enumMember(vm, o, "duplex", requestDuplexes, what)
	if v := dictMember(o, "headers"); !goja.IsUndefined(v) {
		headers = v
	}
	if v := dictMember(o, "integrity"); !goja.IsUndefined(v) {
		rq.integrity = toUSVString(v)
	}
	if v := dictMember(o, "keepalive"); !goja.IsUndefined(v) {
		rq.keepalive = v.ToBoolean()
	}
	if v := dictMember(o, "method"); !goja.IsUndefined(v) {
		rq.method = requestMethod(vm, v, what)
	}
	if s, ok := enumMember(vm, o, "mode", requestModes, what); ok {
		if s == "navigate" {
			panicTypeError(vm, "%s: mode cannot be \"navigate\"", what)
		}
		rq.mode = s
	}
	if s, ok := enumMember(vm, o, "priority", requestPriorities, what); ok {
		rq.priority = s
	}
	if s, ok := enumMember(vm, o, "redirect", requestRedirects, what); ok {
		rq.redirect = s
	}
	if v := dictMember(o, "referrer"); !goja.IsUndefined(v) {
		rq.referrer = requestReferrer(vm, toUSVString(v), what)
	}
	if s, ok := enumMember(vm, o, "referrerPolicy", referrerPolicyNames, what); ok {
		rq.referrerPolicy = s
	}
	if v := dictMember(o, "signal"); !goja.IsUndefined(v) {
		rq.follow = nil
		if !goja.IsNull(v) {
			s, ok := abortSignalOf(v)
			if !ok {
				panicTypeError(vm, "%s: signal is not an AbortSignal", what)
			}
			rq.follow = s
		}
	}
	if v := dictMember(o, "window"); !isNullish(v) {
		panicTypeError(vm, "%s: window can only be null", what)
	}
	if rq.cache == "only-if-cached" && rq.mode != "same-origin" {
		panicTypeError(vm, "%s: cache \"only-if-cached\" needs mode \"same-origin\"", what)
	}
	return body, headers
}

// requestMethod converts and checks a method: a token, not CONNECT, TRACE or TRACK.
func requestMethod(vm *goja.Runtime, v goja.Value, what string) string {
	m := toByteString(vm, v, what)
	if !validHeaderName(m) {
		panicTypeError(vm, "%s: %q is not a valid HTTP method", what, m)
	}
	switch strings.ToUpper(m) {
	case "CONNECT", "TRACE", "TRACK":
		panicTypeError(vm, "%s: the method %q is forbidden", what, m)
	}
	return normalizeMethod(m)
}

// requestReferrer converts init.referrer: "" is no referrer, otherwise a URL.
func requestReferrer(vm *goja.Runtime, s, what string) string {
	if s == "" {
		return ""
	}
	u, err := parseURL(s, nil)
	if err != nil {
		panicTypeError(vm, "%s: referrer %q is not a valid URL", what, s)
	}
	return u.Href(false)
}

// requestURL returns the serialised URL of rq, running a URL that came from Go through
// the URL parser once.
func (rq *request) requestURL() string {
	if rq.rawURL {
		rq.rawURL = false
		if u, err := parseURL(rq.url, nil); err == nil {
			rq.url = u.Href(false)
		}
	}
	return rq.url
}

func (r *fetchRealm) requestThis(this goja.Value) *request {
	return slotThis[*request](r.vm, this, "Request")
}

// requestObject returns a new Request object with Go state rq.
func (r *fetchRealm) requestObject(rq *request) *goja.Object {
	return r.newInstance(r.requestProto, rq)
}

// requestClass is Request (https://fetch.spec.whatwg.org/#request-class), with workerd's
// cf.
func (r *fetchRealm) requestClass() hostClass {
	vm := r.vm
	str := func(name string, get func(*request) string) hostMember {
		return hostMember{name: name, get: func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(get(r.requestThis(call.This)))
		}}
	}
	members := []hostMember{
		str("method", func(rq *request) string { return rq.method }),
		str("url", (*request).requestURL),
		{name: "headers", get: func(call goja.FunctionCall) goja.Value {
			return r.headersObject(r.requestThis(call.This).headers)
		}},
		str("destination", func(*request) string { return "" }),
		str("referrer", func(rq *request) string { return rq.referrer }),
		str("referrerPolicy", func(rq *request) string { return rq.referrerPolicy }),
		str("mode", func(rq *request) string { return rq.mode }),
		str("credentials", func(rq *request) string { return rq.credentials }),
		str("cache", func(rq *request) string { return rq.cache }),
		str("redirect", func(rq *request) string { return rq.redirect }),
		str("integrity", func(rq *request) string { return rq.integrity }),
		str("duplex", func(*request) string { return "half" }),
		{name: "keepalive", get: func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(r.requestThis(call.This).keepalive)
		}},
		{name: "isReloadNavigation", get: func(call goja.FunctionCall) goja.Value {
			r.requestThis(call.This)
			return vm.ToValue(false)
		}},
		{name: "isHistoryNavigation", get: func(call goja.FunctionCall) goja.Value {
			r.requestThis(call.This)
			return vm.ToValue(false)
		}},
		{name: "signal", get: func(call goja.FunctionCall) goja.Value {
			rq := r.requestThis(call.This)
			if rq.signal == nil {
				if rq.follow != nil {
					rq.signal = anyAbortSignal(vm, rq.follow)
				} else {
					rq.signal = newAbortSignal(vm)
				}
			}
			return rq.signal.Object()
		}},
		{name: "cf", get: func(call goja.FunctionCall) goja.Value {
			rq := r.requestThis(call.This)
			if rq.cf == nil {
				rq.cf = r.requestCF(rq.goReq)
			}
			return rq.cf
		}},
		{name: "clone", fn: func(call goja.FunctionCall) goja.Value {
			rq := r.requestThis(call.This)
			if rq.body.unusable() {
				panicTypeError(vm, "Request.clone: %s", errBodyUsed)
			}
			c := *rq
			c.headers = rq.headers.clone(rq.headers.guard)
			c.body = r.cloneBody(rq.body)
			c.signal, c.follow = nil, rq.abortSignal()
			return r.requestObject(&c)
		}},
	}
	members = append(members, r.bodyMembers("Request", func(this goja.Value) bodyOwner {
		return r.requestThis(this)
	})...)
	return hostClass{
		name:   "Request",
		length: 1,
		ctor: func(call goja.ConstructorCall) *goja.Object {
			requireArgs(vm, goja.FunctionCall{Arguments: call.Arguments}, 1,
				"Failed to construct 'Request'")
			rq := r.newRequestFrom(call.Arguments[0], ctorArg(call, 1),
				"Failed to construct 'Request'")
			setSlot(vm, call.This, rq)
			return nil
		},
		members: members,
	}
}

// requestCF is the cf object of a request: for one that came from Go, what Portico
// knows of the connection (httpProtocol, tlsVersion, tlsCipher,
// clientAcceptEncoding); undefined for one a script made without init.cf.
func (r *fetchRealm) requestCF(gr *http.Request) goja.Value {
	if gr == nil {
		return goja.Undefined()
	}
	cf := r.vm.NewObject()
	_ = cf.Set("httpProtocol", gr.Proto)
	_ = cf.Set("clientAcceptEncoding", gr.Header.Get("Accept-Encoding"))
	if gr.TLS != nil {
		_ = cf.Set("tlsVersion", tlsVersionName(gr.TLS.Version))
		_ = cf.Set("tlsCipher", tlsCipherName(gr.TLS.CipherSuite))
	}
	return cf
}

// installRequest defines Request.
func (r *fetchRealm) installRequest() error {
	ctor, proto := r.requestClass().define(r.vm)
	r.requestProto = proto
	return defineGlobal(r.vm, "Request", ctor)
}
