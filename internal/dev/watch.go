package dev

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/portico-dev/portico/internal/config"
	"github.com/portico-dev/portico/internal/pipeline"
)

// settle is how long the watcher waits after a change before rebuilding, so that an
// editor's burst of writes (or a git checkout) becomes one reload.
const settle = 100 * time.Millisecond

// watch starts watching the folders of every source's files.
func (s *session) watch() (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	s.syncWatches(w)
	return w, nil
}

// syncWatches makes w watch exactly the folders the sources need now.
func (s *session) syncWatches(w *fsnotify.Watcher) {
	watching := s.watching
	s.mu.Lock()
	need := map[string]bool{}
	for _, src := range s.sources {
		for _, d := range src.dirs() {
			need[d] = true
		}
	}
	s.mu.Unlock()
	for d := range need {
		if !watching[d] {
			if err := w.Add(d); err == nil {
				watching[d] = true
			}
		}
	}
	for d := range watching {
		if !need[d] {
			w.Remove(d)
			delete(watching, d)
		}
	}
}

// dirs are the folders whose changes concern src: the config's folder (config, local
// secrets), the folders of the script's own inputs, and the asset directory's tree.
func (src *source) dirs() []string {
	if src.cfg == nil {
		return nil
	}
	dirs := []string{filepath.Dir(src.cfg.File)}
	for _, in := range src.inputs {
		if d := filepath.Dir(in); !slices.Contains(dirs, d) && !inNodeModules(in) {
			dirs = append(dirs, d)
		}
	}
	if a := src.cfg.Assets; a != nil {
		filepath.WalkDir(a.Directory, func(p string, e fs.DirEntry, err error) error {
			if err == nil && e.IsDir() {
				dirs = append(dirs, p)
			}
			return nil
		})
	}
	return dirs
}

// affectedBy reports whether a change to path concerns src.
func (src *source) affectedBy(path string) bool {
	if src.cfg == nil {
		return false
	}
	if filepath.Dir(path) == filepath.Dir(src.cfg.File) {
		base := filepath.Base(path)
		if strings.HasPrefix(base, "wrangler.") || strings.HasPrefix(base, ".dev.vars") ||
			strings.HasPrefix(base, ".env") {
			return true
		}
	}
	if slices.Contains(src.inputs, path) {
		return true
	}
	if a := src.cfg.Assets; a != nil {
		if rel, err := filepath.Rel(a.Directory, path); err == nil && rel != ".." &&
			!strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func inNodeModules(p string) bool {
	return strings.Contains(p, string(filepath.Separator)+"node_modules"+string(filepath.Separator))
}

// watchLoop rebuilds the sources that changed, a settle time after their last change.
func (s *session) watchLoop(ctx context.Context, w *fsnotify.Watcher) {
	dirty := map[*source]string{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			s.mu.Lock()
			for _, src := range s.sources {
				if _, ok := dirty[src]; !ok && src.affectedBy(ev.Name) {
					dirty[src] = ev.Name
				}
			}
			s.mu.Unlock()
			if len(dirty) > 0 {
				timer.Reset(settle)
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(s.errw, "warning: watching files: %v\n", err)
		case <-timer.C:
			s.reload(dirty)
			dirty = map[*source]string{}
			s.syncWatches(w)
		}
	}
}

// reload rebuilds the dirty sources and swaps in a Set with their new versions. A
// source that fails keeps its last good version; when the new Set does not compile,
// every source keeps its last good version.
func (s *session) reload(dirty map[*source]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	type undo struct {
		src    *source
		prev   *pipeline.Worker
		cfg    *config.Config
		inputs []string
	}
	var changed []undo
	for _, src := range s.sources { // in load order, for stable output
		file, ok := dirty[src]
		if !ok {
			continue
		}
		u := undo{src: src, prev: src.current, cfg: src.cfg, inputs: src.inputs}
		name := src.cfg.Name
		w, err := s.build(src)
		if err == nil && w.BuildError != nil && u.prev.BuildError == nil {
			err = w.BuildError
			w.Release()
		}
		if err != nil {
			src.cfg, src.inputs = u.cfg, u.inputs
			fmt.Fprintf(s.errw, "✘ [%s] reload failed; still serving the last good version\n%s\n",
				name, indent(err.Error()))
			continue
		}
		src.current = w
		changed = append(changed, u)
		fmt.Fprintf(s.out, "↻ [%s] %s changed; reloading\n", w.Name(), shortPath(file))
	}
	if len(changed) == 0 {
		return
	}
	set, err := s.compileLocked()
	if err != nil {
		for _, u := range changed {
			u.src.current.Release()
			u.src.current, u.src.cfg, u.src.inputs = u.prev, u.cfg, u.inputs
		}
		fmt.Fprintln(s.errw, "✘ reload failed; still serving the last good versions")
		return
	}
	s.srv.Swap(set)
	for _, u := range changed {
		u.prev.Release() // the old Set keeps it until its requests end
		fmt.Fprintf(s.out, "↻ [%s] reloaded (version %s)\n", u.src.current.Name(),
			u.src.current.Version)
	}
}

// shortPath shows p relative to the working folder when it is inside it.
func shortPath(p string) string {
	if wd, err := filepath.Abs("."); err == nil {
		if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
	}
	return p
}
