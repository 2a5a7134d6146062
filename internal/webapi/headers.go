package webapi

import (
	"net/http"
	"net/textproto"
	"slices"
	"strings"

	"github.com/dop251/goja"
)

// headerGuard is the guard of a Headers object
// (https://fetch.spec.whatwg.org/#concept-headers-guard).
type headerGuard uint8

const (
	guardNone headerGuard = iota
	guardRequest
	guardResponse
	guardImmutable
)

// headers is the Go side of a Headers object: a header list kept as an http.Header,
// with canonical keys, so a list that came from Go (an incoming request, a fetched
// response) is used as is and goes back to Go without a conversion. Values are byte
// strings: each byte is one character of the JavaScript string (Latin-1), as Web IDL's
// ByteString is.
//
// The request and response guards filter nothing: a server runtime sends the headers a
// worker sets (Set-Cookie included), as workerd does. Only the immutable guard matters:
// every change throws TypeError.
type headers struct {
	h     http.Header
	guard headerGuard
	obj   *goja.Object // the JavaScript object; nil until a script asks for it

	// sorted is the "sort and combine" list of h, the pairs that iteration walks; nil
	// when a change made it stale.
	sorted []headerPair
}

// headerPair is one entry of the sorted and combined list: a lower-case name and a
// value.
type headerPair struct{ name, value string }

// newHeaders returns an empty header list with guard g.
func newHeaders(g headerGuard) *headers {
	return &headers{h: http.Header{}, guard: g}
}

// adoptHeaders wraps a header map from Go code without copying it. Keys that are not
// in canonical form (a map written directly) are merged into their canonical key, so
// lookups find them.
func adoptHeaders(h http.Header, g headerGuard) *headers {
	if h == nil {
		h = http.Header{}
	}
	for k, vs := range h {
		if ck := textproto.CanonicalMIMEHeaderKey(k); ck != k {
			delete(h, k)
			old := h[ck]
			h[ck] = append(old[:len(old):len(old)], vs...)
		}
	}
	return &headers{h: h, guard: g}
}

// clone returns a copy of hs with guard g.
func (hs *headers) clone(g headerGuard) *headers {
	return &headers{h: hs.h.Clone(), guard: g}
}

// forGo returns a copy of the list for Go code that takes it away (the server, another
// stage): the copy is theirs to change while scripts may still read the original.
func (hs *headers) forGo() http.Header {
	if len(hs.h) == 0 {
		return http.Header{}
	}
	return hs.h.Clone()
}

// get is the "get" of a header list: the values of name joined by ", ", and whether
// there was any.
func (hs *headers) get(key string) (string, bool) {
	vs := hs.h[key]
	switch len(vs) {
	case 0:
		return "", false
	case 1:
		return vs[0], true
	}
	return strings.Join(vs, ", "), true
}

// checkMutable throws TypeError when the guard forbids changes.
func (hs *headers) checkMutable(vm *goja.Runtime) {
	if hs.guard == guardImmutable {
		panicTypeError(vm, "Can't modify immutable headers.")
	}
}

// append adds a value (already normalised and validated) under the canonical key. The
// old values are never written in place: a map from Go code may share them (a table of
// standard values).
func (hs *headers) append(key, value string) {
	vs := hs.h[key]
	hs.h[key] = append(vs[:len(vs):len(vs)], value)
	hs.sorted = nil
}

// set replaces the values of key.
func (hs *headers) set(key, value string) {
	hs.h[key] = []string{value}
	hs.sorted = nil
}

// del removes key.
func (hs *headers) del(key string) {
	if _, ok := hs.h[key]; ok {
		delete(hs.h, key)
		hs.sorted = nil
	}
}

// pairs returns the sorted and combined list of the header list
// (https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine): names in lower
// case, sorted; values of one name joined by ", ", except Set-Cookie, whose values stay
// separate entries.
func (hs *headers) pairs() []headerPair {
	if hs.sorted != nil {
		return hs.sorted
	}
	out := make([]headerPair, 0, len(hs.h))
	for k, vs := range hs.h {
		if len(vs) == 0 {
			continue
		}
		name := strings.ToLower(k)
		if name == "set-cookie" {
			for _, v := range vs {
				out = append(out, headerPair{name, v})
			}
			continue
		}
		out = append(out, headerPair{name, strings.Join(vs, ", ")})
	}
	// A stable sort keeps the Set-Cookie values in order.
	slices.SortStableFunc(out, func(a, b headerPair) int { return strings.Compare(a.name, b.name) })
	hs.sorted = out
	return out
}

// isTokenByte reports whether c may appear in a header name (an RFC 9110 token).
func isTokenByte(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 && c != 0
}

// validHeaderName reports whether name is a header name: a non-empty token.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !isTokenByte(name[i]) {
			return false
		}
	}
	return true
}

// isHTTPWhitespace reports whether c is HTTP whitespace (tab, LF, CR, space).
func isHTTPWhitespace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// normalizeHeaderValue strips leading and trailing HTTP whitespace.
func normalizeHeaderValue(v string) string {
	i, j := 0, len(v)
	for i < j && isHTTPWhitespace(v[i]) {
		i++
	}
	for j > i && isHTTPWhitespace(v[j-1]) {
		j--
	}
	return v[i:j]
}

// validHeaderValue reports whether a normalised value is a header value: no NUL, CR or
// LF.
func validHeaderValue(v string) bool {
	return strings.IndexByte(v, 0) < 0 && strings.IndexByte(v, '\n') < 0 &&
		strings.IndexByte(v, '\r') < 0
}

// toByteString converts v as Web IDL's ByteString does: ToString, then each UTF-16 code
// unit becomes one byte; a unit above 0xFF throws TypeError.
func toByteString(vm *goja.Runtime, v goja.Value, what string) string {
	s := toUSVString(v)
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return latin1Bytes(vm, s, what)
		}
	}
	return s
}

// latin1Bytes converts a Go string with non-ASCII characters to one byte per character,
// throwing TypeError for characters above U+00FF.
func latin1Bytes(vm *goja.Runtime, s, what string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xFF {
			panicTypeError(vm, "%s: the string contains a character above U+00FF", what)
		}
		b = append(b, byte(r))
	}
	return string(b)
}

// byteStringValue returns the JavaScript string of a byte string: one character per
// byte.
func byteStringValue(vm *goja.Runtime, s string) goja.Value {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			r := make([]rune, len(s))
			for j := 0; j < len(s); j++ {
				r[j] = rune(s[j])
			}
			return vm.ToValue(string(r))
		}
	}
	return vm.ToValue(s)
}

// headerName converts and validates a name argument and returns its canonical key.
func headerName(vm *goja.Runtime, v goja.Value, what string) string {
	name := toByteString(vm, v, what)
	if !validHeaderName(name) {
		panicTypeError(vm, "%s: %q is not a valid header name", what, name)
	}
	return textproto.CanonicalMIMEHeaderKey(name)
}

// headerValue converts, normalises and validates a value argument.
func headerValue(vm *goja.Runtime, v goja.Value, what string) string {
	value := normalizeHeaderValue(toByteString(vm, v, what))
	if !validHeaderValue(value) {
		panicTypeError(vm, "%s: %q is not a valid header value", what, value)
	}
	return value
}

// fill appends the entries of a HeadersInit (a sequence of name-value pairs or a
// record) to hs, as "fill" does; what names the caller in messages.
func (r *fetchRealm) fill(hs *headers, init goja.Value, what string) {
	vm := r.vm
	o, ok := init.(*goja.Object)
	if !ok {
		panicTypeError(vm, "%s: headers must be an object", what)
	}
	if src, ok := slotValue[*headers](o); ok {
		// Another Headers object: its list, without going through its iterator.
		for k, vs := range src.h {
			for _, v := range vs {
				hs.append(k, v)
			}
		}
		return
	}
	if iter := o.GetSymbol(goja.SymIterator); iter != nil && !goja.IsUndefined(iter) &&
		!goja.IsNull(iter) {
		if _, ok := goja.AssertFunction(iter); !ok {
			panicTypeError(vm, "%s: headers[Symbol.iterator] is not a function", what)
		}
		vm.ForOf(o, func(pair goja.Value) bool {
			po, ok := pair.(*goja.Object)
			if !ok {
				panicTypeError(vm, "%s: a header entry is not a sequence", what)
			}
			var items []goja.Value
			vm.ForOf(po, func(x goja.Value) bool {
				items = append(items, x)
				return true
			})
			if len(items) != 2 {
				panicTypeError(vm, "%s: a header entry must have exactly two items", what)
			}
			hs.append(headerName(vm, items[0], what), headerValue(vm, items[1], what))
			return true
		})
		return
	}
	for _, k := range o.Keys() {
		key := headerName(vm, vm.ToValue(k), what)
		hs.append(key, headerValue(vm, dictMember(o, k), what))
	}
}

// headersObject returns the JavaScript object of hs, creating it on first use.
func (r *fetchRealm) headersObject(hs *headers) *goja.Object {
	if hs.obj == nil {
		hs.obj = r.newInstance(r.headersProto, hs)
	}
	return hs.obj
}

func (r *fetchRealm) headersThis(call goja.FunctionCall) *headers {
	return slotThis[*headers](r.vm, call.This, "Headers")
}

// headersClass is Headers (https://fetch.spec.whatwg.org/#headers-class), plus workerd's
// getAll, which takes only "set-cookie".
func (r *fetchRealm) headersClass() hostClass {
	vm := r.vm
	return hostClass{
		name: "Headers",
		ctor: func(call goja.ConstructorCall) *goja.Object {
			hs := newHeaders(guardNone)
			if init := ctorArg(call, 0); !goja.IsUndefined(init) {
				r.fill(hs, init, "Headers constructor")
			}
			hs.obj = call.This
			setSlot(vm, call.This, hs)
			return nil
		},
		members: []hostMember{
			{name: "append", length: 2, fn: func(call goja.FunctionCall) goja.Value {
				hs := r.headersThis(call)
				requireArgs(vm, call, 2, "Headers.append")
				key := headerName(vm, call.Arguments[0], "Headers.append")
				value := headerValue(vm, call.Arguments[1], "Headers.append")
				hs.checkMutable(vm)
				hs.append(key, value)
				return goja.Undefined()
			}},
			{name: "delete", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				hs := r.headersThis(call)
				requireArgs(vm, call, 1, "Headers.delete")
				key := headerName(vm, call.Arguments[0], "Headers.delete")
				hs.checkMutable(vm)
				hs.del(key)
				return goja.Undefined()
			}},
			{name: "get", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				hs := r.headersThis(call)
				requireArgs(vm, call, 1, "Headers.get")
				v, ok := hs.get(headerName(vm, call.Arguments[0], "Headers.get"))
				if !ok {
					return goja.Null()
				}
				return byteStringValue(vm, v)
			}},
			{name: "getSetCookie", fn: func(call goja.FunctionCall) goja.Value {
				return r.valuesArray(r.headersThis(call).h["Set-Cookie"])
			}},
			{name: "getAll", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				hs := r.headersThis(call)
				requireArgs(vm, call, 1, "Headers.getAll")
				key := headerName(vm, call.Arguments[0], "Headers.getAll")
				if key != "Set-Cookie" {
					panicTypeError(vm, "Headers.getAll() can only be used with the header "+
						"name \"Set-Cookie\".")
				}
				return r.valuesArray(hs.h[key])
			}},
			{name: "has", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				hs := r.headersThis(call)
				requireArgs(vm, call, 1, "Headers.has")
				_, ok := hs.get(headerName(vm, call.Arguments[0], "Headers.has"))
				return vm.ToValue(ok)
			}},
			{name: "set", length: 2, fn: func(call goja.FunctionCall) goja.Value {
				hs := r.headersThis(call)
				requireArgs(vm, call, 2, "Headers.set")
				key := headerName(vm, call.Arguments[0], "Headers.set")
				value := headerValue(vm, call.Arguments[1], "Headers.set")
				hs.checkMutable(vm)
				hs.set(key, value)
				return goja.Undefined()
			}},
			{name: "forEach", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				return forEachPairs(vm, call, "Headers", r.headerPairs(r.headersThis(call)))
			}},
		},
	}
}

// valuesArray returns the byte strings vs as a JavaScript array.
func (r *fetchRealm) valuesArray(vs []string) goja.Value {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = byteStringValue(r.vm, v)
	}
	return r.vm.NewArray(out...)
}

// headerPairs returns the live reader of hs's sorted list that iteration uses.
func (r *fetchRealm) headerPairs(hs *headers) func(i int) (k, v goja.Value, ok bool) {
	return func(i int) (goja.Value, goja.Value, bool) {
		p := hs.pairs()
		if i >= len(p) {
			return nil, nil, false
		}
		return r.vm.ToValue(p[i].name), byteStringValue(r.vm, p[i].value), true
	}
}

// installHeaders defines Headers.
func (r *fetchRealm) installHeaders() error {
	iterProto, err := r.newIteratorProto("Headers Iterator")
	if err != nil {
		return err
	}
	r.headersIterProto = iterProto
	hc := r.headersClass()
	hc.members = append(hc.members, r.iterMethods("Headers Iterator", iterProto,
		func(this goja.Value) func(int) (goja.Value, goja.Value, bool) {
			return r.headerPairs(slotThis[*headers](r.vm, this, "Headers"))
		})...)
	ctor, proto := hc.define(r.vm)
	r.headersProto = proto
	if err := defineIterable(proto); err != nil {
		return err
	}
	return defineGlobal(r.vm, "Headers", ctor)
}
