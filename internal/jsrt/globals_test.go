package jsrt

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// TestGlobalsAreTyped checks that every global an isolate has is the engine's, one that
// @cloudflare/workers-types declares (webapi's list), or one of the runtime's internal
// globals, which the bundle and rewritten literals use.
func TestGlobalsAreTyped(t *testing.T) {
	known := map[string]bool{
		cloudflareWorkersGlobal: true, regexpLiteralFn: true, regexpErrorFn: true,
	}
	list, err := os.ReadFile(filepath.Join("..", "webapi", "testdata", "workers-types-globals.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(list), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			known[line] = true
		}
	}
	for _, k := range goja.New().GlobalObject().GetOwnPropertyNames() {
		known[k] = true
	}
	prg, err := Compile("empty.js", "")
	if err != nil {
		t.Fatal(err)
	}
	iso, err := newIsolate(&config{name: "w", program: prg, cpuLimit: DefaultCPULimit,
		waitUntil: DefaultWaitUntilTimeout, wedgeAfter: DefaultCPULimit, log: discardLogger(),
		retire: func(*Isolate) {}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer iso.close()
	for _, k := range iso.vm.GlobalObject().GetOwnPropertyNames() {
		if !known[k] {
			t.Errorf("global %s is not declared by @cloudflare/workers-types", k)
		}
	}
}
