package assets

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Limits of a _headers file.
const (
	MaxHeaderRules   = 100
	MaxRuleLineBytes = 2000
)

// HeaderRule is one rule of a _headers file.
type HeaderRule struct {
	Path  string      // "/blog/*" or "https://:sub.example.com/*"
	Line  int         // line of the path
	Set   [][2]string // lower-case name, value; repeated names already joined by ", "
	Unset []string    // lower-case names to remove
	pat   pattern
}

// ParseHeaders parses a _headers file. Blank lines and "#" lines are skipped; a
// line starting with "/" or "scheme://" opens a rule, and the lines below it are
// "Name: value" or "! Name". A malformed line gives a warning naming file:line
// and its rule (or line) is skipped; at most [MaxHeaderRules] rules are kept.
func ParseHeaders(file, text string) ([]HeaderRule, []Warning) {
	var (
		rules []HeaderRule
		warns []Warning
		cur   *HeaderRule
		skip  bool // after an invalid path, until the next path line
	)
	warn := func(line int, format string, args ...any) {
		warns = append(warns, Warning{file, line, fmt.Sprintf(format, args...)})
	}
	closeRule := func() {
		if cur == nil {
			return
		}
		if len(cur.Set) == 0 && len(cur.Unset) == 0 {
			warn(cur.Line, "rule %s has no headers; skipped", cur.Path)
		} else {
			rules = append(rules, *cur)
		}
		cur = nil
	}
	lines := strings.Split(text, "\n")
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(line) > MaxRuleLineBytes {
			warn(n, "line is longer than %d characters; skipped", MaxRuleLineBytes)
			continue
		}
		if opensRule(line) {
			closeRule()
			if len(rules) >= MaxHeaderRules {
				warn(n, "more than %d rules; this and later rules skipped", MaxHeaderRules)
				return rules, warns
			}
			p, err := headerPath(line)
			if err != nil {
				warn(n, "%v; rule skipped", err)
				skip = true
				continue
			}
			skip = false
			cur = &HeaderRule{Path: p.path, Line: n, pat: p.pat}
			continue
		}
		if skip {
			continue
		}
		if cur == nil {
			warn(n, "header line before any path (a path starts with /)")
			continue
		}
		if name, ok := strings.CutPrefix(line, "!"); ok {
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" || strings.ContainsAny(name, " \t") {
				warn(n, "invalid header removal %q; skipped", line)
				continue
			}
			cur.Unset = append(cur.Unset, name)
			continue
		}
		if err := cur.add(line); err != nil {
			warn(n, "%v; skipped", err)
		}
	}
	closeRule()
	sort.SliceStable(warns, func(i, j int) bool { return warns[i].Line < warns[j].Line })
	return rules, warns
}

// opensRule reports whether a _headers line is a path: "/..." or "scheme://...".
func opensRule(line string) bool {
	if strings.HasPrefix(line, "/") {
		return true
	}
	i := strings.Index(line, "://")
	return i > 0 && !strings.ContainsAny(line[:i], " \t:")
}

// add parses a "Name: value" line into the rule.
func (hr *HeaderRule) add(line string) error {
	name, value, ok := strings.Cut(line, ":")
	if !ok {
		return fmt.Errorf("expected \"Name: value\", got %q", line)
	}
	name = strings.ToLower(strings.TrimSpace(name))
	value = strings.TrimSpace(value)
	switch {
	case name == "":
		return fmt.Errorf("no header name in %q", line)
	case strings.ContainsAny(name, " \t"):
		return fmt.Errorf("header name %q contains a space", name)
	case !validHeaderName(name):
		return fmt.Errorf("invalid header name %q", name)
	case value == "":
		return fmt.Errorf("no value for header %q", name)
	case strings.ContainsAny(value, "\r\x00"):
		return fmt.Errorf("invalid value for header %q", name)
	}
	for i := range hr.Set {
		if hr.Set[i][0] == name {
			hr.Set[i][1] += ", " + value
			return nil
		}
	}
	hr.Set = append(hr.Set, [2]string{name, value})
	return nil
}

// validHeaderName reports whether name is an HTTP token.
func validHeaderName(name string) bool {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	return true
}

type rulePath struct {
	path string
	pat  pattern
}

// headerPath validates a rule's path: relative, or https:// with no port; the
// query and fragment are dropped.
func headerPath(line string) (rulePath, error) {
	p := line
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if strings.ContainsAny(p, " \t") {
		return rulePath{}, fmt.Errorf("path %q contains a space", line)
	}
	if !strings.HasPrefix(p, "/") {
		rest, ok := strings.CutPrefix(p, "https://")
		if !ok {
			return rulePath{}, fmt.Errorf("absolute path %q must use https://", line)
		}
		host, _, _ := strings.Cut(rest, "/")
		if host == "" {
			return rulePath{}, fmt.Errorf("absolute path %q has no host", line)
		}
		if hasPort(host) {
			return rulePath{}, fmt.Errorf("absolute path %q must not have a port", line)
		}
		host, path, _ := strings.Cut(rest, "/")
		p = "https://" + host + normalizePath("/"+path)
	} else {
		// Matched against the percent-encoded request path, as Cloudflare parses it.
		p = normalizePath(p)
	}
	pat, err := compilePattern(p)
	if err != nil {
		return rulePath{}, fmt.Errorf("path %q: %w", line, err)
	}
	return rulePath{p, pat}, nil
}

// hasPort reports whether a host pattern ends in ":digits".
func hasPort(host string) bool {
	i := strings.LastIndexByte(host, ':')
	if i < 0 || i == len(host)-1 {
		return false
	}
	for _, c := range host[i+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// applyHeaders applies every matching rule, in file order, to h: removals
// first, then sets. The first set of a name replaces what the layer put there;
// later rules append. Rules match the request's path, or for absolute rules
// https://{hostname}{path}.
func applyHeaders(rules []HeaderRule, h http.Header, host, reqPath string) {
	if len(rules) == 0 {
		return
	}
	abs := "https://" + host + reqPath
	set := map[string]bool{}
	for i := range rules {
		hr := &rules[i]
		subject := reqPath
		if !strings.HasPrefix(hr.Path, "/") {
			subject = abs
		}
		var got map[string]string
		if hr.pat.re == nil {
			if hr.Path != subject {
				continue
			}
		} else {
			var ok bool
			if got, ok = hr.pat.match(subject); !ok {
				continue
			}
		}
		for _, name := range hr.Unset {
			h.Del(name)
		}
		for _, kv := range hr.Set {
			v := hr.pat.substitute(kv[1], got)
			if set[kv[0]] {
				h.Add(kv[0], v)
			} else {
				h.Set(kv[0], v)
				set[kv[0]] = true
			}
		}
	}
}
