package dev

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portico-dev/portico/internal/bundle"
	"github.com/portico-dev/portico/internal/config"
	"github.com/portico-dev/portico/internal/pipeline"
)

// markerRunner stands in for the JavaScript runtime: the script's code holds a string
// "ANSWER:text", which an origin answers and a middleware sets as X-Mw on what ORIGIN
// answers.
type markerRunner struct{ answer string }

var marker = regexp.MustCompile(`ANSWER:([a-z0-9 -]*)`)

func newMarkerRunner(cfg *config.Config, s *bundle.Script, console func(string)) (
	pipeline.Runner, error) {
	m := marker.FindStringSubmatch(s.Code)
	if m == nil {
		return nil, fmt.Errorf("no ANSWER in the script")
	}
	console("started " + m[1])
	return &markerRunner{answer: m[1]}, nil
}

func (m *markerRunner) Fetch(ctx context.Context, r *http.Request,
	inv pipeline.Invocation) (*http.Response, error) {
	if inv.Env.Origin != nil {
		resp, err := inv.Env.Origin.Target.Fetch(ctx, r)
		if err == nil {
			resp.Header.Set("X-Mw", m.answer)
		}
		return resp, err
	}
	return &http.Response{StatusCode: 200, Header: http.Header{}, Request: r,
		Body: io.NopCloser(strings.NewReader(m.answer)), ContentLength: int64(len(m.answer))}, nil
}

func (m *markerRunner) Call(context.Context, pipeline.Invocation, string, []any) (any, error) {
	return nil, fmt.Errorf("no rpc")
}

func (m *markerRunner) Close() error { return nil }

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func project(t *testing.T) string {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"origin/wrangler.toml": `name = "app"
main = "src/index.ts"
compatibility_date = "2024-12-01"
assets = { directory = "public" }
middleware = "mw"
`,
		"origin/src/index.ts":      `export default { fetch() { return "ANSWER:origin one"; } };`,
		"origin/public/index.html": "<p>home</p>",
		"mw/wrangler.toml": `name = "mw"
main = "src/index.ts"
compatibility_date = "2024-12-01"
[origin]
binding = "ORIGIN"
`,
		"mw/src/index.ts":  `export default { fetch() { return "ANSWER:mw"; } };`,
		"other/README.txt": "not a worker",
	})
	return dir
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
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

// start runs a session on a free port; it returns the base URL and the outputs.
func start(t *testing.T, paths ...string) (string, *syncBuffer, *syncBuffer) {
	t.Helper()
	var out, errw syncBuffer
	ready := make(chan string, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{Paths: paths, Port: -1, Out: &out, Err: &errw,
			NewRunner: newMarkerRunner, Ready: func(a string) { ready <- a },
			Logger: slog.New(slog.DiscardHandler)})
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	select {
	case addr := <-ready:
		return "http://" + addr, &out, &errw
	case err := <-done:
		done <- err
		t.Fatalf("Run: %v\nstderr:\n%s", err, errw.String())
	}
	return "", nil, nil
}

func get(t *testing.T, url string) (string, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b), resp.Header.Get("X-Mw")
}

// eventually polls until get(url) answers want, or fails after a few seconds.
func eventually(t *testing.T, url, want string, errw *syncBuffer) {
	t.Helper()
	var body string
	for range 100 {
		if body, _ = get(t, url); body == want {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s answers %q; want %q\nstderr:\n%s", url, body, want, errw.String())
}

func TestDevFindsMiddlewareAndServes(t *testing.T) {
	dir := project(t)
	base, out, _ := start(t, filepath.Join(dir, "origin"))
	if want := `app: found middleware "mw" in ` + filepath.Join(dir, "mw"); !strings.Contains(
		out.String(), want) {
		t.Errorf("output %q lacks %q", out.String(), want)
	}
	if body, mw := get(t, base+"/"); body != "<p>home</p>" || mw != "mw" {
		t.Errorf("asset: %q, X-Mw %q", body, mw)
	}
	if body, mw := get(t, base+"/api/x"); body != "origin one" || mw != "mw" {
		t.Errorf("code: %q, X-Mw %q", body, mw)
	}
	if !strings.Contains(out.String(), "[app] started origin one") {
		t.Errorf("console lines are not prefixed by the worker's name: %q", out.String())
	}
	if !strings.Contains(out.String(), "GET /api/x 200 ") {
		t.Errorf("no request line: %q", out.String())
	}
}

func TestDevReloads(t *testing.T) {
	dir := project(t)
	base, _, errw := start(t, filepath.Join(dir, "origin"), filepath.Join(dir, "mw"))
	src := filepath.Join(dir, "origin", "src", "index.ts")

	writeFiles(t, dir, map[string]string{"origin/src/index.ts": `import { a } from "./a";
export default { fetch() { return a; } };`, "origin/src/a.ts": `export const a = "ANSWER:origin two";`})
	eventually(t, base+"/api", "origin two", errw)

	// An imported module is watched too.
	writeFiles(t, dir, map[string]string{"origin/src/a.ts": `export const a = "ANSWER:origin three";`})
	eventually(t, base+"/api", "origin three", errw)

	// A broken edit keeps the last good version.
	if err := os.WriteFile(src, []byte("export default {{{"), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if strings.Contains(errw.String(), "reload failed; still serving the last good version") {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if body, _ := get(t, base+"/api"); body != "origin three" {
		t.Errorf("after a broken edit: %q; stderr %q", body, errw.String())
	}

	// Fixing it and changing assets gives a new version with both.
	writeFiles(t, dir, map[string]string{"origin/src/index.ts": `export default { fetch() { return "ANSWER:origin four"; } };`,
		"origin/public/index.html":        "<p>new home</p>",
		"origin/public/deep/er/page.html": "deep"})
	eventually(t, base+"/", "<p>new home</p>", errw)
	eventually(t, base+"/deep/er/page", "deep", errw)
	eventually(t, base+"/api", "origin four", errw)

	// A middleware found beside its origin is watched too.
	writeFiles(t, dir, map[string]string{"mw/src/index.ts": `export default { fetch() { return "ANSWER:mw two"; } };`})
	for range 100 {
		if _, mw := get(t, base+"/"); mw == "mw two" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Error("the middleware's edit was not picked up")
}

func TestDevMissingMiddleware(t *testing.T) {
	dir := project(t)
	os.RemoveAll(filepath.Join(dir, "mw"))
	var errw syncBuffer
	err := Run(context.Background(), Options{Paths: []string{filepath.Join(dir, "origin")},
		Port: -1, Err: &errw, NewRunner: newMarkerRunner})
	if err == nil {
		t.Fatal("Run served without its middleware")
	}
	want := `error: app -> mw: middleware "mw" is not loaded (looked in ` +
		filepath.Join(dir, "other") + ")"
	if !strings.Contains(errw.String(), want) {
		t.Errorf("stderr %q lacks %q", errw.String(), want)
	}
}
