package config

import (
	"fmt"
	"strings"
	"testing"
)

func TestCheckRoutePattern(t *testing.T) {
	tests := []struct {
		pattern string
		custom  bool
		want    string // substring of the problem; "" for valid
	}{
		{"example.com/*", false, ""},
		{"https://example.com/api/*", false, ""},
		{"http://*.example.com/*", false, ""},
		{"*example.com/", false, ""},
		{"example.com", false, ""},
		{"example.com", true, ""},
		{"example.com/", true, ""},
		{"", false, "empty"},
		{"ws://example.com/*", false, "scheme"},
		{"/path/*", false, "no hostname"},
		{"*/x", false, "no hostname"},
		{"a.*.example.com/", false, "start the hostname"},
		{"example.com/a/*/b", false, "end the path"},
		{"example.com/a?b=*", false, "query"},
		{"example.com/#x", false, "query"},
		{"*.example.com", true, "wildcard"},
		{"example.com/app", true, "without a path"},
	}
	for _, tt := range tests {
		got := checkRoutePattern(tt.pattern, tt.custom)
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("checkRoutePattern(%q, %v) = %q, want %q", tt.pattern, tt.custom, got,
				tt.want)
		}
	}
}

func TestCheckStaticRules(t *testing.T) {
	long := "/" + strings.Repeat("a", 100)
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("/r%d", i)
	}
	tests := []struct {
		name  string
		rules []string
		want  []string // "index: substring"
	}{
		{"valid", []string{"/api/*", "!/api/public/*", "/api"}, nil},
		{"empty", []string{}, []string{"-1: empty"}},
		{"too many", many, []string{"-1: exceed the limit of 100"}},
		{"bad prefix", []string{"api/*", "!api"}, []string{
			`0: a rule starts with "/" or "!/"`, `1: a negative rule starts with "!/"`}},
		{"only negative", []string{"!/a"}, []string{"-1: only negative"}},
		{"too long", []string{long}, []string{"0: longer than 100"}},
		{"duplicate", []string{"/a", "/a"}, []string{"1: listed twice"}},
		{"redundant after", []string{"/api/*", "/api/users"}, []string{
			`1: rule "/api/users" is redundant: "/api/*"`}},
		{"redundant before", []string{"/api/users/*", "/api/*"}, []string{
			`0: rule "/api/users/*" is redundant: "/api/*"`}},
		{"signs apart", []string{"/api/*", "!/api/x"}, nil},
		{"negative redundant", []string{"/x", "!/s/*", "!/s/a"}, []string{`2: rule "!/s/a"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkStaticRules(tt.rules)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i, w := range tt.want {
				idx, sub, _ := strings.Cut(w, ": ")
				if fmt.Sprint(got[i].index) != idx || !strings.Contains(got[i].msg, sub) {
					t.Errorf("problem %d = %d %q, want %s", i, got[i].index, got[i].msg, w)
				}
			}
		})
	}
}

func TestCheckCron(t *testing.T) {
	valid := []string{"*/3 * * * *", "0 15 1 * *", "59 23 LW * *", "0 0 L * *", "0 0 15W * *",
		"0 0 L-3 * *", "0 12 * * MON-FRI", "0 0 * JAN,JUL *", "0 0 * * 6#3", "0 0 * * 6L",
		"0 0 ? * 1", "0-30/5 1,2,3 * * *", "0 0 * * sun"}
	for _, c := range valid {
		if err := checkCron(c); err != nil {
			t.Errorf("checkCron(%q) = %v, want nil", c, err)
		}
	}
	invalid := map[string]string{
		"* * * *":       "5 fields",
		"* * * * * *":   "5 fields",
		"60 * * * *":    "minute",
		"* 24 * * *":    "hour",
		"* * 32 * *":    "day of month",
		"* * * 0 *":     "month",
		"* * * * 0":     "day of week",
		"*/0 * * * *":   "step",
		"5-1 * * * *":   "backwards",
		"1,,2 * * * *":  "empty",
		"? * * * *":     "minute",
		"* * * * 1#9":   "day of week",
		"x * * * *":     "minute",
		"* * * FOO *":   "month",
		"* * 40W * *":   "day of month",
		"* * * * 9L":    "day of week",
		"*/100 * * * *": "step",
	}
	for c, want := range invalid {
		if err := checkCron(c); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("checkCron(%q) = %v, want an error about %s", c, err, want)
		}
	}
}

func TestCheckWorkerName(t *testing.T) {
	for _, ok := range []string{"a", "my-app", "my_app2", "_x", "0day"} {
		if msg := checkWorkerName(ok); msg != "" {
			t.Errorf("checkWorkerName(%q) = %q", ok, msg)
		}
	}
	for _, bad := range []string{"", "My", "a b", "-x", "a.b", strings.Repeat("a", 64)} {
		if checkWorkerName(bad) == "" {
			t.Errorf("checkWorkerName(%q) accepted", bad)
		}
	}
}

// TestValidate runs the whole load on small configs and compares every diagnostic.
func TestValidate(t *testing.T) {
	const head = "name = \"w\"\ncompatibility_date = \"2024-12-01\"\n"
	tests := []struct {
		name  string
		files map[string]string // besides wrangler.toml
		doc   string
		want  []string
	}{
		{"clean", map[string]string{"i.js": ""}, head + `main = "i.js"`, nil},
		{"missing main", nil, head + `main = "nope.js"`,
			[]string{"error: 3:1: main script "}},
		{"main is a folder", map[string]string{"d/x": ""}, head + `main = "d"`,
			[]string{"error: 3:1: main script "}},
		{"middleware names itself", nil, head + `middleware = ["a", "w"]`,
			[]string{`error: 3:20: worker "w" names itself as its middleware`}},
		{"origin with routes", nil, head + "route = \"w.com/*\"\n[origin]\nbinding = \"O\"",
			[]string{"error: 3:1: a middleware ([origin] is set) cannot have routes"}},
		{"origin workers_dev", nil, head + "workers_dev = true\norigin = { binding = \"O\" }",
			[]string{"error: 3:1: a middleware ([origin] is set) is never addressed"}},
		{"origin without binding", nil, head + "[origin]",
			[]string{`error: 3:2: "origin" is missing its binding name`}},
		{"binding without main", map[string]string{"p/x": ""},
			head + "assets = { directory = \"p\", binding = \"A\" }",
			[]string{`error: 3:29: "assets.binding" needs a worker script`}},
		{"run_worker_first true without binding", map[string]string{"p/x": "", "i.js": ""},
			head + "main = \"i.js\"\nplacement = { mode = \"smart\" }\n" +
				"assets = { directory = \"p\", run_worker_first = true }",
			[]string{"warning: 5:29: run_worker_first = true without an assets binding",
				"warning: 5:29: run_worker_first = true with smart placement"}},
		{"assets without directory", map[string]string{"i.js": ""},
			head + "main = \"i.js\"\n[assets]\nbinding = \"A\"",
			[]string{`error: 4:2: "assets" is missing its "directory"`}},
		{"assets dir is a file", map[string]string{"f": ""}, head + `assets = { directory = "f" }`,
			[]string{"error: 3:12: assets directory "}},
		{"duplicate bindings", nil, head + "vars = { A = \"1\" }\n" +
			"kv_namespaces = [{ binding = \"A\" }]",
			[]string{`error: 4:20: binding name "A" is already used by "vars.A"`}},
		{"placement hostname", nil, head + `placement = { hostname = "https://x.com" }`,
			[]string{"error: 3:15: invalid placement hostname"}},
		{"placement empty", nil, head + `placement = {}`,
			[]string{`error: 3:1: "placement" needs one of`}},
		{"placement host ok", nil, head + `placement = { host = "db.internal:5432" }`, nil},
		{"missing date", nil, `name = "w"`,
			[]string{`error: 1:1: missing required field "compatibility_date"`}},
		{"contradicting flags", nil, head + `compatibility_flags = [` +
			`"assets_navigation_has_no_effect", "assets_navigation_prefers_asset_serving"]`,
			[]string{`error: 3:59: compatibility flags "assets_navigation_has_no_effect" and`}},
		{"bad date", nil, `name = "w"` + "\ncompatibility_date = \"2024-1-01\"",
			[]string{`error: 2:1: invalid compatibility_date "2024-1-01"`}},
		{"non-identifier binding", nil, head + `kv_namespaces = [{ binding = "my-kv" }]`,
			[]string{`warning: 3:20: "kv_namespaces[0].binding": "my-kv" is not a JavaScript`}},
		{"service without worker", nil, head + `services = [{ binding = "S" }]`,
			[]string{`error: 3:13: "services[0]" is missing the worker name in "service"`}},
		{"main of the wrong type is one error", map[string]string{"p/x": ""},
			head + "main = 5\n[assets]\ndirectory = \"p\"\nbinding = \"A\"\nrun_worker_first = true",
			[]string{`error: 3:1: "main" must be a string, not the integer 5`}},
		{"empty main is one error", map[string]string{"p/x": ""},
			head + "main = \"\"\nassets = { directory = \"p\", run_worker_first = [\"/api/*\"] }",
			[]string{`error: 3:1: "main" must not be empty`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"wrangler.toml": tt.doc}
			for k, v := range tt.files {
				files[k] = v
			}
			dir := writeFiles(t, files)
			_, diags, err := Load(dir, LoadOptions{})
			got := messages(diags)
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("diagnostic %d = %q, want prefix %q", i, got[i], w)
				}
			}
			if hasErr := diags.HasErrors(); hasErr != (err != nil) {
				t.Errorf("HasErrors %v but err %v", hasErr, err)
			}
		})
	}
}
