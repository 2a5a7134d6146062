package webapi

import (
	"context"
	"testing"

	"github.com/dop251/goja"
)

func TestCryptoScript(t *testing.T) { runScriptTests(t, "crypto.js", nil) }

// BenchmarkDigestSHA256_1K measures crypto.subtle.digest("SHA-256") of 1 KB, up to the
// settled promise.
func BenchmarkDigestSHA256_1K(b *testing.B) {
	l := newTestLoop(context.Background())
	if err := Install(l); err != nil {
		b.Fatal(err)
	}
	fn, err := l.vm.RunString(`(function () {
		const data = new Uint8Array(1024).fill(7);
		return () => crypto.subtle.digest("SHA-256", data);
	})()`)
	if err != nil {
		b.Fatal(err)
	}
	call, _ := goja.AssertFunction(fn)
	b.ReportAllocs()
	for b.Loop() {
		v, err := call(goja.Undefined())
		if err != nil {
			b.Fatal(err)
		}
		if p := v.Export().(*goja.Promise); p.State() != goja.PromiseStateFulfilled {
			b.Fatal("digest did not settle inline")
		}
	}
}
