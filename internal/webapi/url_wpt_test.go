package webapi

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dop251/goja"
)

// TestURLWPT runs the WPT URL data through the JavaScript URL classes. Every failure must
// be listed, with its reason, in testdata/wpt/url-expected-failures.txt; a listed case
// that passes fails the test too, so that a fix shows up as a change of that file.
func TestURLWPT(t *testing.T) {
	list := filepath.Join("testdata", "wpt", "url-expected-failures.txt")
	expected := readExpectedFailures(t, list)
	l := newTestLoop(context.Background())
	if err := Install(l); err != nil {
		t.Fatal(err)
	}
	runner, err := os.ReadFile(filepath.Join("testdata", "url_wpt.js"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.vm.RunScript("url_wpt.js", string(runner)); err != nil {
		t.Fatal(err)
	}
	suites := []struct{ runner, file string }{
		{"wptURLTestData", "urltestdata.json"},
		{"wptURLFailureAPIs", "urltestdata.json"},
		{"wptSetters", "setters_tests.json"},
		{"wptToASCII", "toascii.json"},
		{"wptURLEncoded", "urlencoded-parser-data.json"},
		{"wptPercentEncoding", "percent-encoding.json"},
	}
	seen := map[string]bool{}
	for _, s := range suites {
		t.Run(s.runner, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "wpt", s.file))
			if err != nil {
				t.Fatal(err)
			}
			fn, _ := goja.AssertFunction(l.vm.Get(s.runner))
			res, err := fn(goja.Undefined(), l.vm.ToValue(string(data)))
			if err != nil {
				t.Fatal(err)
			}
			var failures [][2]string
			if err := l.vm.ExportTo(res, &failures); err != nil {
				t.Fatal(err)
			}
			for _, f := range failures {
				seen[f[0]] = true
				if _, ok := expected[f[0]]; !ok {
					t.Errorf("unexpected failure %s: %s", f[0], f[1])
				}
			}
		})
	}
	for k, reason := range expected {
		if !seen[k] {
			t.Errorf("listed as failing (%s) but passes now; remove it: %s", reason, k)
		}
	}
}

// readExpectedFailures reads a list of expected failures: "## reason" lines start a
// group, other non-empty lines not starting with "#" are case keys. It returns each key
// with its reason.
func readExpectedFailures(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	reason := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "## "):
			reason = strings.TrimPrefix(line, "## ")
		case line == "" || strings.HasPrefix(line, "#"):
		default:
			if reason == "" {
				t.Fatalf("%s: case %s has no reason (## line) above it", path, line)
			}
			out[line] = reason
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
