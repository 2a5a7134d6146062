package assets

import "testing"

// want is an expected answer: a status, and for a redirect its Location; for
// a 200 the body names the file served.
type want struct {
	status int
	target string // Location of a 307, or the body of a 200/404
}

var modes = []string{AutoTrailingSlash, ForceTrailingSlash, DropTrailingSlash, HTMLNone}

// TestHTMLHandling covers every row of the html_handling table (spec 1.1.5).
func TestHTMLHandling(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		path  string
		want  [4]want // auto, force, drop, none
	}{
		{"root", []string{"/index.html"}, "/",
			[4]want{{200, "/index.html"}, {200, "/index.html"}, {200, "/index.html"}, {404, ""}}},
		{"index", []string{"/index.html"}, "/index",
			[4]want{{307, "/"}, {307, "/"}, {307, "/"}, {404, ""}}},
		{"index.html", []string{"/index.html"}, "/index.html",
			[4]want{{307, "/"}, {307, "/"}, {307, "/"}, {200, "/index.html"}}},
		{"file", []string{"/file.html"}, "/file",
			[4]want{{200, "/file.html"}, {307, "/file/"}, {200, "/file.html"}, {404, ""}}},
		{"file.html", []string{"/file.html"}, "/file.html",
			[4]want{{307, "/file"}, {307, "/file/"}, {307, "/file"}, {200, "/file.html"}}},
		{"file/", []string{"/file.html"}, "/file/",
			[4]want{{307, "/file"}, {200, "/file.html"}, {307, "/file"}, {404, ""}}},
		{"folder", []string{"/folder/index.html"}, "/folder",
			[4]want{{307, "/folder/"}, {307, "/folder/"}, {200, "/folder/index.html"}, {404, ""}}},
		{"folder/", []string{"/folder/index.html"}, "/folder/",
			[4]want{{200, "/folder/index.html"}, {200, "/folder/index.html"}, {307, "/folder"},
				{404, ""}}},
		{"folder/index", []string{"/folder/index.html"}, "/folder/index",
			[4]want{{307, "/folder/"}, {307, "/folder/"}, {307, "/folder"}, {404, ""}}},
		{"folder/index.html", []string{"/folder/index.html"}, "/folder/index.html",
			[4]want{{307, "/folder/"}, {307, "/folder/"}, {307, "/folder"},
				{200, "/folder/index.html"}}},
		{"exact non-html", []string{"/file-bin"}, "/file-bin",
			[4]want{{200, "/file-bin"}, {200, "/file-bin"}, {200, "/file-bin"}, {200, "/file-bin"}}},
		{"exact non-html index", []string{"/dir/index"}, "/dir/index",
			[4]want{{200, "/dir/index"}, {200, "/dir/index"}, {200, "/dir/index"},
				{200, "/dir/index"}}},
		{"both.html", []string{"/both.html", "/both/index.html"}, "/both.html",
			[4]want{{307, "/both"}, {200, "/both.html"}, {307, "/both"}, {200, "/both.html"}}},
		{"both/index.html", []string{"/both.html", "/both/index.html"}, "/both/index.html",
			[4]want{{307, "/both/"}, {307, "/both/"}, {200, "/both/index.html"},
				{200, "/both/index.html"}}},
		{"both", []string{"/both.html", "/both/index.html"}, "/both",
			[4]want{{200, "/both.html"}, {307, "/both/"}, {200, "/both.html"}, {404, ""}}},
		{"both/", []string{"/both.html", "/both/index.html"}, "/both/",
			[4]want{{200, "/both/index.html"}, {200, "/both/index.html"}, {307, "/both"},
				{404, ""}}},
		{"drop keeps root", []string{"/index.html"}, "/?q=1",
			[4]want{{200, "/index.html"}, {200, "/index.html"}, {200, "/index.html"}, {404, ""}}},
		{"query kept", []string{"/file.html"}, "/file.html?a=1&b",
			[4]want{{307, "/file?a=1&b"}, {307, "/file/?a=1&b"}, {307, "/file?a=1&b"},
				{200, "/file.html"}}},
		{"different content no redirect", []string{"/x.html", "/x/index.html"}, "/x/index",
			[4]want{{307, "/x/"}, {307, "/x/"}, {307, "/x"}, {404, ""}}},
	}
	for _, tt := range tests {
		files := map[string]string{}
		for _, f := range tt.files {
			files[f[1:]] = f // each file's body is its own path
		}
		for i, mode := range modes {
			t.Run(tt.name+"/"+mode, func(t *testing.T) {
				l := newLayer(t, files, Options{HTMLHandling: mode})
				got := fetch(t, l, "GET", tt.path)
				checkWant(t, got, tt.want[i])
			})
		}
	}
}

func checkWant(t *testing.T, got result, w want) {
	t.Helper()
	if got.status != w.status {
		t.Fatalf("status %d, want %d (Location %q, body %q)", got.status, w.status,
			got.header.Get("Location"), got.body)
	}
	switch {
	case w.status >= 300 && w.status < 400:
		if loc := got.header.Get("Location"); loc != w.target {
			t.Errorf("Location %q, want %q", loc, w.target)
		}
	case got.body != w.target:
		t.Errorf("body %q, want %q", got.body, w.target)
	}
}
