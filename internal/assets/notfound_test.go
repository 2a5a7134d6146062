package assets

import (
	"net/http/httptest"
	"testing"
)

// TestNotFoundHandling covers spec 1.1.6 through the binding (Fetch), which
// always applies not_found_handling.
func TestNotFoundHandling(t *testing.T) {
	full := map[string]string{
		"index.html": "/index.html", "404.html": "/404.html",
		"a/404.html": "/a/404.html", "a/b/page.html": "/a/b/page.html",
		"app.js": "/app.js",
	}
	noRoot404 := map[string]string{"a/404.html": "/a/404.html"}
	tests := []struct {
		name   string
		files  map[string]string
		mode   string
		method string
		path   string
		want   want
	}{
		{"spa missing", full, SinglePageApplication, "GET", "/missing/route", want{200, "/index.html"}},
		{"spa missing js still shell", full, SinglePageApplication, "GET", "/x.js",
			want{200, "/index.html"}},
		{"spa hit", full, SinglePageApplication, "GET", "/app.js", want{200, "/app.js"}},
		{"spa no index", map[string]string{"app.js": "x"}, SinglePageApplication, "GET", "/x",
			want{404, ""}},
		{"spa post", full, SinglePageApplication, "POST", "/missing", want{405, ""}},
		{"404 nested", full, NotFoundPage, "GET", "/a/b/c/missing", want{404, "/a/404.html"}},
		{"404 dir", full, NotFoundPage, "GET", "/a/", want{404, "/a/404.html"}},
		{"404 root", full, NotFoundPage, "GET", "/z/missing", want{404, "/404.html"}},
		{"404 top", full, NotFoundPage, "GET", "/missing", want{404, "/404.html"}},
		{"404 only nested", noRoot404, NotFoundPage, "GET", "/b/x", want{404, ""}},
		{"404 head", full, NotFoundPage, "HEAD", "/missing", want{404, ""}},
		{"404 post", full, NotFoundPage, "POST", "/missing", want{405, ""}},
		{"none", full, NotFoundNone, "GET", "/missing", want{404, ""}},
		{"none post", full, NotFoundNone, "POST", "/missing", want{404, ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLayer(t, tt.files, Options{NotFoundHandling: tt.mode})
			checkWant(t, fetch(t, l, tt.method, tt.path), tt.want)
		})
	}
}

// TestCanFetchAndDecide covers the router of spec 1.1.2 and the navigation
// flag of 1.1.6.
func TestCanFetchAndDecide(t *testing.T) {
	files := map[string]string{"index.html": "i", "app.js": "a", "_redirects": "/old /new 301\n" +
		"/gone /nothing 200\n"}
	tests := []struct {
		name     string
		opts     Options
		path     string
		navigate bool
		method   string
		can      bool
		route    Route
	}{
		{"asset", Options{HasWorker: true}, "/app.js", false, "GET", true, RouteAssets},
		{"missing", Options{HasWorker: true}, "/api", false, "GET", false, RouteWorker},
		{"redirect counts", Options{HasWorker: true}, "/old", false, "GET", true, RouteAssets},
		{"rewrite to nothing is a 404", Options{HasWorker: true}, "/gone", false, "GET", true,
			RouteAssets},
		{"post to asset is 405 from assets", Options{HasWorker: true}, "/app.js", false, "POST",
			true, RouteAssets},
		{"spa not navigation", Options{HasWorker: true, NotFoundHandling: SinglePageApplication,
			CompatibilityDate: "2025-04-01"}, "/route", false, "GET", false, RouteWorker},
		{"spa navigation new date", Options{HasWorker: true,
			NotFoundHandling: SinglePageApplication, CompatibilityDate: "2025-04-01"},
			"/route", true, "GET", true, RouteAssets},
		{"spa navigation old date", Options{HasWorker: true,
			NotFoundHandling: SinglePageApplication, CompatibilityDate: "2025-03-31"},
			"/route", true, "GET", false, RouteWorker},
		{"spa navigation no date", Options{HasWorker: true,
			NotFoundHandling: SinglePageApplication}, "/route", true, "GET", false, RouteWorker},
		{"spa navigation flag on", Options{HasWorker: true,
			NotFoundHandling: SinglePageApplication, CompatibilityDate: "2024-01-01",
			CompatibilityFlags: []string{flagNavigationOn}}, "/route", true, "GET", true,
			RouteAssets},
		{"spa navigation flag off", Options{HasWorker: true,
			NotFoundHandling: SinglePageApplication, CompatibilityDate: "2026-01-01",
			CompatibilityFlags: []string{flagNavigationOff}}, "/route", true, "GET", false,
			RouteWorker},
		{"navigation form post gets 405", Options{HasWorker: true,
			NotFoundHandling: SinglePageApplication, CompatibilityDate: "2025-04-01"},
			"/route", true, "POST", true, RouteAssets},
		{"static routing positive", Options{HasWorker: true,
			RunWorkerFirstRules: []string{"/api/*"}}, "/api/x", false, "GET", false, RouteWorker},
		{"static routing bare prefix not matched", Options{HasWorker: true,
			RunWorkerFirstRules: []string{"/api/*"}}, "/api", false, "GET", false, RouteWorker},
		{"static routing negative wins", Options{HasWorker: true,
			RunWorkerFirstRules: []string{"/api/*", "!/api/static/*"}}, "/api/static/app.js",
			false, "GET", false, RouteAssets},
		{"static routing keeps spa for unlisted", Options{HasWorker: true,
			NotFoundHandling: SinglePageApplication, RunWorkerFirstRules: []string{"/api/*"}},
			"/route", false, "GET", true, RouteAssets},
		{"static routing unlisted post", Options{HasWorker: true,
			NotFoundHandling: SinglePageApplication, RunWorkerFirstRules: []string{"/api/*"}},
			"/route", false, "POST", true, RouteAssets},
		{"run_worker_first true", Options{HasWorker: true, RunWorkerFirst: true}, "/app.js",
			false, "GET", true, RouteWorker},
		{"assets only", Options{}, "/api", false, "GET", false, RouteAssets},
		{"cdn-cgi backslash", Options{HasWorker: true, RunWorkerFirst: false}, `/cdn-cgi\x`,
			false, "GET", true, RouteAssets},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLayer(t, files, tt.opts)
			r := httptest.NewRequest(tt.method, "http://example.com"+tt.path, nil)
			r.RequestURI = tt.path
			if tt.navigate {
				r.Header.Set("Sec-Fetch-Mode", "navigate")
			}
			if got := l.CanFetch(r); got != tt.can {
				t.Errorf("CanFetch = %v, want %v", got, tt.can)
			}
			if got := l.Decide(r); got != tt.route {
				t.Errorf("Decide = %v, want %v", got, tt.route)
			}
		})
	}
}

func TestStaticRoute(t *testing.T) {
	l := newLayer(t, map[string]string{"a": "a"}, Options{HasWorker: true,
		RunWorkerFirstRules: []string{"/api/*", "/api", "!/api/assets/*", "/*.php", "/x*y"}})
	tests := map[string]Route{
		"/api": RouteWorker, "/api/": RouteWorker, "/api/a/b": RouteWorker,
		"/api/assets/x": RouteAssets, "/apix": RouteNone, "/index.php": RouteWorker,
		"/a/b.php": RouteWorker, "/b.php5": RouteNone, "/x/y": RouteWorker, "/xy": RouteWorker,
		"/": RouteNone, "/API": RouteNone,
	}
	for p, want := range tests {
		if got := l.StaticRoute(p); got != want {
			t.Errorf("StaticRoute(%q) = %v, want %v", p, got, want)
		}
	}
	if got := newLayer(t, nil, Options{}).StaticRoute("/api"); got != RouteNone {
		t.Errorf("no rules: %v", got)
	}
}

func TestStaticRoutingValidation(t *testing.T) {
	long := "/" + string(make([]byte, 100))
	bad := [][]string{
		{"api/*"}, {"!/a"}, {"/a", "/a"}, {"/a/*", "/a/b"}, {long}, {"/*", "!api"},
	}
	for _, rules := range bad {
		_, _, err := New(Options{Directory: t.TempDir(), RunWorkerFirstRules: rules, Logger: quiet})
		if err == nil {
			t.Errorf("rules %q: no error", rules)
		}
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = "/r" + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	if _, _, err := New(Options{Directory: t.TempDir(), RunWorkerFirstRules: many}); err == nil {
		t.Error("101 rules: no error")
	}
	if _, _, err := New(Options{Directory: t.TempDir(), RunWorkerFirstRules: []string{"/a/*",
		"!/a/b"}}); err != nil {
		t.Errorf("valid rules: %v", err)
	}
}
