package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ErrNoConfig is wrapped by the error of Load and FindConfigFile when a folder holds no
// config file.
var ErrNoConfig = errors.New("no wrangler.json, wrangler.jsonc or wrangler.toml")

// configNames are the names of a folder's config file in wrangler's order of precedence
// (findWranglerConfig in wrangler's config-helpers.ts): wrangler.json, then
// wrangler.jsonc, then wrangler.toml. Unlike wrangler, Portico does not search parent
// folders: the folder given is the worker.
var configNames = []string{"wrangler.json", "wrangler.jsonc", "wrangler.toml"}

// maxConfigSize bounds a config file; real ones are a few kilobytes.
const maxConfigSize = 1 << 20

// LoadOptions select how a config is loaded.
type LoadOptions struct {
	// Env selects an [env.NAME] section to overlay on the top level; "" uses the top
	// level alone.
	Env string
}

// FindConfigFile returns the config file in dir that wrangler would pick, and the other
// config files dir holds, which that choice shadows.
func FindConfigFile(dir string) (file string, shadowed []string, err error) {
	for _, n := range configNames {
		p := filepath.Join(dir, n)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			if file == "" {
				file = p
			} else {
				shadowed = append(shadowed, n)
			}
		}
	}
	if file == "" {
		return "", nil, fmt.Errorf("find config in %s: %w", dir, ErrNoConfig)
	}
	return file, shadowed, nil
}

// Load reads the config at path (a config file, or a folder holding one), overlays
// opts.Env, applies defaults and validates. Diagnostics name the file as path was given.
//
// The error is non-nil when the config cannot be used: the file cannot be read (the
// Config is nil), or the diagnostics hold errors (the error wraps ErrInvalid; the Config
// is returned as far as it could be decoded, or nil when the file does not parse).
// Warnings alone leave the error nil.
func Load(path string, opts LoadOptions) (*Config, Diagnostics, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, fmt.Errorf("load config: %w", err)
	}
	display := path
	var shadowed []string
	if st.IsDir() {
		if display, shadowed, err = FindConfigFile(path); err != nil {
			return nil, nil, fmt.Errorf("load config: %w", err)
		}
	}
	data, err := os.ReadFile(display)
	if err != nil {
		return nil, nil, fmt.Errorf("load config: %w", err)
	}
	abs, err := filepath.Abs(display)
	if err != nil {
		return nil, nil, fmt.Errorf("load config: %w", err)
	}
	r := &reporter{file: display}
	for _, s := range shadowed {
		r.warnf(pos{}, "%s is ignored: %s takes precedence", s, filepath.Base(display))
	}
	c := loadBytes(data, abs, display, opts, r)
	r.diags.sortByPosition()
	if n := len(r.diags.Errors()); n > 0 {
		return c, r.diags, fmt.Errorf("load %s: %d error(s): %w", display, n, ErrInvalid)
	}
	return c, r.diags, nil
}

// loadBytes runs the steps on a file's content: parse, env overlay, decode, defaults,
// validation. It returns nil when the content does not parse.
func loadBytes(data []byte, abs, display string, opts LoadOptions, r *reporter) *Config {
	if len(data) > maxConfigSize {
		r.errorf(pos{}, "config is %d bytes; the limit is %d", len(data), maxConfigSize)
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var root *node
	switch ext := strings.ToLower(filepath.Ext(abs)); ext {
	case ".toml":
		root = parseTOML(data, r)
	case ".json", ".jsonc":
		root = parseJSON(data, r)
	default:
		r.errorf(pos{}, "unknown config format %q: use .toml, .json or .jsonc", ext)
	}
	if root == nil {
		if !r.diags.HasErrors() { // parsers report their errors; never fail silently
			r.errorf(pos{1, 1}, "the config could not be parsed")
		}
		return nil
	}
	checkTopKeys(root, r)
	c, locs, bad := decode(overlayEnv(root, opts.Env, r), r)
	c.File, c.Env, c.display, c.locs = abs, opts.Env, display, locs
	applyDefaults(c, filepath.Dir(abs), locs)
	validate(c, locs, bad, r)
	return c
}
