package server

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portico-dev/portico/internal/config"
	"github.com/portico-dev/portico/internal/pipeline"
)

// runner is a fake script: fetch is its handler.
type runner struct {
	fetch func(ctx context.Context, r *http.Request, inv pipeline.Invocation) (*http.Response,
		error)
}

func (f runner) Fetch(ctx context.Context, r *http.Request,
	inv pipeline.Invocation) (*http.Response, error) {
	return f.fetch(ctx, r, inv)
}

func (runner) Call(context.Context, pipeline.Invocation, string, []any) (any, error) {
	return nil, fmt.Errorf("no rpc")
}

func (runner) Close() error { return nil }

func reply(body string) runner {
	return runner{func(ctx context.Context, r *http.Request, inv pipeline.Invocation) (
		*http.Response, error) {
		return textResponse(r, 200, body+" "+r.URL.String()), nil
	}}
}

func textResponse(r *http.Request, status int, body string) *http.Response {
	return &http.Response{StatusCode: status, Header: http.Header{}, Request: r,
		Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body))}
}

// tagger is a middleware adding X-Mw to what ORIGIN answers.
var tagger = runner{func(ctx context.Context, r *http.Request, inv pipeline.Invocation) (
	*http.Response, error) {
	resp, err := inv.Env.Origin.Target.Fetch(ctx, r)
	if err == nil {
		resp.Header.Set("X-Mw", "yes")
	}
	return resp, err
}}

func cfg(name string, mw []string, routes ...string) *config.Config {
	c := &config.Config{Name: name, Main: "/" + name + ".ts", Middleware: mw}
	for _, p := range routes {
		c.Routes = append(c.Routes, config.Route{Pattern: p})
	}
	return c
}

func newWorker(c *config.Config, r pipeline.Runner) *pipeline.Worker {
	return pipeline.NewWorker(&pipeline.Worker{Config: c, Code: r})
}

// serve runs a Server on loopback until the test ends; it returns its base URL.
func serve(t *testing.T, opts Options, workers ...*pipeline.Worker) (*Server, string,
	context.CancelFunc, chan error) {
	t.Helper()
	set, _, err := pipeline.Compile(workers, pipeline.Options{ErrorPage: ErrorPage(opts.Dev),
		Report: func(error) {}})
	if err != nil {
		t.Fatal(err)
	}
	s := New(opts)
	s.Swap(set)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return s, "http://" + ln.Addr().String(), cancel, done
}

func do(t *testing.T, method, url, host string, body io.Reader, hdr ...string) (*http.Response,
	string) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// syncBuffer is a bytes.Buffer safe for the server's and the test's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

func TestHostRouting(t *testing.T) {
	mw := &config.Config{Name: "mw", Main: "/mw.ts", Origin: &config.Origin{Binding: "ORIGIN"}}
	var out syncBuffer
	_, base, _, _ := serve(t, Options{Out: &out},
		newWorker(cfg("one", []string{"mw"}, "one.test/*"), reply("one")),
		newWorker(mw, tagger),
		newWorker(cfg("two", []string{"mw"}, "two.test/*"), reply("two")),
		newWorker(cfg("plain", nil, "plain.test/*"), reply("plain")),
	)
	port := strings.TrimPrefix(base, "http://127.0.0.1")
	tests := []struct{ host, body, mw string }{
		{"", "one " + base + "/p?q=1", "yes"},
		{"localhost" + port, "one http://localhost" + port + "/p?q=1", "yes"},
		{"one.test", "one http://one.test/p?q=1", "yes"},
		{"two.test" + port, "two http://two.test" + port + "/p?q=1", "yes"},
		{"plain.test", "plain http://plain.test/p?q=1", ""},
	}
	for _, tt := range tests {
		resp, body := do(t, "GET", base+"/p?q=1", tt.host, nil)
		if body != tt.body || resp.Header.Get("X-Mw") != tt.mw {
			t.Errorf("host %q: %q (X-Mw %q); want %q (%q)", tt.host, body,
				resp.Header.Get("X-Mw"), tt.body, tt.mw)
		}
	}
	for i := 0; i < 100 && strings.Count(out.String(), "\n") < len(tests); i++ {
		time.Sleep(10 * time.Millisecond) // lines are written by their own goroutine
	}
	line := strings.SplitN(out.String(), "\n", 2)[0]
	if !strings.HasPrefix(line, "GET /p?q=1 200 ") || !strings.HasSuffix(line, " mw > one") {
		t.Errorf("request line %q", line)
	}
}

func TestLimits(t *testing.T) {
	echo := runner{func(ctx context.Context, r *http.Request, inv pipeline.Invocation) (
		*http.Response, error) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		return textResponse(r, 200, fmt.Sprint(len(b))), nil
	}}
	_, base, _, _ := serve(t, Options{MaxHeaderBytes: 1 << 10, MaxBodyBytes: 100},
		newWorker(cfg("app", nil), echo))
	if resp, _ := do(t, "GET", base+"/", "", nil, "X-Big", strings.Repeat("x", 8<<10)); resp.StatusCode != 431 {
		t.Errorf("oversized header: %d; want 431", resp.StatusCode)
	}
	if resp, _ := do(t, "POST", base+"/", "", strings.NewReader(strings.Repeat("x", 101))); resp.StatusCode != 413 {
		t.Errorf("oversized body: %d; want 413", resp.StatusCode)
	}
	// Chunked: no Content-Length, the limit trips while the worker reads.
	chunked := io.MultiReader(strings.NewReader(strings.Repeat("x", 60)),
		strings.NewReader(strings.Repeat("y", 60)))
	if resp, _ := do(t, "POST", base+"/", "", struct{ io.Reader }{chunked}); resp.StatusCode != 413 {
		t.Errorf("oversized chunked body: %d; want 413", resp.StatusCode)
	}
	if resp, body := do(t, "POST", base+"/", "", strings.NewReader(strings.Repeat("x", 100))); resp.StatusCode != 200 || body != "100" {
		t.Errorf("a body at the limit: %d %q", resp.StatusCode, body)
	}
}

func TestDevErrorPage(t *testing.T) {
	thrower := runner{func(ctx context.Context, r *http.Request, inv pipeline.Invocation) (
		*http.Response, error) {
		return nil, &pipeline.Exception{Message: "Error: <boom>",
			Stack: "Error: <boom>\n    at fetch (src/index.ts:4:11)"}
	}}
	_, base, _, _ := serve(t, Options{Dev: true}, newWorker(cfg("app", nil), thrower))
	resp, body := do(t, "GET", base+"/", "", nil, "Accept", "text/html,*/*")
	if resp.StatusCode != 500 || !strings.Contains(body, "at fetch (src/index.ts:4:11)") ||
		!strings.Contains(body, "&lt;boom&gt;") ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("browser: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	resp, body = do(t, "GET", base+"/", "", nil)
	if resp.StatusCode != 500 || !strings.HasPrefix(body, `Uncaught exception in worker "app"`) ||
		!strings.Contains(body, "Error: <boom>\n    at fetch (src/index.ts:4:11)") {
		t.Errorf("text: %d %q", resp.StatusCode, body)
	}
}

func TestClientDisconnectCancels(t *testing.T) {
	started, canceled := make(chan struct{}), make(chan struct{})
	wait := runner{func(ctx context.Context, r *http.Request, inv pipeline.Invocation) (
		*http.Response, error) {
		close(started)
		<-ctx.Done()
		close(canceled)
		return nil, ctx.Err()
	}}
	_, base, _, _ := serve(t, Options{}, newWorker(cfg("app", nil), wait))
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	<-started
	conn.Close()
	select {
	case <-canceled:
	case <-time.After(5 * time.Second):
		t.Fatal("the invocation's context was not cancelled when the client went away")
	}
}

func TestGracefulShutdown(t *testing.T) {
	started, finish := make(chan struct{}), make(chan struct{})
	slow := runner{func(ctx context.Context, r *http.Request, inv pipeline.Invocation) (
		*http.Response, error) {
		close(started)
		<-finish
		return textResponse(r, 200, "done"), nil
	}}
	_, base, cancel, done := serve(t, Options{}, newWorker(cfg("app", nil), slow))
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	<-started
	cancel()
	time.Sleep(50 * time.Millisecond)
	if _, err := net.Dial("tcp", strings.TrimPrefix(base, "http://")); err == nil {
		t.Error("still accepting after shutdown began")
	}
	close(finish)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the request in flight was dropped: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if string(b) != "done" {
		t.Errorf("in-flight answer %q", b)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
	done <- nil // for the cleanup
}

func TestSwapKeepsInFlight(t *testing.T) {
	started, finish := make(chan struct{}), make(chan struct{})
	old := runner{func(ctx context.Context, r *http.Request, inv pipeline.Invocation) (
		*http.Response, error) {
		close(started)
		<-finish
		return textResponse(r, 200, "old"), nil
	}}
	s, base, _, _ := serve(t, Options{}, newWorker(cfg("app", nil), old))
	got := make(chan string)
	go func() {
		_, body := do(t, "GET", base+"/", "", nil)
		got <- body
	}()
	<-started
	set, _, err := pipeline.Compile([]*pipeline.Worker{newWorker(cfg("app", nil), reply("new"))},
		pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	drained := s.Swap(set)
	if _, body := do(t, "GET", base+"/", "", nil); !strings.HasPrefix(body, "new ") {
		t.Errorf("after swap: %q", body)
	}
	select {
	case <-drained:
		t.Error("the old set drained with a request in flight")
	default:
	}
	close(finish)
	if body := <-got; body != "old" {
		t.Errorf("in flight: %q", body)
	}
	<-drained
}
