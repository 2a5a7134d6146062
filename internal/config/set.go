package config

import (
	"fmt"
	"sort"
	"strings"
)

// CheckSet reports the rules that span the configs of several workers loaded together
// (the paths of one "portico check", the workers of one dev session):
//
//   - two configs may not declare the same worker name;
//   - a worker named as middleware has no routes (DESIGN.md, rule 5), and should have an
//     [origin] to reach what it fronts (a warning);
//   - middleware may not loop (a -> b -> a): the error names the whole path.
//
// Names that are not among cfgs are not reported: those workers may be loaded elsewhere.
func CheckSet(cfgs []*Config) Diagnostics {
	var ds Diagnostics
	byName := map[string]*Config{}
	for _, c := range cfgs {
		if c == nil || c.Name == "" {
			continue
		}
		if first, dup := byName[c.Name]; dup {
			ds = append(ds, c.diag(SeverityError, "name", "worker %q is also defined by %s",
				c.Name, first.shownFile()))
			continue
		}
		byName[c.Name] = c
	}
	for _, c := range cfgs {
		if c == nil {
			continue
		}
		for i, m := range c.Middleware {
			mw := byName[m]
			if mw == nil || m == c.Name { // naming itself is validate's error
				continue
			}
			at := fmt.Sprintf("middleware[%d]", i)
			if len(mw.Routes) > 0 {
				key := "routes"
				if _, ok := mw.locs["route"]; ok {
					key = "route"
				}
				ds = append(ds, mw.diag(SeverityError, key, "worker %q is used as "+
					"middleware by %q, so it cannot have routes", m, c.Name))
			}
			if mw.Origin == nil {
				ds = append(ds, c.diag(SeverityWarning, at, "middleware %q has no [origin]: "+
					"it cannot pass requests on to %q", m, c.Name))
			}
		}
	}
	return append(ds, middlewareLoops(cfgs, byName)...)
}

// middlewareLoops reports each cycle of "names as middleware" once, on the config of its
// alphabetically first worker.
func middlewareLoops(cfgs []*Config, byName map[string]*Config) Diagnostics {
	var ds Diagnostics
	reported := map[string]bool{}
	names := sortedKeys(byName)
	for _, start := range names {
		var walk func(path []string) []string
		walk = func(path []string) []string {
			cur := byName[path[len(path)-1]]
			for _, next := range cur.Middleware {
				if next == start && len(path) > 1 {
					return append(path, next)
				}
				if byName[next] == nil || contains(path, next) || next <= start {
					continue
				}
				if loop := walk(append(path, next)); loop != nil {
					return loop
				}
			}
			return nil
		}
		loop := walk([]string{start})
		if loop == nil {
			continue
		}
		key := strings.Join(sortedCopy(loop[:len(loop)-1]), " ")
		if reported[key] {
			continue
		}
		reported[key] = true
		c := byName[start]
		idx := 0
		for i, m := range c.Middleware {
			if m == loop[1] {
				idx = i
			}
		}
		ds = append(ds, c.diag(SeverityError, fmt.Sprintf("middleware[%d]", idx),
			"middleware loop: %s", strings.Join(loop, " -> ")))
	}
	return ds
}

func sortedCopy(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// shownFile is the config's path as the user gave it.
func (c *Config) shownFile() string {
	if c.display != "" {
		return c.display
	}
	return c.File
}

// diag makes a diagnostic located at the field path of c's file.
func (c *Config) diag(sev Severity, path, format string, args ...any) Diagnostic {
	v := validator{c: c, locs: c.locs}
	at := v.at(path)
	if c.locs == nil {
		at = pos{}
	}
	return Diagnostic{File: c.shownFile(), Line: at.Line, Col: at.Col, Severity: sev,
		Message: fmt.Sprintf(format, args...)}
}
