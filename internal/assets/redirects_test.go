package assets

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseRedirects(t *testing.T) {
	text := strings.Join([]string{
		"# comment",
		"/a /b",                       // 2 ok, 302
		"/c /d 301 # inline comment",  // 3 ok
		"/e",                          // 4 too few
		"/f /g 302 extra",             // 5 too many
		"/h /i 404",                   // 6 bad status
		"h /i",                        // 7 from not relative
		"/a /z",                       // 8 duplicate
		"/p https://example.com/ 200", // 9 absolute proxy
		"/* /index.html",              // 10 loop
		"/* /index 200",               // 11 loop
		"/ /index.html",               // 12 loop unless none
		"/j ftp:/x",                   // 13 bad destination
		"/k?x=1 /l",                   // 14 query in from
		"/m/*/* /n",                   // 15 two splats
		"/frag /x#frag",               // 16 ok
		"/q /r 200",                   // 17 ok
	}, "\n")
	rd, warns := ParseRedirects("_redirects", text, false)
	var lines []int
	for _, w := range warns {
		lines = append(lines, w.Line)
		if !strings.HasPrefix(w.String(), fmt.Sprintf("_redirects:%d: ", w.Line)) {
			t.Errorf("format %q", w)
		}
	}
	want := []int{4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	if fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Errorf("warnings on %v, want %v:\n%v", lines, want, warns)
	}
	if r := rd.static["/a"]; r == nil || r.To != "/b" || r.Status != 302 || r.Line != 2 {
		t.Errorf("/a: %+v", r)
	}
	if r := rd.static["/c"]; r == nil || r.Status != 301 {
		t.Errorf("/c: %+v", r)
	}
	if r := rd.static["/frag"]; r == nil || r.To != "/x#frag" {
		t.Errorf("/frag: %+v", r)
	}
	if _, w := ParseRedirects("r", "/ /index.html", true); len(w) != 0 {
		t.Errorf("html none allows / -> /index.html: %v", w)
	}
	// The loop guard covers every folder, not only the root: /blog/ would redirect to
	// itself through html_handling.
	_, w := ParseRedirects("r", "/blog/* /blog/index.html 200\n/app/ /app/index 301\n"+
		"/docs/* /docs/index.html?v=1 200\n/x/* https://other.example/index.html\n", false)
	if len(w) != 2 || w[0].Line != 1 || w[1].Line != 2 {
		t.Errorf("folder loops: %v", w)
	}
	if _, w := ParseRedirects("r", "/app/ /app/index.html", true); len(w) != 0 {
		t.Errorf("html none allows /app/ -> /app/index.html: %v", w)
	}
}

func TestRedirectLimits(t *testing.T) {
	var b strings.Builder
	for i := range MaxStaticRedirects + 1 {
		fmt.Fprintf(&b, "/s%d /t\n", i)
	}
	for i := range MaxDynamicRedirects + 1 {
		fmt.Fprintf(&b, "/d%d/* /t\n", i)
	}
	rd, warns := ParseRedirects("r", b.String(), false)
	if len(rd.static) != MaxStaticRedirects || len(rd.dynamic) != MaxDynamicRedirects ||
		len(warns) != 2 {
		t.Errorf("%d static, %d dynamic, %d warnings", len(rd.static), len(rd.dynamic),
			len(warns))
	}
	// After a dynamic rule, static rules count as dynamic and keep file order.
	rd, _ = ParseRedirects("r", "/x/* /first\n/x/y /second\n", false)
	if len(rd.dynamic) != 2 {
		t.Fatalf("dynamic %d", len(rd.dynamic))
	}
	if _, to, _ := rd.match("/x/y"); to != "/first" {
		t.Errorf("order: %q", to)
	}
	// A static rule after a dynamic one is matched literally, whatever its bytes.
	rd, _ = ParseRedirects("r", "/x/* /first\n/\xd8 /y\n", false)
	if _, to, _ := rd.match("/%D8"); to != "/y" { // as a request spells it
		t.Errorf("invalid UTF-8 from: %q", to)
	}
	rd, _ = ParseRedirects("r", "/x/* /first\n/a.b /y\n", false)
	if _, _, ok := rd.match("/aXb"); ok {
		t.Errorf("a static rule's dot matched any byte")
	}
	if _, to, _ := rd.match("/a.b"); to != "/y" {
		t.Errorf("/a.b: %q", to)
	}
	long := "/a /" + strings.Repeat("b", MaxRuleLineBytes)
	if _, w := ParseRedirects("r", long, false); len(w) != 1 {
		t.Errorf("long line: %v", w)
	}
}

func TestRedirects(t *testing.T) {
	files := map[string]string{
		"b.txt": "b", "c.txt": "c", "blog/index.html": "blog", "x.html": "x",
		"_redirects": strings.Join([]string{
			"/dyn/* /splat/:splat 301",
			"/a /b.txt 200",
			"/b.txt /c.txt 200",
			"/news/:year/:month/:slug /blog/:year-:month/:slug 308",
			"/q /target?from=rule",
			"/keep /target",
			"/ext https://other.example/path",
			"/ext-q https://other.example?x=1#f",
			"/same http://example.com/local 301",
			"/frag /target#top",
			"/slashes //evil.example/x",
			"/gone /nothing 200",
			"/pretty /x.html 200",
			"/twice /b.txt 200",
			"/static/first /one",
			"/303 /see 303",
			"/307 /tmp 307",
			"/go/* /:splat",
			"/p/:id/:id_2 /q/:id_2/:id/:idx",
			"/one/:splat /seg/:splat 301",
			"/über-uns /about 301",
			"/café/* /menu/:splat",
		}, "\n"),
	}
	l := newLayer(t, files, Options{})
	tests := []struct {
		method, path string
		want         want
	}{
		{"GET", "/dyn/a/b", want{301, "/splat/a/b"}},
		{"GET", "/dyn/", want{301, "/splat/"}},
		{"GET", "/a", want{200, "b"}},     // rewrite
		{"GET", "/b.txt", want{200, "c"}}, // a rule on the file itself
		{"GET", "/a?x=1", want{200, "b"}}, // query ignored for matching
		{"GET", "/news/2024/05/hi", want{308, "/blog/2024-05/hi"}},
		{"GET", "/news/2024/05", want{404, ""}},
		{"GET", "/q?mine=1", want{302, "/target?from=rule"}},
		{"GET", "/keep?mine=1", want{302, "/target?mine=1"}},
		{"GET", "/ext?a=b", want{302, "https://other.example/path?a=b"}},
		{"GET", "/ext-q?a=b", want{302, "https://other.example/?x=1#f"}},
		{"GET", "/same?z", want{301, "/local?z"}},
		{"GET", "/frag?k=v", want{302, "/target?k=v#top"}},
		{"GET", "/slashes", want{302, "/evil.example/x"}},
		{"GET", "/gone", want{404, ""}},
		{"GET", "/pretty", want{307, "/x"}}, // the rewritten path is then canonicalised
		{"POST", "/q", want{302, "/target?from=rule"}},
		{"GET", "/303", want{303, "/see"}},
		{"GET", "/307", want{307, "/tmp"}},
		{"GET", "/A", want{404, ""}}, // case-sensitive
		{"GET", "/go//evil.example/x", want{302, "/evil.example/x"}},
		{"GET", "/go/%2F%2Fevil.example", want{302, "/%2F%2Fevil.example"}},
		{"GET", "/p/a/b", want{302, "/q/b/a/:idx"}},
		{"GET", "/one/a", want{301, "/seg/a"}},
		{"GET", "/one/a/b", want{404, ""}}, // ":splat" is one segment; only "*" crosses "/"
		{"GET", "/one/", want{404, ""}},
		{"GET", "/%C3%BCber-uns", want{301, "/about"}}, // a rule written in UTF-8
		{"GET", "/über-uns", want{301, "/about"}},
		{"GET", "/caf%C3%A9/x", want{302, "/menu/x"}},
	}
	for _, tt := range tests {
		t.Run(tt.method+tt.path, func(t *testing.T) {
			checkWant(t, fetch(t, l, tt.method, "http://example.com"+tt.path), tt.want)
		})
	}
}
