package config

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
)

func TestCheckSet(t *testing.T) {
	const date = "compatibility_date = \"2024-12-01\"\nassets = { directory = \".\" }\n"
	tests := []struct {
		name    string
		configs map[string]string // folder -> wrangler.toml
		want    []string
	}{
		{"pair", map[string]string{
			"o": "name = \"o\"\nmiddleware = \"m\"\n" + date,
			"m": "name = \"m\"\n" + date + "[origin]\nbinding = \"ORIGIN\"\n",
		}, nil},
		{"unknown middleware is fine", map[string]string{
			"o": "name = \"o\"\nmiddleware = \"elsewhere\"\n" + date,
		}, nil},
		{"duplicate names", map[string]string{
			"a": "name = \"x\"\n" + date, "b": "name = \"x\"\n" + date,
		}, []string{"b/wrangler.toml:1:1: error: worker \"x\" is also defined by a/wrangler.toml"}},
		{"middleware with routes and no origin", map[string]string{
			"o": "name = \"o\"\nmiddleware = [\"m\"]\n" + date,
			"m": "name = \"m\"\nroute = \"m.com/*\"\n" + date,
		}, []string{
			"m/wrangler.toml:2:1: error: worker \"m\" is used as middleware by \"o\", so it " +
				"cannot have routes",
			"o/wrangler.toml:2:15: warning: middleware \"m\" has no [origin]: it cannot pass " +
				"requests on to \"o\"",
		}},
		{"loop", map[string]string{
			"a": "name = \"a\"\nmiddleware = [\"x\", \"b\"]\n" + date + "[origin]\nbinding = \"O\"",
			"b": "name = \"b\"\nmiddleware = \"c\"\n" + date + "[origin]\nbinding = \"O\"",
			"c": "name = \"c\"\nmiddleware = \"a\"\n" + date + "[origin]\nbinding = \"O\"",
		}, []string{"a/wrangler.toml:2:20: error: middleware loop: a -> b -> c -> a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for dir, doc := range tt.configs {
				files[filepath.Join(dir, "wrangler.toml")] = doc
			}
			root := writeFiles(t, files)
			t.Chdir(root)
			var cfgs []*Config
			for _, dir := range sortedKeys(tt.configs) {
				c, _, err := Load(dir, LoadOptions{})
				if err != nil {
					t.Fatal(err)
				}
				cfgs = append(cfgs, c)
			}
			var got []string
			for _, d := range CheckSet(cfgs) {
				got = append(got, fmt.Sprintf("%s:%d:%d: %s: %s", filepath.ToSlash(d.File),
					d.Line, d.Col, d.Severity, d.Message))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}
