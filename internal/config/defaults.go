package config

import "path/filepath"

// Defaults of the fields that have one; the doc comments on Config repeat them.
const (
	defaultHTMLHandling     = "auto-trailing-slash"
	defaultNotFoundHandling = "none"
)

// applyDefaults fills the fields the user left unset and makes paths absolute. dir is the
// absolute folder of the config file; locs says which fields were set.
func applyDefaults(c *Config, dir string, locs map[string]pos) {
	if _, set := locs["workers_dev"]; !set {
		// A middleware is never addressed directly (DESIGN.md, rule 5).
		c.WorkersDev = c.Origin == nil
	}
	if c.Main != "" {
		c.Main = resolvePath(dir, c.Main)
	}
	if a := c.Assets; a != nil {
		if a.Directory != "" {
			a.Directory = resolvePath(dir, a.Directory)
		}
		if a.HTMLHandling == "" {
			a.HTMLHandling = defaultHTMLHandling
		}
		if a.NotFoundHandling == "" {
			a.NotFoundHandling = defaultNotFoundHandling
		}
	}
}

// resolvePath resolves p relative to dir, the config file's folder.
func resolvePath(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}
