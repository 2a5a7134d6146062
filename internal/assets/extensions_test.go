package assets

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

func TestRanges(t *testing.T) {
	body := "0123456789"
	l := newLayer(t, map[string]string{"d.bin": body, "index.html": "home",
		"404.html": "nf"}, Options{NotFoundHandling: NotFoundPage})
	e, _ := l.Manifest().Lookup("/d.bin")
	etag := `"` + e.Hash + `"`
	tests := []struct {
		rng, ifRange string
		status       int
		body, cr     string
	}{
		{"bytes=0-3", "", 206, "0123", "bytes 0-3/10"},
		{"bytes=2-", "", 206, "23456789", "bytes 2-9/10"},
		{"bytes=-3", "", 206, "789", "bytes 7-9/10"},
		{"bytes=-30", "", 206, body, "bytes 0-9/10"},
		{"bytes=5-100", "", 206, "56789", "bytes 5-9/10"},
		{"bytes=9-9", "", 206, "9", "bytes 9-9/10"},
		{"bytes=10-", "", 416, "", "bytes */10"},
		{"bytes=-0", "", 416, "", "bytes */10"},
		{"bytes=5-2", "", 200, body, ""},
		{"bytes=0-1,3-4", "", 200, body, ""},
		{"items=0-1", "", 200, body, ""},
		{"bytes=x-1", "", 200, body, ""},
		{"bytes=0-3", etag, 206, "0123", "bytes 0-3/10"},
		{"bytes=0-3", "W/" + etag, 200, body, ""},
		{"bytes=0-3", `"stale"`, 200, body, ""},
		{"bytes=0-3", "Wed, 21 Oct 2015 07:28:00 GMT", 200, body, ""},
	}
	for _, tt := range tests {
		t.Run(tt.rng+tt.ifRange, func(t *testing.T) {
			kv := []string{"Range", tt.rng}
			if tt.ifRange != "" {
				kv = append(kv, "If-Range", tt.ifRange)
			}
			got := fetch(t, l, "GET", "/d.bin", kv...)
			if got.status != tt.status || got.body != tt.body ||
				got.header.Get("Content-Range") != tt.cr {
				t.Errorf("got %d %q %q", got.status, got.body, got.header.Get("Content-Range"))
			}
			if got.header.Get("Cache-Control") != "" {
				t.Error("Cache-Control with Range")
			}
		})
	}
	if got := fetch(t, l, "GET", "/d.bin"); got.header.Get("Accept-Ranges") != "bytes" {
		t.Error("no Accept-Ranges")
	}
	if got := fetch(t, l, "GET", "/missing", "Range", "bytes=0-0"); got.status != 404 ||
		got.body != "nf" {
		t.Errorf("404 page with Range: %d %q", got.status, got.body)
	}
	if got := fetch(t, l, "HEAD", "/d.bin", "Range", "bytes=0-3"); got.status != 206 ||
		got.header.Get("Content-Length") != "4" {
		t.Errorf("HEAD range: %d %v", got.status, got.header)
	}
}

func TestCompression(t *testing.T) {
	js := strings.Repeat("console.log('hello, world');\n", 200)
	l := newLayer(t, map[string]string{"app.js": js, "tiny.js": "x", "img.png": js},
		Options{})
	e, _ := l.Manifest().Lookup("/app.js")
	tests := []struct {
		accept, enc string
	}{
		{"gzip, deflate, br", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"*", "br"},
		{"*;q=0", ""},
		{"identity", ""},
		{"", ""},
		{"gzip;q=0, br;q=0.0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			got := fetch(t, l, "GET", "/app.js", "Accept-Encoding", tt.accept)
			if got.header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary %q", got.header.Get("Vary"))
			}
			if ce := got.header.Get("Content-Encoding"); ce != tt.enc {
				t.Fatalf("Content-Encoding %q, want %q", ce, tt.enc)
			}
			if plain := decode(t, tt.enc, got.body); plain != js {
				t.Errorf("decoded body differs (%d bytes)", len(plain))
			}
			wantTag := `"` + e.Hash + `"`
			if tt.enc != "" {
				wantTag = "W/" + wantTag
			}
			if got.header.Get("ETag") != wantTag {
				t.Errorf("ETag %q, want %q", got.header.Get("ETag"), wantTag)
			}
		})
	}
	nm := fetch(t, l, "GET", "/app.js", "Accept-Encoding", "br", "If-None-Match",
		`W/"`+e.Hash+`"`)
	if nm.status != 304 {
		t.Errorf("304 with br: %d", nm.status)
	}
	r := fetch(t, l, "GET", "/app.js", "Accept-Encoding", "br", "Range", "bytes=0-6")
	if r.status != 206 || r.header.Get("Content-Encoding") != "" || r.body != js[:7] {
		t.Errorf("range+br: %d %q", r.status, r.header.Get("Content-Encoding"))
	}
	for _, p := range []string{"/tiny.js", "/img.png"} {
		got := fetch(t, l, "GET", p, "Accept-Encoding", "br")
		if got.header.Get("Content-Encoding") != "" {
			t.Errorf("%s compressed", p)
		}
	}
	head := fetch(t, l, "HEAD", "/app.js", "Accept-Encoding", "gzip")
	get := fetch(t, l, "GET", "/app.js", "Accept-Encoding", "gzip")
	if head.header.Get("Content-Length") != get.header.Get("Content-Length") ||
		head.body != "" {
		t.Errorf("HEAD gzip length %q vs %q", head.header.Get("Content-Length"),
			get.header.Get("Content-Length"))
	}
}

func decode(t *testing.T, enc, body string) string {
	t.Helper()
	var r io.Reader = strings.NewReader(body)
	switch enc {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestVariantCacheBound(t *testing.T) {
	vc := newVariantCache(1)
	dir := writeTree(t, map[string]string{
		"a.txt": strings.Repeat("a", 50000), "b.txt": strings.Repeat("b", 50000)})
	m, err := BuildManifest(dir, ManifestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range m.Entries() {
		for _, enc := range []string{"gzip", "br"} {
			if data, err := vc.get(&e, enc); err != nil || len(data) == 0 {
				t.Fatalf("%s %s: %v", e.Path, enc, err)
			}
		}
	}
	if vc.lru.Len() != 1 || len(vc.byKey) != 1 {
		t.Errorf("cache over its bound kept %d variants", vc.lru.Len())
	}
}

func TestCompressionConcurrent(t *testing.T) {
	css := strings.Repeat("a { color: red }\n", 500)
	l := newLayer(t, map[string]string{"s.css": css}, Options{})
	done := make(chan string, 16)
	for i := range 16 {
		enc := []string{"br", "gzip"}[i%2]
		go func() {
			r := httptest.NewRequest("GET", "/s.css", nil)
			r.Header.Set("Accept-Encoding", enc)
			resp, err := l.Fetch(r.Context(), r)
			if err != nil {
				done <- err.Error()
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.Header.Get("Content-Encoding") != enc {
				done <- "encoding " + resp.Header.Get("Content-Encoding")
				return
			}
			done <- string(b)
		}()
	}
	for range 16 {
		if b := <-done; len(b) == 0 || len(b) >= len(css) {
			t.Errorf("variant of %d bytes", len(b))
		}
	}
	if n := l.gz.lru.Len(); n != 2 {
		t.Errorf("%d cached variants, want 2", n)
	}
}

func TestCompressionOff(t *testing.T) {
	js := strings.Repeat("let a = 1;\n", 500)
	l := newLayer(t, map[string]string{"a.js": js}, Options{CompressionCacheBytes: -1})
	got := fetch(t, l, "GET", "/a.js", "Accept-Encoding", "br, gzip")
	if got.header.Get("Content-Encoding") != "" || got.body != js ||
		got.header.Get("Accept-Ranges") != "bytes" {
		t.Errorf("compression off: %v", got.header)
	}
}

func TestVaryKeptWithHeadersRule(t *testing.T) {
	js := strings.Repeat("let a = 1;\n", 500)
	l := newLayer(t, map[string]string{"a.js": js, "_headers": "/*\n  Vary: Origin\n"},
		Options{})
	got := fetch(t, l, "GET", "/a.js", "Accept-Encoding", "gzip")
	if v := strings.Join(got.header.Values("Vary"), ", "); v != "Origin, Accept-Encoding" {
		t.Errorf("Vary %q", v)
	}
}
