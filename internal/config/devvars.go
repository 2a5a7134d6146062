package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/joho/godotenv"
)

// LoadDevVars reads the local secrets of a worker for development, as spec 1.9 and
// wrangler's dev-vars.ts describe. Files sit next to the config file:
//
//  1. .dev.vars.<env> when env is set and the file exists, else .dev.vars;
//  2. when neither exists, and getenv("CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV") is not
//     "false": .env, .env.local, then .env.<env> and .env.<env>.local when env is set,
//     later files overriding earlier ones.
//
// The syntax is dotenv (godotenv). As in wrangler, ${NAME} references are expanded in
// .env files (against earlier values) but not in .dev.vars. The values are secrets: they
// override cfg.Vars of the same name, which the caller does. When cfg.Secrets.Required
// is set, only the names it declares and the names of existing vars are returned; others
// get a warning, and each required name that no file sets gets a warning. getenv may be
// nil: nothing is set.
//
// The error is non-nil when a file exists but cannot be read or parsed.
func LoadDevVars(cfg *Config, env string, getenv func(string) string) (map[string]string,
	[]Diagnostic, error) {
	if cfg == nil || cfg.File == "" {
		return nil, nil, errors.New("load dev vars: the config has no file")
	}
	dir := filepath.Dir(cfg.File)
	shown := func(name string) string {
		if cfg.display != "" {
			return filepath.Join(filepath.Dir(cfg.display), name)
		}
		return filepath.Join(dir, name)
	}
	var names []string
	if env != "" {
		names = append(names, ".dev.vars."+env)
	}
	vals, used, err := loadFirstDotenv(dir, append(names, ".dev.vars"), shown)
	if err != nil {
		return nil, nil, err
	}
	if used == nil && (getenv == nil ||
		!strings.EqualFold(getenv("CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV"), "false")) {
		names = []string{".env", ".env.local"}
		if env != "" {
			names = append(names, ".env."+env, ".env."+env+".local")
		}
		if vals, used, err = loadMergedDotenv(dir, names, shown); err != nil {
			return nil, nil, err
		}
	}
	if vals == nil {
		vals = map[string]string{}
	}
	return vals, filterRequired(cfg, vals, used, shown), nil
}

// loadFirstDotenv parses the first of names that exists in dir.
func loadFirstDotenv(dir string, names []string,
	shown func(string) string) (map[string]string, []string, error) {
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("load dev vars: %w", err)
		}
		lit := literalDollars(data)
		m, err := godotenv.UnmarshalBytes(lit)
		if err != nil {
			return nil, nil, fmt.Errorf("load dev vars %s%s", shown(n), dotenvError(lit, err))
		}
		return m, []string{n}, nil
	}
	return nil, nil, nil
}

// literalDollars escapes every "$" outside single-quoted values, so that godotenv keeps
// it: wrangler parses .dev.vars without expanding ${NAME} (a secret like "pa$$word" must
// survive), while godotenv expands in unquoted and double-quoted values. Single-quoted
// values are literal in godotenv already, and a backslash there would stay.
func literalDollars(src []byte) []byte {
	var out bytes.Buffer
	inSingle := false // inside a single-quoted value that spans lines
	for _, line := range bytes.SplitAfter(src, []byte("\n")) {
		if inSingle {
			inSingle = !bytes.Contains(line, []byte("'"))
			out.Write(line)
			continue
		}
		if i := bytes.IndexAny(line, "=:"); i >= 0 {
			val := bytes.TrimLeft(line[i+1:], " \t")
			if len(val) > 0 && val[0] == '\'' {
				inSingle = !bytes.Contains(val[1:], []byte("'"))
				out.Write(line)
				continue
			}
		}
		out.Write(bytes.ReplaceAll(line, []byte("$"), []byte(`\$`)))
	}
	return out.Bytes()
}

// loadMergedDotenv parses every one of names that exists in dir as one document, so
// that a later file overrides an earlier one and may refer to its values with ${NAME}.
func loadMergedDotenv(dir string, names []string,
	shown func(string) string) (map[string]string, []string, error) {
	var all bytes.Buffer
	var used []string
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("load dev vars: %w", err)
		}
		if _, err := godotenv.UnmarshalBytes(data); err != nil {
			return nil, nil, fmt.Errorf("load dev vars %s%s", shown(n), dotenvError(data, err))
		}
		all.Write(data)
		all.WriteByte('\n')
		used = append(used, n)
	}
	if used == nil {
		return nil, nil, nil
	}
	m, err := godotenv.UnmarshalBytes(all.Bytes())
	if err != nil {
		return nil, nil, fmt.Errorf("load dev vars %s: %s", strings.Join(used, ", "),
			dotenvError(nil, err))
	}
	return m, used, nil
}

var dotenvBadName = regexp.MustCompile(`^unexpected character (".*?") in variable name near (".*")$`)

// dotenvError rewrites a godotenv error as ":LINE: what is wrong" (or ": ..." when the
// line is unknown), leaving out the file's text that godotenv quotes: it holds secrets.
// data is the text that was parsed.
func dotenvError(data []byte, err error) string {
	msg := err.Error()
	lineOf := func(rest []byte) string {
		if i := bytes.Index(data, rest); len(rest) > 0 && i >= 0 {
			return fmt.Sprintf(":%d", bytes.Count(data[:i], []byte("\n"))+1)
		}
		return ""
	}
	if m := dotenvBadName.FindStringSubmatch(msg); m != nil {
		line := ""
		if rest, err := strconv.Unquote(m[2]); err == nil && bytes.HasSuffix(data, []byte(rest)) {
			line = lineOf(data[len(data)-len(rest):])
		}
		return fmt.Sprintf("%s: unexpected character %s in a variable name", line, m[1])
	}
	if rest, ok := strings.CutPrefix(msg, "unterminated quoted value "); ok {
		return fmt.Sprintf("%s: a quoted value is not closed (its value is not shown)",
			lineOf([]byte(rest)))
	}
	return ": " + msg
}

// filterRequired applies secrets.required to vals in place and returns its warnings.
func filterRequired(cfg *Config, vals map[string]string, used []string,
	shown func(string) string) []Diagnostic {
	req := cfg.Secrets.Required
	if len(req) == 0 {
		return nil
	}
	var diags []Diagnostic
	src := ".dev.vars or .env"
	if len(used) > 0 {
		var files []string
		for _, u := range used {
			files = append(files, shown(u))
		}
		src = strings.Join(files, ", ")
	}
	for _, k := range sortedKeys(vals) {
		if _, isVar := cfg.Vars[k]; contains(req, k) || isVar {
			continue
		}
		delete(vals, k)
		diags = append(diags, Diagnostic{File: src, Severity: SeverityWarning,
			Message: fmt.Sprintf("%q is not declared in secrets.required; it is not loaded", k)})
	}
	file := cfg.display
	if file == "" {
		file = cfg.File
	}
	for i, name := range req {
		if _, ok := vals[name]; ok {
			continue
		}
		at := cfg.locs[fmt.Sprintf("secrets.required[%d]", i)]
		diags = append(diags, Diagnostic{File: file, Line: at.Line, Col: at.Col,
			Severity: SeverityWarning,
			Message:  fmt.Sprintf("required secret %q is not set in %s", name, src)})
	}
	return diags
}
