package webapi

import (
	"math"
	"net/http"

	"github.com/dop251/goja"
)

// response is the Go side of a Response.
type response struct {
	typ        string // "default", "basic", "error", ...
	status     int
	statusText string
	headers    *headers
	body       *body
	url        string // the last URL of the response's URL list, "" for none
	redirected bool
	cf         goja.Value // nil: undefined
}

func (rs *response) bodyOf() *body { return rs.body }

func (rs *response) contentType() string {
	v, _ := rs.headers.get("Content-Type")
	return v
}

// isNullBodyStatus reports whether a response with status s has no body (101, 103,
// 204, 205, 304).
func isNullBodyStatus(s int) bool {
	switch s {
	case 101, 103, 204, 205, 304:
		return true
	}
	return false
}

// isRedirectStatus reports whether s is a redirect status of the Fetch standard.
func isRedirectStatus(s int) bool {
	switch s {
	case 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// validReasonPhrase reports whether s matches RFC 9112's reason-phrase: HTAB, SP,
// visible ASCII and obs-text.
func validReasonPhrase(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '\t' && (c < 0x20 || c == 0x7F) {
			return false
		}
	}
	return true
}

// toUnsignedShort converts v as Web IDL's unsigned short does: ToNumber, truncate,
// modulo 2^16; NaN and the infinities are 0.
func toUnsignedShort(v goja.Value) int {
	f := v.ToFloat()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	m := math.Mod(math.Trunc(f), 1<<16)
	if m < 0 {
		m += 1 << 16
	}
	return int(m)
}

// initResponse runs "initialize a response" with a ResponseInit and a body: status,
// statusText and headers from init, then the body and its Content-Type.
func (r *fetchRealm) initResponse(rs *response, init goja.Value, b *body, ct string,
	what string) {
	vm := r.vm
	rs.status = 200
	var initHeaders goja.Value
	if !isNullish(init) {
		o := idlDictionary(vm, init, what+": init")
		if v := dictMember(o, "cf"); !goja.IsUndefined(v) {
			rs.cf = v
		}
		if v := dictMember(o, "encodeBody"); !goja.IsUndefined(v) {
			if s := toUSVString(v); s != "automatic" && s != "manual" {
				panicTypeError(vm, "%s: %q is not a valid value for encodeBody", what, s)
			}
		}
		if v := dictMember(o, "headers"); !goja.IsUndefined(v) {
			initHeaders = v
		}
		if v := dictMember(o, "status"); !goja.IsUndefined(v) {
			rs.status = toUnsignedShort(v)
		}
		if v := dictMember(o, "statusText"); !goja.IsUndefined(v) {
			rs.statusText = toByteString(vm, v, what)
		}
		if v := dictMember(o, "webSocket"); !isNullish(v) {
			panicTypeError(vm, "%s: WebSocket responses are not supported", what)
		}
	}
	if rs.status < 200 || rs.status > 599 {
		panicRangeError(vm, "%s: the status provided (%d) is outside the range [200, 599].",
			what, rs.status)
	}
	if !validReasonPhrase(rs.statusText) {
		panicTypeError(vm, "%s: invalid statusText", what)
	}
	rs.headers = newHeaders(guardResponse)
	if initHeaders != nil {
		r.fill(rs.headers, initHeaders, what)
	}
	if b != nil {
		if isNullBodyStatus(rs.status) {
			panicTypeError(vm, "%s: a response with status %d cannot have a body", what, rs.status)
		}
		rs.body = b
		if ct != "" {
			if _, ok := rs.headers.get("Content-Type"); !ok {
				rs.headers.append("Content-Type", ct)
			}
		}
	}
}

func (r *fetchRealm) responseThis(this goja.Value) *response {
	return slotThis[*response](r.vm, this, "Response")
}

// responseObject returns a new Response object with Go state rs.
func (r *fetchRealm) responseObject(rs *response) *goja.Object {
	return r.newInstance(r.responseProto, rs)
}

// responseClass is Response (https://fetch.spec.whatwg.org/#response-class), with
// workerd's cf and webSocket (always null).
func (r *fetchRealm) responseClass() hostClass {
	vm := r.vm
	members := []hostMember{
		{name: "type", get: func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(r.responseThis(call.This).typ)
		}},
		{name: "url", get: func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(r.responseThis(call.This).url)
		}},
		{name: "redirected", get: func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(r.responseThis(call.This).redirected)
		}},
		{name: "status", get: func(call goja.FunctionCall) goja.Value {
			return vm.ToValue(r.responseThis(call.This).status)
		}},
		{name: "ok", get: func(call goja.FunctionCall) goja.Value {
			s := r.responseThis(call.This).status
			return vm.ToValue(s >= 200 && s <= 299)
		}},
		{name: "statusText", get: func(call goja.FunctionCall) goja.Value {
			return byteStringValue(vm, r.responseThis(call.This).statusText)
		}},
		{name: "headers", get: func(call goja.FunctionCall) goja.Value {
			return r.headersObject(r.responseThis(call.This).headers)
		}},
		{name: "cf", get: func(call goja.FunctionCall) goja.Value {
			if cf := r.responseThis(call.This).cf; cf != nil {
				return cf
			}
			return goja.Undefined()
		}},
		{name: "webSocket", get: func(call goja.FunctionCall) goja.Value {
			r.responseThis(call.This)
			return goja.Null()
		}},
		{name: "clone", fn: func(call goja.FunctionCall) goja.Value {
			rs := r.responseThis(call.This)
			if rs.body.unusable() {
				panicTypeError(vm, "Response.clone: %s", errBodyUsed)
			}
			c := *rs
			c.headers = rs.headers.clone(rs.headers.guard)
			c.body = r.cloneBody(rs.body)
			return r.responseObject(&c)
		}},
	}
	members = append(members, r.bodyMembers("Response", func(this goja.Value) bodyOwner {
		return r.responseThis(this)
	})...)
	return hostClass{
		name: "Response",
		ctor: func(call goja.ConstructorCall) *goja.Object {
			const what = "Failed to construct 'Response'"
			b, ct := r.extractBody(ctorArg(call, 0), what)
			rs := &response{typ: "default"}
			r.initResponse(rs, ctorArg(call, 1), b, ct, what)
			setSlot(vm, call.This, rs)
			return nil
		},
		members: members,
	}
}

// responseStatics are Response.error, Response.redirect and Response.json.
func (r *fetchRealm) responseStatics() []hostMember {
	vm := r.vm
	return []hostMember{
		{name: "error", fn: func(goja.FunctionCall) goja.Value {
			return r.responseObject(&response{typ: "error", headers: newHeaders(guardImmutable)})
		}},
		{name: "redirect", length: 1, fn: func(call goja.FunctionCall) goja.Value {
			const what = "Response.redirect"
			requireArgs(vm, call, 1, what)
			s := toUSVString(call.Arguments[0])
			u, err := parseURL(s, nil)
			if err != nil {
				panicTypeError(vm, "%s: Invalid URL: %s", what, s)
			}
			status := 302
			if v := argOrUndefined(call, 1); !goja.IsUndefined(v) {
				status = toUnsignedShort(v)
			}
			if !isRedirectStatus(status) {
				panicRangeError(vm, "%s: %d is not a redirect status", what, status)
			}
			hs := newHeaders(guardImmutable)
			hs.h.Set("Location", u.Href(false))
			return r.responseObject(&response{typ: "default", status: status, headers: hs})
		}},
		{name: "json", length: 1, fn: func(call goja.FunctionCall) goja.Value {
			const what = "Response.json"
			s, err := r.jsonStringify(goja.Undefined(), argOrUndefined(call, 0))
			if err != nil {
				panic(err)
			}
			if goja.IsUndefined(s) {
				panicTypeError(vm, "%s: the data is not JSON serializable", what)
			}
			rs := &response{typ: "default"}
			r.initResponse(rs, argOrUndefined(call, 1), bytesBody(usvUTF8(s)),
				"application/json", what)
			return r.responseObject(rs)
		}},
	}
}

// newGoResponse returns the Response state of a response from Go code (a Fetcher, the
// network). Its body stays resp.Body until a script reads it; headers are resp.Header.
func newGoResponse(resp *http.Response, g headerGuard) *response {
	rs := &response{
		typ:        "default",
		status:     resp.StatusCode,
		statusText: statusTextOf(resp),
		headers:    adoptHeaders(resp.Header, g),
	}
	if resp.Request != nil && resp.Request.URL != nil {
		u := *resp.Request.URL
		u.Fragment, u.RawFragment = "", ""
		rs.url = u.String()
	}
	if isNullBodyStatus(resp.StatusCode) {
		if resp.Body != nil {
			_ = resp.Body.Close()
		}
		return rs
	}
	rs.body = goBody(resp.Body, resp.ContentLength)
	return rs
}

// installResponse defines Response.
func (r *fetchRealm) installResponse() error {
	ctor, proto := r.responseClass().define(r.vm)
	r.responseProto = proto
	for _, m := range r.responseStatics() {
		defineMember(r.vm, ctor, m)
	}
	return defineGlobal(r.vm, "Response", ctor)
}
