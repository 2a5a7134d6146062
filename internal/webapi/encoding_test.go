package webapi

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dop251/goja"
)

func TestEncodingScript(t *testing.T) { runScriptTests(t, "encoding.js", nil) }

func TestUTF8DecoderMatchesStandard(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", ""},
		{"abc", "abc"},
		{"\xE2\x82\xAC", "€"},
		{"\xE2\x82", "\uFFFD"},
		{"\xE2\x82A", "\uFFFDA"},
		{"\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"}, // above U+10FFFF
		{"\xF0\x80\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"}, // overlong
		{"\xE0\x80", "\uFFFD\uFFFD"},
		{"\xC2\xC2\xA9", "\uFFFD©"},
		{"\xFF\xFE", "\uFFFD\uFFFD"},
	}
	for _, tt := range tests {
		if got := decodeUTF8([]byte(tt.in)); got != tt.want {
			t.Errorf("decodeUTF8(%q) = %q, want %q", tt.in, got, tt.want)
		}
		var sb strings.Builder
		d := newUTF8Decoder()
		for i := range len(tt.in) {
			if err := d.decode(&sb, []byte{tt.in[i]}, true, false); err != nil {
				t.Fatal(err)
			}
		}
		_ = d.decode(&sb, nil, false, false)
		if sb.String() != tt.want {
			t.Errorf("byte-wise stream of %q = %q, want %q", tt.in, sb.String(), tt.want)
		}
	}
}

// BenchmarkTextEncoderEncode1K measures TextEncoder.encode of a 1 KB string, ASCII and
// with some non-ASCII letters (which goja stores as UTF-16).
func BenchmarkTextEncoderEncode1K(b *testing.B) {
	for _, bc := range []struct{ name, unit string }{
		{"ascii", "hello world "},
		{"mixed", "héllo wörld "},
	} {
		b.Run(bc.name, func(b *testing.B) {
			l := newTestLoop(context.Background())
			if err := Install(l); err != nil {
				b.Fatal(err)
			}
			fn, err := l.vm.RunString(`(function (unit) {
				const te = new TextEncoder();
				const s = unit.repeat(100).slice(0, 1000);
				return () => te.encode(s).length;
			})`)
			if err != nil {
				b.Fatal(err)
			}
			mk, _ := goja.AssertFunction(fn)
			f, err := mk(goja.Undefined(), l.vm.ToValue(bc.unit))
			if err != nil {
				b.Fatal(err)
			}
			call, _ := goja.AssertFunction(f)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := call(goja.Undefined()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzUTF8Decoder checks that decoding in chunks of any size gives the same string as
// decoding at once, and that valid input comes out unchanged.
func FuzzUTF8Decoder(f *testing.F) {
	for _, s := range []string{"", "a€😀", "\xE2\x82", "\xF0\x9F\x98", "\xED\xA0\x80x", "\xC0\xAF"} {
		f.Add([]byte(s), uint8(1))
	}
	f.Fuzz(func(t *testing.T, b []byte, chunk uint8) {
		whole := decodeUTF8(b)
		if utf8.Valid(b) && whole != string(b) {
			t.Fatalf("valid input changed: %q -> %q", b, whole)
		}
		n := int(chunk%7) + 1
		var sb strings.Builder
		d := newUTF8Decoder()
		for i := 0; i < len(b); i += n {
			_ = d.decode(&sb, b[i:min(i+n, len(b))], true, false)
		}
		_ = d.decode(&sb, nil, false, false)
		if sb.String() != whole {
			t.Fatalf("chunks of %d: %q, whole: %q", n, sb.String(), whole)
		}
	})
}
