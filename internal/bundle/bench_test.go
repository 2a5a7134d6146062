package bundle

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkBuild is a one-shot build of a small worker (two TypeScript files and the
// cloudflare:workers built-in).
func BenchmarkBuild(b *testing.B) {
	opts := Options{Entry: fixture(b, "basic", "index.ts")}
	for b.Loop() {
		if _, err := Build(opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildHono is a one-shot build of the Hono app.
func BenchmarkBuildHono(b *testing.B) {
	entry := fixture(b, "hono", "index.ts")
	if _, err := os.Stat(filepath.Join(filepath.Dir(entry), "node_modules", "hono")); err != nil {
		b.Skip("testdata/hono/node_modules is missing: run npm ci --prefix internal/bundle/testdata/hono")
	}
	for b.Loop() {
		if _, err := Build(Options{Entry: entry}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuild is the dev server's case: a small worker rebuilt after one of its
// files changed.
func BenchmarkRebuild(b *testing.B) {
	dir := b.TempDir()
	entry := filepath.Join(dir, "index.ts")
	lib := filepath.Join(dir, "lib.ts")
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write(entry, `import { env } from "cloudflare:workers";
import { greet } from "./lib";
export default { fetch: (r: Request) => new Response(greet(env.NAME) + r.url) };
`)
	write(lib, `export const greet = (n: string): string => "hello " + n;`)
	c, err := NewContext(Options{Entry: entry})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Rebuild(); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		write(lib, fmt.Sprintf(`export const greet = (n: string): string => "hello %d " + n;`, i))
		if _, err := c.Rebuild(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildHono rebuilds the Hono app after its entry changed: the packages in
// node_modules are already parsed.
func BenchmarkRebuildHono(b *testing.B) {
	src := fixture(b, "hono")
	if _, err := os.Stat(filepath.Join(src, "node_modules", "hono")); err != nil {
		b.Skip("testdata/hono/node_modules is missing: run npm ci --prefix internal/bundle/testdata/hono")
	}
	code, err := os.ReadFile(filepath.Join(src, "index.ts"))
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	entry := filepath.Join(dir, "index.ts")
	if err := os.Symlink(filepath.Join(src, "node_modules"), filepath.Join(dir, "node_modules")); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(entry, code, 0o644); err != nil {
		b.Fatal(err)
	}
	c, err := NewContext(Options{Entry: entry})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Rebuild(); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		edited := fmt.Sprintf("%s\n// edit %d\n", code, i)
		if err := os.WriteFile(entry, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Rebuild(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildUnchanged rebuilds the Hono app with no file changed.
func BenchmarkRebuildUnchanged(b *testing.B) {
	entry := fixture(b, "hono", "index.ts")
	if _, err := os.Stat(filepath.Join(filepath.Dir(entry), "node_modules", "hono")); err != nil {
		b.Skip("testdata/hono/node_modules is missing: run npm ci --prefix internal/bundle/testdata/hono")
	}
	c, err := NewContext(Options{Entry: entry})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	for b.Loop() {
		if _, err := c.Rebuild(); err != nil {
			b.Fatal(err)
		}
	}
}
