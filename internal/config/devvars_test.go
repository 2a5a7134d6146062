package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLoadDevVars(t *testing.T) {
	const base = "name = \"w\"\ncompatibility_date = \"2024-12-01\"\nvars = { MODE = \"prod\" }\n"
	tests := []struct {
		name   string
		config string
		files  map[string]string
		env    string
		getenv map[string]string
		want   map[string]string
		diags  []string // substrings, in order
	}{
		{"no files", base, nil, "", nil, map[string]string{}, nil},
		{"dev.vars", base, map[string]string{".dev.vars": "A=1\nB=\"two\"\n",
			".env": "C=3"}, "", nil, map[string]string{"A": "1", "B": "two"}, nil},
		{"dev.vars keeps dollars", base, map[string]string{".dev.vars": "A=1\n" +
			"P=pa$$w0rd$A\nQ=\"x${A}\\n$\"\nS='$A'\nM='multi\n$line'\nT=$(x)\n"}, "", nil,
			map[string]string{"A": "1", "P": "pa$$w0rd$A", "Q": "x${A}\n$", "S": "$A",
				"M": "multi\n$line", "T": "$(x)"}, nil},
		{"env file preferred", base, map[string]string{".dev.vars": "A=1",
			".dev.vars.staging": "A=s"}, "staging", nil, map[string]string{"A": "s"}, nil},
		{"env file missing falls back", base, map[string]string{".dev.vars": "A=1"},
			"staging", nil, map[string]string{"A": "1"}, nil},
		{"dot env chain", base, map[string]string{".env": "A=1\nB=1\nC=1\nD=1",
			".env.local": "B=2", ".env.staging": "C=3\nE=${A}x", ".env.staging.local": "D=4"},
			"staging", nil, map[string]string{"A": "1", "B": "2", "C": "3", "D": "4", "E": "1x"},
			nil},
		{"dot env without env skips env files", base, map[string]string{".env": "A=1",
			".env.staging": "A=2"}, "", nil, map[string]string{"A": "1"}, nil},
		{"dot env disabled", base, map[string]string{".env": "A=1"}, "",
			map[string]string{"CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV": "false"},
			map[string]string{}, nil},
		{"required filters", base + "secrets = { required = [\"TOKEN\", \"KEY\"] }\n",
			map[string]string{".dev.vars": "TOKEN=t\nMODE=dev\nEXTRA=x\n"}, "", nil,
			map[string]string{"TOKEN": "t", "MODE": "dev"}, []string{
				`.dev.vars: "EXTRA" is not declared in secrets.required`,
				`wrangler.toml:4:34: required secret "KEY" is not set in `,
			}},
		{"required without files", base + "secrets = { required = [\"TOKEN\"] }\n", nil, "",
			nil, map[string]string{}, []string{
				`required secret "TOKEN" is not set in .dev.vars or .env`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"wrangler.toml": tt.config}
			for k, v := range tt.files {
				files[k] = v
			}
			dir := writeFiles(t, files)
			cfg, _, err := Load(dir, LoadOptions{Env: tt.env})
			if err != nil {
				t.Fatal(err)
			}
			got, diags, err := LoadDevVars(cfg, tt.env, func(k string) string {
				return tt.getenv[k]
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if len(diags) != len(tt.diags) {
				t.Fatalf("diagnostics %v, want %q", diags, tt.diags)
			}
			for i, d := range diags {
				if !strings.Contains(d.String(), tt.diags[i]) ||
					d.Severity != SeverityWarning {
					t.Errorf("diagnostic %q (%s), want %q", d, d.Severity, tt.diags[i])
				}
			}
		})
	}
}

// TestDevVarsErrorHidesSecrets: a parse error names the file and line, never the text
// around it, which holds the other secrets.
func TestDevVarsErrorHidesSecrets(t *testing.T) {
	for _, tt := range []struct{ file, text, want string }{
		{".dev.vars", "A=hunter2\nB-C=s3cret\nD=more\n",
			`.dev.vars:2: unexpected character "-" in a variable name`},
		{".dev.vars", "A=hunter2\nB='s3cret\nD=more\n", ".dev.vars:2: a quoted value is not closed"},
		{".env", "A=hunter2\n\nB=\"s3cret\n", ".env:3: a quoted value is not closed"},
	} {
		dir := writeFiles(t, map[string]string{
			"wrangler.toml": "name = \"w\"\ncompatibility_date = \"2024-12-01\"\n",
			tt.file:         tt.text,
		})
		cfg, _, err := Load(dir, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = LoadDevVars(cfg, "", nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to contain %q", tt.file, err, tt.want)
		}
		if err != nil && (strings.Contains(err.Error(), "s3cret") ||
			strings.Contains(err.Error(), "more") || strings.Contains(err.Error(), "hunter2")) {
			t.Errorf("%s: the error shows a secret: %v", tt.file, err)
		}
	}
}

func TestLoadDevVarsErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"wrangler.toml": "name = \"w\"\ncompatibility_date = \"2024-12-01\"\n",
		".dev.vars":     "A='unterminated\n",
	})
	cfg, _, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadDevVars(cfg, "", nil); err == nil ||
		!strings.HasPrefix(err.Error(), "load dev vars") {
		t.Errorf("err = %v, want a load dev vars error", err)
	}
	// A folder named .dev.vars cannot be read.
	dir2 := writeFiles(t, map[string]string{"wrangler.toml": "name = \"w\"",
		".dev.vars/x": ""})
	cfg.File = filepath.Join(dir2, "wrangler.toml")
	if _, _, err := LoadDevVars(cfg, "", nil); err == nil {
		t.Errorf("reading a folder as .dev.vars succeeded")
	}
	_ = os.Remove(dir2)
	if _, _, err := LoadDevVars(&Config{}, "", nil); err == nil {
		t.Errorf("a config without a file loaded dev vars")
	}
}
