package jsrt

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fetch sends a request to p and returns the response's status and body.
func fetch(t *testing.T, p *Pool, inv Invocation, method, url, body string) (*http.Response, string, *Trace) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := httptest.NewRequest(method, url, rd)
	r.Header.Set("X-Test", "yes")
	resp, tr, err := p.Fetch(context.Background(), r, inv)
	if err != nil {
		t.Fatalf("fetch %s %s: %v", method, url, err)
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp, string(b), tr
}

func TestFetch(t *testing.T) {
	env := &testEnv{vars: map[string]any{"NAME": "portico"}}
	inv := Invocation{Env: env}
	p := testPool(t, "fetch/module.ts", Options{})
	ctx := context.Background()

	t.Run("object", func(t *testing.T) {
		resp, body, tr := fetch(t, p, inv, "POST", "https://example.com/echo?q=1", "payload")
		want := `{"method":"POST","url":"https://example.com/echo?q=1","header":"yes","body":"payload","name":"portico"}`
		if resp.StatusCode != 201 || body != want || resp.Header.Get("X-Worker") != "module" {
			t.Errorf("got %d %q %v", resp.StatusCode, body, resp.Header)
		}
		ev := tr.Event
		if ev.Type != "fetch" || ev.Method != "POST" || ev.URL != "https://example.com/echo?q=1" ||
			ev.Status != 201 || ev.Header.Get("X-Test") != "yes" || tr.Outcome != OutcomeOK {
			t.Errorf("trace %+v", tr)
		}
	})

	t.Run("prebuilt", func(t *testing.T) {
		for range 3 {
			if _, body, _ := fetch(t, p, inv, "GET", "http://localhost/prebuilt", ""); body != "prebuilt" {
				t.Fatalf("body %q", body)
			}
		}
	})

	t.Run("entrypoint", func(t *testing.T) {
		_, body, _ := fetch(t, p, Invocation{Env: env, Entrypoint: "Api"}, "GET", "http://localhost/x", "")
		if body != "api portico /x" {
			t.Errorf("body %q", body)
		}
	})

	t.Run("waitUntil after the response", func(t *testing.T) {
		_, body, tr := fetch(t, p, inv, "GET", "http://localhost/later", "")
		if body != "now" {
			t.Fatalf("body %q", body)
		}
		wantLogs(t, tr)
		wantLogs(t, tr.Final(), "after the response")
	})

	t.Run("not a Response", func(t *testing.T) {
		_, tr, err := p.Fetch(ctx, httptest.NewRequest("GET", "/not-a-response", nil), inv)
		var ex *Exception
		if !errors.As(err, &ex) || ex.Name != "TypeError" || !strings.Contains(ex.Message, "did not produce a Response") {
			t.Fatalf("error %v", err)
		}
		if tr.Outcome != OutcomeException {
			t.Errorf("outcome %q", tr.Outcome)
		}
	})

	t.Run("throw", func(t *testing.T) {
		_, tr, err := p.Fetch(ctx, httptest.NewRequest("GET", "/throw", nil), inv)
		var ex *Exception
		if !errors.As(err, &ex) || ex.Message != "fetch failed" || !strings.Contains(ex.Stack, "fetch/module.ts:") {
			t.Fatalf("error %v", err)
		}
		if !tr.PassThroughOnException || tr.Outcome != OutcomeException {
			t.Errorf("trace %+v", tr)
		}
	})

	t.Run("canceled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, _, err := p.Fetch(cctx, httptest.NewRequest("GET", "/sync", nil), inv)
		if !errors.Is(err, ErrCanceled) {
			t.Errorf("error %v, want ErrCanceled", err)
		}
	})
}

func TestFetchServiceWorker(t *testing.T) {
	inv := Invocation{Env: &testEnv{vars: map[string]any{"NAME": "sw"}}}
	p := testPool(t, "fetch/service-worker.js", Options{})
	_, body, tr := fetch(t, p, inv, "GET", "http://localhost/path", "")
	if body != "sw sw /path true" {
		t.Errorf("body %q", body)
	}
	wantLogs(t, tr.Final(), "waited")

	_, tr, err := p.Fetch(context.Background(), httptest.NewRequest("GET", "/throw", nil), inv)
	if err == nil || !tr.PassThroughOnException {
		t.Errorf("throw: error %v, passThrough %v", err, tr.PassThroughOnException)
	}
	_, _, err = p.Fetch(context.Background(), httptest.NewRequest("GET", "/none", nil), inv)
	if err == nil || !strings.Contains(err.Error(), "no \"fetch\" listener called event.respondWith()") {
		t.Errorf("none: error %v", err)
	}
}

// TestHono bundles the Hono app of internal/bundle's tests and asks it for routes.
func TestHono(t *testing.T) {
	dir := filepath.Join("..", "bundle", "testdata", "hono")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "hono")); err != nil {
		t.Skip("run npm ci --prefix internal/bundle/testdata/hono")
	}
	p := testPool(t, "../../bundle/testdata/hono/index.ts", Options{})
	inv := Invocation{Env: &testEnv{vars: map[string]any{"GREETING": "hi"}}}
	for _, tc := range []struct {
		path, body string
		status     int
	}{
		{"/hello", "hi from hono", 200},
		{"/users/42", `{"id":"42"}`, 200},
		{"/nowhere", "404 Not Found", 404},
	} {
		resp, body, _ := fetch(t, p, inv, "GET", "http://localhost"+tc.path, "")
		if resp.StatusCode != tc.status || body != tc.body {
			t.Errorf("GET %s: %d %q, want %d %q", tc.path, resp.StatusCode, body, tc.status, tc.body)
		}
	}
	resp, body, _ := fetch(t, p, Invocation{}, "GET", "http://localhost/hello", "")
	if resp.StatusCode != 200 || body != "hello from hono" {
		t.Errorf("without env: %d %q", resp.StatusCode, body)
	}
}
