package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	examples := filepath.Join("..", "..", "examples", "assets-middleware")
	broken := filepath.Join("testdata", "check", "broken")
	warn := filepath.Join("testdata", "check", "warn")
	envs := filepath.Join("testdata", "check", "envs")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string // exact lines
	}{
		{"examples are clean", []string{"check", filepath.Join(examples, "origin"),
			filepath.Join(examples, "middleware")}, 0, nil},
		{"config file path", []string{"check", filepath.Join(examples, "origin",
			"wrangler.toml")}, 0, nil},
		{"errors exit 1", []string{"check", broken}, 1, []string{
			filepath.Join(broken, "wrangler.toml") + `:4:1: warning: unknown field ` +
				`"middelware" (did you mean "middleware"?)`,
			filepath.Join(broken, "wrangler.toml") + `:5:14: error: worker "broken" names ` +
				`itself as its middleware`,
		}},
		{"warnings exit 0", []string{"check", warn}, 0, []string{
			filepath.Join(warn, "wrangler.jsonc") + `:6:3: warning: unknown field ` +
				`"middelware" (did you mean "middleware"?)`,
		}},
		{"env flag", []string{"check", "--env", "bad", envs}, 1, []string{
			filepath.Join(envs, "wrangler.toml") + `:6:1: error: invalid compatibility_date ` +
				`"soon": want a date written YYYY-MM-DD`,
		}},
		{"top level of the same config", []string{"check", envs}, 0, nil},
		{"missing path", []string{"check", "testdata/nope"}, 1, []string{
			"testdata/nope: error: load config: stat testdata/nope: no such file or directory",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != tt.code || out != "" {
				t.Errorf("code %d, stdout %q; want code %d, no stdout", code, out, tt.code)
			}
			got := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
			if errOut == "" {
				got = nil
			}
			if strings.Join(got, "\n") != strings.Join(tt.stderr, "\n") {
				t.Errorf("stderr:\n%s\nwant:\n%s", errOut, strings.Join(tt.stderr, "\n"))
			}
		})
	}
}

func TestCheckDefaultsToCurrentFolder(t *testing.T) {
	t.Chdir(filepath.Join("testdata", "check", "broken"))
	code, _, errOut := run(t, "check")
	if code != 1 || !strings.HasPrefix(errOut, "wrangler.toml:4:1: warning: ") {
		t.Errorf("code %d, stderr %q", code, errOut)
	}
}

func TestCheckAllPaths(t *testing.T) {
	broken := filepath.Join("testdata", "check", "broken")
	warn := filepath.Join("testdata", "check", "warn")
	code, _, errOut := run(t, "check", broken, warn)
	if n := strings.Count(errOut, "\n"); code != 1 || n != 3 {
		t.Errorf("code %d, %d lines %q; want 1 and the 3 diagnostics of both paths", code, n,
			errOut)
	}
}

func TestCheckAcrossWorkers(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a/wrangler.toml": "name = \"a\"\ncompatibility_date = \"2024-12-01\"\n" +
			"assets = { directory = \".\" }\nmiddleware = \"b\"\n[origin]\nbinding = \"O\"\n",
		"b/wrangler.toml": "name = \"b\"\ncompatibility_date = \"2024-12-01\"\n" +
			"assets = { directory = \".\" }\nmiddleware = \"a\"\n[origin]\nbinding = \"O\"\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, _, errOut := run(t, "check", filepath.Join(dir, "a"), filepath.Join(dir, "b"))
	want := filepath.Join(dir, "a", "wrangler.toml") + ":4:14: error: middleware loop: " +
		"a -> b -> a\n"
	if code != 1 || errOut != want {
		t.Errorf("code %d, stderr %q; want 1, %q", code, errOut, want)
	}
}
