package server

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/portico-dev/portico/internal/assets"
	"github.com/portico-dev/portico/internal/config"
	"github.com/portico-dev/portico/internal/pipeline"
)

// BenchmarkServeHTTP is the server's share of a request: route match, the pipeline with
// a Go middleware that decorates headers, an asset response, the request line.
func BenchmarkServeHTTP(b *testing.B) {
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "style.css"), []byte("a{}"), 0o644); err != nil {
		b.Fatal(err)
	}
	layer, _, err := assets.New(assets.Options{Directory: dir, HasWorker: true})
	if err != nil {
		b.Fatal(err)
	}
	origin := cfg("app", []string{"mw"})
	origin.Assets = &config.Assets{Directory: dir}
	mw := &config.Config{Name: "mw", Main: "/mw.ts", Origin: &config.Origin{Binding: "ORIGIN"}}
	set, _, err := pipeline.Compile([]*pipeline.Worker{
		pipeline.NewWorker(&pipeline.Worker{Config: origin, Assets: layer, Code: reply("x")}),
		newWorker(mw, tagger),
	}, pipeline.Options{})
	if err != nil {
		b.Fatal(err)
	}
	s := New(Options{Out: discard{}})
	s.Swap(set)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://localhost:8787/style.css", nil))
		if w.Code != 200 || w.Header().Get("X-Mw") != "yes" {
			b.Fatal(w.Code, w.Header())
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
