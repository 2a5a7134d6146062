package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// validator checks the rules that span fields, after defaults. Each message points at
// the field it is about, through locs.
type validator struct {
	c    *Config
	locs map[string]pos
	bad  map[string]bool // paths decode already reported
	r    *reporter
}

// validate reports every rule c breaks. locs and bad come from decode.
func validate(c *Config, locs map[string]pos, bad map[string]bool, r *reporter) {
	v := &validator{c: c, locs: locs, bad: bad, r: r}
	v.name()
	v.main()
	v.compat()
	v.routes()
	v.assets()
	v.middleware()
	v.origin()
	v.bindings()
	v.crons()
	v.placement()
	v.secrets()
}

// at returns where path was set, falling back to its closest parent, then to 1:1.
func (v *validator) at(path string) pos {
	for p := path; p != ""; {
		if at, ok := v.locs[p]; ok {
			return at
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return pos{1, 1}
}

// set reports whether path was given a value of the right type.
func (v *validator) set(path string) bool { _, ok := v.locs[path]; return ok && !v.bad[path] }

// skip reports whether path, or a field holding it, had a value of the wrong type, which
// decode already reported.
func (v *validator) skip(path string) bool {
	for p := path; p != ""; {
		if v.bad[p] {
			return true
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return false
}

// shown returns an absolute path inside the worker's folder as the user would write it:
// relative to where they run Portico when they named the config relatively.
func (v *validator) shown(abs string) string {
	if v.c.display == "" || v.c.File == "" {
		return abs
	}
	rel, err := filepath.Rel(filepath.Dir(v.c.File), abs)
	if err != nil {
		return abs
	}
	return filepath.Join(filepath.Dir(v.c.display), rel)
}

// workerName matches wrangler's rule for names (lower-case letters, digits, "-", "_").
var workerName = regexp.MustCompile(`^[a-z0-9_][a-z0-9_-]*$`)

// maxNameLen is Cloudflare's limit on a worker name (a DNS label).
const maxNameLen = 63

func checkWorkerName(s string) string {
	switch {
	case s == "":
		return "must not be empty"
	case len(s) > maxNameLen:
		return fmt.Sprintf("is longer than %d characters", maxNameLen)
	case !workerName.MatchString(s):
		return "must use only lower-case letters, digits, \"-\" and \"_\""
	}
	return ""
}

var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// binding checks one binding name: required, and a JavaScript identifier so that
// env.NAME works.
func (v *validator) binding(path, name string) {
	switch {
	case v.skip(path):
	case !v.set(path):
		v.r.errorf(v.at(path), "%q is missing its binding name", parentPath(path))
	case name == "":
		v.r.errorf(v.at(path), "%q must not be empty", path)
	case !identifier.MatchString(name):
		v.r.warnf(v.at(path), "%q: %q is not a JavaScript identifier; use env[%q]", path,
			name, name)
	}
}

func parentPath(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 {
		return p[:i]
	}
	return p
}

func (v *validator) name() {
	if v.skip("name") {
		return
	}
	if !v.set("name") {
		v.r.errorf(pos{1, 1}, `missing required field "name"`)
		return
	}
	if msg := checkWorkerName(v.c.Name); msg != "" {
		v.r.errorf(v.at("name"), "invalid worker name %q: it %s", v.c.Name, msg)
	}
}

func (v *validator) main() {
	if v.skip("main") {
		return
	}
	if v.c.Main == "" {
		if v.set("main") {
			v.r.errorf(v.at("main"), `"main" must not be empty`)
		}
		return
	}
	st, err := os.Stat(v.c.Main)
	switch {
	case err != nil:
		v.r.errorf(v.at("main"), "main script %s not found", v.shown(v.c.Main))
	case st.IsDir():
		v.r.errorf(v.at("main"), "main script %s is a folder", v.shown(v.c.Main))
	}
}

func (v *validator) compat() {
	d := v.c.CompatibilityDate
	switch {
	case v.skip("compatibility_date"):
	case !v.set("compatibility_date"):
		v.r.errorf(pos{1, 1}, `missing required field "compatibility_date" (a date like `+
			`"2024-12-01")`)
	case !validDate(d):
		v.r.errorf(v.at("compatibility_date"), "invalid compatibility_date %q: want a "+
			"date written YYYY-MM-DD", d)
	}
	seen := map[string]bool{}
	for i, f := range v.c.CompatibilityFlags {
		p := fmt.Sprintf("compatibility_flags[%d]", i)
		switch {
		case v.skip(p):
		case f == "":
			v.r.errorf(v.at(p), "%q must not be empty", p)
		case seen[f]:
			v.r.warnf(v.at(p), "compatibility flag %q is listed twice", f)
		case flagPairs[f] != "" && seen[flagPairs[f]]:
			v.r.errorf(v.at(p), "compatibility flags %q and %q contradict each other",
				flagPairs[f], f)
		}
		seen[f] = true
	}
}

// flagPairs maps each enable flag Portico implements to its disable flag and back.
var flagPairs = map[string]string{
	"assets_navigation_prefers_asset_serving": "assets_navigation_has_no_effect",
	"assets_navigation_has_no_effect":         "assets_navigation_prefers_asset_serving",
}

func validDate(s string) bool {
	if len(s) != len("2006-01-02") {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func (v *validator) middleware() {
	seen := map[string]bool{}
	for i, m := range v.c.Middleware {
		p := fmt.Sprintf("middleware[%d]", i)
		switch msg := checkWorkerName(m); {
		case v.skip(p):
		case msg != "":
			v.r.errorf(v.at(p), "invalid middleware name %q: it %s", m, msg)
		case m == v.c.Name:
			v.r.errorf(v.at(p), "worker %q names itself as its middleware", m)
		case seen[m]:
			v.r.errorf(v.at(p), "middleware %q appears twice in the chain", m)
		}
		seen[m] = true
	}
}

func (v *validator) origin() {
	o := v.c.Origin
	if o == nil {
		return
	}
	v.binding("origin.binding", o.Binding)
	if v.set("workers_dev") && v.c.WorkersDev {
		v.r.errorf(v.at("workers_dev"), "a middleware ([origin] is set) is never addressed "+
			"directly: workers_dev must be false")
	}
	if len(v.c.Routes) > 0 {
		p := "routes"
		if v.set("route") {
			p = "route"
		}
		v.r.errorf(v.at(p), "a middleware ([origin] is set) cannot have routes: requests "+
			"reach it through the origin that names it")
	}
}

func (v *validator) secrets() {
	seen := map[string]bool{}
	for i, s := range v.c.Secrets.Required {
		p := fmt.Sprintf("secrets.required[%d]", i)
		switch {
		case v.skip(p):
		case s == "":
			v.r.errorf(v.at(p), "%q must not be empty", p)
		case seen[s]:
			v.r.warnf(v.at(p), "secret %q is listed twice", s)
		}
		seen[s] = true
	}
}
