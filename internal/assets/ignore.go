package assets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gitignore "github.com/sabhiram/go-gitignore"
)

// ignorer applies a directory's .assetsignore; the zero value ignores nothing.
type ignorer struct{ gi *gitignore.GitIgnore }

// loadIgnore reads dir/.assetsignore, if there is one.
func loadIgnore(dir string) (ignorer, error) {
	name := filepath.Join(dir, ".assetsignore")
	if _, err := os.Stat(name); errors.Is(err, fs.ErrNotExist) {
		return ignorer{}, nil
	}
	gi, err := gitignore.CompileIgnoreFile(name)
	if err != nil {
		return ignorer{}, fmt.Errorf("read .assetsignore: %w", err)
	}
	return ignorer{gi}, nil
}

// ignored reports whether a slash-separated path relative to the directory is
// left out; directories are passed with a trailing slash.
func (ig ignorer) ignored(rel string) bool {
	return ig.gi != nil && ig.gi.MatchesPath(rel)
}
