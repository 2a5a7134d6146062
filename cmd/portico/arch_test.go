package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportRules keeps DESIGN.md's package boundaries true: only jsrt, webapi and
// binding import the JavaScript engine, only bundle imports esbuild, and nothing but
// this command imports cli.
func TestImportRules(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}",
		"github.com/portico-dev/portico/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/portico-dev/portico/"
	rules := []struct {
		imported string
		allowed  []string
	}{
		{"github.com/dop251/goja", []string{"internal/jsrt", "internal/webapi", "internal/binding"}},
		{"github.com/evanw/esbuild/pkg/api", []string{"internal/bundle"}},
		{mod + "internal/cli", []string{"cmd/portico"}},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], mod)
		for _, imp := range fields[1:] {
			for _, r := range rules {
				if imp != r.imported && !strings.HasPrefix(imp, r.imported+"/") {
					continue
				}
				if !allowedPkg(pkg, r.allowed) {
					t.Errorf("%s imports %s; only %v may", pkg, imp, r.allowed)
				}
			}
		}
	}
}

func allowedPkg(pkg string, allowed []string) bool {
	for _, a := range allowed {
		if pkg == a || strings.HasPrefix(pkg, a+"/") {
			return true
		}
	}
	return false
}
