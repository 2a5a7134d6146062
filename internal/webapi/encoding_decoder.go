package webapi

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/dop251/goja"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"
)

// textDecoder is the Go side of a TextDecoder
// (https://encoding.spec.whatwg.org/#interface-textdecoder).
type textDecoder struct {
	hostSlots
	name             string // the encoding's name, lower case ("utf-8", "windows-1252")
	fatal, ignoreBOM bool

	// State between decode calls with {stream: true}.
	doNotFlush bool
	bomSeen    bool
	utf8       *utf8Decoder
	utf16      *utf16Decoder
	legacy     transform.Transformer // any other encoding, through golang.org/x/text
	pending    []byte                // legacy input held back until more arrives
}

// newTextDecoder resolves label per the Encoding standard's label table; it fails for
// unknown labels and for those that map to the "replacement" encoding.
func newTextDecoder(label string) (*textDecoder, error) {
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, err
	}
	name, err := htmlindex.Name(enc)
	if err != nil || name == "replacement" {
		return nil, errors.New("unsupported encoding")
	}
	td := &textDecoder{name: strings.ToLower(name)}
	td.resetWith(enc)
	return td, nil
}

// resetWith starts a new stream.
func (td *textDecoder) resetWith(enc encoding.Encoding) {
	td.bomSeen, td.pending = false, nil
	switch td.name {
	case "utf-8":
		td.utf8 = newUTF8Decoder()
	case "utf-16le", "utf-16be":
		td.utf16 = &utf16Decoder{bigEndian: td.name == "utf-16be", lead: -1}
	default:
		if enc == nil {
			enc, _ = htmlindex.Get(td.name)
		}
		td.legacy = enc.NewDecoder()
	}
}

// decode runs the decode steps for one chunk; stream is the chunk's stream option.
func (td *textDecoder) decode(b []byte, stream bool) (string, error) {
	if !td.doNotFlush {
		td.resetWith(nil)
	}
	td.doNotFlush = stream
	var sb strings.Builder
	var err error
	switch {
	case td.utf8 != nil:
		sb.Grow(len(b))
		err = td.utf8.decode(&sb, b, stream, td.fatal)
	case td.utf16 != nil:
		sb.Grow(len(b))
		err = td.utf16.decode(&sb, b, stream, td.fatal)
	default:
		err = td.decodeLegacy(&sb, b, stream)
	}
	if err != nil {
		td.doNotFlush = false
		return "", err
	}
	s := sb.String()
	if td.legacy == nil && !td.ignoreBOM && !td.bomSeen && s != "" {
		// Only the UTF-8 and UTF-16 decoders strip a byte order mark.
		s = strings.TrimPrefix(s, "\uFEFF")
		td.bomSeen = true
	}
	return s, nil
}

// decodeLegacy decodes with golang.org/x/text, which replaces errors with U+FFFD. None of
// the single- and double-byte encodings maps a byte sequence to U+FFFD, so in fatal
// mode a U+FFFD in the output is the error (gb18030 can encode U+FFFD: a known gap).
func (td *textDecoder) decodeLegacy(sb *strings.Builder, b []byte, stream bool) error {
	src := append(td.pending, b...)
	td.pending = nil
	dst := make([]byte, 3*len(src)+16)
	for {
		nDst, nSrc, err := td.legacy.Transform(dst, src, !stream)
		sb.Write(dst[:nDst])
		src = src[nSrc:]
		if errors.Is(err, transform.ErrShortDst) {
			continue
		}
		if errors.Is(err, transform.ErrShortSrc) && stream {
			td.pending = append([]byte(nil), src...)
			break
		}
		if err != nil {
			return err
		}
		break
	}
	if td.fatal && strings.ContainsRune(sb.String(), utf8.RuneError) {
		return errInvalidUTF8
	}
	return nil
}

// utf16Decoder is the shared UTF-16 decoder of the Encoding standard
// (https://encoding.spec.whatwg.org/#shared-utf-16-decoder).
type utf16Decoder struct {
	bigEndian bool
	lead      int  // first byte of a code unit, or -1
	surrogate rune // a lead surrogate waiting for its trail, or 0
}

func (d *utf16Decoder) decode(out *strings.Builder, b []byte, stream, fatal bool) error {
	fail := func() error {
		if fatal {
			return errInvalidUTF8
		}
		out.WriteRune(utf8.RuneError)
		return nil
	}
	for _, c := range b {
		if d.lead < 0 {
			d.lead = int(c)
			continue
		}
		cu := rune(c)<<8 | rune(d.lead)
		if d.bigEndian {
			cu = rune(d.lead)<<8 | rune(c)
		}
		d.lead = -1
		if d.surrogate != 0 {
			lead := d.surrogate
			d.surrogate = 0
			if cu >= 0xDC00 && cu <= 0xDFFF {
				out.WriteRune(0x10000 + (lead-0xD800)<<10 + (cu - 0xDC00))
				continue
			}
			if err := fail(); err != nil {
				return err
			}
			// The code unit is processed again as a fresh one, below.
		}
		switch {
		case cu >= 0xD800 && cu <= 0xDBFF:
			d.surrogate = cu
		case cu >= 0xDC00 && cu <= 0xDFFF:
			if err := fail(); err != nil {
				return err
			}
		default:
			out.WriteRune(cu)
		}
	}
	if !stream && (d.lead >= 0 || d.surrogate != 0) {
		d.lead, d.surrogate = -1, 0
		return fail()
	}
	return nil
}

func (api *encodingAPI) decoderClass() hostClass {
	flag := func(get func(*textDecoder) bool) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			return api.vm.ToValue(get(api.decoder(call)))
		}
	}
	return hostClass{
		name: "TextDecoder",
		ctor: api.newDecoder,
		members: []hostMember{
			{name: "encoding", get: func(call goja.FunctionCall) goja.Value {
				return api.vm.ToValue(api.decoder(call).name)
			}},
			{name: "fatal", get: flag(func(td *textDecoder) bool { return td.fatal })},
			{name: "ignoreBOM", get: flag(func(td *textDecoder) bool { return td.ignoreBOM })},
			{name: "decode", fn: api.decodeMethod},
		},
	}
}

func (api *encodingAPI) decoder(call goja.FunctionCall) *textDecoder {
	return hostThis[*textDecoder](api.vm, call.This, "TextDecoder")
}

func (api *encodingAPI) newDecoder(call goja.ConstructorCall) *goja.Object {
	label := "utf-8"
	if v := call.Argument(0); !goja.IsUndefined(v) {
		label = v.ToString().String()
	}
	opts := idlDictionary(api.vm, call.Argument(1), "TextDecoderOptions")
	td, err := newTextDecoder(label)
	if err != nil {
		panicRangeError(api.vm, "TextDecoder: the encoding label %q is not supported", label)
	}
	td.fatal = dictBool(opts, "fatal")
	td.ignoreBOM = dictBool(opts, "ignoreBOM")
	return newHostObject(api.vm, td, call.This.Prototype())
}

func (api *encodingAPI) decodeMethod(call goja.FunctionCall) goja.Value {
	td := api.decoder(call)
	var b []byte
	if v := argOrUndefined(call, 0); !goja.IsUndefined(v) {
		b = api.buf.mustBytes(v, "TextDecoder.decode: input")
	}
	opts := idlDictionary(api.vm, argOrUndefined(call, 1), "TextDecodeOptions")
	s, err := td.decode(b, dictBool(opts, "stream"))
	if err != nil {
		panicTypeError(api.vm, "TextDecoder.decode: the encoded data is not valid %s", td.name)
	}
	return api.vm.ToValue(s)
}

// idlDictionary converts a Web IDL dictionary argument: undefined and null read as an empty
// dictionary, other non-objects throw TypeError. Members are read with Get.
func idlDictionary(vm *goja.Runtime, v goja.Value, what string) *goja.Object {
	if isNullish(v) {
		return vm.NewObject()
	}
	o, ok := v.(*goja.Object)
	if !ok {
		panicTypeError(vm, "%s must be an object", what)
	}
	return o
}

// dictMember reads a dictionary member; a missing one is undefined.
func dictMember(o *goja.Object, name string) goja.Value {
	if v := o.Get(name); v != nil {
		return v
	}
	return goja.Undefined()
}

// dictBool reads a boolean dictionary member (default false).
func dictBool(o *goja.Object, name string) bool { return dictMember(o, name).ToBoolean() }
