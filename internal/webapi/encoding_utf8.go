package webapi

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// errInvalidUTF8 is what a fatal UTF-8 decode reports on malformed input.
var errInvalidUTF8 = errors.New("decode utf-8: the encoded data was not valid")

// utf8Decoder is the UTF-8 decoder of the Encoding standard
// (https://encoding.spec.whatwg.org/#utf-8-decoder). Unlike Go's own decoding, each
// maximal invalid subsequence becomes one U+FFFD ("\xE2\x82" is one error, not two),
// which is what every browser does. It keeps state between chunks for streaming.
type utf8Decoder struct {
	cp           rune
	seen, needed int
	lower, upper byte
}

// decode appends the decoding of b to out. When stream is false the input ends with b
// and an unfinished sequence is an error. With fatal set the first error stops decoding
// and is returned; otherwise errors become U+FFFD.
func (d *utf8Decoder) decode(out *strings.Builder, b []byte, stream, fatal bool) error {
	if d.needed == 0 && utf8.Valid(b) {
		// Fast path: whole runes only (Valid rejects a cut-off last rune), nothing
		// carried over.
		out.Write(b)
		return nil
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if d.needed == 0 {
			if !d.start(out, c) {
				if fatal {
					return errInvalidUTF8
				}
				out.WriteRune(utf8.RuneError)
			}
			continue
		}
		if c < d.lower || c > d.upper {
			d.reset()
			if fatal {
				return errInvalidUTF8
			}
			out.WriteRune(utf8.RuneError)
			i-- // the standard prepends the byte to the stream: process it again
			continue
		}
		d.lower, d.upper = 0x80, 0xBF
		d.cp = d.cp<<6 | rune(c&0x3F)
		d.seen++
		if d.seen == d.needed {
			out.WriteRune(d.cp)
			d.reset()
		}
	}
	if !stream && d.needed != 0 {
		d.reset()
		if fatal {
			return errInvalidUTF8
		}
		out.WriteRune(utf8.RuneError)
	}
	return nil
}

// start handles a byte that begins a sequence; it reports false for a byte that cannot.
func (d *utf8Decoder) start(out *strings.Builder, c byte) bool {
	switch {
	case c < 0x80:
		out.WriteByte(c)
	case c >= 0xC2 && c <= 0xDF:
		d.needed, d.cp = 1, rune(c&0x1F)
	case c >= 0xE0 && c <= 0xEF:
		if c == 0xE0 {
			d.lower = 0xA0
		} else if c == 0xED {
			d.upper = 0x9F
		}
		d.needed, d.cp = 2, rune(c&0x0F)
	case c >= 0xF0 && c <= 0xF4:
		if c == 0xF0 {
			d.lower = 0x90
		} else if c == 0xF4 {
			d.upper = 0x8F
		}
		d.needed, d.cp = 3, rune(c&0x07)
	default:
		return false
	}
	return true
}

// reset returns d to its initial state; a zero utf8Decoder must be reset before use.
func (d *utf8Decoder) reset() { *d = utf8Decoder{lower: 0x80, upper: 0xBF} }

// newUTF8Decoder returns a decoder in its initial state.
func newUTF8Decoder() *utf8Decoder {
	d := &utf8Decoder{}
	d.reset()
	return d
}

// decodeUTF8 decodes b with replacement, as "UTF-8 decode without BOM" does.
func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + 8)
	_ = newUTF8Decoder().decode(&sb, b, false, false)
	return sb.String()
}
