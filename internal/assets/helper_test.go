package assets

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// writeTree creates files (slash paths relative to the root) in a temp dir.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// newLayer builds a layer over files; opts.Directory is filled in.
func newLayer(t testing.TB, files map[string]string, opts Options) *Layer {
	t.Helper()
	l, _ := newLayerWarn(t, files, opts)
	return l
}

func newLayerWarn(t testing.TB, files map[string]string, opts Options) (*Layer, []Warning) {
	t.Helper()
	opts.Directory = writeTree(t, files)
	if opts.Logger == nil {
		opts.Logger = quiet
	}
	l, warns, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return l, warns
}

// result is what a test reads from a response.
type result struct {
	status int
	header http.Header
	body   string
}

// fetch sends method target (a raw request-target) with headers kv pairs.
func fetch(t testing.TB, l *Layer, method, target string, kv ...string) result {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(kv); i += 2 {
		r.Header.Set(kv[i], kv[i+1])
	}
	return fetchReq(t, l, r)
}

// fetchReq sends r to the layer and reads the whole response.
func fetchReq(t testing.TB, l *Layer, r *http.Request) result {
	t.Helper()
	method, target := r.Method, r.URL.String()
	resp, err := l.Fetch(r.Context(), r)
	if err != nil {
		t.Fatalf("Fetch %s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	if resp.ContentLength >= 0 && resp.StatusCode != 304 && int64(len(b)) != resp.ContentLength &&
		method != http.MethodHead {
		t.Errorf("%s %s: body %d bytes, ContentLength %d", method, target, len(b),
			resp.ContentLength)
	}
	return result{resp.StatusCode, resp.Header, string(b)}
}

// rawRequest builds a server-side GET whose request line is target, as
// net/http would parse it; a target it cannot parse keeps only the line.
func rawRequest(target string) *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	r.RequestURI = target
	if u, err := url.ParseRequestURI(target); err == nil {
		r.URL = u
	} else {
		r.URL.Path = target
	}
	return r
}
