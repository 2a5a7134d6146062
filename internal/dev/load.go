package dev

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/portico-dev/portico/internal/assets"
	"github.com/portico-dev/portico/internal/bundle"
	"github.com/portico-dev/portico/internal/config"
	"github.com/portico-dev/portico/internal/pipeline"
	"github.com/portico-dev/portico/internal/server"
)

// source is one worker of the session: where its config lives and its current version.
type source struct {
	path    string         // the config file or folder, as given or found
	cfg     *config.Config // of the current version
	bctx    *bundle.Context
	main    string   // the entry bctx builds
	inputs  []string // files the current script was built from
	current *pipeline.Worker
}

func (src *source) close() {
	if src.bctx != nil {
		src.bctx.Close()
	}
	if src.current != nil {
		src.current.Release()
		src.current = nil
	}
}

// loadAll loads the workers of opts.Paths and the middleware they name, then compiles
// the first Set. Every problem is printed before the error returns.
func (s *session) loadAll() (*pipeline.Set, error) {
	paths := s.opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	failed := false
	seen := map[string]bool{}
	for _, p := range paths {
		if !s.addSource(p, seen) {
			failed = true
		}
	}
	if failed {
		return nil, errors.New("dev: some workers did not load")
	}
	s.findMiddleware(seen)
	s.mu.Lock()
	defer s.mu.Unlock()
	set, err := s.compileLocked()
	if err != nil {
		return nil, errors.New("dev: the workers' pipelines did not compile")
	}
	return set, nil
}

// addSource loads the worker at path, unless that config is loaded already.
func (s *session) addSource(path string, seen map[string]bool) bool {
	file := path
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		if f, _, err := config.FindConfigFile(path); err == nil {
			file = f
		}
	}
	if abs, err := filepath.Abs(file); err == nil {
		if seen[abs] {
			return true
		}
		seen[abs] = true
	}
	src := &source{path: path}
	w, err := s.build(src)
	if err != nil {
		fmt.Fprintf(s.errw, "%s: error: %v\n", path, err)
		return false
	}
	if w.BuildError != nil {
		msg := "its assets only"
		if w.Assets == nil {
			msg = "an error page"
		}
		fmt.Fprintf(s.errw, "✘ [%s] the script cannot run; serving %s\n%s\n", w.Name(), msg,
			indent(w.BuildError.Error()))
	}
	src.current = w
	s.sources = append(s.sources, src)
	return true
}

// findMiddleware looks for each middleware that an origin names but that was not
// loaded in the folders beside the origin's folder, and loads it from there.
func (s *session) findMiddleware(seen map[string]bool) {
	s.searched = map[string][]string{}
	for i := 0; i < len(s.sources); i++ { // found middleware may name more
		origin := s.sources[i]
		for _, name := range origin.cfg.Middleware {
			if s.byName(name) != nil {
				continue
			}
			dir, looked := s.searchSiblings(origin, name)
			s.searched[name] = append(s.searched[name], looked...)
			if dir == "" {
				continue
			}
			if s.addSource(dir, seen) {
				fmt.Fprintf(s.out, "%s: found middleware %q in %s\n", origin.cfg.Name, name,
					dir)
			}
		}
	}
}

// searchSiblings returns the folder beside origin's folder whose config names the
// worker name, and every folder it looked in.
func (s *session) searchSiblings(origin *source, name string) (string, []string) {
	own := filepath.Dir(origin.cfg.File)
	parent := filepath.Dir(own)
	shown := filepath.Dir(configShown(origin))
	entries, err := os.ReadDir(parent)
	if err != nil {
		return "", []string{filepath.Join(shown, "..")}
	}
	var looked []string
	for _, e := range entries {
		dir := filepath.Join(parent, e.Name())
		if !e.IsDir() || dir == own {
			continue
		}
		rel := filepath.Join(filepath.Dir(shown), e.Name())
		looked = append(looked, rel)
		file, _, err := config.FindConfigFile(dir)
		if err != nil {
			continue
		}
		c, _, err := config.Load(file, config.LoadOptions{Env: s.opts.Env})
		if c != nil && c.Name == name {
			if err != nil {
				looked[len(looked)-1] += " (it is there, but its config has errors)"
				s.addSource(rel, map[string]bool{}) // prints the diagnostics
				return "", looked
			}
			return rel, looked
		}
	}
	if len(looked) == 0 {
		looked = []string{"the folders beside " + shown + ", which has none"}
	}
	return "", looked
}

// configShown is the source's path as the user gave it, or as it was found.
func configShown(src *source) string {
	if st, err := os.Stat(src.path); err == nil && st.IsDir() {
		return filepath.Join(src.path, filepath.Base(src.cfg.File))
	}
	return src.path
}

func (s *session) byName(name string) *source {
	for _, src := range s.sources {
		if src.cfg != nil && src.cfg.Name == name {
			return src
		}
	}
	return nil
}

// compileLocked compiles the current versions; s.mu is held.
func (s *session) compileLocked() (*pipeline.Set, error) {
	workers := make([]*pipeline.Worker, len(s.sources))
	for i, src := range s.sources {
		workers[i] = src.current
	}
	set, warns, err := pipeline.Compile(workers, pipeline.Options{
		Searched:  s.searched,
		ErrorPage: server.ErrorPage(true),
		Report:    s.report,
		Logger:    s.log,
	})
	for _, w := range warns {
		fmt.Fprintf(s.errw, "warning: %s\n", w)
	}
	if err != nil {
		var ce *pipeline.CompileError
		if errors.As(err, &ce) {
			for _, p := range ce.Problems {
				fmt.Fprintf(s.errw, "error: %s\n", p)
			}
		} else {
			fmt.Fprintf(s.errw, "error: %v\n", err)
		}
		return nil, err
	}
	return set, nil
}

// report prints an uncaught exception with its stack.
func (s *session) report(err error) {
	var ex *pipeline.Exception
	if errors.As(err, &ex) && ex.Stack != "" {
		fmt.Fprintf(s.errw, "✘ [%s] %v\n%s\n", ex.Worker, err, indent(ex.Stack))
		return
	}
	fmt.Fprintf(s.errw, "✘ %v\n", err)
}

// build makes a new version of src from the files as they are now. The error is for a
// config, secrets or assets problem; a script that fails to build gives a version whose
// BuildError says why (its assets still serve).
func (s *session) build(src *source) (*pipeline.Worker, error) {
	cfg, diags, err := config.Load(src.path, config.LoadOptions{Env: s.opts.Env})
	for _, d := range diags {
		fmt.Fprintln(s.errw, formatDiagnostic(d))
	}
	if err != nil {
		if errors.Is(err, config.ErrInvalid) {
			return nil, errors.New("the config has errors")
		}
		return nil, err
	}
	secrets, sdiags, err := config.LoadDevVars(cfg, s.opts.Env, s.opts.Getenv)
	for _, d := range sdiags {
		fmt.Fprintln(s.errw, formatDiagnostic(d))
	}
	if err != nil {
		return nil, err
	}
	for k, v := range s.opts.Vars {
		secrets[k] = v
	}
	w := &pipeline.Worker{Config: cfg, Secrets: secrets}
	if cfg.Assets != nil {
		if w.Assets, err = s.assetLayer(cfg); err != nil {
			return nil, err
		}
	}
	sum := sha256.New()
	cj, _ := json.Marshal(cfg)
	sum.Write(cj)
	if cfg.Main != "" {
		script, err := s.script(src, cfg)
		if err != nil {
			w.BuildError = err
		} else {
			sum.Write([]byte(script.Code))
			w.Code, w.BuildError = s.runner(cfg, script)
		}
	}
	w.Version = hex.EncodeToString(sum.Sum(nil))[:16]
	src.cfg = cfg
	return pipeline.NewWorker(w), nil
}

// script bundles cfg.Main, reusing src's incremental build while the entry is the same.
func (s *session) script(src *source, cfg *config.Config) (*bundle.Script, error) {
	if src.bctx == nil || src.main != cfg.Main {
		if src.bctx != nil {
			src.bctx.Close()
		}
		bctx, err := bundle.NewContext(bundle.Options{Entry: cfg.Main,
			Dir: filepath.Dir(cfg.File)})
		if err != nil {
			src.bctx = nil
			return nil, err
		}
		src.bctx, src.main = bctx, cfg.Main
	}
	script, err := src.bctx.Rebuild()
	if err != nil {
		return nil, err
	}
	src.inputs = script.Inputs
	for _, m := range script.Warnings {
		fmt.Fprintf(s.errw, "warning: [%s] %s\n", cfg.Name, m.String())
	}
	return script, nil
}

// runner starts the isolates of script.
func (s *session) runner(cfg *config.Config, script *bundle.Script) (pipeline.Runner, error) {
	name := cfg.Name
	console := func(line string) {
		fmt.Fprintf(s.out, "[%s] %s\n", name, line)
	}
	return s.opts.NewRunner(cfg, script, console)
}

// assetLayer builds the asset layer of cfg. A missing directory serves nothing, as in
// wrangler dev, with a warning.
func (s *session) assetLayer(cfg *config.Config) (*assets.Layer, error) {
	a := cfg.Assets
	dir := a.Directory
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(s.errw, "warning: [%s] the assets directory %s does not exist; "+
			"no assets are served until it does\n", cfg.Name, dir)
		empty, err := os.MkdirTemp("", "portico-empty-assets-")
		if err != nil {
			return nil, err
		}
		defer os.Remove(empty)
		dir = empty
	}
	layer, warns, err := assets.New(assets.Options{
		Directory:           dir,
		HTMLHandling:        a.HTMLHandling,
		NotFoundHandling:    a.NotFoundHandling,
		RunWorkerFirst:      a.RunWorkerFirst.All,
		RunWorkerFirstRules: a.RunWorkerFirst.Rules,
		CompatibilityDate:   cfg.CompatibilityDate,
		CompatibilityFlags:  cfg.CompatibilityFlags,
		HasWorker:           cfg.Main != "",
		Logger:              s.log,
	})
	for _, w := range warns {
		fmt.Fprintf(s.errw, "warning: %s\n", w.String())
	}
	return layer, err
}

// formatDiagnostic renders a config diagnostic as compilers do.
func formatDiagnostic(d config.Diagnostic) string {
	if d.Line <= 0 {
		return fmt.Sprintf("%s: %s: %s", d.File, d.Severity, d.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", d.File, d.Line, d.Col, d.Severity, d.Message)
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ")
}

func joinQuoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, " > ")
}
