package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles creates files (name -> content) under a new temporary folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadString loads one config file with the given name and content.
func loadString(t *testing.T, name, content, env string) (*Config, Diagnostics) {
	t.Helper()
	dir := writeFiles(t, map[string]string{name: content})
	c, diags, _ := Load(filepath.Join(dir, name), LoadOptions{Env: env})
	return c, diags
}

// messages returns "severity: line:col: message" for each diagnostic.
func messages(ds Diagnostics) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Severity.String()+": "+strings.TrimPrefix(d.String(), d.File+":"))
	}
	return out
}

// lookup walks a dotted path with [i] indexes ("assets.directory", "routes[1].pattern").
func lookup(n *node, path string) *node {
	for _, part := range strings.Split(path, ".") {
		key, idx, _ := strings.Cut(part, "[")
		if key != "" {
			f := n.get(key)
			if f == nil {
				return nil
			}
			n = f.val
		}
		for idx != "" {
			i := 0
			for idx[0] >= '0' && idx[0] <= '9' {
				i = i*10 + int(idx[0]-'0')
				idx = idx[1:]
			}
			idx = strings.TrimPrefix(strings.TrimPrefix(idx, "]"), "[")
			if n.kind != kindArray || i >= len(n.items) {
				return nil
			}
			n = n.items[i]
		}
	}
	return n
}

// keyPos returns the position of the last key of path.
func keyPos(n *node, path string) pos {
	parent, key := "", path
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		parent, key = path[:i], path[i+1:]
	}
	if parent != "" {
		n = lookup(n, parent)
	}
	if f := n.get(key); f != nil {
		return f.keyPos
	}
	return pos{}
}
