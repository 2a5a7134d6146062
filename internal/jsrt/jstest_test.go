package jsrt

import (
	"context"
	"testing"
)

// runJSTests runs the tests that testdata/<path> registers with testdata/harness.ts,
// each as a subtest under its own name, in one isolate.
func runJSTests(t *testing.T, path string, opts Options) {
	t.Helper()
	p := testPool(t, path, opts)
	ctx := context.Background()
	names, _, err := p.Call(ctx, Invocation{}, "names", nil)
	if err != nil {
		t.Fatalf("%s: names: %v", path, err)
	}
	list, _ := names.([]any)
	if len(list) == 0 {
		t.Fatalf("%s registers no tests", path)
	}
	for _, n := range list {
		name := n.(string)
		t.Run(name, func(t *testing.T) {
			if _, _, err := p.Call(ctx, Invocation{}, "run", []any{name}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestBuiltins(t *testing.T) {
	for _, script := range []string{"groupby.ts", "withresolvers.ts", "structuredclone.ts", "regexp.ts"} {
		t.Run(script, func(t *testing.T) { runJSTests(t, "builtins/"+script, Options{}) })
	}
}
