package config

import (
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindConfigFile(t *testing.T) {
	tests := []struct {
		files    []string
		want     string
		shadowed []string
	}{
		{[]string{"wrangler.toml"}, "wrangler.toml", nil},
		{[]string{"wrangler.jsonc", "wrangler.toml"}, "wrangler.jsonc", []string{"wrangler.toml"}},
		{[]string{"wrangler.json", "wrangler.jsonc", "wrangler.toml"}, "wrangler.json",
			[]string{"wrangler.jsonc", "wrangler.toml"}},
	}
	for _, tt := range tests {
		files := map[string]string{}
		for _, f := range tt.files {
			files[f] = ""
		}
		dir := writeFiles(t, files)
		got, shadowed, err := FindConfigFile(dir)
		if err != nil || got != filepath.Join(dir, tt.want) ||
			strings.Join(shadowed, ",") != strings.Join(tt.shadowed, ",") {
			t.Errorf("FindConfigFile(%v) = %q %v %v, want %q %v", tt.files, got, shadowed, err,
				tt.want, tt.shadowed)
		}
	}
	if _, _, err := FindConfigFile(t.TempDir()); !errors.Is(err, ErrNoConfig) {
		t.Errorf("empty folder: err = %v, want ErrNoConfig", err)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"w.yaml":            "name: x",
		"bad/wrangler.toml": "name = 1",
		"ok/wrangler.toml": "name = \"ok\"\ncompatibility_date = \"2024-12-01\"\n" +
			"assets = { directory = \".\" }\nmiddelware = \"x\"",
	})
	_, _, err := Load(filepath.Join(dir, "nope"), LoadOptions{})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing path: err = %v", err)
	}
	if _, _, err := Load(t.TempDir(), LoadOptions{}); !errors.Is(err, ErrNoConfig) {
		t.Errorf("empty folder: err = %v", err)
	}
	c, diags, err := Load(filepath.Join(dir, "w.yaml"), LoadOptions{})
	if c != nil || !errors.Is(err, ErrInvalid) || len(diags) != 1 ||
		!strings.Contains(diags[0].Message, "unknown config format") {
		t.Errorf("yaml: %v %v %v", c, diags, err)
	}
	c, diags, err = Load(filepath.Join(dir, "bad"), LoadOptions{})
	if c == nil || !errors.Is(err, ErrInvalid) || !diags.HasErrors() {
		t.Errorf("bad: %v %v %v", c, diags, err)
	}
	rel, _ := filepath.Rel(".", filepath.Join(dir, "ok"))
	c, diags, err = Load(filepath.Join(dir, "ok"), LoadOptions{})
	if err != nil || c == nil || len(diags) != 1 || diags.HasErrors() ||
		len(diags.Errors()) != 0 || c.File != filepath.Join(dir, "ok", "wrangler.toml") {
		t.Errorf("ok: %v %v %v (%s)", c, diags, err, rel)
	}
	if !strings.HasPrefix(diags[0].String(), filepath.Join(dir, "ok", "wrangler.toml")+":4:1: ") {
		t.Errorf("diagnostic file = %q", diags[0])
	}
}

func TestLoadHugeFile(t *testing.T) {
	r := &reporter{file: "x"}
	big := make([]byte, maxConfigSize+1)
	if c := loadBytes(big, "/x/wrangler.toml", "x", LoadOptions{}, r); c != nil ||
		!r.diags.HasErrors() {
		t.Errorf("a file over the limit loaded: %v", r.diags)
	}
}

func BenchmarkLoad(b *testing.B) {
	for _, dir := range []string{"toml-every-field", "json-basic", "env-staging"} {
		path := filepath.Join("testdata", "golden", dir)
		env := ""
		if dir == "env-staging" {
			env = "staging"
		}
		b.Run(dir, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Load(path, LoadOptions{Env: env}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
