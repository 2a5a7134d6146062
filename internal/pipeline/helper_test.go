package pipeline

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/portico-dev/portico/internal/assets"
	"github.com/portico-dev/portico/internal/config"
)

// fakeRunner stands in for a script's isolates: fetch is the handler.
type fakeRunner struct {
	fetch  func(ctx context.Context, r *http.Request, inv Invocation) (*http.Response, error)
	call   func(ctx context.Context, inv Invocation, method string, args []any) (any, error)
	closed atomic.Int32
}

func (f *fakeRunner) Fetch(ctx context.Context, r *http.Request, inv Invocation) (*http.Response,
	error) {
	return f.fetch(ctx, r, inv)
}

func (f *fakeRunner) Call(ctx context.Context, inv Invocation, method string,
	args []any) (any, error) {
	return f.call(ctx, inv, method, args)
}

func (f *fakeRunner) Close() error {
	f.closed.Add(1)
	return nil
}

// handler makes a fakeRunner from a fetch function.
func handler(fn func(ctx context.Context, r *http.Request, inv Invocation) (*http.Response,
	error)) *fakeRunner {
	return &fakeRunner{fetch: fn}
}

// passOn is a middleware that fetches ORIGIN and adds a header naming itself.
func passOn(name string) *fakeRunner {
	return handler(func(ctx context.Context, r *http.Request, inv Invocation) (*http.Response,
		error) {
		resp, err := inv.Env.Origin.Target.Fetch(ctx, r)
		if err != nil {
			return nil, err
		}
		resp.Header.Add("X-Stage", name)
		return resp, nil
	})
}

// text is a handler answering body.
func text(body string) *fakeRunner {
	return handler(func(ctx context.Context, r *http.Request, inv Invocation) (*http.Response,
		error) {
		return plainResponse(r, http.StatusOK, body), nil
	})
}

// middlewareCfg is the config of a middleware worker with an ORIGIN binding.
func middlewareCfg(name string, chain ...string) *config.Config {
	return &config.Config{Name: name, Main: "/src/" + name + ".ts", File: "/" + name +
		"/wrangler.toml", Origin: &config.Origin{Binding: "ORIGIN"}, Middleware: chain}
}

// originCfg is the config of an origin worker with code, fronted by chain.
func originCfg(name string, chain ...string) *config.Config {
	return &config.Config{Name: name, Main: "/src/" + name + ".ts", File: "/" + name +
		"/wrangler.toml", Middleware: chain}
}

// worker makes a Worker with code.
func worker(cfg *config.Config, code Runner) *Worker {
	return NewWorker(&Worker{Config: cfg, Code: code})
}

// withAssets gives w an asset layer over files (path -> content).
func withAssets(t testing.TB, w *Worker, files map[string]string,
	opts ...func(*assets.Options)) *Worker {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w.Config.Assets = &config.Assets{Directory: dir, Binding: "ASSETS"}
	o := assets.Options{Directory: dir, HasWorker: w.Config.Main != "",
		CompressionCacheBytes: -1}
	for _, f := range opts {
		f(&o)
	}
	l, _, err := assets.New(o)
	if err != nil {
		t.Fatal(err)
	}
	w.Assets = l
	return w
}

func compile(t *testing.T, opts Options, workers ...*Worker) *Set {
	t.Helper()
	s, _, err := Compile(workers, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// get sends a GET for target through the entry of worker name.
func get(t *testing.T, s *Set, name, target string, hdr ...string) (*http.Response, string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "http://localhost:8787"+target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	return send(t, s, name, r)
}

func send(t *testing.T, s *Set, name string, r *http.Request) (*http.Response, string) {
	t.Helper()
	entry, ok := s.Entry(name)
	if !ok {
		t.Fatalf("no entry for %q", name)
	}
	resp, err := entry.Fetch(r.Context(), r)
	if err != nil {
		t.Fatalf("fetch %s: %v", r.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func mustContain(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%q does not contain %q", got, w)
		}
	}
}
