package assets

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Options configures a [Layer]. The caller fills it from the worker's config.
type Options struct {
	// Directory is the absolute path of the asset directory. Required.
	Directory string
	// HTMLHandling is html_handling; "" means "auto-trailing-slash".
	HTMLHandling string
	// NotFoundHandling is not_found_handling; "" means "none".
	NotFoundHandling string
	// RunWorkerFirst is run_worker_first = true: every request goes to the worker.
	RunWorkerFirst bool
	// RunWorkerFirstRules is run_worker_first = [...]: static routing rules.
	RunWorkerFirstRules []string
	// CompatibilityDate is the worker's compatibility_date (YYYY-MM-DD); ""
	// counts as 2021-11-02, as Cloudflare's asset worker assumes.
	CompatibilityDate string
	// CompatibilityFlags are the worker's compatibility_flags.
	CompatibilityFlags []string
	// HasWorker tells whether the worker has code (main); without it every
	// request is answered by the assets.
	HasWorker bool
	// Limits of the manifest; the zero value means Cloudflare's.
	Limits ManifestOptions
	// CompressionCacheBytes bounds the cache of compressed variants; 0 means
	// 64 MiB, a negative value turns compression off.
	CompressionCacheBytes int64
	// Logger receives operator logs; nil means slog.Default().
	Logger *slog.Logger
}

// Navigation flag of compatibility_flags, and the date it turns on by default.
const (
	flagNavigationOn  = "assets_navigation_prefers_asset_serving"
	flagNavigationOff = "assets_navigation_has_no_effect"
	navigationDate    = "2025-04-01"
	defaultCompatDate = "2021-11-02"
)

// Layer is the asset worker of one worker version: an immutable manifest with
// its parsed _headers and _redirects. It is safe for concurrent use.
type Layer struct {
	dir        string
	manifest   *Manifest
	res        resolver
	headers    []HeaderRule
	redirects  *Redirects
	routing    *staticRouting
	workerAll  bool // run_worker_first = true
	hasWorker  bool
	navigation bool // navigation requests prefer assets
	gz         *variantCache
	log        *slog.Logger
}

// New builds the manifest of opts.Directory and parses its _headers and
// _redirects. Problems in those files are warnings (the rule is skipped); a
// bad option, an unreadable directory or a manifest over its limits is an error.
func New(opts Options) (*Layer, []Warning, error) {
	if opts.Directory == "" {
		return nil, nil, errors.New("assets: directory is required")
	}
	html := opts.HTMLHandling
	if html == "" {
		html = AutoTrailingSlash
	}
	if !slices.Contains([]string{AutoTrailingSlash, ForceTrailingSlash, DropTrailingSlash,
		HTMLNone}, html) {
		return nil, nil, fmt.Errorf("assets: unknown html_handling %q", html)
	}
	nf := opts.NotFoundHandling
	if nf == "" {
		nf = NotFoundNone
	}
	if !slices.Contains([]string{SinglePageApplication, NotFoundPage, NotFoundNone}, nf) {
		return nil, nil, fmt.Errorf("assets: unknown not_found_handling %q", nf)
	}
	routing, err := compileStaticRouting(opts.RunWorkerFirstRules)
	if err != nil {
		return nil, nil, fmt.Errorf("assets: %w", err)
	}
	if info, err := os.Stat(opts.Directory); err != nil {
		return nil, nil, fmt.Errorf("assets: open directory: %w", err)
	} else if !info.IsDir() {
		return nil, nil, fmt.Errorf("assets: %s is not a directory", opts.Directory)
	}
	m, err := BuildManifest(opts.Directory, opts.Limits)
	if err != nil {
		return nil, nil, fmt.Errorf("assets: %w", err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	l := &Layer{
		dir:        opts.Directory,
		manifest:   m,
		res:        resolver{m: m, html: html, notFound: nf},
		routing:    routing,
		workerAll:  opts.RunWorkerFirst,
		hasWorker:  opts.HasWorker,
		navigation: navigationFlag(opts.CompatibilityDate, opts.CompatibilityFlags),
		gz:         newVariantCache(opts.CompressionCacheBytes),
		log:        log.With("component", "assets"),
	}
	var warns []Warning
	if text, name, ok, err := readRoot(opts.Directory, "_headers"); err != nil {
		return nil, nil, err
	} else if ok {
		var w []Warning
		l.headers, w = ParseHeaders(name, text)
		warns = append(warns, w...)
	}
	if text, name, ok, err := readRoot(opts.Directory, "_redirects"); err != nil {
		return nil, nil, err
	} else if ok {
		var w []Warning
		l.redirects, w = ParseRedirects(name, text, html == HTMLNone)
		warns = append(warns, w...)
	}
	if workerExposed(m) && !fileExists(opts.Directory, ".assetsignore") {
		warns = append(warns, Warning{File: filepath.Join(opts.Directory, "_worker.js"),
			Message: "_worker.js is served as a public asset; list it in .assetsignore " +
				"(an empty .assetsignore acknowledges it)"})
	}
	for _, w := range warns {
		l.log.Warn("asset config", "warning", w.String())
	}
	l.log.Debug("assets loaded", "dir", opts.Directory, "files", m.Len(),
		"headers", len(l.headers))
	return l, warns, nil
}

// Manifest returns the layer's manifest.
func (l *Layer) Manifest() *Manifest { return l.manifest }

// navigationFlag resolves assets_navigation_prefers_asset_serving: an explicit
// flag wins, otherwise it is on from its default date.
func navigationFlag(date string, flags []string) bool {
	switch {
	case slices.Contains(flags, flagNavigationOff):
		return false
	case slices.Contains(flags, flagNavigationOn):
		return true
	}
	if date == "" {
		date = defaultCompatDate
	}
	return date >= navigationDate
}

// readRoot reads a file at the root of dir, reporting whether it exists.
func readRoot(dir, name string) (text, file string, ok bool, err error) {
	file = filepath.Join(dir, name)
	info, err := os.Lstat(file)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !info.Mode().IsRegular()) {
		return "", file, false, nil // a link or a directory is never read, like assets
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return "", file, false, fmt.Errorf("assets: read %s: %w", name, err)
	}
	return string(b), file, true, nil
}

func fileExists(dir, name string) bool {
	_, err := os.Lstat(filepath.Join(dir, name))
	return err == nil
}

// workerExposed reports whether _worker.js (a file or a directory) is an asset.
func workerExposed(m *Manifest) bool {
	if _, ok := m.Lookup("/_worker.js"); ok {
		return true
	}
	i, _ := slices.BinarySearchFunc(m.entries, "/_worker.js/", func(e Entry, p string) int {
		return strings.Compare(e.Path, p)
	})
	return i < len(m.entries) && strings.HasPrefix(m.entries[i].Path, "/_worker.js/")
}
