package bundle

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden/*.js from the current output")

// TestGolden compares the bundled code (without its source map) of some fixtures with
// testdata/golden, so a change of esbuild or of the settings shows in review. Run
// `go test ./internal/bundle -run Golden -update` to accept a change.
func TestGolden(t *testing.T) {
	for _, name := range []string{"basic", "lowering"} {
		t.Run(name, func(t *testing.T) {
			s := mustBuild(t, Options{Entry: fixture(t, name, "index.ts")})
			code, _, _ := strings.Cut(s.Code, "//# sourceMappingURL=")
			golden := fixture(t, "golden", name+".js")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(code), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if code != string(want) {
				t.Errorf("output differs from %s (run with -update to accept):\n%s", golden, code)
			}
		})
	}
}
