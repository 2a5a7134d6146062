package jsrt

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"
)

// reportRate adds requests per second to a benchmark's output.
func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// benchFetch sends requests from inFlight goroutines to a pool of one isolate: GET (the
// prebuilt response), POST (one awaited 1 ms Go operation) or PUT (one that completes at
// once).
func benchFetch(b *testing.B, method string, inFlight int) {
	p := testPool(b, "fetch/bench.ts", Options{Size: 1})
	inv := Invocation{Env: opEnv{}}
	u, _ := url.Parse("http://localhost/")
	b.SetParallelism(max(1, inFlight/runtime.GOMAXPROCS(0)))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := &http.Request{Method: method, URL: u, Host: u.Host, Header: http.Header{},
				Body: http.NoBody, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
			resp, _, err := p.Fetch(context.Background(), r, inv)
			if err != nil {
				b.Error(err)
				return
			}
			if resp.StatusCode != http.StatusNoContent {
				b.Errorf("status %d", resp.StatusCode)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	reportRate(b)
}

// BenchmarkFetchPrebuilt is a trivial fetch handler returning a prebuilt Response on
// one isolate; run with -cpu 1 for one core.
func BenchmarkFetchPrebuilt(b *testing.B) {
	b.Run("sequential", func(b *testing.B) { benchFetch(b, "GET", 1) })
	b.Run("parallel", func(b *testing.B) { benchFetch(b, "GET", 16) })
}

// BenchmarkFetchAwaitGo64 keeps 64 requests in flight on one isolate, each awaiting a
// 1 ms Go-side operation (and, for comparison, one that completes at once).
func BenchmarkFetchAwaitGo64(b *testing.B) {
	b.Run("1ms", func(b *testing.B) { benchFetch(b, "POST", 64) })
	b.Run("0ms", func(b *testing.B) { benchFetch(b, "PUT", 64) })
}

// BenchmarkCall is an RPC call returning a number, on one isolate.
func BenchmarkCall(b *testing.B) {
	p := testPool(b, "fetch/bench.ts", Options{Size: 1})
	b.ReportAllocs()
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := p.Call(context.Background(), Invocation{}, "call", nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportRate(b)
}

// largeScript returns a script of about size bytes: many modules of classes, functions
// and tables, mostly defined and not run at load, as in a large bundle.
func largeScript(size int) string {
	var sb strings.Builder
	sb.WriteString("var __porticoWorker = (() => {\n")
	for i := 0; sb.Len() < size; i++ {
		fmt.Fprintf(&sb, `  const mod%[1]d = (() => {
    class Widget%[1]d {
      constructor(name, options = {}) { this.name = name; this.options = { size: %[1]d, ...options }; }
      render(items) { return items.filter((x) => x.visible).map((x) => "<li>" + x.label + "</li>").join(""); }
      get size() { return this.options.size; }
      static create(n) { return new Widget%[1]d("w" + n); }
    }
    function format%[1]d(value, unit) {
      if (typeof value !== "number") throw new TypeError("format%[1]d: not a number: " + value);
      const fixed = value.toFixed(2);
      return unit ? fixed + " " + unit : fixed;
    }
    async function load%[1]d(fetcher, key) {
      const response = await fetcher.fetch("https://example.com/items/" + encodeURIComponent(key));
      if (!response.ok) return { error: response.status, key };
      return { data: await response.json(), key };
    }
    const table%[1]d = { id: %[1]d, label: "module number %[1]d", tags: ["a", "b", "c"], limits: [1, 10, 100] };
    return { Widget%[1]d, format%[1]d, load%[1]d, table%[1]d };
  })();
`, i)
	}
	sb.WriteString("  return { default: { fetch() { return new Response(\"large\"); } } };\n})();\n")
	return sb.String()
}

// BenchmarkNewIsolate1MB creates isolates from a compiled 1 MB script.
func BenchmarkNewIsolate1MB(b *testing.B) {
	code := largeScript(1 << 20)
	start := time.Now()
	prg, err := Compile("large.js", code)
	if err != nil {
		b.Fatal(err)
	}
	compile := time.Since(start)
	p, err := NewPool(Options{Name: "large", Program: prg, Size: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		iso, err := newIsolate(p.cfg, 99)
		if err != nil {
			b.Fatal(err)
		}
		iso.close()
		<-iso.done
	}
	b.ReportMetric(float64(len(code))/(1<<20), "MB")
	b.ReportMetric(compile.Seconds()*1000, "compile-ms")
}

// BenchmarkNewIsolateEmpty creates isolates from an empty script: the cost of the Web
// APIs and Portico's globals alone.
func BenchmarkNewIsolateEmpty(b *testing.B) {
	prg, err := Compile("empty.js", "")
	if err != nil {
		b.Fatal(err)
	}
	p, err := NewPool(Options{Name: "empty", Program: prg, Size: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	b.ReportAllocs()
	for b.Loop() {
		iso, err := newIsolate(p.cfg, 99)
		if err != nil {
			b.Fatal(err)
		}
		iso.close()
		<-iso.done
	}
}
