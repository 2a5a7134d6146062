package bundle

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/go-sourcemap/sourcemap"
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
	stdout, stderr, err := execNode(t, s, check)
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr)
	}
	return stdout
}

// execNode runs s and check like runNode; extra arguments go to run.js after them.
func execNode(t *testing.T, s *Script, check string, extra ...string) (stdout, stderr string, err error) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the bundle's behaviour is checked by running it under Node.js")
	}
	bundle := filepath.Join(t.TempDir(), "bundle.js")
	if err := os.WriteFile(bundle, []byte(s.Code), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	cmd := exec.Command(node, append([]string{fixture(t, "run.js"), bundle, check}, extra...)...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
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
		name   string
		entry  []string
		define map[string]string
		check  string
		want   string
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
			check: `const w = __porticoWorker;
				return [await w.run(), await w.lazy(), w.indices()];`,
			want: `["g,s,a,G,S,A,10,xy","loaded later","1,2"]`,
		},
		{
			name:  "JSX runtime from tsconfig.json",
			entry: []string{"jsx", "index.tsx"},
			check: `return __porticoWorker.page();`,
			want:  `"<ul class=\"list\"><li>a</li><li>b</li></ul>"`,
		},
		{
			name:  "process.env.NODE_ENV is production by default",
			entry: []string{"define", "index.ts"},
			check: `return __porticoWorker.config;`,
			want:  `{"url":"none","mode":"production"}`,
		},
		{
			name:   "Define",
			entry:  []string{"define", "index.ts"},
			define: map[string]string{"API_URL": `"https://api.example.com"`, "process.env.NODE_ENV": `"development"`},
			check:  `return __porticoWorker.config;`,
			want:   `{"url":"https://api.example.com","mode":"development"}`,
		},
		{
			name:  "text modules",
			entry: []string{"text", "index.ts"},
			check: `return __porticoWorker.texts;`,
			want:  `["hello, text\n","<p>page</p>\n","SELECT 1;\n"]`,
		},
		{
			name:  "Node.js built-ins required inside try/catch",
			entry: []string{"optional", "index.js"},
			check: `return __porticoWorker.tried;`,
			want:  `["node:fs threw","path threw"]`,
		},
		{
			name:  ".mjs entry",
			entry: []string{"mjs", "index.mjs"},
			check: `return __porticoWorker.default.fetch();`,
			want:  `"twice 21 is 42"`,
		},
		{
			// workerd before worker before browser; "module" is not a condition (as in
			// wrangler); require() picks "require". A package named like a Node.js
			// built-in resolves; a "browser" map that empties "fs" is honoured.
			name:  "package.json conditions",
			entry: []string{"conditions", "index.ts"},
			check: `return __porticoWorker.result;`,
			want:  `{"picked":"workerd","pickedSub":"import","required":"require","events":"function","fsKeys":0}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustBuild(t, Options{Entry: fixture(t, tt.entry...), Define: tt.define})
			if got := runNode(t, s, tt.check); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestInputs(t *testing.T) {
	tests := []struct {
		entry []string
		want  [][]string
	}{
		{[]string{"basic", "index.ts"}, [][]string{{"basic", "index.ts"}, {"basic", "lib", "greet.ts"}}},
		{[]string{"jsx", "index.tsx"}, [][]string{
			{"jsx", "index.tsx"},
			{"jsx", "node_modules", "tiny-jsx", "jsx-runtime.js"},
			{"jsx", "tsconfig.json"},
		}},
		{[]string{"conditions", "index.ts"}, [][]string{
			{"conditions", "index.ts"},
			{"conditions", "node_modules", "cond-pkg", "import.js"},
			{"conditions", "node_modules", "cond-pkg", "require.cjs"},
			{"conditions", "node_modules", "cond-pkg", "workerd.js"},
			{"conditions", "node_modules", "events", "events.js"},
			{"conditions", "node_modules", "uses-fs", "index.js"},
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Join(tt.entry...), func(t *testing.T) {
			s := mustBuild(t, Options{Entry: fixture(t, tt.entry...)})
			var want []string
			for _, w := range tt.want {
				want = append(want, fixture(t, w...))
			}
			if strings.Join(s.Inputs, "\n") != strings.Join(want, "\n") {
				t.Errorf("Inputs =\n%s\nwant\n%s", strings.Join(s.Inputs, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestExamples bundles the repository's example workers; each has a fetch handler.
func TestExamples(t *testing.T) {
	mains, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*", "src", "index.ts"))
	if err != nil || len(mains) == 0 {
		t.Fatalf("no example workers found (%v)", err)
	}
	for _, m := range mains {
		t.Run(filepath.Base(filepath.Dir(filepath.Dir(m))), func(t *testing.T) {
			abs, err := filepath.Abs(m)
			if err != nil {
				t.Fatal(err)
			}
			s := mustBuild(t, Options{Entry: abs})
			if got := runNode(t, s, `return typeof __porticoWorker.default.fetch;`); got != `"function"` {
				t.Errorf("typeof default.fetch = %s", got)
			}
		})
	}
}

// TestCloudflareWorkersMissing runs a script that imports cloudflare:workers where the
// runtime did not define its exports: loading fails with an error that says so.
func TestCloudflareWorkersMissing(t *testing.T) {
	s := mustBuild(t, Options{Entry: fixture(t, "basic", "index.ts")})
	_, stderr, err := execNode(t, s, `return 1;`, "bare")
	const want = `Error: "cloudflare:workers" is unavailable: the runtime did not define globalThis.__porticoCloudflareWorkers`
	if err == nil || !strings.Contains(stderr, want) {
		t.Errorf("err = %v, stderr:\n%s\nwant it to contain %q", err, stderr, want)
	}
}

// TestCloudflareWorkersUnsupported checks that a class the runtime does not provide still
// works as a base class, and that constructing it says what is missing.
func TestCloudflareWorkersUnsupported(t *testing.T) {
	dir := t.TempDir()
	entry := filepath.Join(dir, "index.ts")
	writeFile(t, entry, `import { DurableObject, env } from "cloudflare:workers";
export class Counter extends DurableObject {}
export const name = env.NAME;
`)
	s := mustBuild(t, Options{Entry: entry})
	got := runNode(t, s, `const w = __porticoWorker;
		try { new w.Counter(); return "constructed"; } catch (e) { return [w.name, e.message]; }`)
	if want := `["portico","cloudflare:workers: DurableObject is not supported by Portico yet"]`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
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
		{"RegExp literal with the d flag", `/b/d`},
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
				Text: `No matching export in "cloudflare:workers" for import "NoSuchThing"`},
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

// TestSourceMap reads the inline source map the way the engine does (the same library,
// with the script name as the map's URL) and checks that the generated throw maps back to
// its TypeScript line, with the sources' content included.
func TestSourceMap(t *testing.T) {
	t.Run("dir of the entry", func(t *testing.T) {
		checkSourceMap(t, mustBuild(t, Options{Entry: fixture(t, "sourcemap", "index.ts")}))
	})
	t.Run("other Dir", func(t *testing.T) {
		checkSourceMap(t, mustBuild(t, Options{Entry: fixture(t, "sourcemap", "index.ts"), Dir: fixture(t)}))
	})
}

func checkSourceMap(t *testing.T, s *Script) {
	t.Helper()
	const marker = "//# sourceMappingURL=data:application/json;base64,"
	i := strings.LastIndex(s.Code, marker)
	if i < 0 {
		t.Fatal("no inline source map")
	}
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s.Code[i+len(marker):]))
	if err != nil {
		t.Fatal(err)
	}
	sm, err := sourcemap.Parse(s.Name, data)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(s.Code, "\n")
	genLine, genCol := -1, -1
	for n, l := range lines {
		if c := strings.Index(l, "throw new Error(`failed:"); c >= 0 {
			genLine, genCol = n+1, c+1
		}
	}
	if genLine < 0 {
		t.Fatalf("generated throw not found in:\n%s", s.Code)
	}
	rawSource, _, line, _, ok := sm.Source(genLine, genCol)
	source := rawSource
	if !ok {
		t.Fatalf("no mapping for %d:%d", genLine, genCol)
	}
	// The engine resolves a relative source against the script's name.
	if !filepath.IsAbs(source) {
		source = filepath.Join(filepath.Dir(s.Name), source)
	}
	if source != fixture(t, "sourcemap", "fail.ts") || line != 5 {
		t.Errorf("%d:%d maps to %s:%d, want %s:5", genLine, genCol, source, line, fixture(t, "sourcemap", "fail.ts"))
	}
	if content := sm.SourceContent(rawSource); !strings.Contains(content, "// FAIL-LINE") {
		t.Errorf("source content of %s = %q, want the original TypeScript", source, content)
	}
}

// copyDir copies the files of testdata/name into a new temporary directory.
func copyDir(t *testing.T, name string) string {
	t.Helper()
	dst := t.TempDir()
	src := fixture(t, name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRebuild(t *testing.T) {
	dir := copyDir(t, "basic")
	entry := filepath.Join(dir, "index.ts")
	greet := filepath.Join(dir, "lib", "greet.ts")
	c, err := NewContext(Options{Entry: entry})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const check = `return await __porticoWorker.default.fetch({ url: "/" });`

	steps := []struct {
		name    string
		file    string // written before the rebuild
		content string
		want    string // the check's result, or
		wantErr string // the error
		inputs  []string
	}{
		{name: "first build", want: `"hello portico at /"`, inputs: []string{entry, greet}},
		{name: "edited import", file: greet,
			content: "export interface Greeting { text: string }\n" +
				"export function greet(n: string): Greeting { return { text: `howdy ${n}` }; }\n",
			want: `"howdy portico at /"`, inputs: []string{entry, greet}},
		{name: "syntax error", file: greet, content: "export function greet(n: string {}\n",
			wantErr: filepath.Join("lib", "greet.ts") + `:1:33: error: Expected ")" but found "{"`},
		{name: "fixed, with a new import", file: greet,
			content: "import { word } from \"./word\";\n" +
				"export function greet(n: string) { return { text: `${word} ${n}` }; }\n",
			wantErr: `Could not resolve "./word"`},
		{name: "new file", file: filepath.Join(dir, "lib", "word.ts"), content: `export const word = "hi";`,
			want: `"hi portico at /"`, inputs: []string{entry, greet, filepath.Join(dir, "lib", "word.ts")}},
	}
	for _, st := range steps {
		if st.file != "" {
			writeFile(t, st.file, st.content)
		}
		s, err := c.Rebuild()
		if st.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), st.wantErr) {
				t.Fatalf("%s: error = %v, want %q", st.name, err, st.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if got := runNode(t, s, check); got != st.want {
			t.Errorf("%s: got %s, want %s", st.name, got, st.want)
		}
		if strings.Join(s.Inputs, " ") != strings.Join(st.inputs, " ") {
			t.Errorf("%s: Inputs = %q, want %q", st.name, s.Inputs, st.inputs)
		}
	}

	c.Close()
	c.Close()
	if _, err := c.Rebuild(); !errors.Is(err, ErrClosed) {
		t.Errorf("Rebuild after Close: %v, want ErrClosed", err)
	}
}

// TestHono bundles a small Hono app from the fixture's node_modules (installed by
// `npm ci --prefix internal/bundle/testdata/hono`) and answers routes under Node.js.
func TestHono(t *testing.T) {
	if _, err := os.Stat(fixture(t, "hono", "node_modules", "hono", "package.json")); err != nil {
		t.Skip("testdata/hono/node_modules is missing: run npm ci --prefix internal/bundle/testdata/hono")
	}
	s := mustBuild(t, Options{Entry: fixture(t, "hono", "index.ts")})
	var fromHono int
	for _, in := range s.Inputs {
		if strings.Contains(in, filepath.Join("node_modules", "hono", "dist")+string(filepath.Separator)) {
			fromHono++
		}
	}
	if fromHono == 0 {
		t.Errorf("Inputs name no file of hono: %q", s.Inputs)
	}
	check := `const app = __porticoWorker.default;
		const out = [];
		for (const [path, env] of [["/hello", { GREETING: "hi" }], ["/hello", {}], ["/users/42", {}], ["/nope", {}]]) {
			const r = await app.fetch(new Request("http://127.0.0.1" + path), env);
			out.push([r.status, r.headers.get("content-type"), await r.text()]);
		}
		return out;`
	want := `[[200,"text/plain;charset=UTF-8","hi from hono"],` +
		`[200,"text/plain;charset=UTF-8","hello from hono"],` +
		`[200,"application/json","{\"id\":\"42\"}"],` +
		`[404,"text/plain; charset=UTF-8","404 Not Found"]]`
	if got := runNode(t, s, check); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestPrelude runs the prelude under Node.js against a Symbol without asyncIterator, as
// in the engine, and against one that has it.
func TestPrelude(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the prelude is checked by running it under Node.js")
	}
	script := `const vm = require("node:vm");
		const prelude = process.argv[1];
		const bare = { for: Symbol.for };
		vm.runInNewContext(prelude, { Symbol: bare });
		const own = Symbol("own");
		const full = { for: Symbol.for, asyncIterator: own };
		vm.runInNewContext(prelude, { Symbol: full });
		process.stdout.write(JSON.stringify([
			bare.asyncIterator === Symbol.for("Symbol.asyncIterator"),
			full.asyncIterator === own,
		]));`
	out, err := exec.Command(node, "-e", script, prelude).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	if string(out) != "[true,true]" {
		t.Errorf("got %s, want [true,true]", out)
	}
}

// TestRebuildConcurrent rebuilds from several goroutines while another closes the
// Context: each call either builds or reports ErrClosed (run with -race).
func TestRebuildConcurrent(t *testing.T) {
	c, err := NewContext(Options{Entry: fixture(t, "basic", "index.ts")})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			_, err := c.Rebuild()
			errs <- err
		}()
	}
	for i := range 8 {
		if i == 4 {
			c.Close()
		}
		if err := <-errs; err != nil && !errors.Is(err, ErrClosed) {
			t.Errorf("Rebuild: %v", err)
		}
	}
}
