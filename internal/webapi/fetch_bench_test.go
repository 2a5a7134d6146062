package webapi

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func BenchmarkResponse(b *testing.B) {
	for _, bc := range []struct{ name, src string }{
		{"newWithHeaders+reads", `() => {
			const r = new Response("hello world", {headers: {"content-type": "text/plain",
				"cache-control": "max-age=60", "x-request-id": "abc"}});
			return r.headers.get("Content-Type").length + r.headers.has("x-request-id") +
				(r.headers.get("missing") === null) + r.status;
		}`},
		{"json", `() => Response.json({ok: true, items: [1, 2, 3]}).headers.get("content-type")`},
		{"headersAppendIterate", `() => {
			const h = new Headers();
			h.append("a", "1"); h.append("b", "2"); h.append("A", "3");
			let n = 0;
			for (const [k, v] of h) n += k.length + v.length;
			return n;
		}`},
		{"newRequest", `() => new Request("https://example.com/a?b=1", {method: "POST",
			body: "x", headers: {"x-a": "1"}}).headers.get("content-type")`},
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

// BenchmarkResponseOf measures a handler's Response turned into an http.Response.
func BenchmarkResponseOf(b *testing.B) {
	l, fn := benchScript(b, `() => new Response("hello world", {headers: {"x-a": "1"}})`)
	b.ReportAllocs()
	for b.Loop() {
		v, err := fn(goja.Undefined())
		if err != nil {
			b.Fatal(err)
		}
		resp, err := ResponseOf(l, v)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}

// identityBody is a response body whose identity the pass-through benchmark checks: the
// stand-in for an asset's *os.File.
type identityBody struct{ *bytes.Reader }

func (identityBody) Close() error { return nil }

// BenchmarkPassThrough runs a middleware handler that sends the incoming request to
// its origin (a Fetcher), sets a header on the response and returns it, from
// NewRequest to ResponseOf. The body is not read, so bytes allocated per request must
// not grow with its size: compare the B/op of the sizes. The "read" variant, which
// re-wraps the text of the body, shows what a copy costs.
func BenchmarkPassThrough(b *testing.B) {
	const passOn = `async (req, env) => {
		const res = await env.ORIGIN.fetch(req);
		res.headers.set("x-middleware", "1");
		return res;
	}`
	const readAll = `async (req, env) => {
		const res = await env.ORIGIN.fetch(req);
		return new Response(await res.text(), res);
	}`
	u, _ := url.Parse("http://site.test/asset.bin")
	for _, bc := range []struct {
		name, src string
		size      int
		same      bool
	}{
		{"untouched/1KiB", passOn, 1 << 10, true},
		{"untouched/1MiB", passOn, 1 << 20, true},
		{"read/1KiB", readAll, 1 << 10, false},
		{"read/1MiB", readAll, 1 << 20, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			payload := bytes.Repeat([]byte("x"), bc.size)
			var body identityBody
			origin := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
				body = identityBody{bytes.NewReader(payload)}
				return &http.Response{StatusCode: 200, Header: http.Header{
					"Content-Type": {"application/octet-stream"}}, Body: body,
					ContentLength: int64(len(payload))}, nil
			})
			l, fn := benchScript(b, passOn)
			if bc.src != passOn {
				v, err := l.vm.RunString(bc.src)
				if err != nil {
					b.Fatal(err)
				}
				fn, _ = goja.AssertFunction(v)
			}
			env := l.vm.NewObject()
			_ = env.Set("ORIGIN", NewFetcher(l, origin))
			b.ReportAllocs()
			for b.Loop() {
				r := &http.Request{Method: "GET", URL: u, Host: u.Host, Proto: "HTTP/1.1",
					ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{"Accept": {"*/*"}},
					Body: http.NoBody}
				req, err := NewRequest(l, r)
				if err != nil {
					b.Fatal(err)
				}
				v, err := fn(goja.Undefined(), req, env)
				if err != nil {
					b.Fatal(err)
				}
				l.drain(b, 5*time.Second)
				resp, err := ResponseOf(l, v.Export().(*goja.Promise).Result())
				if err != nil {
					b.Fatal(err)
				}
				if bc.same && resp.Body != io.ReadCloser(body) {
					b.Fatalf("the body was replaced: %T", resp.Body)
				}
				if resp.ContentLength != int64(bc.size) {
					b.Fatalf("ContentLength %d", resp.ContentLength)
				}
				resp.Body.Close()
			}
		})
	}
}
