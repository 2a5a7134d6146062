package assets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzParseHeaders(f *testing.F) {
	f.Add("/a\n  X: 1\n! Y\n/b/*\n  Z: :splat\n")
	f.Add("https://:sub.example.com/:p/*\n  A: :sub-:p\n")
	f.Add("x: y\n/\n")
	f.Fuzz(func(t *testing.T, text string) {
		rules, _ := ParseHeaders("_headers", text)
		if len(rules) > MaxHeaderRules {
			t.Fatalf("%d rules", len(rules))
		}
		h := make(map[string][]string)
		applyHeaders(rules, h, "example.com", "/a/b")
	})
}

func FuzzParseRedirects(f *testing.F) {
	f.Add("/a /b 301\n/c/* /d/:splat\n/:x/y /z/:x 200\n")
	f.Add("/* /index.html\n/ /index 200 # c\n")
	f.Fuzz(func(t *testing.T, text string) {
		rd, _ := ParseRedirects("_redirects", text, false)
		if len(rd.static) > MaxStaticRedirects || len(rd.dynamic) > MaxDynamicRedirects {
			t.Fatal("over limits")
		}
		for _, p := range []string{"/a", "/c/x/y", "/q/y"} {
			if r, to, ok := rd.match(p); ok && r.Status == 200 && !strings.HasPrefix(to, "/") {
				t.Fatalf("rewrite to %q", to)
			}
		}
	})
}

// FuzzResolve sends arbitrary request paths; whatever is served must be a file
// of the directory, and a redirect never leaves the origin for "//host".
func FuzzResolve(f *testing.F) {
	outer := f.TempDir()
	os.WriteFile(filepath.Join(outer, "secret.txt"), []byte("SECRET"), 0o644)
	dir := filepath.Join(outer, "pub")
	for name, body := range map[string]string{"index.html": "i", "a/b.html": "b",
		"a/index.html": "ai", "404.html": "nf", "[x].txt": "x",
		"_redirects": "/r/* /a/:splat 200\n/go/* /:splat\n"} {
		full := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte(body), 0o644)
	}
	layers := map[string]*Layer{}
	for _, mode := range modes {
		l, _, err := New(Options{Directory: dir, HTMLHandling: mode,
			NotFoundHandling: NotFoundPage, Logger: quiet})
		if err != nil {
			f.Fatal(err)
		}
		layers[mode] = l
	}
	for _, s := range []string{"/", "/../secret.txt", "/%2e%2e/secret.txt", `/..\secret.txt`,
		"/a/b", "/[x].txt", "//a//b.html", "/%c0%ae%c0%ae/", "/r/../../secret.txt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		for mode, l := range layers {
			r := rawRequest("/" + p)
			resp, err := l.Fetch(r.Context(), r)
			if err != nil {
				t.Fatal(err)
			}
			if f, ok := resp.Body.(*os.File); ok && !strings.HasPrefix(f.Name(), dir+"/") {
				t.Fatalf("%s %q served %s", mode, p, f.Name())
			}
			resp.Body.Close()
			if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, "//") ||
				strings.HasPrefix(loc, `/\`) {
				t.Fatalf("%s %q: Location %q", mode, p, loc)
			}
			in := l.res.intent(decodePath(normalizePath("/"+p)), false)
			if in.entry != nil && !strings.HasPrefix(in.entry.File, dir+"/") {
				t.Fatalf("intent outside: %s", in.entry.File)
			}
		}
	})
}
