package webapi

import (
	"reflect"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// textEncoderStream is the Go side of a TextEncoderStream
// (https://encoding.spec.whatwg.org/#interface-textencoderstream): strings in, UTF-8
// bytes out. A surrogate pair split between two chunks is joined.
type textEncoderStream struct {
	t       *transformStream
	pending uint16 // a lead surrogate that ended the last chunk
}

// textDecoderStream is the Go side of a TextDecoderStream: bytes in, strings out.
type textDecoderStream struct {
	t  *transformStream
	td *textDecoder
}

var replacementUTF8 = []byte{0xEF, 0xBF, 0xBD}

// encode converts the code units of a chunk to UTF-8, joining a surrogate pair split
// across chunks and replacing lone surrogates with U+FFFD.
func (es *textEncoderStream) encode(js goja.String) []byte {
	rv := reflect.ValueOf(js)
	if rv.Kind() == reflect.String { // ASCII only
		s := js.String()
		if es.pending == 0 {
			return []byte(s)
		}
		es.pending = 0
		return append(append([]byte(nil), replacementUTF8...), s...)
	}
	units := utf16Units(js, rv)
	out := make([]byte, 0, len(units)+len(units)/2+4)
	for _, u := range units {
		if es.pending != 0 {
			if u >= 0xDC00 && u <= 0xDFFF {
				cp := 0x10000 + (rune(es.pending)-0xD800)<<10 + (rune(u) - 0xDC00)
				out = utf8.AppendRune(out, cp)
				es.pending = 0
				continue
			}
			out = append(out, replacementUTF8...)
			es.pending = 0
		}
		switch {
		case u >= 0xD800 && u <= 0xDBFF:
			es.pending = u
		case u >= 0xDC00 && u <= 0xDFFF:
			out = append(out, replacementUTF8...)
		default:
			out = utf8.AppendRune(out, rune(u))
		}
	}
	return out
}

// enqueueOrReject enqueues v into c's readable side and returns the transform's
// result: fulfilled, or rejected with what enqueue threw.
func (r *streamsRealm) enqueueOrReject(c *transformController, v goja.Value) *future {
	if thrown := r.try(func() { c.enqueue(v) }); thrown != nil {
		return r.rejected(thrown)
	}
	return r.resolved(goja.Undefined())
}

func (r *streamsRealm) newTextEncoderStream() *textEncoderStream {
	es := &textEncoderStream{}
	es.t = r.newTransform(func(c *transformController, chunk goja.Value) *future {
		var b []byte
		if thrown := r.try(func() {
			v := toDOMString(r.vm, chunk)
			if js, ok := v.(goja.String); ok {
				b = es.encode(js)
			} else {
				b = []byte(v.String())
			}
		}); thrown != nil {
			return r.rejected(thrown)
		}
		if len(b) == 0 {
			return r.resolved(goja.Undefined())
		}
		return r.enqueueOrReject(c, r.views.newBytes(b))
	}, func(c *transformController) *future {
		if es.pending == 0 {
			return r.resolved(goja.Undefined())
		}
		es.pending = 0
		return r.enqueueOrReject(c, r.views.newBytes(append([]byte(nil), replacementUTF8...)))
	}, nil)
	return es
}

func (r *streamsRealm) newTextDecoderStream(td *textDecoder) *textDecoderStream {
	ds := &textDecoderStream{td: td}
	decode := func(c *transformController, b []byte, stream bool) *future {
		s, err := td.decode(b, stream)
		if err != nil {
			return r.rejected(r.typeError("TextDecoderStream: the encoded data is not valid %s",
				td.name))
		}
		if s == "" {
			return r.resolved(goja.Undefined())
		}
		return r.enqueueOrReject(c, r.vm.ToValue(s))
	}
	ds.t = r.newTransform(func(c *transformController, chunk goja.Value) *future {
		b, ok := r.buf.bytes(chunk)
		if !ok {
			return r.rejected(r.typeError(
				"TextDecoderStream: a chunk is not an ArrayBuffer, TypedArray or DataView"))
		}
		return decode(c, b, true)
	}, func(c *transformController) *future {
		return decode(c, nil, false)
	}, nil)
	return ds
}

// genericTransformMembers are readable and writable, which every GenericTransformStream
// has; t returns the receiver's transform.
func genericTransformMembers(t func(goja.FunctionCall) *transformStream) []hostMember {
	return []hostMember{
		{name: "readable", get: func(call goja.FunctionCall) goja.Value {
			return t(call).readable.object()
		}},
		{name: "writable", get: func(call goja.FunctionCall) goja.Value {
			return t(call).writable.object()
		}},
	}
}

func (r *streamsRealm) textEncoderStreamClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *textEncoderStream {
		return slotThis[*textEncoderStream](vm, call.This, "TextEncoderStream")
	}
	return hostClass{
		name: "TextEncoderStream",
		ctor: func(call goja.ConstructorCall) *goja.Object {
			setSlot(vm, call.This, r.newTextEncoderStream())
			return nil
		},
		members: append([]hostMember{
			{name: "encoding", get: func(call goja.FunctionCall) goja.Value {
				this(call)
				return vm.ToValue("utf-8")
			}},
		}, genericTransformMembers(func(call goja.FunctionCall) *transformStream {
			return this(call).t
		})...),
	}
}

func (r *streamsRealm) textDecoderStreamClass() hostClass {
	vm := r.vm
	this := func(call goja.FunctionCall) *textDecoderStream {
		return slotThis[*textDecoderStream](vm, call.This, "TextDecoderStream")
	}
	flag := func(get func(*textDecoder) bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value { return vm.ToValue(get(this(call).td)) }
	}
	return hostClass{
		name: "TextDecoderStream",
		ctor: func(call goja.ConstructorCall) *goja.Object {
			label := "utf-8"
			if v := ctorArg(call, 0); !goja.IsUndefined(v) {
				label = domString(vm, v)
			}
			opts := r.dictionary(ctorArg(call, 1), "TextDecoderStream: options")
			fatal, ignoreBOM := boolMember(opts, "fatal"), boolMember(opts, "ignoreBOM")
			td, err := newTextDecoder(label)
			if err != nil {
				panic(r.rangeError("TextDecoderStream: the encoding label %q is not supported",
					label))
			}
			td.fatal, td.ignoreBOM = fatal, ignoreBOM
			setSlot(vm, call.This, r.newTextDecoderStream(td))
			return nil
		},
		members: append([]hostMember{
			{name: "encoding", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(this(call).td.name)
			}},
			{name: "fatal", get: flag(func(td *textDecoder) bool { return td.fatal })},
			{name: "ignoreBOM", get: flag(func(td *textDecoder) bool { return td.ignoreBOM })},
		}, genericTransformMembers(func(call goja.FunctionCall) *transformStream {
			return this(call).t
		})...),
	}
}

// installTextStreams defines TextEncoderStream and TextDecoderStream.
func (r *streamsRealm) installTextStreams() error {
	_, err := r.defineClasses(r.textEncoderStreamClass(), r.textDecoderStreamClass())
	return err
}
