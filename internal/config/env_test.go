package config

import (
	"reflect"
	"strings"
	"testing"
)

const envDoc = `name = "app"
main = "top.js"
compatibility_date = "2024-12-01"
middleware = "edge"
route = "app.com/*"
vars = { A = "1", B = "2" }
kv_namespaces = [{ binding = "K", id = "top" }]
services = [{ binding = "S", service = "s" }]
d1_databases = [{ binding = "DB" }]

[origin]
binding = "ORIGIN"

[env.a]
main = "a.js"
vars = { A = "a" }
routes = ["a.app.com/*"]

[env.b]
name = "b-worker"
kv_namespaces = [{ binding = "K", id = "b" }]
services = [{ binding = "S", service = "s-b" }]
vars = { A = "b", B = "b" }
d1_databases = [{ binding = "DB" }]
`

func TestOverlayEnv(t *testing.T) {
	tests := []struct {
		env       string
		name      string
		main      string
		routes    []string
		vars      []string
		kv        string
		warnings  []string // substrings, in order
		unsupport int
	}{
		{"", "app", "top.js", []string{"app.com/*"}, []string{"A", "B"}, "top", nil, 1},
		{"a", "app-a", "a.js", []string{"a.app.com/*"}, []string{"A"}, "", []string{
			`"vars.B" is set at the top level but not in [env.a]`,
			`"services" is set at the top level but not in [env.a]`,
			`"kv_namespaces" is set at the top level but not in [env.a]`,
			`"d1_databases" is set at the top level but not in [env.a]`,
		}, 0},
		{"b", "b-worker", "top.js", []string{"app.com/*"}, []string{"A", "B"}, "b", nil, 1},
		{"c", "app-c", "top.js", []string{"app.com/*"}, nil, "", []string{
			`"vars" is set`, `"services" is set`, `"kv_namespaces" is set`,
			`"d1_databases" is set`,
		}, 0},
	}
	for _, tt := range tests {
		t.Run("env="+tt.env, func(t *testing.T) {
			r := &reporter{}
			root := parseTOML([]byte(envDoc), r)
			c, _, _ := decode(overlayEnv(root, tt.env, r), r)
			var routes, vars []string
			for _, rt := range c.Routes {
				routes = append(routes, rt.Pattern)
			}
			vars = sortedKeys(c.Vars)
			if len(vars) == 0 {
				vars = nil
			}
			kv := ""
			if len(c.KVNamespaces) > 0 {
				kv = c.KVNamespaces[0].ID
			}
			if c.Name != tt.name || c.Main != tt.main || !reflect.DeepEqual(routes, tt.routes) ||
				!reflect.DeepEqual(vars, tt.vars) || kv != tt.kv {
				t.Errorf("got name %q main %q routes %q vars %q kv %q", c.Name, c.Main, routes,
					vars, kv)
			}
			if c.Origin == nil || c.Origin.Binding != "ORIGIN" ||
				!reflect.DeepEqual(c.Middleware, []string{"edge"}) {
				t.Errorf("origin/middleware not inherited: %+v %v", c.Origin, c.Middleware)
			}
			if len(c.Unsupported) != tt.unsupport {
				t.Errorf("unsupported = %v, want %d", c.Unsupported, tt.unsupport)
			}
			var warns []string
			for _, d := range r.diags {
				if d.Severity == SeverityWarning && !strings.Contains(d.Message, "not supported") {
					warns = append(warns, d.Message)
				}
			}
			if len(warns) != len(tt.warnings) {
				t.Fatalf("warnings %q, want %d", warns, len(tt.warnings))
			}
			for i, w := range tt.warnings {
				if !strings.Contains(warns[i], w) {
					t.Errorf("warning %d = %q, want it to contain %q", i, warns[i], w)
				}
			}
		})
	}
}

// TestEnvNotFound: selecting an env the config lacks is an error when the config has
// other envs (a typo, as wrangler treats it), and a warning when it has none.
func TestEnvNotFound(t *testing.T) {
	for _, tt := range []struct{ doc, want string }{
		{envDoc, `error: 14:2: no [env.c] section in this config; its environments are ["a" "b"]`},
		{"name = \"app\"\n", `warning: 1:1: no [env.c] section in this config; using the top`},
	} {
		r := &reporter{}
		overlayEnv(parseTOML([]byte(tt.doc), r), "c", r)
		got := messages(r.diags)
		if len(got) == 0 || !strings.HasPrefix(got[0], tt.want) {
			t.Errorf("diagnostics %q, want first %q", got, tt.want)
		}
	}
}

func TestEnvRoutesTravelTogether(t *testing.T) {
	r := &reporter{}
	root := parseTOML([]byte("name = \"x\"\nroutes = [\"a/*\"]\n[env.e]\nroute = \"b/*\"\n"), r)
	c, _, _ := decode(overlayEnv(root, "e", r), r)
	if len(c.Routes) != 1 || c.Routes[0].Pattern != "b/*" || len(r.diags) != 0 {
		t.Errorf("routes = %v, diags %v", c.Routes, r.diags)
	}
}
