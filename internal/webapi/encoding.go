package webapi

import (
	"reflect"
	"unicode/utf8"

	"github.com/dop251/goja"
)

// encodingAPI holds the per-isolate state of TextEncoder, TextDecoder, atob and btoa.
type encodingAPI struct {
	vm  *goja.Runtime
	buf *bufferKit
}

// installEncoding defines TextEncoder, TextDecoder, atob and btoa.
//
// TextDecoder knows every encoding of the Encoding standard (through
// golang.org/x/text/encoding/htmlindex); in fatal mode a gb18030 stream that really
// encodes U+FFFD is reported as malformed (TODO(#5)).
func installEncoding(l Loop) error {
	vm := l.Runtime()
	bk, err := newBufferKit(vm)
	if err != nil {
		return err
	}
	api := &encodingAPI{vm: vm, buf: bk}
	encCtor, _ := api.encoderClass().define(vm)
	decCtor, _ := api.decoderClass().define(vm)
	for name, v := range map[string]goja.Value{
		"TextEncoder": encCtor,
		"TextDecoder": decCtor,
		"atob":        newHostFunc(vm, "atob", 1, api.atob),
		"btoa":        newHostFunc(vm, "btoa", 1, api.btoa),
	} {
		if err := vm.Set(name, v); err != nil {
			return err
		}
	}
	return nil
}

// textEncoder is the Go side of a TextEncoder; it has no state.
type textEncoder struct{ hostSlots }

func (api *encodingAPI) encoderClass() hostClass {
	return hostClass{
		name: "TextEncoder",
		ctor: func(call goja.ConstructorCall) *goja.Object {
			return newHostObject(api.vm, &textEncoder{}, call.This.Prototype())
		},
		members: []hostMember{
			{name: "encoding", get: func(call goja.FunctionCall) goja.Value {
				hostThis[*textEncoder](api.vm, call.This, "TextEncoder")
				return api.vm.ToValue("utf-8")
			}},
			{name: "encode", fn: api.encode},
			{name: "encodeInto", length: 2, fn: api.encodeInto},
		},
	}
}

// encode returns the UTF-8 bytes of its USVString argument (default "").
func (api *encodingAPI) encode(call goja.FunctionCall) goja.Value {
	hostThis[*textEncoder](api.vm, call.This, "TextEncoder")
	var b []byte
	if v := argOrUndefined(call, 0); !goja.IsUndefined(v) {
		b = usvUTF8(v)
	}
	return api.buf.newUint8Array(b)
}

// usvUTF8 converts v to a USVString and returns its UTF-8 bytes (lone surrogates become
// U+FFFD). It reads UTF-16 code units directly instead of going through a Go string,
// which for non-ASCII strings would decode to runes and encode again.
func usvUTF8(v goja.Value) []byte {
	js, ok := v.ToString().(goja.String)
	if !ok {
		return []byte(v.String())
	}
	rv := reflect.ValueOf(js)
	if rv.Kind() == reflect.String {
		// goja keeps ASCII-only strings as Go strings: String() costs nothing.
		return []byte(js.String())
	}
	return appendUTF16AsUTF8(nil, utf16Units(js, rv))
}

var typeOfUint16s = reflect.TypeFor[[]uint16]()

// utf16Units returns the UTF-16 code units of a non-ASCII goja string. goja stores such
// strings as a []uint16 whose first element is a marker; the layout is checked against
// Length and CharAt, with a slow copy as the fallback, so a change of goja's internals
// costs speed, not correctness.
func utf16Units(js goja.String, rv reflect.Value) []uint16 {
	n := js.Length()
	if rv.Kind() == reflect.Slice && rv.Type().ConvertibleTo(typeOfUint16s) {
		u := rv.Convert(typeOfUint16s).Interface().([]uint16)
		if len(u) == n+1 && (n == 0 || u[1] == js.CharAt(0) && u[n] == js.CharAt(n-1)) {
			return u[1:]
		}
	}
	u := make([]uint16, n)
	for i := range u {
		u[i] = js.CharAt(i)
	}
	return u
}

// appendUTF16AsUTF8 appends the UTF-8 encoding of the code units u to b, replacing
// unpaired surrogates with U+FFFD.
func appendUTF16AsUTF8(b []byte, u []uint16) []byte {
	if b == nil {
		b = make([]byte, 0, len(u)+len(u)/2+8)
	}
	for i := 0; i < len(u); i++ {
		c := rune(u[i])
		switch {
		case c < 0x80:
			b = append(b, byte(c))
			continue
		case c >= 0xD800 && c <= 0xDBFF && i+1 < len(u):
			if d := rune(u[i+1]); d >= 0xDC00 && d <= 0xDFFF {
				c = 0x10000 + (c-0xD800)<<10 + (d - 0xDC00)
				i++
			} else {
				c = utf8.RuneError
			}
		case c >= 0xD800 && c <= 0xDFFF:
			c = utf8.RuneError
		}
		b = utf8.AppendRune(b, c)
	}
	return b
}

// encodeInto writes as many whole code points of source as fit into destination (a
// Uint8Array) and reports the UTF-16 code units read and the bytes written.
func (api *encodingAPI) encodeInto(call goja.FunctionCall) goja.Value {
	hostThis[*textEncoder](api.vm, call.This, "TextEncoder")
	requireArgs(api.vm, call, 2, "TextEncoder.encodeInto")
	src := toUSVString(call.Arguments[0])
	dst, ok := api.buf.bytes(call.Arguments[1])
	if !ok || !api.vm.InstanceOf(call.Arguments[1], api.buf.u8Ctor) {
		panicTypeError(api.vm, "TextEncoder.encodeInto: destination is not a Uint8Array")
	}
	read, written := 0, 0
	for _, r := range src {
		n := utf8.RuneLen(r)
		if written+n > len(dst) {
			break
		}
		utf8.EncodeRune(dst[written:], r)
		written += n
		read++
		if r > 0xFFFF {
			read++ // a surrogate pair in the JavaScript string
		}
	}
	res := api.vm.NewObject()
	_ = res.Set("read", read)
	_ = res.Set("written", written)
	return res
}
