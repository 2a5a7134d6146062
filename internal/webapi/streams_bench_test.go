package webapi

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/dop251/goja"
)

const benchBody = 1 << 20 // 1 MB

// settled fails b unless v is a fulfilled promise.
func settled(b *testing.B, v goja.Value) {
	b.Helper()
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		b.Fatalf("%v is not a promise", v)
	}
	if p.State() != goja.PromiseStateFulfilled {
		b.Fatalf("promise %v: %v", p.State(), p.Result())
	}
}

// BenchmarkPipeThroughTransform pipes 1 MB in 16 KB chunks from a script's stream
// through a TransformStream into a script's sink.
func BenchmarkPipeThroughTransform(b *testing.B) {
	for _, bc := range []struct{ name, transform string }{
		{"identity", `new TransformStream()`},
		{"script", `new TransformStream({ transform(chunk, c) { c.enqueue(chunk); } })`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			l, fn := benchScript(b, `(() => {
				const chunk = new Uint8Array(16384);
				return () => {
					let i = 0, n = 0;
					const rs = new ReadableStream({
						pull(c) { if (i++ === 64) c.close(); else c.enqueue(chunk); },
					}, { highWaterMark: 0 });
					const sink = new WritableStream({ write(c) { n += c.byteLength; } });
					return rs.pipeThrough(`+bc.transform+`).pipeTo(sink).then(() => {
						if (n !== 1 << 20) throw new Error("piped " + n + " bytes");
					});
				};
			})()`)
			b.SetBytes(benchBody)
			b.ReportAllocs()
			for b.Loop() {
				v, err := fn(goja.Undefined())
				if err != nil {
					b.Fatal(err)
				}
				l.drain(b, 10*time.Second)
				settled(b, v)
			}
		})
	}
}

// BenchmarkBodyThroughTransform is the path of a response body that a worker streams
// through a TransformStream: a Go body (16 KB reads), an identity TransformStream, and
// goReaderOf reading it back on another goroutine.
func BenchmarkBodyThroughTransform(b *testing.B) {
	body := bytes.Repeat([]byte("x"), benchBody)
	l := newTestLoop(b.Context())
	if err := Install(l); err != nil {
		b.Fatal(err)
	}
	pipe, err := l.vm.RunString(`(s) => s.pipeThrough(new TransformStream())`)
	if err != nil {
		b.Fatal(err)
	}
	through, _ := goja.AssertFunction(pipe)
	b.SetBytes(benchBody)
	b.ReportAllocs()
	for b.Loop() {
		src := newReadableFromGo(l, io.NopCloser(&chunkedReader{r: bytes.NewReader(body), n: 16 << 10}))
		out, err := through(goja.Undefined(), src)
		if err != nil {
			b.Fatal(err)
		}
		rc, err := goReaderOf(l, out.(*goja.Object))
		if err != nil {
			b.Fatal(err)
		}
		done := make(chan int64, 1)
		go func() {
			n, _ := io.Copy(io.Discard, rc)
			done <- n
		}()
		l.drain(b, 10*time.Second)
		if n := <-done; n != benchBody {
			b.Fatalf("read %d bytes", n)
		}
	}
}

// chunkedReader reads at most n bytes at a time, as a network body does.
type chunkedReader struct {
	r io.Reader
	n int
}

func (c *chunkedReader) Read(p []byte) (int, error) {
	return c.r.Read(p[:min(len(p), c.n)])
}

// BenchmarkReadGoStream reads a 1 MB Go-backed stream to its end from a script.
func BenchmarkReadGoStream(b *testing.B) {
	body := bytes.Repeat([]byte("y"), benchBody)
	l, fn := benchScript(b, `async (s) => {
		const r = s.getReader();
		let n = 0;
		for (;;) {
			const { value, done } = await r.read();
			if (done) break;
			n += value.byteLength;
		}
		if (n !== 1 << 20) throw new Error("read " + n + " bytes");
	}`)
	b.SetBytes(benchBody)
	b.ReportAllocs()
	for b.Loop() {
		s := newReadableFromGo(l, io.NopCloser(bytes.NewReader(body)))
		v, err := fn(goja.Undefined(), s)
		if err != nil {
			b.Fatal(err)
		}
		l.drain(b, 10*time.Second)
		settled(b, v)
	}
}

// BenchmarkGoReaderOfUntouched is the pass-through of a body no script read: the
// original reader comes back without a copy.
func BenchmarkGoReaderOfUntouched(b *testing.B) {
	l := newTestLoop(b.Context())
	if err := Install(l); err != nil {
		b.Fatal(err)
	}
	body := io.NopCloser(bytes.NewReader(nil))
	b.ReportAllocs()
	for b.Loop() {
		rc, err := goReaderOf(l, newReadableFromGo(l, body))
		if err != nil || rc != body {
			b.Fatal("not handed over", err)
		}
	}
	l.drain(b, time.Second)
}
