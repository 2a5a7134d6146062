package config

import (
	"strings"
	"testing"
)

const tomlDoc = `name = "a"
routes = ["x.com/*", { pattern = "y.com/*" }]
assets.directory = "pub"

[[services]]
binding = "S"

[[services]]
binding = "T"

[env.staging]
vars = { A = 1, B = 2.5, C = true, D = 1979-05-27 }
`

const jsonDoc = `{
  // comment
  "name": "a",
  "routes": ["x.com/*", { "pattern": "y.com/*" }],
  "assets": { "directory": "pub", },
  "services": [{ "binding": "S" }, { "binding": "T" }],
  "env": { "staging": { "vars": { "A": 1, "B": 2.5, "C": true, "D": null } } },
}`

func TestParsePositions(t *testing.T) {
	tests := []struct {
		path     string
		kind     kind
		tomlKey  pos // position of the key in tomlDoc
		jsonKey  pos
		tomlVal  pos // position of the value
		jsonVal  pos
		wantText string
	}{
		{"name", kindString, pos{1, 1}, pos{3, 3}, pos{1, 8}, pos{3, 11}, "a"},
		{"assets.directory", kindString, pos{3, 8}, pos{5, 15}, pos{3, 20}, pos{5, 28}, "pub"},
		{"services", kindArray, pos{5, 3}, pos{6, 3}, pos{5, 3}, pos{6, 15}, ""},
		{"env.staging.vars", kindTable, pos{12, 1}, pos{7, 25}, pos{12, 8}, pos{7, 33}, ""},
		{"env.staging.vars.B", kindFloat, pos{12, 17}, pos{7, 43}, pos{12, 21}, pos{7, 48}, ""},
	}
	for _, format := range []string{"toml", "json"} {
		r := &reporter{file: "x"}
		var root *node
		if format == "toml" {
			root = parseTOML([]byte(tomlDoc), r)
		} else {
			root = parseJSON([]byte(jsonDoc), r)
		}
		if root == nil || len(r.diags) > 0 {
			t.Fatalf("%s: parse failed: %v", format, r.diags)
		}
		for _, tt := range tests {
			n := lookup(root, tt.path)
			if n == nil {
				t.Errorf("%s %s: not found", format, tt.path)
				continue
			}
			wantKey, wantVal := tt.tomlKey, tt.tomlVal
			if format == "json" {
				wantKey, wantVal = tt.jsonKey, tt.jsonVal
			}
			if got := keyPos(root, tt.path); got != wantKey {
				t.Errorf("%s %s: key at %v, want %v", format, tt.path, got, wantKey)
			}
			if n.kind != tt.kind || n.pos != wantVal || tt.wantText != "" && n.str != tt.wantText {
				t.Errorf("%s %s: got %v %q at %v, want %v at %v", format, tt.path, n.kind,
					n.str, n.pos, tt.kind, wantVal)
			}
		}
		if s := lookup(root, "services[1].binding"); s == nil || s.str != "T" {
			t.Errorf("%s: services[1].binding = %v", format, s)
		}
		if p := lookup(root, "routes[1].pattern"); p == nil || p.str != "y.com/*" {
			t.Errorf("%s: routes[1].pattern = %v", format, p)
		}
	}
}

func TestParseValues(t *testing.T) {
	r := &reporter{}
	root := parseTOML([]byte("a = 0x1F\nb = 1_000\nc = -inf\nd = 'lit\\n'\ne = \"esc\\t\"\n"+
		"f = 1e3\ng = 07:32:00\n"), r)
	if root == nil {
		t.Fatalf("parse: %v", r.diags)
	}
	checks := []struct {
		key  string
		want any
	}{
		{"a", int64(31)}, {"b", int64(1000)}, {"d", `lit\n`}, {"e", "esc\t"},
		{"f", 1000.0}, {"g", "07:32:00"},
	}
	for _, c := range checks {
		got, err := lookup(root, c.key).toAny()
		if err != nil || got != c.want {
			t.Errorf("%s = %#v (%v), want %#v", c.key, got, err, c.want)
		}
	}
	if _, err := lookup(root, "c").toAny(); err == nil {
		t.Errorf("-inf converted to JSON without an error")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, format, input string
		want                pos
		msg                 string
	}{
		{"toml redefined key", "toml", "a = 1\na = 2\n", pos{2, 1}, "already defined"},
		{"toml bad value", "toml", "a = 1\nb = ?\n", pos{2, 5}, "invalid TOML"},
		{"toml unterminated", "toml", "a = \"x\n", pos{1, 7}, "invalid TOML"},
		{"toml table twice", "toml", "[a]\nx=1\n[a]\ny=2\n", pos{3, 2}, "invalid TOML"},
		{"json missing comma", "json", "{\n\"a\": 1\n\"b\": 2}", pos{3, 1}, "invalid JSON"},
		{"json not object", "json", "[1, 2]", pos{1, 1}, "must be a JSON object"},
		{"json duplicate", "json", "{\"a\": 1,\n \"a\": 2}", pos{2, 2}, "duplicate key"},
		{"json too deep", "json", strings.Repeat("[", 100), pos{1, 65}, "nested more"},
		{"json empty", "json", "", pos{1, 1}, "invalid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &reporter{file: "f"}
			if tt.format == "toml" {
				parseTOML([]byte(tt.input), r)
			} else {
				parseJSON([]byte(tt.input), r)
			}
			if len(r.diags) == 0 {
				t.Fatalf("no diagnostic")
			}
			d := r.diags[0]
			if (pos{d.Line, d.Col}) != tt.want || !strings.Contains(d.Message, tt.msg) ||
				d.Severity != SeverityError {
				t.Errorf("got %s (%s), want %v with %q", d, d.Severity, tt.want, tt.msg)
			}
		})
	}
}

func TestDiagnosticString(t *testing.T) {
	d := Diagnostic{File: "origin/wrangler.toml", Line: 7, Col: 1, Severity: SeverityWarning,
		Message: `unknown field "middelware" (did you mean "middleware"?)`}
	want := `origin/wrangler.toml:7:1: unknown field "middelware" (did you mean "middleware"?)`
	if d.String() != want {
		t.Errorf("String() = %q, want %q", d.String(), want)
	}
	d.Line = 0
	if d.String() != "origin/wrangler.toml: "+d.Message {
		t.Errorf("String() without a line = %q", d.String())
	}
}
