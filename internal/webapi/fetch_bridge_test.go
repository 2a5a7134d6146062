package webapi

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// newFetchLoop returns a test loop with the Web APIs installed and ctx as the
// invocation's context.
func newFetchLoop(t testing.TB, ctx context.Context) *testLoop {
	t.Helper()
	l := newTestLoop(ctx)
	if err := Install(l); err != nil {
		t.Fatal(err)
	}
	return l
}

// await calls the function that src evaluates to with args, runs the loop until it is
// idle, and returns what the returned promise resolved to (or the value itself).
func await(t testing.TB, l *testLoop, src string, args ...goja.Value) goja.Value {
	t.Helper()
	fv, err := l.vm.RunString(src)
	if err != nil {
		t.Fatal(err)
	}
	fn, ok := goja.AssertFunction(fv)
	if !ok {
		t.Fatalf("%s is not a function", src)
	}
	v, err := fn(goja.Undefined(), args...)
	if err != nil {
		t.Fatal(err)
	}
	l.drain(t, 10*time.Second)
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		return v
	}
	switch p.State() {
	case goja.PromiseStateRejected:
		t.Fatalf("promise rejected: %v", p.Result())
	case goja.PromiseStatePending:
		t.Fatal("promise still pending")
	}
	return p.Result()
}

// fetcherFunc adapts a function to Fetcher.
type fetcherFunc func(ctx context.Context, r *http.Request) (*http.Response, error)

func (f fetcherFunc) Fetch(ctx context.Context, r *http.Request) (*http.Response, error) {
	return f(ctx, r)
}

// trackedBody is a request body that records reads and closes.
type trackedBody struct {
	io.Reader
	mu     sync.Mutex
	reads  int
	closed bool
}

func (b *trackedBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	b.reads++
	b.mu.Unlock()
	return b.Reader.Read(p)
}

func (b *trackedBody) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	return nil
}

func TestNewRequest(t *testing.T) {
	l := newFetchLoop(t, context.Background())
	body := &trackedBody{Reader: strings.NewReader(`{"name":"portico","n":[1,2]}`)}
	r := httptest.NewRequest("post", "/api/items?x=1", body)
	r.Host = "Example.COM:8080"
	r.Header.Set("Content-Type", "application/json")
	r.Header.Add("X-Multi", "a")
	r.Header.Add("X-Multi", "b")
	req, err := NewRequest(l, r)
	if err != nil {
		t.Fatal(err)
	}
	if body.reads != 0 {
		t.Fatal("NewRequest read the body")
	}
	got := await(t, l, `async (req) => {
		const out = [req.method, req.url, req.headers.get("x-multi"), req.headers.get("content-type"),
			req.cf.httpProtocol, req.signal.aborted, req.bodyUsed];
		let threw = "";
		try { req.headers.set("x", "1"); } catch (e) { threw = e.name; }
		out.push(threw);
		const data = await req.json();
		out.push(data.name, data.n.length, req.bodyUsed);
		return out.join("|");
	}`, req)
	want := "POST|http://example.com:8080/api/items?x=1|a, b|application/json|HTTP/1.1|false|false|" +
		"TypeError|portico|2|true"
	if got.String() != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !body.closed {
		t.Error("the body was not closed after a full read")
	}
}

func TestNewRequestShapes(t *testing.T) {
	l := newFetchLoop(t, context.Background())
	tests := []struct {
		name string
		req  func() *http.Request
		want string
	}{
		{"GET body is null", func() *http.Request {
			return httptest.NewRequest("GET", "http://a.test/", strings.NewReader("ignored"))
		}, "GET|http://a.test/|"},
		{"HEAD", func() *http.Request {
			return httptest.NewRequest("HEAD", "http://a.test/x", nil)
		}, "HEAD|http://a.test/x|"},
		{"TLS means https", func() *http.Request {
			return httptest.NewRequest("DELETE", "https://secure.test/p", nil)
		}, "DELETE|https://secure.test/p|"},
		{"absolute URL wins", func() *http.Request {
			r := httptest.NewRequest("PUT", "/rel", strings.NewReader("b"))
			r.URL.Scheme, r.URL.Host = "https", "abs.test"
			return r
		}, "PUT|https://abs.test/rel|b"},
		{"URL is normalised", func() *http.Request {
			return httptest.NewRequest("GET", "http://A.test:80/a/%7e/../b", nil)
		}, "GET|http://a.test/a/b|"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := NewRequest(l, tt.req())
			if err != nil {
				t.Fatal(err)
			}
			got := await(t, l, `async (r) => [r.method, r.url, await r.text()].join("|")`, req)
			if got.String() != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
	if _, err := NewRequest(newTestLoop(context.Background()), httptest.NewRequest("GET", "/", nil)); err == nil {
		t.Error("NewRequest without the Web APIs installed did not fail")
	}
}

func TestResponseOf(t *testing.T) {
	l := newFetchLoop(t, context.Background())
	v := await(t, l, `() => new Response("héllo", {status: 201, statusText: "Made",
		headers: [["X-A", "1"], ["Set-Cookie", "a=1"], ["set-cookie", "b=2"]]})`)
	resp, err := ResponseOf(l, v)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 201 || resp.Status != "201 Made" {
		t.Errorf("status %d %q", resp.StatusCode, resp.Status)
	}
	if got := resp.Header.Get("Content-Type"); got != "text/plain;charset=UTF-8" {
		t.Errorf("Content-Type %q", got)
	}
	if got := resp.Header.Values("Set-Cookie"); len(got) != 2 {
		t.Errorf("Set-Cookie %q", got)
	}
	if resp.ContentLength != int64(len("héllo")) {
		t.Errorf("ContentLength %d", resp.ContentLength)
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "héllo" {
		t.Errorf("body %q", b)
	}
	// The copy of the headers is the caller's; the script's Response reads as before.
	resp.Header.Set("X-A", "changed")
	if got := await(t, l, `(r) => r.headers.get("x-a") + "|" + r.bodyUsed`, v).String(); got != "1|true" {
		t.Errorf("after ResponseOf: %s", got)
	}
	if _, err := ResponseOf(l, v); err == nil || !strings.HasPrefix(err.Error(), "TypeError: ") {
		t.Errorf("second ResponseOf of a used body: %v", err)
	}

	empty, err := ResponseOf(l, await(t, l, `() => new Response(null, {status: 204})`))
	if err != nil {
		t.Fatal(err)
	}
	if empty.Body != http.NoBody || empty.ContentLength != 0 || empty.Status != "204 No Content" {
		t.Errorf("null body: %v %d %q", empty.Body, empty.ContentLength, empty.Status)
	}

	for _, src := range []string{`() => 42`, `() => ({status: 200})`, `() => Response.error()`,
		`() => new Request("https://x.test/")`, `() => undefined`} {
		_, err := ResponseOf(l, await(t, l, src))
		if err == nil || !strings.HasPrefix(err.Error(), "TypeError: ") {
			t.Errorf("ResponseOf(%s) = %v, want a TypeError text", src, err)
		}
	}
}

func TestFetcherPassesBodiesThrough(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "asset.txt")
	if err := os.WriteFile(path, []byte("asset bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	var gotBody io.ReadCloser
	var gotCtx context.Context
	var file *os.File
	assets := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		gotBody, gotCtx = r.Body, ctx
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		file = f
		h := http.Header{}
		h.Set("Content-Type", "text/plain")
		return &http.Response{StatusCode: 200, Header: h, Body: f, ContentLength: 11,
			Request: r}, nil
	})
	type ctxKey struct{}
	ctx := context.WithValue(context.Background(), ctxKey{}, "invocation")
	l := newFetchLoop(t, ctx)
	reqBody := &trackedBody{Reader: strings.NewReader("upload")}
	req, err := NewRequest(l, httptest.NewRequest("POST", "http://site.test/up", reqBody))
	if err != nil {
		t.Fatal(err)
	}
	env := l.vm.NewObject()
	_ = env.Set("ASSETS", NewFetcher(l, assets))
	v := await(t, l, `async (req, env) => {
		const res = await env.ASSETS.fetch(req);
		res.headers.append("Cache-Control", "max-age=180");
		return res;
	}`, req, env)
	if gotBody != reqBody {
		t.Errorf("the Fetcher got body %T, want the request's own", gotBody)
	}
	if gotCtx.Value(ctxKey{}) != "invocation" {
		t.Error("the Fetcher's context does not carry the invocation's values")
	}
	resp, err := ResponseOf(l, v)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Body != io.ReadCloser(file) {
		t.Errorf("ResponseOf body is %T, want the Fetcher's *os.File", resp.Body)
	}
	if resp.ContentLength != 11 {
		t.Errorf("ContentLength %d", resp.ContentLength)
	}
	if got := resp.Header.Get("Cache-Control"); got != "max-age=180" {
		t.Errorf("the appended header is missing: %q", got)
	}
	if reqBody.reads != 0 {
		t.Error("the request body was read")
	}
	resp.Body.Close()
}

func TestFetcherResponseIsMutableAndReadable(t *testing.T) {
	echo := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(r.Body)
		h := http.Header{"X-Method": {r.Method}, "X-Url": {r.URL.String()}}
		h.Set("X-Header", r.Header.Get("X-In"))
		return &http.Response{StatusCode: 202, Status: "202 Taken", Header: h,
			Body: io.NopCloser(strings.NewReader("echo:" + string(b))), ContentLength: -1}, nil
	})
	l := newFetchLoop(t, context.Background())
	env := l.vm.NewObject()
	_ = env.Set("SVC", NewFetcher(l, echo))
	got := await(t, l, `async (env) => {
		const res = await env.SVC.fetch("https://svc.test/a?b#frag", {method: "PATCH", body: "data",
			headers: {"X-In": "in"}});
		res.headers.set("X-Added", "yes");
		return [res.status, res.statusText, res.url, res.headers.get("x-method"),
			res.headers.get("x-url"), res.headers.get("x-header"), res.headers.get("x-added"),
			await res.text()].join("|");
	}`, env)
	want := "202|Taken|https://svc.test/a?b|PATCH|https://svc.test/a?b#frag|in|yes|echo:data"
	if got.String() != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	rejected := await(t, l, `(env) => env.SVC.fetch("/relative").then(() => "resolved", (e) => e.name)`, env)
	if rejected.String() != "TypeError" {
		t.Errorf("relative URL: %s", rejected)
	}
	wrong := await(t, l, `(env) => env.SVC.fetch.call({}, "https://x.test/").then(() => "resolved",
		(e) => e.name)`, env)
	if wrong.String() != "TypeError" {
		t.Errorf("wrong receiver: %s", wrong)
	}
}

func TestSameOriginFetchGoesToTheFetcher(t *testing.T) {
	network := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-From", "network")
		io.WriteString(w, "net")
	}))
	defer network.Close()
	var seen []string
	origin := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		seen = append(seen, r.URL.String())
		return &http.Response{StatusCode: 200, Header: http.Header{"X-From": {"origin"}},
			Body: io.NopCloser(strings.NewReader("origin"))}, nil
	})
	ctx := WithSameOrigin(context.Background(), "https://app.test", origin)
	l := newFetchLoop(t, ctx)
	got := await(t, l, `async (net) => {
		const a = await fetch("https://APP.test:443/page?q");
		a.headers.set("x-mutable", "1");
		const b = await fetch(net + "/x");
		let immutable = "";
		try { b.headers.set("x", "1"); } catch (e) { immutable = e.name; }
		const c = await fetch(new Request("https://app.test/post", {method: "POST", body: "b"}));
		return [a.headers.get("x-from"), await a.text(), b.headers.get("x-from"), await b.text(),
			immutable, c.headers.get("x-from")].join("|");
	}`, l.vm.ToValue(network.URL))
	if want := "origin|origin|network|net|TypeError|origin"; got.String() != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if want := "https://app.test/page?q,https://app.test/post"; strings.Join(seen, ",") != want {
		t.Errorf("origin saw %v", seen)
	}
}

func TestResponseOfFixesAStaleContentLength(t *testing.T) {
	l := newFetchLoop(t, context.Background())
	for _, tt := range []struct{ src, want string }{
		{`() => new Response("longer body", {headers: {"Content-Length": "3"}})`, "11"},
		{`() => new Response("abc", {headers: {"Content-Length": "3"}})`, "3"},
		{`() => new Response(null, {status: 200, headers: {"Content-Length": "99"}})`, "99"},
		{`() => new Response("x")`, ""},
	} {
		resp, err := ResponseOf(l, await(t, l, tt.src))
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.Header.Get("Content-Length"); got != tt.want {
			t.Errorf("%s: Content-Length %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestFetcherErrorsAndAbort(t *testing.T) {
	failing := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		return nil, io.ErrUnexpectedEOF
	})
	empty := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		return nil, nil
	})
	canceled := make(chan error, 1)
	waiting := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		<-ctx.Done()
		canceled <- ctx.Err()
		return nil, ctx.Err()
	})
	l := newFetchLoop(t, context.Background())
	env := l.vm.NewObject()
	_ = env.Set("FAIL", NewFetcher(l, failing))
	_ = env.Set("EMPTY", NewFetcher(l, empty))
	_ = env.Set("WAIT", NewFetcher(l, waiting))
	got := await(t, l, `async (env) => {
		const out = [];
		for (const f of [env.FAIL, env.EMPTY]) {
			try { await f.fetch("https://x.test/"); out.push("resolved"); }
			catch (e) { out.push(e.name + ":" + e.message); }
		}
		const ac = new AbortController();
		const p = env.WAIT.fetch("https://x.test/", {signal: ac.signal});
		ac.abort(new Error("stop"));
		try { await p; out.push("resolved"); } catch (e) { out.push(e.message); }
		return out.join("|");
	}`, env)
	want := "TypeError:fetch https://x.test/: unexpected EOF|" +
		"TypeError:fetch https://x.test/: the fetcher returned no response|stop"
	if got.String() != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	select {
	case err := <-canceled:
		if err != context.Canceled {
			t.Errorf("the Fetcher's context ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("an abort did not cancel the Fetcher's context")
	}
}

func TestDroppedFetcherBodyIsClosedWhenTheInvocationEnds(t *testing.T) {
	bodies := make(chan *trackedBody, 2)
	f := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		b := &trackedBody{Reader: strings.NewReader("unread")}
		bodies <- b
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: b}, nil
	})
	ctx, end := context.WithCancel(context.Background())
	l := newFetchLoop(t, ctx)
	env := l.vm.NewObject()
	_ = env.Set("F", NewFetcher(l, f))
	kept := await(t, l, `async (env) => { await env.F.fetch("https://x.test/dropped");
		return env.F.fetch("https://x.test/returned"); }`, env)
	dropped, returned := <-bodies, <-bodies
	resp, err := ResponseOf(l, kept)
	if err != nil {
		t.Fatal(err)
	}
	end()
	deadline := time.Now().Add(5 * time.Second)
	for {
		dropped.mu.Lock()
		closed := dropped.closed
		dropped.mu.Unlock()
		if closed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the dropped body is still open after the invocation ended")
		}
		time.Sleep(time.Millisecond)
	}
	returned.mu.Lock()
	defer returned.mu.Unlock()
	if returned.closed || resp.Body != io.ReadCloser(returned) {
		t.Error("the returned body was closed or replaced")
	}
}

func TestClonedFetcherBodyHandedOffOnce(t *testing.T) {
	src := &trackedBody{Reader: strings.NewReader("shared body")}
	f := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: src}, nil
	})
	ctx, end := context.WithCancel(context.Background())
	l := newFetchLoop(t, ctx)
	env := l.vm.NewObject()
	_ = env.Set("F", NewFetcher(l, f))
	v := await(t, l, `async (env) => {
		const res = await env.F.fetch("https://x.test/");
		globalThis.dropped = res.clone();
		return res;
	}`, env)
	resp, err := ResponseOf(l, v)
	if err != nil {
		t.Fatal(err)
	}
	end()
	time.Sleep(10 * time.Millisecond) // let the invocation's end (its own goroutine) run
	b, err := io.ReadAll(resp.Body)
	if err != nil || string(b) != "shared body" {
		t.Fatalf("the returned branch read %q, %v", b, err)
	}
	src.mu.Lock()
	closedBefore := src.closed
	src.mu.Unlock()
	if closedBefore {
		t.Fatal("the source closed while the returned branch was open")
	}
	resp.Body.Close()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		src.mu.Lock()
		closed := src.closed
		src.mu.Unlock()
		if closed {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the source stayed open after both branches were done")
		}
	}
}

func TestAppendDoesNotWriteSharedHeaderValues(t *testing.T) {
	shared := make([]string, 1, 4)
	shared[0] = "text/html"
	f := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Vary": shared[:1]},
			Body: http.NoBody}, nil
	})
	l := newFetchLoop(t, context.Background())
	env := l.vm.NewObject()
	_ = env.Set("F", NewFetcher(l, f))
	await(t, l, `async (env) => {
		const a = await env.F.fetch("https://x.test/");
		a.headers.append("Vary", "Accept");
		const b = await env.F.fetch("https://x.test/");
		b.headers.append("Vary", "Cookie");
		if (a.headers.get("vary") !== "text/html, Accept") throw new Error(a.headers.get("vary"));
	}`, env)
	if got := shared[:2][1]; got != "" {
		t.Errorf("append wrote %q into the Fetcher's slice", got)
	}
}
