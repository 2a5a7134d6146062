package bundle

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/evanw/esbuild/pkg/api"
)

// Error is a failed build: esbuild's error messages, in the order esbuild reported them.
type Error struct {
	Messages []Message
}

// Error formats the messages one a line, as "file:line:col: error: text".
func (e *Error) Error() string {
	lines := make([]string, len(e.Messages))
	for i, m := range e.Messages {
		lines[i] = m.format("error")
	}
	return strings.Join(lines, "\n")
}

// Message is one esbuild diagnostic, located at File:Line:Column. Line and Column start
// at 1 (Column counts characters); a Line of 0 means the message has no position.
type Message struct {
	// File is the path relative to Options.Dir, or absolute when it lies outside it;
	// empty when the message concerns no file.
	File   string
	Line   int
	Column int
	// Text is esbuild's text, or Portico's for the imports it refuses.
	Text string
	// LineText is the source line the message points into, for showing it with a caret.
	LineText string
}

// String formats the message as "file:line:col: warning: text".
func (m Message) String() string { return m.format("warning") }

func (m Message) format(kind string) string {
	switch {
	case m.File == "":
		return fmt.Sprintf("%s: %s", kind, m.Text)
	case m.Line <= 0:
		return fmt.Sprintf("%s: %s: %s", m.File, kind, m.Text)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", m.File, m.Line, m.Column, kind, m.Text)
}

// messagesOf converts esbuild's messages. dir is the directory paths are made relative to.
func messagesOf(dir string, msgs []api.Message) []Message {
	if len(msgs) == 0 {
		return nil
	}
	out := make([]Message, 0, len(msgs))
	for _, m := range msgs {
		msg := Message{Text: refusedBuiltin(m.Text)}
		if loc := m.Location; loc != nil {
			msg.File = loc.File
			if filepath.IsAbs(msg.File) {
				msg.File = relPath(dir, msg.File)
			}
			msg.Line = loc.Line
			msg.LineText = loc.LineText
			// esbuild counts columns from 0 in bytes; Portico's diagnostics count
			// characters from 1.
			col := loc.Column
			if col > len(loc.LineText) {
				col = len(loc.LineText)
			}
			msg.Column = utf8.RuneCountInString(loc.LineText[:max(col, 0)]) + 1
		}
		out = append(out, msg)
	}
	return out
}

// relPath returns p relative to dir when p lies inside dir, else p itself.
func relPath(dir, p string) string {
	r, err := filepath.Rel(dir, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return p
	}
	return r
}

// metafileInputs returns the files of esbuild's metafile (absolute paths, as the build
// asks for), leaving out built-in modules, plus the tsconfig.json, jsconfig.json and
// package.json files esbuild consulted for them inside dir; sorted.
func metafileInputs(metafile, dir string) ([]string, error) {
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(metafile), &meta); err != nil {
		return nil, fmt.Errorf("read esbuild metafile: %w", err)
	}
	inputs := make([]string, 0, len(meta.Inputs))
	for p := range meta.Inputs {
		if filepath.IsAbs(p) {
			inputs = append(inputs, p)
		}
	}
	inputs = append(inputs, configFiles(inputs, dir)...)
	sort.Strings(inputs)
	return inputs, nil
}

// configFiles returns the tsconfig.json, jsconfig.json and package.json files in the
// directories from each input's up to dir, for inputs inside dir and outside
// node_modules: editing one of them (a JSX setting, a path alias) changes the build.
func configFiles(inputs []string, dir string) []string {
	seen := map[string]bool{}
	var found []string
	nodeModules := string(filepath.Separator) + "node_modules" + string(filepath.Separator)
	for _, in := range inputs {
		if relPath(dir, in) == in || strings.Contains(in, nodeModules) {
			continue
		}
		for d := filepath.Dir(in); !seen[d]; d = filepath.Dir(d) {
			seen[d] = true
			for _, name := range []string{"tsconfig.json", "jsconfig.json", "package.json"} {
				if fi, err := os.Stat(filepath.Join(d, name)); err == nil && fi.Mode().IsRegular() {
					found = append(found, filepath.Join(d, name))
				}
			}
			if d == dir || d == filepath.Dir(d) {
				break
			}
		}
	}
	return found
}
