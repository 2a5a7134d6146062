package pipeline

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkPipeline measures the Go side of the hot path: a request through one
// middleware (a fake that only decorates headers) to the router, and to the asset file
// or to origin code. Script time is jsrt's benchmark; this is what the pipeline adds.
func BenchmarkPipeline(b *testing.B) {
	origin := withAssets(b, worker(originCfg("app", "mw"), text("code")),
		map[string]string{"style.css": strings.Repeat("a{}", 1000)})
	s, _, err := Compile([]*Worker{worker(middlewareCfg("mw"), passOn("mw")), origin},
		Options{})
	if err != nil {
		b.Fatal(err)
	}
	entry, _ := s.Entry("app")
	for _, path := range []string{"/style.css", "/api/x"} {
		b.Run(strings.TrimPrefix(path, "/"), func(b *testing.B) {
			r := httptest.NewRequest(http.MethodGet, "http://localhost:8787"+path, nil)
			b.ReportAllocs()
			for b.Loop() {
				ctx, _ := WithTrail(context.Background())
				resp, err := entry.Fetch(ctx, r)
				if err != nil || resp.StatusCode != 200 {
					b.Fatal(err, resp.StatusCode)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}
