package server

import (
	"net/http/httptest"
	"testing"

	"github.com/portico-dev/portico/internal/config"
)

func TestRouteLookup(t *testing.T) {
	table := newRouteTable([]route{
		parseRoute("images", config.Route{Pattern: "example.com/images*"}),
		parseRoute("images-slash", config.Route{Pattern: "example.com/images/*"}),
		parseRoute("wild", config.Route{Pattern: "*.example.com/a"}),
		parseRoute("a-all", config.Route{Pattern: "a.example.com/*"}),
		parseRoute("apex-and-more", config.Route{Pattern: "*shop.test/*"}),
		parseRoute("secure", config.Route{Pattern: "https://tls.test/*"}),
		parseRoute("domain", config.Route{Pattern: "app.test", CustomDomain: true}),
		parseRoute("exact", config.Route{Pattern: "exact.test/only"}),
	})
	tests := []struct{ url, want string }{
		// Spec 1.8's quirk: images* takes /images/hello, not images/*.
		{"http://example.com/images/hello", "images"},
		{"http://example.com/imagesX", "images"},
		{"http://a.example.com/a", "a-all"},
		{"http://b.example.com/a", "wild"},
		{"http://example.com/a", ""},
		{"http://shop.test/", "apex-and-more"},
		{"http://myshop.test/x", "apex-and-more"},
		{"http://tls.test/", ""},
		{"http://APP.test:8787/any/path?q=1", "domain"},
		{"http://exact.test/only", "exact"},
		{"http://exact.test/only?q=1", ""},
		{"http://localhost:8787/", ""},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", tt.url, nil)
		if got := table.lookup(r); got != tt.want {
			t.Errorf("%s: %q; want %q", tt.url, got, tt.want)
		}
	}
}
