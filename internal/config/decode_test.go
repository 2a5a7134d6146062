package config

import (
	"reflect"
	"testing"
)

// decodeTOML parses and decodes a TOML document, without env, defaults or validation.
func decodeTOML(t *testing.T, doc string) (*Config, map[string]pos, map[string]bool, Diagnostics) {
	t.Helper()
	r := &reporter{file: "w.toml"}
	root := parseTOML([]byte(doc), r)
	if root == nil {
		t.Fatalf("parse: %v", r.diags)
	}
	c, locs, bad := decode(root, r)
	return c, locs, bad, r.diags
}

func TestDecodeFields(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		got  func(*Config) any
		want any
	}{
		{"middleware string", `middleware = "auth"`,
			func(c *Config) any { return c.Middleware }, []string{"auth"}},
		{"middleware chain", `middleware = ["auth", "i18n"]`,
			func(c *Config) any { return c.Middleware }, []string{"auth", "i18n"}},
		{"route string", `route = "a.com/*"`,
			func(c *Config) any { return c.Routes }, []Route{{Pattern: "a.com/*"}}},
		{"route table", `route = { pattern = "a.com", custom_domain = true }`,
			func(c *Config) any { return c.Routes },
			[]Route{{Pattern: "a.com", CustomDomain: true}}},
		{"routes mixed", `routes = ["a.com/*", { pattern = "b.com/*", zone_id = "z" }]`,
			func(c *Config) any { return c.Routes },
			[]Route{{Pattern: "a.com/*"}, {Pattern: "b.com/*", ZoneID: "z"}}},
		{"run_worker_first bool", "[assets]\nrun_worker_first = true",
			func(c *Config) any { return c.Assets.RunWorkerFirst }, RunWorkerFirst{All: true}},
		{"run_worker_first rules", "[assets]\nrun_worker_first = [\"/api/*\"]",
			func(c *Config) any { return c.Assets.RunWorkerFirst },
			RunWorkerFirst{Rules: []string{"/api/*"}}},
		{"vars json values", "[vars]\nA = \"s\"\nB = 2\nC = [true]",
			func(c *Config) any { return c.Vars },
			map[string]any{"A": "s", "B": int64(2), "C": []any{true}}},
		{"cpu_ms", "limits = { cpu_ms = 30 }",
			func(c *Config) any { return c.Limits.CPUMs }, 30},
		{"secrets", `secrets = { required = ["A", "B"] }`,
			func(c *Config) any { return c.Secrets.Required }, []string{"A", "B"}},
		{"unsupported", `r2_buckets = [{ binding = "F" }, { binding = "G" }]`,
			func(c *Config) any { return c.Unsupported },
			[]UnsupportedKey{{Key: "r2_buckets", Bindings: []string{"F", "G"}}}},
		{"service props", `services = [{ binding = "A", service = "b", props = { x = 1 } }]`,
			func(c *Config) any { return c.Services[0].Props }, map[string]any{"x": int64(1)}},
		{"ignored key", `account_id = "x"`, func(c *Config) any { return c.Unsupported },
			[]UnsupportedKey(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _, diags := decodeTOML(t, tt.doc)
			if got := tt.got(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
			if tt.name != "unsupported" && len(diags) > 0 {
				t.Errorf("unexpected diagnostics: %v", messages(diags))
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		doc  string
		want []string
		bad  string // a path that must be marked bad
	}{
		{`name = 1`, []string{`error: 1:1: "name" must be a string, not the integer 1`}, "name"},
		{`workers_dev = "no"`,
			[]string{`error: 1:1: "workers_dev" must be true or false, not the string "no"`},
			"workers_dev"},
		{`route = "a"` + "\nroutes = [\"b\"]",
			[]string{`error: 2:1: set either "route" or "routes", not both`}, ""},
		{`routes = [{ zone_id = "z" }]`,
			[]string{`error: 1:11: "routes[0]" is missing its "pattern"`}, "routes[0]"},
		{`middleware = ["a", 2]`,
			[]string{`error: 1:20: "middleware[1]" must be a string, not the integer 2`},
			"middleware[1]"},
		{`assets = { run_worker_first = "yes" }`,
			[]string{`error: 1:12: "assets.run_worker_first" must be true, false or a list ` +
				`of rules, not the string "yes"`}, "assets.run_worker_first"},
		{`limits = { cpu_ms = 0 }`,
			[]string{`error: 1:12: "limits.cpu_ms" must be between 1 and 300000, not 0`}, ""},
		{`vars = { X = nan }`, []string{`error: 1:10: "vars.X": NaN cannot be represented ` +
			`in JSON`}, ""},
		{`kv_namespaces = [{ binding = "A", idd = "x" }]`,
			[]string{`warning: 1:35: unknown field "kv_namespaces[0].idd" (did you mean "id"?)`},
			""},
		{`compatibility_date = 2024-01-01`, []string{`error: 1:1: "compatibility_date" must ` +
			`be a string: quote it ("2024-01-01")`}, "compatibility_date"},
	}
	for _, tt := range tests {
		t.Run(tt.doc, func(t *testing.T) {
			_, _, bad, diags := decodeTOML(t, tt.doc)
			if got := messages(diags); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
			if tt.bad != "" && !bad[tt.bad] {
				t.Errorf("%q not marked bad: %v", tt.bad, bad)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	known := topLevelKeys()
	tests := []struct{ key, want string }{
		{"middelware", "middleware"},
		{"compatability_date", "compatibility_date"},
		{"rotes", "routes"},
		{"kv_namespace", "kv_namespaces"},
		{"zzzzzz", ""},
		{"$schema", ""},
	}
	for _, tt := range tests {
		if got := suggest(tt.key, known); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}
