package assets

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseHeaders(t *testing.T) {
	text := strings.Join([]string{
		"# comment",
		"/a",                         // 2
		"  X-One: 1",                 // 3
		"  x-one: 2",                 // 4
		"  ! Server",                 // 5
		"  Link: </x>; rel=preload",  // 6
		"/empty",                     // 7
		"/b/*",                       // 8
		"  bad header: 1",            // 9
		"  NoColon",                  // 10
		"  X-Empty:",                 // 11
		"  : novalue",                // 12
		"  X-Ok: fine",               // 13
		"https://example.com:8080/x", // 14
		"  X-Skipped: 1",             // 15
		"http://example.com/x",       // 16
		"  X-Skipped: 2",             // 17
		"/c?query#frag",              // 18
		"  X-C: c",                   // 19
		"/d/*/*",                     // 20
		"  X-D: d",                   // 21
		"/e/*/:splat",                // 22
		"  X-E: e",                   // 23
		"https://:sub.example.com/*", // 24
		"  X-Host: :sub",             // 25
	}, "\n")
	rules, warns := ParseHeaders("_headers", text)
	var paths []string
	for _, r := range rules {
		paths = append(paths, r.Path)
	}
	wantPaths := []string{"/a", "/b/*", "/c", "https://:sub.example.com/*"}
	if !reflect.DeepEqual(paths, wantPaths) {
		t.Errorf("rules %q, want %q", paths, wantPaths)
	}
	wantSet := [][2]string{{"x-one", "1, 2"}, {"link", "</x>; rel=preload"}}
	if !reflect.DeepEqual(rules[0].Set, wantSet) || !reflect.DeepEqual(rules[0].Unset,
		[]string{"server"}) {
		t.Errorf("rule /a: %v %v", rules[0].Set, rules[0].Unset)
	}
	var lines []int
	for _, w := range warns {
		lines = append(lines, w.Line)
		if !strings.HasPrefix(w.String(), fmt.Sprintf("_headers:%d: ", w.Line)) {
			t.Errorf("warning format %q", w.String())
		}
	}
	wantLines := []int{7, 9, 10, 11, 12, 14, 16, 20, 22}
	if !reflect.DeepEqual(lines, wantLines) {
		t.Errorf("warnings on lines %v, want %v:\n%v", lines, wantLines, warns)
	}
	if _, w := ParseHeaders("h", "X-Before: 1\n/a\n X: 1"); len(w) != 1 || w[0].Line != 1 {
		t.Errorf("header before path: %v", w)
	}
}

func TestHeaderLimits(t *testing.T) {
	var b strings.Builder
	for i := range MaxHeaderRules + 5 {
		fmt.Fprintf(&b, "/r%d\n  X-N: %d\n", i, i)
	}
	rules, warns := ParseHeaders("h", b.String())
	if len(rules) != MaxHeaderRules || len(warns) != 1 {
		t.Errorf("%d rules, %d warnings", len(rules), len(warns))
	}
	long := "/a\n  X-Long: " + strings.Repeat("v", MaxRuleLineBytes) + "\n  X-Short: s\n"
	rules, warns = ParseHeaders("h", long)
	if len(rules) != 1 || len(rules[0].Set) != 1 || len(warns) != 1 || warns[0].Line != 2 {
		t.Errorf("long line: %v %v", rules, warns)
	}
}

func TestApplyHeaders(t *testing.T) {
	files := map[string]string{
		"index.html": "home", "blog/post.html": "post", "img/a.png": "png",
		"_headers": strings.Join([]string{
			"/*", "  X-All: all", "  Cache-Control: no-store",
			"/blog/:slug", "  X-Slug: :slug", "  Cache-Control: private",
			"/img/*", "  X-Splat: got-:splat", "  ! X-All",
			"https://:sub.example.com/*", "  X-Sub: :sub",
			"https://example.com/exact", "  X-Exact: 1",
			"/missing", "  X-Missing: yes",
			"/old", "  X-Old: yes",
			"/blog/post.html", "  X-Post: yes",
			"/über/*", "  X-Uber: yes",
		}, "\n"),
		"_redirects": "/old /new 301\n",
	}
	l := newLayer(t, files, Options{})
	tests := []struct {
		path   string
		method string
		host   string
		status int
		want   map[string]string // "" means absent
	}{
		{"/", "GET", "", 200, map[string]string{"X-All": "all", "Cache-Control": "no-store",
			"X-Slug": ""}},
		{"/blog/post", "GET", "", 200, map[string]string{"X-Slug": "post",
			"Cache-Control": "no-store, private", "X-Post": ""}},
		{"/img/a.png", "GET", "", 200, map[string]string{"X-Splat": "got-a.png", "X-All": ""}},
		{"/", "GET", "www.example.com", 200, map[string]string{"X-Sub": "www"}},
		{"/", "GET", "a.b.example.com", 200, map[string]string{"X-Sub": ""}},
		{"/exact", "GET", "example.com:8443", 404, map[string]string{"X-Exact": "1"}},
		{"/missing", "GET", "", 404, map[string]string{"X-Missing": "yes", "X-All": "all"}},
		{"/old", "GET", "", 301, map[string]string{"X-Old": "yes", "X-All": "all"}},
		{"/", "POST", "", 405, map[string]string{"X-All": "all"}},
		{"/blog/post.html", "GET", "", 307, map[string]string{"X-Post": "yes",
			"X-Slug": "post.html"}},
		{"/%C3%BCber/x", "GET", "", 404, map[string]string{"X-Uber": "yes"}},
		{"/über/x", "GET", "", 404, map[string]string{"X-Uber": "yes"}},
	}
	for _, tt := range tests {
		t.Run(tt.path+tt.host, func(t *testing.T) {
			host := tt.host
			if host == "" {
				host = "localhost"
			}
			got := fetch(t, l, tt.method, "http://"+host+tt.path)
			if got.status != tt.status {
				t.Fatalf("status %d, want %d", got.status, tt.status)
			}
			for k, v := range tt.want {
				if g := strings.Join(got.header.Values(k), ", "); g != v {
					t.Errorf("%s = %q, want %q", k, g, v)
				}
			}
		})
	}
	e, _ := l.Manifest().Lookup("/index.html")
	nm := fetch(t, l, "GET", "/", "If-None-Match", `"`+e.Hash+`"`)
	if nm.status != 304 || nm.header.Get("X-All") != "all" {
		t.Errorf("304: %d %v", nm.status, nm.header)
	}
}
