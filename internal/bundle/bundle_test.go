package bundle

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fixture returns the absolute path of a file under testdata.
func fixture(t testing.TB, parts ...string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join(append([]string{"testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// runNode runs s under Node.js through testdata/run.js and returns the JSON that check
// (the body of an async function) returns. It skips the test when node is missing.
func runNode(t *testing.T, s *Script, check string) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the bundle's behaviour is checked by running it under Node.js")
	}
	bundle := filepath.Join(t.TempDir(), "bundle.js")
	if err := os.WriteFile(bundle, []byte(s.Code), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(node, fixture(t, "run.js"), bundle, check)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	return stdout.String()
}

func mustBuild(t testing.TB, opts Options) *Script {
	t.Helper()
	s, err := Build(opts)
	if err != nil {
		t.Fatalf("Build(%s): %v", opts.Entry, err)
	}
	return s
}

func TestBuildRuns(t *testing.T) {
	tests := []struct {
		name  string
		entry []string
		check string
		want  string
	}{
		{
			name:  "default and named exports",
			entry: []string{"basic", "index.ts"},
			check: `const w = __porticoWorker;
				return [Object.keys(w).sort(), w.version, await w.default.fetch({ url: "http://x/" })];`,
			want: `[["Admin","default","version"],3,"hello portico at http://x/"]`,
		},
		{
			name:  "cloudflare:workers WorkerEntrypoint",
			entry: []string{"basic", "index.ts"},
			check: `const e = globalThis.__porticoCloudflareWorkers;
				const a = new __porticoWorker.Admin({}, { NAME: "rpc" });
				return [a instanceof e.WorkerEntrypoint, a.ping()];`,
			want: `[true,"pong rpc"]`,
		},
		{
			name:  "lowered syntax still behaves",
			entry: []string{"lowering", "index.ts"},
			check: `return [await __porticoWorker.run(), await __porticoWorker.lazy()];`,
			want:  `["g,s,a,G,S,A,10,xy","loaded later"]`,
		},
		{
			// workerd before worker before browser; "module" is not a condition (as in
			// wrangler); require() picks "require".
			name:  "package.json conditions",
			entry: []string{"conditions", "index.ts"},
			check: `return __porticoWorker.result;`,
			want:  `{"picked":"workerd","pickedSub":"import","required":"require","events":"function"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustBuild(t, Options{Entry: fixture(t, tt.entry...)})
			if got := runNode(t, s, tt.check); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestScriptShape(t *testing.T) {
	entry := fixture(t, "basic", "index.ts")
	s := mustBuild(t, Options{Entry: entry})
	if s.Name != entry {
		t.Errorf("Name = %q, want %q", s.Name, entry)
	}
	if !strings.HasPrefix(s.Code, prelude) {
		t.Errorf("Code does not start with the prelude:\n%.200s", s.Code)
	}
	if !strings.Contains(s.Code, "var "+GlobalName+" = ") {
		t.Errorf("Code does not define %s", GlobalName)
	}
	want := []string{entry, fixture(t, "basic", "lib", "greet.ts")}
	if strings.Join(s.Inputs, "\n") != strings.Join(want, "\n") {
		t.Errorf("Inputs = %q, want %q", s.Inputs, want)
	}
	if len(s.Warnings) != 0 {
		t.Errorf("Warnings = %v, want none", s.Warnings)
	}
}

// TestLoweredSyntax checks that the syntax the engine cannot parse is gone from the
// output (the behaviour is checked by TestBuildRuns).
func TestLoweredSyntax(t *testing.T) {
	s := mustBuild(t, Options{Entry: fixture(t, "lowering", "index.ts")})
	code, _, _ := strings.Cut(s.Code, "//# sourceMappingURL=")
	forbidden := []struct {
		what string
		re   string
	}{
		{"async generator function", `async\s+function\s*\*`},
		{"async generator method", `async\s*\*\s*\[`},
		{"for await", `for\s+await`},
		{"import()", `\bimport\s*\(`},
		{"class field named get/set/async", `(?m)^\s*(static\s+)?(get|set|async)\s*=`},
	}
	for _, f := range forbidden {
		if loc := regexp.MustCompile(f.re).FindStringIndex(code); loc != nil {
			t.Errorf("output still has %s: %q", f.what, code[max(loc[0]-40, 0):min(loc[1]+40, len(code))])
		}
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		name  string
		entry []string
		dir   []string // Options.Dir; nil = the entry's directory
		want  Message  // Text is a substring
		full  string   // the whole Error(), when given
	}{
		{
			name:  "TypeScript syntax error",
			entry: []string{"syntax", "index.ts"},
			want:  Message{File: "index.ts", Line: 3, Column: 23, Text: `Unexpected ";"`},
			full:  `index.ts:3:23: error: Unexpected ";"`,
		},
		{
			name:  "paths relative to Dir",
			entry: []string{"syntax", "index.ts"},
			dir:   []string{},
			want:  Message{File: filepath.Join("syntax", "index.ts"), Line: 3, Column: 23, Text: `Unexpected ";"`},
		},
		{
			name:  "node: import",
			entry: []string{"refused", "node-prefix.ts"},
			want: Message{File: "node-prefix.ts", Line: 1, Column: 30,
				Text: `"node:fs" is a Node.js built-in module, and Portico has no Node.js compatibility yet`},
			full: `node-prefix.ts:1:30: error: "node:fs" is a Node.js built-in module, and Portico has no Node.js compatibility yet`,
		},
		{
			name:  "bare Node.js built-in",
			entry: []string{"refused", "bare.ts"},
			want:  Message{File: "bare.ts", Line: 1, Column: 23, Text: `"path" is a Node.js built-in module`},
		},
		{
			name:  "bare Node.js built-in subpath",
			entry: []string{"refused", "bare-subpath.ts"},
			want:  Message{File: "bare-subpath.ts", Line: 1, Column: 26, Text: `"fs/promises" is a Node.js built-in module`},
		},
		{
			name:  "other cloudflare: module",
			entry: []string{"refused", "cloudflare-sockets.ts"},
			want: Message{File: "cloudflare-sockets.ts", Line: 1, Column: 25,
				Text: `"cloudflare:sockets" is not supported`},
		},
		{
			name:  "name cloudflare:workers does not export",
			entry: []string{"refused", "cloudflare-unknown-export.ts"},
			want: Message{File: "cloudflare-unknown-export.ts", Line: 1, Column: 10,
				Text: `for import "NoSuchThing"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Entry: fixture(t, tt.entry...)}
			if tt.dir != nil {
				opts.Dir = fixture(t, tt.dir...)
			}
			_, err := Build(opts)
			var be *Error
			if !errors.As(err, &be) {
				t.Fatalf("Build error = %v (%T), want *Error", err, err)
			}
			if len(be.Messages) != 1 {
				t.Fatalf("got %d messages, want 1: %v", len(be.Messages), err)
			}
			m := be.Messages[0]
			if m.File != tt.want.File || m.Line != tt.want.Line || m.Column != tt.want.Column ||
				!strings.Contains(m.Text, tt.want.Text) {
				t.Errorf("got  %s:%d:%d %q\nwant %s:%d:%d containing %q", m.File, m.Line, m.Column, m.Text,
					tt.want.File, tt.want.Line, tt.want.Column, tt.want.Text)
			}
			if m.LineText == "" {
				t.Error("LineText is empty")
			}
			if tt.full != "" && err.Error() != tt.full {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.full)
			}
		})
	}
}

func TestBadOptions(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "worker.py"), []byte("print(1)"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		opts     Options
		want     string
		buildErr bool // a *Error for the user, not a caller's mistake
	}{
		{"relative entry", Options{Entry: "index.ts"}, `bundle "index.ts": entry is not an absolute path`, false},
		{"relative dir", Options{Entry: filepath.Join(dir, "a.ts"), Dir: "x"}, `dir "x" is not an absolute path`, false},
		{"wrong extension", Options{Entry: filepath.Join(dir, "worker.py")},
			`worker.py: error: main module must be .ts, .tsx, .js, .jsx or .mjs, not ".py"`, true},
		{"missing", Options{Entry: filepath.Join(dir, "nope.ts")}, `nope.ts: error: main module does not exist`, true},
		{"directory", Options{Entry: filepath.Join(dir, "d.js"), Dir: filepath.Dir(dir)},
			filepath.Base(dir) + `/d.js: error: main module is a directory`, true},
	}
	if err := os.Mkdir(filepath.Join(dir, "d.js"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, build := range []func(Options) error{
				func(o Options) error { _, err := Build(o); return err },
				func(o Options) error { _, err := NewContext(o); return err },
			} {
				err := build(tt.opts)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("error = %v, want one containing %q", err, tt.want)
				}
				var be *Error
				if errors.As(err, &be) != tt.buildErr {
					t.Errorf("error %T, *Error wanted: %v", err, tt.buildErr)
				}
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	s := mustBuild(t, Options{Entry: fixture(t, "warning", "index.ts")})
	if len(s.Warnings) != 1 {
		t.Fatalf("Warnings = %v, want 1", s.Warnings)
	}
	w := s.Warnings[0]
	if w.File != "index.ts" || w.Line != 3 || w.Column != 28 || !strings.Contains(w.Text, `"nope"`) {
		t.Errorf("warning = %s", w)
	}
	if !strings.HasPrefix(w.String(), "index.ts:3:28: warning: ") {
		t.Errorf("String() = %q", w.String())
	}
}

func TestMessageFormat(t *testing.T) {
	tests := []struct {
		m    Message
		want string
	}{
		{Message{File: "a.ts", Line: 2, Column: 5, Text: "bad"}, "a.ts:2:5: warning: bad"},
		{Message{File: "a.ts", Text: "bad"}, "a.ts: warning: bad"},
		{Message{Text: "bad"}, "warning: bad"},
	}
	for _, tt := range tests {
		if got := tt.m.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	e := &Error{Messages: []Message{{File: "a.ts", Line: 1, Column: 1, Text: "x"}, {Text: "y"}}}
	if got, want := e.Error(), "a.ts:1:1: error: x\nerror: y"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
