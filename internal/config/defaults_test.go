package config

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestApplyDefaults(t *testing.T) {
	dir := filepath.FromSlash("/srv/app")
	tests := []struct {
		name string
		in   Config
		locs map[string]pos
		want Config
	}{
		{"plain worker", Config{Main: "src/index.ts"}, nil,
			Config{Main: filepath.Join(dir, "src/index.ts"), WorkersDev: true}},
		{"middleware", Config{Origin: &Origin{Binding: "O"}}, nil,
			Config{Origin: &Origin{Binding: "O"}}},
		{"workers_dev set false", Config{}, map[string]pos{"workers_dev": {1, 1}}, Config{}},
		{"absolute main", Config{Main: filepath.FromSlash("/x/a.js")}, nil,
			Config{Main: filepath.FromSlash("/x/a.js"), WorkersDev: true}},
		{"assets", Config{Assets: &Assets{Directory: "../public"}}, nil,
			Config{WorkersDev: true, Assets: &Assets{Directory: filepath.FromSlash("/srv/public"),
				HTMLHandling: "auto-trailing-slash", NotFoundHandling: "none"}}},
		{"assets kept", Config{Assets: &Assets{Directory: "p", HTMLHandling: "none",
			NotFoundHandling: "404-page"}}, nil,
			Config{WorkersDev: true, Assets: &Assets{Directory: filepath.Join(dir, "p"),
				HTMLHandling: "none", NotFoundHandling: "404-page"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.in
			applyDefaults(&c, dir, tt.locs)
			if !reflect.DeepEqual(c, tt.want) {
				t.Errorf("got %+v, want %+v", c, tt.want)
			}
		})
	}
}
