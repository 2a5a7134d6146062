package assets

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBuildManifest(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"index.html": "i", "app.js": "a", "_headers": "/a\n x: y", "_redirects": "/a /b",
		".assetsignore": "*.map\nprivate/\n!keep.map\n", "app.js.map": "m", "keep.map": "k",
		"private/secret.txt": "s", "sub/_headers": "nested is served", "sub/x.unknownext": "u",
		"README": "r", "data.json": "{}", "font.woff2": "f", "sub/.hidden": "h",
	})
	outside := writeTree(t, map[string]string{"outside.txt": "o", "d/f.txt": "f"})
	err := os.Symlink(filepath.Join(outside, "outside.txt"), filepath.Join(dir, "link.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(outside, "d"), filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	m, err := BuildManifest(dir, ManifestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range m.Entries() {
		paths = append(paths, e.Path)
	}
	want := "/README /app.js /data.json /font.woff2 /index.html /keep.map /sub/.hidden " +
		"/sub/_headers /sub/x.unknownext"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("paths\n got %s\nwant %s", got, want)
	}
	types := map[string]string{
		"/index.html": "text/html; charset=utf-8", "/app.js": "text/javascript; charset=utf-8",
		"/data.json": "application/json", "/font.woff2": "font/woff2",
		"/sub/x.unknownext": "", "/README": "", "/sub/.hidden": "",
	}
	for p, ct := range types {
		e, ok := m.Lookup(p)
		if !ok || e.ContentType != ct {
			t.Errorf("%s: type %q, want %q", p, e.ContentType, ct)
		}
	}
	e, _ := m.Lookup("/app.js")
	if e.Size != 1 || e.File != filepath.Join(dir, "app.js") || len(e.Hash) != 32 {
		t.Errorf("entry %+v", e)
	}
}

func TestManifestLimits(t *testing.T) {
	dir := writeTree(t, map[string]string{"a.txt": "12345", "b.txt": "1", "c.txt": "2"})
	_, err := BuildManifest(dir, ManifestOptions{MaxFileSize: 4})
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "a.txt") {
		t.Errorf("size limit: %v", err)
	}
	_, err = BuildManifest(dir, ManifestOptions{MaxFiles: 2})
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), "c.txt") {
		t.Errorf("count limit: %v", err)
	}
	if _, err := BuildManifest(dir, ManifestOptions{MaxFiles: 3, MaxFileSize: 5}); err != nil {
		t.Errorf("at the limits: %v", err)
	}
}

func TestContentType(t *testing.T) {
	tests := map[string]string{
		"/a.html": "text/html; charset=utf-8", "/a.HTML": "text/html; charset=utf-8",
		"/a.mjs": "text/javascript; charset=utf-8", "/a.css": "text/css; charset=utf-8",
		"/a.svg": "image/svg+xml", "/a.wasm": "application/wasm",
		"/a.txt": "text/plain; charset=utf-8", "/.html": "", "/html": "", "/a.": "",
		"/a.tar.gz": "application/gzip", "/dir.js/file": "",
		"/a.webmanifest": "application/manifest+json",
	}
	for p, want := range tests {
		if got := ContentType(p); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestNewWarnings(t *testing.T) {
	_, warns := newLayerWarn(t, map[string]string{"_worker.js": "x",
		"_headers": "/a\nbad line\n", "_redirects": "/x\n"}, Options{})
	var got []string
	for _, w := range warns {
		got = append(got, filepath.Base(w.File))
	}
	if strings.Join(got, " ") != "_headers _headers _redirects _worker.js" {
		t.Errorf("warnings %v", warns)
	}
	_, warns = newLayerWarn(t, map[string]string{"_worker.js/index.js": "x"}, Options{})
	if len(warns) != 1 {
		t.Errorf("_worker.js directory: %v", warns)
	}
	_, warns = newLayerWarn(t, map[string]string{"_worker.js": "x", ".assetsignore": ""},
		Options{})
	if len(warns) != 0 {
		t.Errorf("acknowledged _worker.js: %v", warns)
	}
	for _, opts := range []Options{{HTMLHandling: "x"}, {NotFoundHandling: "y"}} {
		opts.Directory = t.TempDir()
		if _, _, err := New(opts); err == nil {
			t.Errorf("%+v: no error", opts)
		}
	}
	if _, _, err := New(Options{Directory: filepath.Join(t.TempDir(), "nope")}); err == nil {
		t.Error("missing directory: no error")
	}
}

func TestLinkedConfigFilesIgnored(t *testing.T) {
	outside := writeTree(t, map[string]string{"h": "/*\n  X-Linked: yes\n"})
	dir := writeTree(t, map[string]string{"a.txt": "a"})
	if err := os.Symlink(filepath.Join(outside, "h"), filepath.Join(dir, "_headers")); err != nil {
		t.Fatal(err)
	}
	l, _, err := New(Options{Directory: dir, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if got := fetch(t, l, "GET", "/a.txt"); got.header.Get("X-Linked") != "" {
		t.Error("a linked _headers was read")
	}
}

func TestAssetsIgnorePatterns(t *testing.T) {
	dir := writeTree(t, map[string]string{
		".assetsignore": "# comment\n/top.txt\n**/*.bak\nnode_modules\nbuild/*\n" +
			"!build/keep.js\ndist/\n!dist/keep.js\n",
		"dist/keep.js": "10",
		"top.txt":      "1", "sub/top.txt": "2", "a/b/c.bak": "3", "c.bak": "4",
		"node_modules/x/y.js": "5", "sub/node_modules/z.js": "6", "build/out.js": "7",
		"build/keep.js": "8", "ok.js": "9",
	})
	m, err := BuildManifest(dir, ManifestOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range m.Entries() {
		got = append(got, e.Path)
	}
	want := "/build/keep.js /ok.js /sub/top.txt"
	if strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}
