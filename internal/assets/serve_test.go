package assets

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServeHTTP(t *testing.T) {
	big := strings.Repeat("0123456789abcdef", 200<<10/16)
	l := newLayer(t, map[string]string{"big.bin": big, "noext": "<html>sniff me</html>",
		"page.html": "<p>hi</p>"}, Options{})
	srv := httptest.NewServer(l)
	defer srv.Close()
	get := func(method, p string, kv ...string) (*http.Response, string) {
		req, _ := http.NewRequest(method, srv.URL+p, nil)
		for i := 0; i+1 < len(kv); i += 2 {
			req.Header.Set(kv[i], kv[i+1])
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, body := get("GET", "/big.bin")
	if resp.StatusCode != 200 || body != big || resp.ContentLength != int64(len(big)) {
		t.Errorf("big: %d, %d bytes", resp.StatusCode, len(body))
	}
	resp, body = get("GET", "/big.bin", "Range", "bytes=100-199")
	if resp.StatusCode != 206 || body != big[100:200] {
		t.Errorf("range: %d %q", resp.StatusCode, body)
	}
	resp, body = get("GET", "/noext")
	if _, ok := resp.Header["Content-Type"]; ok || body != "<html>sniff me</html>" {
		t.Errorf("unknown extension got Content-Type %q", resp.Header.Get("Content-Type"))
	}
	resp, body = get("HEAD", "/page")
	if resp.StatusCode != 200 || body != "" || resp.ContentLength != 9 {
		t.Errorf("HEAD: %d %q %d", resp.StatusCode, body, resp.ContentLength)
	}
	resp, _ = get("GET", "/missing")
	if resp.StatusCode != 404 {
		t.Errorf("missing: %d", resp.StatusCode)
	}
	client := *srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}
	r2, err := client.Get(srv.URL + "/page.html")
	if err != nil {
		t.Fatal(err)
	}
	r2.Body.Close()
	if r2.StatusCode != 307 || r2.Header.Get("Location") != "/page" {
		t.Errorf("redirect: %d %q", r2.StatusCode, r2.Header.Get("Location"))
	}
}

// readFromRecorder records what WriteResponse hands to ReadFrom.
type readFromRecorder struct {
	*httptest.ResponseRecorder
	src io.Reader
}

func (rr *readFromRecorder) ReadFrom(src io.Reader) (int64, error) {
	rr.src = src
	return io.Copy(rr.ResponseRecorder, src)
}

// TestWriteResponseSendfile checks that the file itself (or a LimitedReader
// over it) reaches ReadFrom, which is what lets net/http use sendfile.
func TestWriteResponseSendfile(t *testing.T) {
	l := newLayer(t, map[string]string{"a.bin": "0123456789"}, Options{})
	for _, rng := range []string{"", "bytes=2-4"} {
		r := httptest.NewRequest("GET", "/a.bin", nil)
		if rng != "" {
			r.Header.Set("Range", rng)
		}
		w := &readFromRecorder{ResponseRecorder: httptest.NewRecorder()}
		l.ServeHTTP(w, r)
		switch src := w.src.(type) {
		case *os.File:
			if rng != "" {
				t.Error("range handed over the whole file")
			}
		case *io.LimitedReader:
			if _, ok := src.R.(*os.File); !ok || rng == "" {
				t.Errorf("range reader over %T", src.R)
			}
		default:
			t.Errorf("ReadFrom got %T", w.src)
		}
		want := "0123456789"
		if rng != "" {
			want = "234"
		}
		if w.Body.String() != want {
			t.Errorf("body %q", w.Body.String())
		}
	}
}

func benchServer(b *testing.B, files map[string]string) (*httptest.Server, *Layer) {
	l := newLayer(b, files, Options{})
	srv := httptest.NewServer(l)
	b.Cleanup(srv.Close)
	return srv, l
}

func BenchmarkServe200KB(b *testing.B) {
	srv, _ := benchServer(b, map[string]string{"big.bin": strings.Repeat("x", 200<<10)})
	c := srv.Client()
	b.SetBytes(200 << 10)
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Get(srv.URL + "/big.bin")
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func BenchmarkRevalidate304(b *testing.B) {
	srv, l := benchServer(b, map[string]string{"app.js": strings.Repeat("x", 200<<10)})
	e, _ := l.Manifest().Lookup("/app.js")
	req, _ := http.NewRequest("GET", srv.URL+"/app.js", nil)
	req.Header.Set("If-None-Match", `"`+e.Hash+`"`)
	c := srv.Client()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.Do(req)
		if err != nil || resp.StatusCode != 304 {
			b.Fatal(err, resp.StatusCode)
		}
		resp.Body.Close()
	}
}

// BenchmarkFetch measures resolution and response building without HTTP.
func BenchmarkFetch(b *testing.B) {
	l := newLayer(b, map[string]string{"blog/post.html": "x", "_headers": "/*\n  X-A: b\n"},
		Options{})
	r := httptest.NewRequest("GET", "/blog/post", nil)
	b.ReportAllocs()
	for b.Loop() {
		resp, _ := l.Fetch(r.Context(), r)
		resp.Body.Close()
	}
}

func BenchmarkManifestLookup(b *testing.B) {
	dir := manyFiles(b, 10000)
	m, err := BuildManifest(dir, ManifestOptions{})
	if err != nil {
		b.Fatal(err)
	}
	keys := make([]string, 10000)
	for i := range keys {
		keys[i] = fmt.Sprintf("/d%d/f%d.txt", i%100, i)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, ok := m.Lookup(keys[i%len(keys)]); !ok {
			b.Fatal("miss")
		}
		i++
	}
}

func BenchmarkBuildManifest10k(b *testing.B) {
	dir := manyFiles(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		m, err := BuildManifest(dir, ManifestOptions{})
		if err != nil || m.Len() != 10000 {
			b.Fatal(err)
		}
	}
}

// manyFiles writes n files of about 2 KB in 100 directories.
func manyFiles(b *testing.B, n int) string {
	dir := b.TempDir()
	body := bytes.Repeat([]byte("asset content "), 150)
	for i := range n {
		d := filepath.Join(dir, fmt.Sprintf("d%d", i%100))
		os.MkdirAll(d, 0o755)
		name := filepath.Join(d, fmt.Sprintf("f%d.txt", i))
		if err := os.WriteFile(name, append(body, fmt.Sprint(i)...), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// TestRangeBodyCopy checks that a plain io.Copy of a range body reaches the
// writer's ReadFrom with a LimitedReader over the file, as sendfile needs.
func TestRangeBodyCopy(t *testing.T) {
	l := newLayer(t, map[string]string{"a.bin": "0123456789"}, Options{})
	r := httptest.NewRequest("GET", "/a.bin", nil)
	r.Header.Set("Range", "bytes=3-5")
	resp, err := l.Fetch(r.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	w := &readFromRecorder{ResponseRecorder: httptest.NewRecorder()}
	if _, err := io.Copy(w, resp.Body); err != nil {
		t.Fatal(err)
	}
	lr, ok := w.src.(*io.LimitedReader)
	if !ok {
		t.Fatalf("ReadFrom got %T", w.src)
	}
	if _, ok := lr.R.(*os.File); !ok || w.Body.String() != "345" {
		t.Errorf("over %T, body %q", lr.R, w.Body.String())
	}
}
