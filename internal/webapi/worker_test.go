package webapi

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// workerHarness runs testdata/worker.js the way the runtime runs a worker: each request
// becomes a Request (NewRequest), goes to worker.fetch(request, env), and the Response it
// resolves to becomes an http.Response (ResponseOf).
type workerHarness struct {
	l   *testLoop
	env *goja.Object
	fn  goja.Callable
	obj goja.Value
}

func newWorkerHarness(t *testing.T, ctx context.Context, upstream string) *workerHarness {
	t.Helper()
	l := newFetchLoop(t, ctx)
	src, err := os.ReadFile(filepath.Join("testdata", "worker.js"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.vm.RunScript("worker.js", string(src)); err != nil {
		t.Fatal(err)
	}
	w := l.vm.Get("worker").ToObject(l.vm)
	fn, ok := goja.AssertFunction(w.Get("fetch"))
	if !ok {
		t.Fatal("worker.fetch is not a function")
	}
	env := l.vm.NewObject()
	_ = env.Set("UPSTREAM", upstream)
	_ = env.Set("SECRET", "s3cret")
	return &workerHarness{l: l, env: env, fn: fn, obj: w}
}

func (h *workerHarness) serve(t *testing.T, r *http.Request) *http.Response {
	t.Helper()
	req, err := NewRequest(h.l, r)
	if err != nil {
		t.Fatal(err)
	}
	v, err := h.fn(h.obj, req, h.env)
	if err != nil {
		t.Fatal(err)
	}
	h.l.drain(t, 10*time.Second)
	p := v.Export().(*goja.Promise)
	if p.State() != goja.PromiseStateFulfilled {
		t.Fatalf("handler promise %v: %v", p.State(), p.Result())
	}
	resp, err := ResponseOf(h.l, p.Result())
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return string(b)
}

func TestWorkerParsesJSON(t *testing.T) {
	h := newWorkerHarness(t, context.Background(), "")
	r := httptest.NewRequest("POST", "https://w.test/json",
		strings.NewReader(`{"name":"numbers","values":[1,2,3.5]}`))
	resp := h.serve(t, r)
	if resp.StatusCode != 201 || resp.Header.Get("Content-Type") != "application/json" {
		t.Errorf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if got := readBody(t, resp); got != `{"name":"numbers","sum":6.5}` {
		t.Errorf("body %s", got)
	}
}

func TestWorkerProxiesAndStreams(t *testing.T) {
	srv := newTestServer(t)
	ctx, end := context.WithCancel(context.Background())
	h := newWorkerHarness(t, ctx, srv.URL)
	resp := h.serve(t, httptest.NewRequest("GET", "https://w.test/proxy", nil))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// The invocation ends before the server writes the body out, as in production.
	end()
	if got := readBody(t, resp); got != "chunk0;chunk1;chunk2;chunk3;chunk4;" {
		t.Errorf("proxied body %q", got)
	}

	h2 := newWorkerHarness(t, context.Background(), srv.URL)
	resp = h2.serve(t, httptest.NewRequest("GET", "https://w.test/proxy-rewrap", nil))
	if got := readBody(t, resp); got != "HELLO" || resp.Header.Get("X-Proxied") != "1" ||
		resp.Header.Get("X-Custom") != "yes" {
		t.Errorf("re-wrapped: %q %v", got, resp.Header)
	}
}

func TestWorkerSignsAndVerifiesJWTs(t *testing.T) {
	h := newWorkerHarness(t, context.Background(), "")
	resp := h.serve(t, httptest.NewRequest("POST", "https://w.test/jwt",
		strings.NewReader(`{"sub":"user-1","admin":true}`)))
	var got struct {
		HS256, EdDSA, EdPublic                   string
		HSVerified, EdVerified, TamperedVerified map[string]any
		CrossVerified                            map[string]any
	}
	if err := json.Unmarshal([]byte(readBody(t, resp)), &got); err != nil {
		t.Fatal(err)
	}
	claims := map[string]any{"sub": "user-1", "admin": true}
	for name, v := range map[string]map[string]any{"hs": got.HSVerified, "ed": got.EdVerified} {
		if v["sub"] != claims["sub"] || v["admin"] != true {
			t.Errorf("%s verification in the worker: %v", name, v)
		}
	}
	if got.TamperedVerified != nil || got.CrossVerified != nil {
		t.Errorf("bad tokens verified: %v %v", got.TamperedVerified, got.CrossVerified)
	}
	// Go checks the worker's signatures on its own.
	parts := strings.Split(got.HS256, ".")
	mac := hmac.New(sha256.New, []byte("s3cret"))
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if want := base64.RawURLEncoding.EncodeToString(mac.Sum(nil)); parts[2] != want {
		t.Errorf("HS256 signature %s, Go computes %s", parts[2], want)
	}
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	if string(header) != `{"alg":"HS256","typ":"JWT"}` {
		t.Errorf("header %s", header)
	}
	ed := strings.Split(got.EdDSA, ".")
	pub, _ := base64.RawURLEncoding.DecodeString(got.EdPublic)
	sig, _ := base64.RawURLEncoding.DecodeString(ed[2])
	if len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, []byte(ed[0]+"."+ed[1]), sig) {
		t.Error("Go does not verify the EdDSA token")
	}
}

func TestWorkerReadsAFormDataUpload(t *testing.T) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("title", "Holiday")
	_ = mw.WriteField("tag", "sea")
	_ = mw.WriteField("tag", "sun")
	content := bytes.Repeat([]byte{0, 1, 2, 250, 'x'}, 20000)
	fw, _ := mw.CreateFormFile("file", "photo.jpg")
	_, _ = fw.Write(content)
	_ = mw.Close()
	r := httptest.NewRequest("POST", "https://w.test/upload", &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())

	h := newWorkerHarness(t, context.Background(), "")
	resp := h.serve(t, r)
	var got map[string]any
	if err := json.Unmarshal([]byte(readBody(t, resp)), &got); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	want := map[string]any{"title": "Holiday", "name": "photo.jpg",
		"type": "application/octet-stream", "size": float64(len(content)),
		"sha256": hex.EncodeToString(sum[:])}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if tags, _ := got["tags"].([]any); len(tags) != 2 || tags[0] != "sea" || tags[1] != "sun" {
		t.Errorf("tags %v", got["tags"])
	}
}
