package webapi

import (
	"context"
	"testing"

	"github.com/dop251/goja"
)

func TestURLScript(t *testing.T) { runScriptTests(t, "url.js", nil) }

// BenchmarkURLSearchParamsGet measures new URL() plus a searchParams.get, the usual
// first lines of a worker's fetch handler.
func BenchmarkURLSearchParamsGet(b *testing.B) {
	l := newTestLoop(context.Background())
	if err := Install(l); err != nil {
		b.Fatal(err)
	}
	fn, err := l.vm.RunString(`(function (s) {
		const u = new URL(s);
		return u.searchParams.get("page");
	})`)
	if err != nil {
		b.Fatal(err)
	}
	call, _ := goja.AssertFunction(fn)
	arg := l.vm.ToValue("https://shop.example.com/products/list?category=shoes&page=3&sort=price")
	b.ReportAllocs()
	for b.Loop() {
		if v, err := call(goja.Undefined(), arg); err != nil || v.String() != "3" {
			b.Fatal(v, err)
		}
	}
}
