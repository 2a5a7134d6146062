package assets

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

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

// ignored reports whether a file, by its slash-separated path relative to the
// directory, is left out.
func (ig ignorer) ignored(rel string) bool {
	return ig.gi != nil && ig.gi.MatchesPath(rel)
}

// dirIgnored reports whether a whole directory is left out, so that nothing
// under it can be listed again (as in git). A pattern that ends in a wildcard,
// such as "build/*", leaves out what is inside, not the directory: its files
// are judged one by one and "!build/keep.js" can keep one.
func (ig ignorer) dirIgnored(rel string) bool {
	if ig.gi == nil {
		return false
	}
	ok, how := ig.gi.MatchesPathHow(rel + "/")
	return ok && how != nil && !strings.HasSuffix(strings.TrimSpace(how.Line), "*")
}
