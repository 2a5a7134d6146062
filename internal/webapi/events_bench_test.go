package webapi

import (
	"context"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// benchScript installs the Web APIs and returns the function that src evaluates to.
func benchScript(b *testing.B, src string) (*testLoop, goja.Callable) {
	b.Helper()
	l := newTestLoop(context.Background())
	if err := Install(l); err != nil {
		b.Fatal(err)
	}
	v, err := l.vm.RunString(src)
	if err != nil {
		b.Fatal(err)
	}
	fn, ok := goja.AssertFunction(v)
	if !ok {
		b.Fatal("script did not evaluate to a function")
	}
	return l, fn
}

func BenchmarkEvents(b *testing.B) {
	for _, bc := range []struct{ name, src string }{
		{"dispatch1", `(() => {
			const t = new EventTarget(); let n = 0;
			t.addEventListener("x", () => { n++; });
			return () => t.dispatchEvent(new Event("x"));
		})()`},
		{"addRemove", `(() => {
			const t = new EventTarget(); const f = () => {};
			return () => { t.addEventListener("x", f); t.removeEventListener("x", f); };
		})()`},
		{"abortController", `() => {
			const c = new AbortController(); c.abort(); return c.signal.aborted;
		}`},
		{"newDOMException", `() => new DOMException("m", "AbortError").code`},
		{"anySignal", `() => AbortSignal.any([new AbortController().signal,
			new AbortController().signal]).aborted`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			_, fn := benchScript(b, bc.src)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := fn(goja.Undefined()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAbortSignalOf measures the receiver check that fetch runs on every init.signal.
func BenchmarkAbortSignalOf(b *testing.B) {
	l := newTestLoop(context.Background())
	if err := Install(l); err != nil {
		b.Fatal(err)
	}
	v, err := l.vm.RunString(`new AbortController().signal`)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := abortSignalOf(v); !ok {
			b.Fatal("not a signal")
		}
	}
}

// BenchmarkSetTimeout measures a zero-delay timer from setTimeout to its callback.
func BenchmarkSetTimeout(b *testing.B) {
	l, fn := benchScript(b, `() => { setTimeout(() => {}, 0); }`)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fn(goja.Undefined()); err != nil {
			b.Fatal(err)
		}
		l.drain(b, 5*time.Second)
	}
}
