package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var example = filepath.Join("..", "..", "examples", "assets-middleware")

func TestExampleThroughMiddleware(t *testing.T) {
	d := startDev(t, filepath.Join(example, "origin"))
	index, err := os.ReadFile(filepath.Join(example, "origin", "public", "index.html"))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("asset", func(t *testing.T) {
		resp, body := d.request(t, "GET", "/", "", nil)
		if resp.StatusCode != 200 || body != string(index) ||
			resp.Header.Get("X-Middleware") != "my-app-middleware" ||
			resp.Header.Get("ETag") == "" {
			t.Fatalf("%d %v %q", resp.StatusCode, resp.Header, body)
		}
		resp, body = d.request(t, "GET", "/", "", nil, "If-None-Match", resp.Header.Get("ETag"))
		if resp.StatusCode != 304 || body != "" ||
			resp.Header.Get("X-Middleware") != "my-app-middleware" {
			t.Errorf("304 through the middleware: %d %v %q", resp.StatusCode, resp.Header, body)
		}
	})
	t.Run("nested folder and CSS", func(t *testing.T) {
		if resp, body := d.request(t, "GET", "/docs/guide/", "", nil); resp.StatusCode != 200 ||
			!strings.Contains(body, "<h1>Guide</h1>") {
			t.Errorf("%d %q", resp.StatusCode, body)
		}
		if resp, _ := d.request(t, "GET", "/css/style.css", "", nil); !strings.HasPrefix(
			resp.Header.Get("Content-Type"), "text/css") {
			t.Errorf("css: %v", resp.Header)
		}
	})
	t.Run("image cache header appended", func(t *testing.T) {
		resp, _ := d.request(t, "GET", "/images/logo.png", "", nil)
		cc := resp.Header.Values("Cache-Control")
		if resp.StatusCode != 200 || len(cc) != 2 || cc[1] != "max-age=180, public" {
			t.Errorf("%d Cache-Control %q", resp.StatusCode, cc)
		}
	})
	t.Run("redirect", func(t *testing.T) {
		resp, _ := d.request(t, "GET", "/old-path", "", nil)
		if resp.StatusCode != 301 || !strings.HasSuffix(resp.Header.Get("Location"), "/new-path") {
			t.Errorf("%d %v", resp.StatusCode, resp.Header)
		}
	})
	t.Run("api through origin code", func(t *testing.T) {
		resp, body := d.request(t, "POST", "/api/items?x=1", "", strings.NewReader("{}"))
		var got map[string]any
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatalf("%d %q: %v", resp.StatusCode, body, err)
		}
		if got["path"] != "/api/items" || got["method"] != "POST" ||
			got["greeting"] != "hello from my-app-ssr" ||
			resp.Header.Get("X-Middleware") != "my-app-middleware" {
			t.Errorf("%v %v", got, resp.Header)
		}
	})
	t.Run("404 page", func(t *testing.T) {
		resp, body := d.request(t, "GET", "/no/such/page", "", nil)
		if resp.StatusCode != 404 || !strings.Contains(body, "404: nothing here") ||
			resp.Header.Get("X-Middleware") != "my-app-middleware" {
			t.Errorf("%d %q", resp.StatusCode, body)
		}
	})
	t.Run("request lines", func(t *testing.T) {
		out := d.out.String()
		for _, want := range []string{
			"GET /images/logo.png 200 ",
			" my-app-middleware > my-app-ssr:assets\n",
			"POST /api/items?x=1 200 ",
			" my-app-middleware > my-app-ssr\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
}

func TestChainInOrder(t *testing.T) {
	d := startDev(t, fixture("chain", "app"))
	resp, body := d.request(t, "GET", "/", "", nil)
	if body != "seen: first,second" ||
		strings.Join(resp.Header.Values("X-Order"), ",") != "second,first" {
		t.Errorf("%q %v", body, resp.Header.Values("X-Order"))
	}
}

func TestSharedMiddlewareTwoOrigins(t *testing.T) {
	d := startDev(t, fixture("shared", "site-a"), fixture("shared", "site-b"))
	for _, host := range []string{"a", "b"} {
		resp, body := d.request(t, "GET", "/", host+".test", nil)
		if body != "site "+host+"\n" || resp.Header.Get("X-Shared") != host+".test" {
			t.Errorf("%s.test: %q %v", host, body, resp.Header)
		}
	}
	// The dev address answers the first origin.
	if _, body := d.request(t, "GET", "/", "", nil); body != "site a\n" {
		t.Errorf("dev address: %q", body)
	}
}

func TestPassThroughAndThrow(t *testing.T) {
	d := startDev(t, fixture("passthrough", "app"))
	resp, body := d.request(t, "POST", "/pass", "", strings.NewReader("hello body"))
	if resp.StatusCode != 200 || body != "origin: POST hello body" {
		t.Errorf("pass-through: %d %q", resp.StatusCode, body)
	}
	resp, body = d.request(t, "GET", "/boom", "", nil, "Accept", "text/html")
	if resp.StatusCode != 500 || !strings.Contains(body, "no pass-through here") ||
		!strings.Contains(body, "index.js:") {
		t.Errorf("throw: %d %q", resp.StatusCode, body)
	}
	if !strings.Contains(d.errw.String(), "TypeError: no pass-through here") {
		t.Errorf("the stack was not logged:\n%s", d.errw.String())
	}
	if resp, body := d.request(t, "GET", "/fine", "", nil); resp.StatusCode != 200 ||
		body != "origin: GET " {
		t.Errorf("after a throw: %d %q", resp.StatusCode, body)
	}
}

func TestSameOriginFetchIsOrigin(t *testing.T) {
	d := startDev(t, fixture("sameorigin", "app"))
	_, body := d.request(t, "GET", "/compare", "", nil)
	var got map[string]map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("%q: %v", body, err)
	}
	if got["fetch"]["status"] != float64(200) || got["fetch"]["body"] !=
		"data from the origin's assets\n" || got["fetch"]["etag"] != got["origin"]["etag"] ||
		got["fetch"]["body"] != got["origin"]["body"] {
		t.Errorf("%v", got)
	}
}

func TestServiceBindingIntoWorkerWithAssets(t *testing.T) {
	d := startDev(t, fixture("service", "caller"), fixture("service", "calc"),
		filepath.Join(example, "origin"))
	resp, body := d.request(t, "GET", "/images/logo.png", "", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" ||
		resp.Header.Get("X-Middleware") != "my-app-middleware" {
		t.Errorf("fetch: %d %v (%d bytes)", resp.StatusCode, resp.Header, len(body))
	}
	_, body = d.request(t, "GET", "/rpc", "", nil)
	want := `{"sum":5,"echo":{"list":[1,"two",true],"nested":{"n":null}}}`
	if body != want {
		t.Errorf("rpc: %s; want %s", body, want)
	}
}

func TestReloadKeepsServing(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, fixture("passthrough"), dir)
	d := startDev(t, filepath.Join(dir, "app"))
	src := filepath.Join(dir, "app", "index.js")
	write := func(code string) {
		if err := os.WriteFile(src, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`export default { fetch() { return new Response("v2"); } };`)
	waitFor(t, func() bool { _, b := d.request(t, "GET", "/x", "", nil); return b == "v2" })
	write(`export default { fetch() { return new Response("v3") ;;; } ) };`)
	waitFor(t, func() bool { return strings.Contains(d.errw.String(), "still serving") })
	if _, b := d.request(t, "GET", "/x", "", nil); b != "v2" {
		t.Errorf("after a broken edit: %q", b)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 200 {
		if cond() {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatal("timed out")
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

var _ = http.MethodGet

func TestVarsSecretsAndConsole(t *testing.T) {
	d := startDev(t, fixture("vars"), "--var", "FLAG:from-flag")
	_, body := d.request(t, "GET", "/", "", nil)
	want := `{"plain":"a string","conf":{"hosts":["a","b"],"retries":3},` +
		`"secret":"from-dev-vars","overridden":"from-dev-vars","flag":"from-flag"}`
	if body != want {
		t.Errorf("env: %s\nwant %s", body, want)
	}
	waitFor(t, func() bool { return strings.Contains(d.out.String(), "[vars] env has 5 keys\n") })
}

func TestBrokenScriptServesAssets(t *testing.T) {
	d := startDevAny(t, fixture("broken"))
	if !strings.Contains(d.errw.String(), "✘ [broken] the script cannot run; serving its "+
		"assets only") {
		t.Errorf("stderr:\n%s", d.errw.String())
	}
	if resp, body := d.request(t, "GET", "/", "", nil); resp.StatusCode != 200 ||
		body != "<p>still served</p>\n" {
		t.Errorf("asset: %d %q", resp.StatusCode, body)
	}
	resp, body := d.request(t, "GET", "/api", "", nil)
	if resp.StatusCode != 500 || !strings.Contains(body, "index.js:3:") {
		t.Errorf("code: %d %q", resp.StatusCode, body)
	}
}
