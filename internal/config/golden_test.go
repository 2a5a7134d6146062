package config

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of TestGolden")

// golden is what TestGolden compares: the normalised config, with paths relative to the
// fixture folder, and the diagnostics as the check command would print them.
type golden struct {
	Error       bool     `json:"error"`
	Diagnostics []string `json:"diagnostics"`
	Config      *Config  `json:"config"`
}

// TestGolden loads every folder under testdata/golden (with the env named in its ENV
// file, if any) and compares the outcome with its want.json. Run with -update to rewrite.
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden fixtures: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			env := ""
			if b, err := os.ReadFile(filepath.Join(dir, "ENV")); err == nil {
				env = strings.TrimSpace(string(b))
			}
			got := loadGolden(t, dir, env)
			wantFile := filepath.Join(dir, "want.json")
			if *update {
				if err := os.WriteFile(wantFile, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("read golden (run go test -update): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the loaded config; got:\n%s", wantFile, got)
			}
		})
	}
}

func loadGolden(t *testing.T, dir, env string) []byte {
	t.Helper()
	c, diags, err := Load(dir, LoadOptions{Env: env})
	if err != nil && c == nil && diags == nil {
		t.Fatalf("load: %v", err)
	}
	g := golden{Error: err != nil, Diagnostics: []string{}, Config: c}
	prefix := filepath.ToSlash(dir) + "/"
	for _, d := range diags {
		g.Diagnostics = append(g.Diagnostics,
			d.Severity.String()+": "+strings.ReplaceAll(d.String(), prefix, ""))
	}
	if c != nil {
		abs, _ := filepath.Abs(dir)
		rel := func(p string) string {
			if r, err := filepath.Rel(abs, p); err == nil {
				return filepath.ToSlash(r)
			}
			return p
		}
		if c.Main != "" {
			c.Main = rel(c.Main)
		}
		if c.Assets != nil && c.Assets.Directory != "" {
			c.Assets.Directory = rel(c.Assets.Directory)
		}
	}
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return append(b, '\n')
}

// TestFormatsAgree loads the same worker written in TOML and in JSONC: the normalised
// configs must be identical.
func TestFormatsAgree(t *testing.T) {
	a := loadGolden(t, filepath.Join("testdata", "golden", "toml-every-field"), "")
	b := loadGolden(t, filepath.Join("testdata", "golden", "jsonc-every-field"), "")
	var ga, gb golden
	if err := json.Unmarshal(a, &ga); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &gb); err != nil {
		t.Fatal(err)
	}
	ca, _ := json.Marshal(ga.Config)
	cb, _ := json.Marshal(gb.Config)
	if !bytes.Equal(ca, cb) || len(ga.Diagnostics) != len(gb.Diagnostics) {
		t.Errorf("TOML and JSONC differ:\n%s\n%s", ca, cb)
	}
}
