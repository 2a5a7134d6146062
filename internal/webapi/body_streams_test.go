package webapi

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBodyStreamScript(t *testing.T) { runScriptTests(t, "body_streams.js", nil) }

// readResponse reads resp's body on another goroutine while the loop runs, as the
// server does with a body that JavaScript produces.
func readResponse(t *testing.T, l *testLoop, resp *http.Response) string {
	t.Helper()
	done := make(chan string, 1)
	go func() {
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			b = []byte("error: " + err.Error())
		}
		resp.Body.Close()
		done <- string(b)
	}()
	l.drain(t, 10*time.Second)
	select {
	case s := <-done:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("the body was not read")
		return ""
	}
}

// TestBodyStreamPassesThrough checks that a body a script only passes on as a stream
// (new Response(res.body, res)) comes out of ResponseOf as the Fetcher's own file.
func TestBodyStreamPassesThrough(t *testing.T) {
	path := filepath.Join(t.TempDir(), "asset.txt")
	if err := os.WriteFile(path, []byte("asset bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	var file *os.File
	assets := fetcherFunc(func(ctx context.Context, r *http.Request) (*http.Response, error) {
		f, err := os.Open(path)
		file = f
		return &http.Response{StatusCode: 200, Header: http.Header{}, Body: f, Request: r}, err
	})
	l := newFetchLoop(t, context.Background())
	env := l.vm.NewObject()
	_ = env.Set("ASSETS", NewFetcher(l, assets))
	v := await(t, l, `async (env) => {
		const res = await env.ASSETS.fetch("http://site.test/asset.txt");
		const wrapped = new Response(res.body, res);
		if (wrapped.body !== res.body) {
			throw new Error("the stream should be the new response's body");
		}
		return wrapped;
	}`, env)
	resp, err := ResponseOf(l, v)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Body != io.ReadCloser(file) {
		t.Fatalf("ResponseOf body is %T, want the Fetcher's *os.File", resp.Body)
	}
	resp.Body.Close()
}

// TestFetchThroughTransformStream fetches from a loopback server and streams the body
// through TransformStreams to the Go side, chunk by chunk.
func TestFetchThroughTransformStream(t *testing.T) {
	srv := newTestServer(t)
	l := newFetchLoop(t, context.Background())
	v := await(t, l, `async (url) => {
		const upstream = await fetch(url + "/drip");
		const upper = new TransformStream({
			transform(chunk, c) { c.enqueue(chunk.toUpperCase()); },
		});
		const body = upstream.body
			.pipeThrough(new TextDecoderStream())
			.pipeThrough(upper)
			.pipeThrough(new TextEncoderStream());
		return new Response(body, { headers: { "Content-Type": "text/plain" } });
	}`, l.vm.ToValue(srv.URL))
	resp, err := ResponseOf(l, v)
	if err != nil {
		t.Fatal(err)
	}
	got := readResponse(t, l, resp)
	if want := "CHUNK0;CHUNK1;CHUNK2;CHUNK3;CHUNK4;"; got != want {
		t.Errorf("body %q, want %q", got, want)
	}
}

// TestRequestBodyAsStream reads an incoming request's body through request.body.
func TestRequestBodyAsStream(t *testing.T) {
	l := newFetchLoop(t, context.Background())
	body := &trackedBody{Reader: strings.NewReader("uploaded bytes")}
	req, err := NewRequest(l, httptest.NewRequest("POST", "http://site.test/up", body))
	if err != nil {
		t.Fatal(err)
	}
	v := await(t, l, `async (req) => {
		const r = req.body.getReader();
		let n = 0;
		for (;;) { const { value, done } = await r.read(); if (done) break; n += value.byteLength; }
		return n + ":" + req.bodyUsed;
	}`, req)
	if got := v.String(); got != "14:true" {
		t.Errorf("got %q", got)
	}
	if !body.closed {
		t.Error("the request body was not closed at its end")
	}
}
