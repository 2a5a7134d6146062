package pipeline

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/portico-dev/portico/internal/bundle"
	"github.com/portico-dev/portico/internal/config"
	"github.com/portico-dev/portico/internal/jsrt"
)

// jsWorker runs testdata/name.js in a jsrt pool.
func jsWorker(t testing.TB, cfg *config.Config, name string) *Worker {
	t.Helper()
	entry, err := filepath.Abs(filepath.Join("testdata", name+".js"))
	if err != nil {
		t.Fatal(err)
	}
	script, err := bundle.Build(bundle.Options{Entry: entry})
	if err != nil {
		t.Fatal(err)
	}
	prog, err := jsrt.Compile(script.Name, script.Code)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := jsrt.NewPool(jsrt.Options{Name: cfg.Name, Program: prog, Size: 2})
	if err != nil {
		t.Fatal(err)
	}
	w := NewWorker(&Worker{Config: cfg, Code: JSRunner(pool)})
	t.Cleanup(w.Release)
	return w
}

func jsPipeline(t testing.TB, opts Options) *Set {
	t.Helper()
	if !JSRunsFetch() {
		t.Skip(ErrNoFetchHandlers)
	}
	origin := originCfg("app", "mw")
	origin.Vars = map[string]any{"GREETING": "hi"}
	app := withAssets(t, jsWorker(t, origin, "origin"), map[string]string{
		"style.css": strings.Repeat("a{}", 100)})
	s, _, err := Compile([]*Worker{jsWorker(t, middlewareCfg("mw"), "middleware"), app}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJSRunner(t *testing.T) {
	var reported []error
	s := jsPipeline(t, Options{Report: func(err error) { reported = append(reported, err) }})

	resp, body := get(t, s, "app", "/style.css")
	if _, isFile := resp.Body.(*os.File); resp.StatusCode != 200 ||
		resp.Header.Get("X-Middleware") != "yes" || len(body) != 300 {
		t.Errorf("asset: %d %v %d bytes (body %T)", resp.StatusCode, resp.Header, len(body),
			isFile)
	}
	if _, body := get(t, s, "app", "/page"); body != "origin /page hi" {
		t.Errorf("origin code: %q", body)
	}
	if resp, body := get(t, s, "app", "/pass-through"); resp.StatusCode != 200 ||
		body != "origin /pass-through hi" {
		t.Errorf("pass-through: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, s, "app", "/throw"); resp.StatusCode != 500 {
		t.Errorf("throw: %d", resp.StatusCode)
	}
	if len(reported) != 2 {
		t.Fatalf("reported %v", reported)
	}
	ex := exceptionOf(reported[1])
	if ex == nil || ex.Worker != "mw" || ex.Message != "RangeError: middleware failed" ||
		!strings.Contains(ex.Stack, "middleware.js:") || ex.PassThrough {
		t.Errorf("exception %#v", ex)
	}
}

// BenchmarkJSPipeline is the hot path with the runtime: a request through a JavaScript
// middleware to an asset and to JavaScript origin code.
func BenchmarkJSPipeline(b *testing.B) {
	s := jsPipeline(b, Options{})
	entry, _ := s.Entry("app")
	for _, path := range []string{"/style.css", "/api/x"} {
		b.Run(strings.TrimPrefix(path, "/"), func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism(16) // requests in flight per core, as under load
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r, _ := http.NewRequest(http.MethodGet, "http://localhost:8787"+path, nil)
					resp, err := entry.Fetch(r.Context(), r)
					if err != nil || resp.StatusCode != 200 {
						b.Fatal(err, resp)
					}
					resp.Body.Close()
				}
			})
		})
	}
}
