package assets

import (
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zeebo/blake3"
)

// TestEncodedPaths covers spec 1.1.13 and path decoding of 1.1.3.
func TestEncodedPaths(t *testing.T) {
	files := map[string]string{
		"[boop].html": "boop", "beep/[bòop].html": "beep", "%5Bdouble%5D.html": "double",
		"blog/index.html": "blog", "bin/x.txt": "binx", "a b.txt": "space",
		"ünï.txt": "unicode", "beep?boop.html": "q", "pair/[p].html": "p.html",
		"pair/[p]/index.html": "p/index",
	}
	tests := []struct {
		mode string
		path string
		want want
	}{
		{"", "/%5Bboop%5D", want{200, "boop"}},
		{"", "/[boop]", want{307, "/%5Bboop%5D"}},
		{"", "/%5bboop%5d", want{307, "/%5Bboop%5D"}},
		{"", "/[boop]?x=1", want{307, "/%5Bboop%5D?x=1"}},
		{"", "/beep/[b%C3%B2op]", want{307, "/beep/%5Bb%C3%B2op%5D"}},
		{"", "/beep/%5Bb%C3%B2op%5D", want{200, "beep"}},
		{"", "/%255Bdouble%255D", want{200, "double"}},
		{"", "/%5Bdouble%5D", want{404, ""}},
		{"", "//blog/index.html", want{307, "/blog/"}},
		{"", "/%2fblog/index.html", want{307, "/blog/"}},
		{"", "/%2Fblog/", want{307, "/blog/"}},
		{HTMLNone, "//blog/index.html", want{307, "/blog/index.html"}},
		{HTMLNone, "/%2fblog/index.html", want{307, "/blog/index.html"}},
		{"", "/%2fexample.com/", want{404, ""}},
		{"", "/bin%2Fx.txt", want{307, "/bin/x.txt"}},
		{"", "/a%20b.txt", want{200, "space"}},
		{"", "/%C3%BCn%C3%AF.txt", want{200, "unicode"}},
		{"", "/ünï.txt", want{200, "unicode"}},
		{"", "/%A0", want{404, ""}},
		{"", "/bin/%78.txt", want{307, "/bin/x.txt"}},
		{"", "/%5Bboop%5D/", want{307, "/%5Bboop%5D"}},
		{"", "/[boop].html", want{307, "/%5Bboop%5D"}},
		{ForceTrailingSlash, "/%5Bboop%5D/", want{200, "boop"}},
		{ForceTrailingSlash, "/pair/[p].html", want{307, "/pair/%5Bp%5D.html"}},
		{ForceTrailingSlash, "/pair/%5Bp%5D.html", want{200, "p.html"}},
		{ForceTrailingSlash, "/pair/[p]", want{307, "/pair/%5Bp%5D/"}},
		{DropTrailingSlash, "/pair/[p]/index.html", want{307, "/pair/%5Bp%5D/index.html"}},
		{DropTrailingSlash, "/pair/%5Bp%5D/index.html", want{200, "p/index"}},
		{"", "/beep%3Fboop", want{200, "q"}},
		{"", "/beep%3Fboop/", want{307, "/beep%3Fboop"}},
	}
	for _, tt := range tests {
		t.Run(tt.mode+tt.path, func(t *testing.T) {
			l := newLayer(t, files, Options{HTMLHandling: tt.mode})
			checkWant(t, fetch(t, l, "GET", tt.path), tt.want)
		})
	}
}

// TestMethods covers spec 1.1.14.
func TestMethods(t *testing.T) {
	files := map[string]string{"index.html": "home", "a.txt": "a",
		"_redirects": "/old /a.txt\n/rw /a.txt 200\n"}
	tests := []struct {
		method, path string
		want         want
	}{
		{"GET", "/a.txt", want{200, "a"}},
		{"HEAD", "/a.txt", want{200, ""}},
		{"POST", "/a.txt", want{405, ""}},
		{"PUT", "/a.txt", want{405, ""}},
		{"DELETE", "/", want{405, ""}},
		{"OPTIONS", "/a.txt", want{405, ""}},
		{"POST", "/missing", want{404, ""}},
		{"POST", "/old", want{302, "/a.txt"}},
		{"PATCH", "/old", want{302, "/a.txt"}},
		{"POST", "/rw", want{405, ""}},
		{"GET", "/rw", want{200, "a"}},
		{"POST", "/a.html", want{404, ""}},
	}
	l := newLayer(t, files, Options{})
	for _, tt := range tests {
		t.Run(tt.method+tt.path, func(t *testing.T) {
			got := fetch(t, l, tt.method, tt.path)
			checkWant(t, got, tt.want)
			if got.header.Get("Allow") != "" {
				t.Errorf("Allow header %q", got.header.Get("Allow"))
			}
		})
	}
}

func TestETagAnd304(t *testing.T) {
	l := newLayer(t, map[string]string{"a.css": "body{}", "_headers": "/a.css\n  X-Rule: yes\n"},
		Options{})
	e, _ := l.Manifest().Lookup("/a.css")
	etag := `"` + e.Hash + `"`
	got := fetch(t, l, "GET", "/a.css")
	if got.status != 200 || got.header.Get("ETag") != etag || got.body != "body{}" {
		t.Fatalf("GET: %d %q %q", got.status, got.header.Get("ETag"), got.body)
	}
	if ct := got.header.Get("Content-Type"); ct != "text/css; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := got.header.Get("Cache-Control"); cc != defaultCacheControl {
		t.Errorf("Cache-Control %q", cc)
	}
	for _, inm := range []string{etag, "W/" + etag} {
		nm := fetch(t, l, "GET", "/a.css", "If-None-Match", inm)
		if nm.status != 304 || nm.body != "" {
			t.Errorf("If-None-Match %s: %d %q", inm, nm.status, nm.body)
		}
		for _, h := range []string{"ETag", "Content-Type", "Cache-Control", "X-Rule"} {
			if nm.header.Get(h) != got.header.Get(h) {
				t.Errorf("304 %s = %q, want %q", h, nm.header.Get(h), got.header.Get(h))
			}
		}
	}
	for _, inm := range []string{`"other"`, "*", etag + ", " + `"x"`, e.Hash} {
		if s := fetch(t, l, "GET", "/a.css", "If-None-Match", inm).status; s != 200 {
			t.Errorf("If-None-Match %s: %d, want 200", inm, s)
		}
	}
	head := fetch(t, l, "HEAD", "/a.css")
	if head.status != 200 || head.body != "" || head.header.Get("ETag") != etag ||
		head.header.Get("Content-Length") != "6" {
		t.Errorf("HEAD: %d %q %v", head.status, head.body, head.header)
	}
	for _, h := range []string{"Authorization", "Range"} {
		r := fetch(t, l, "GET", "/a.css", h, "Bearer x")
		if r.header.Get("Cache-Control") != "" {
			t.Errorf("with %s: Cache-Control %q", h, r.header.Get("Cache-Control"))
		}
	}
}

func TestETagStable(t *testing.T) {
	a := newLayer(t, map[string]string{"x.js": "same"}, Options{})
	b := newLayer(t, map[string]string{"deep/y.js": "same", "z.css": "same"}, Options{})
	ea, _ := a.Manifest().Lookup("/x.js")
	eb, _ := b.Manifest().Lookup("/deep/y.js")
	ec, _ := b.Manifest().Lookup("/z.css")
	if ea.Hash != eb.Hash || len(ea.Hash) != 32 {
		t.Errorf("same bytes and extension: %q vs %q", ea.Hash, eb.Hash)
	}
	if ea.Hash == ec.Hash {
		t.Error("different extension, same hash")
	}
	for base, want := range map[string]string{"a.js": "js", "a.tar.gz": "gz", ".env": "",
		"..x": "x", "x.": "", "noext": "", ".a.md": "md", "...": "", "a..b": "b"} {
		if got := hashExt(base); got != want {
			t.Errorf("hashExt(%q) = %q, want %q", base, got, want)
		}
	}
	// The formula: BLAKE3 of base64(content) followed by the extension.
	sum := blake3.Sum256([]byte(base64.StdEncoding.EncodeToString([]byte("same")) + "js"))
	if want := hex.EncodeToString(sum[:16]); ea.Hash != want {
		t.Errorf("hash %s, want %s", ea.Hash, want)
	}
}

// TestTraversal sends every spelling of a way out of the directory; only
// files in the manifest may ever be served.
func TestTraversal(t *testing.T) {
	outer := writeTree(t, map[string]string{"secret.txt": "SECRET", "pub/in/ok.txt": "ok",
		"pub/index.html": "home", "pub/in/link.txt": ""})
	pub := filepath.Join(outer, "pub")
	os.Remove(filepath.Join(pub, "in/link.txt"))
	err := os.Symlink(filepath.Join(outer, "secret.txt"), filepath.Join(pub, "in/link.txt"))
	if err != nil {
		t.Fatal(err)
	}
	l, _, err := New(Options{Directory: pub, NotFoundHandling: SinglePageApplication,
		Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{
		"/../secret.txt", "/in/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
		"/.%2e/secret.txt", "/in/%2e%2e%2f%2e%2e%2fsecret.txt", "/..%2fsecret.txt",
		"/..%2f..%2fetc/passwd", `/..\secret.txt`, `/in\..\..\secret.txt`, "/..%5csecret.txt",
		"/%5c..%5csecret.txt", "/in/ok.txt%00", "/in/ok.txt%00.html", "/%c0%ae%c0%ae/secret.txt",
		"/%c0%af..%c0%afsecret.txt", "/%e0%80%ae%e0%80%ae/secret.txt", "/etc/passwd",
		"/" + outer + "/secret.txt", "/%252e%252e/secret.txt", "/....//secret.txt",
		"/in/link.txt", "/in/link",
	}
	for _, p := range paths {
		r := rawRequest(p)
		resp, err := l.Fetch(r.Context(), r)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "SECRET") {
			t.Errorf("%s: served the secret", p)
		}
		if resp.StatusCode == 200 {
			if f, ok := resp.Body.(interface{ Name() string }); ok &&
				!strings.HasPrefix(f.Name(), l.dir) {
				t.Errorf("%s served %s", p, f.Name())
			}
		}
		if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, "//") {
			t.Errorf("%s: open redirect to %q", p, loc)
		}
	}
}

func TestLongURL(t *testing.T) {
	l := newLayer(t, map[string]string{"a": "a"}, Options{})
	for _, n := range []int{MaxPathBytes + 1, 1 << 20} {
		got := fetch(t, l, "GET", "/"+strings.Repeat("a", n))
		if got.status != http.StatusRequestURITooLong {
			t.Errorf("path of %d bytes: %d", n, got.status)
		}
	}
	got := fetch(t, l, "GET", "/"+strings.Repeat("%2e%2e/", 1000)+"a")
	if got.status != 200 {
		t.Errorf("many dot segments: %d", got.status)
	}
}

func TestRewrittenServerRequest(t *testing.T) {
	l := newLayer(t, map[string]string{"a.txt": "a", "b.txt": "b"}, Options{})
	r := rawRequest("/a.txt")
	r.URL.Path = "/b.txt" // a caller rewrote the URL of a server request
	if got := fetchReq(t, l, r); got.body != "b" {
		t.Errorf("served %q, want the rewritten path", got.body)
	}
	if got := fetchReq(t, l, rawRequest(`/x\..\a.txt`)); got.body != "a" {
		t.Errorf("backslash path served %q", got.body)
	}
}
