package config

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader as TOML and as JSON: it must never panic,
// and every diagnostic must be well-formed.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*", "wrangler.*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, filepath.Ext(p) != ".toml", "")
			f.Add(b, filepath.Ext(p) != ".toml", "staging")
		}
	}
	f.Add([]byte("[[a]]\n[a.b]\nc = [{d = 1}]\n"), false, "x")
	f.Add([]byte(`{"env": {"x": {"name": 1}}, "routes": [[]]}`), true, "x")
	f.Fuzz(func(t *testing.T, data []byte, isJSON bool, env string) {
		name := "/nonexistent/wrangler.toml"
		if isJSON {
			name = "/nonexistent/wrangler.jsonc"
		}
		r := &reporter{file: "wrangler"}
		c := loadBytes(data, name, "wrangler", LoadOptions{Env: env}, r)
		if c == nil && !r.diags.HasErrors() {
			t.Fatalf("no config and no error")
		}
		for _, d := range r.diags {
			if d.Line < 0 || d.Col < 0 || d.Message == "" {
				t.Fatalf("malformed diagnostic %+v", d)
			}
			_ = d.String()
		}
	})
}
