package assets

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Limits of a _redirects file.
const (
	MaxStaticRedirects  = 2000
	MaxDynamicRedirects = 100
)

// RedirectRule is one rule of a _redirects file.
type RedirectRule struct {
	From   string // relative path pattern
	To     string // relative or absolute destination, may carry ?query and #fragment
	Status int    // 200 (rewrite), 301, 302, 303, 307 or 308
	Line   int
	pat    pattern
}

// Redirects is a parsed _redirects file: static rules by path, then dynamic
// rules in file order.
type Redirects struct {
	static  map[string]*RedirectRule
	dynamic []RedirectRule
}

var slashRun = regexp.MustCompile(`/{2,}`)

// ParseRedirects parses a _redirects file: lines of "from to [status]". A
// malformed line, a duplicate from, a loop-prone rule or a rule over the limits
// gives a warning naming file:line, and the rule is skipped. htmlNone tells
// whether html_handling is "none", which allows "/ /index.html".
func ParseRedirects(file, text string, htmlNone bool) (*Redirects, []Warning) {
	rd := &Redirects{static: map[string]*RedirectRule{}}
	var warns []Warning
	warn := func(line int, format string, args ...any) {
		warns = append(warns, Warning{file, line, fmt.Sprintf(format, args...)})
	}
	seen := map[string]bool{}
	dynamicSeen := false
	for i, raw := range strings.Split(text, "\n") {
		n := i + 1
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(line) > MaxRuleLineBytes {
			warn(n, "line is longer than %d characters; skipped", MaxRuleLineBytes)
			continue
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		if i := strings.Index(line, "\t#"); i >= 0 {
			line = line[:i]
		}
		r, err := parseRedirect(line, htmlNone)
		if err != nil {
			warn(n, "%v; rule skipped", err)
			continue
		}
		r.Line = n
		if seen[r.From] {
			warn(n, "duplicate rule for %s (the first one wins); skipped", r.From)
			continue
		}
		dyn := r.pat.re != nil || dynamicSeen
		switch {
		case dyn && len(rd.dynamic) >= MaxDynamicRedirects:
			warn(n, "more than %d dynamic rules; skipped", MaxDynamicRedirects)
			continue
		case !dyn && len(rd.static) >= MaxStaticRedirects:
			warn(n, "more than %d static rules; skipped", MaxStaticRedirects)
			continue
		}
		seen[r.From] = true
		if dyn {
			// Once a dynamic rule appeared, later static rules keep their file order.
			dynamicSeen = true
			rd.dynamic = append(rd.dynamic, r)
		} else {
			rd.static[r.From] = &r
		}
	}
	return rd, warns
}

// parseRedirect parses the tokens of one line.
func parseRedirect(line string, htmlNone bool) (RedirectRule, error) {
	f := strings.Fields(line)
	if len(f) < 2 || len(f) > 3 {
		return RedirectRule{}, fmt.Errorf("expected 2 or 3 fields (from to [status]), got %d",
			len(f))
	}
	r := RedirectRule{From: f[0], To: f[1], Status: 302}
	if len(f) == 3 {
		s, err := strconv.Atoi(f[2])
		if err != nil || !allowedStatus(s) {
			return r, fmt.Errorf("status %q is not one of 200, 301, 302, 303, 307, 308", f[2])
		}
		r.Status = s
	}
	if !strings.HasPrefix(r.From, "/") {
		return r, fmt.Errorf("from %q must be a relative path starting with /", r.From)
	}
	if strings.ContainsAny(r.From, "?#") {
		return r, fmt.Errorf("from %q must not have a query or fragment", r.From)
	}
	// Request paths arrive percent-encoded ("/%C3%BCber"); the rule is matched in the
	// same form, as Cloudflare parses it through a URL.
	r.From = normalizePath(r.From)
	absolute := !strings.HasPrefix(r.To, "/")
	if absolute {
		if !validAbsolute(r.To) {
			return r, fmt.Errorf("to %q must be a relative path or an absolute URL", r.To)
		}
		if r.Status == 200 {
			return r, fmt.Errorf("a 200 (rewrite) rule must point to a relative path, got %q",
				r.To)
		}
	}
	// A folder's splat or the folder itself sent to its index loops: html_handling
	// redirects ".../index.html" back to ".../", which the rule matches again.
	if !absolute && toIndex.MatchString(r.To) && (strings.HasSuffix(r.From, "/*") ||
		strings.HasSuffix(r.From, "/") && !htmlNone) {
		return r, fmt.Errorf("%s -> %s would loop forever", r.From, r.To)
	}
	pat, err := compilePattern(r.From)
	if err != nil {
		return r, fmt.Errorf("from %q: %w", r.From, err)
	}
	r.pat = pat
	return r, nil
}

func allowedStatus(s int) bool {
	switch s {
	case 200, 301, 302, 303, 307, 308:
		return true
	}
	return false
}

// toIndex matches a destination that html_handling redirects to its folder, as
// Cloudflare's loop guard tests it (parseRedirects.ts).
var toIndex = regexp.MustCompile(`/index(.html)?$`)

var absURL = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s]+`)

func validAbsolute(s string) bool { return absURL.MatchString(s) }

// match finds the rule for a raw (still encoded) request path: the static rule
// with that exact path, else the first dynamic rule that matches, and returns
// its destination with placeholders substituted.
func (rd *Redirects) match(reqPath string) (*RedirectRule, string, bool) {
	if rd == nil {
		return nil, "", false
	}
	if r, ok := rd.static[reqPath]; ok {
		return r, destination(r.To), true
	}
	for i := range rd.dynamic {
		r := &rd.dynamic[i]
		if r.pat.re == nil { // a static rule after the first dynamic one
			if r.From == reqPath {
				return r, destination(r.To), true
			}
			continue
		}
		if got, ok := r.pat.match(reqPath); ok {
			return r, destination(r.pat.substitute(r.To, got)), true
		}
	}
	return nil, "", false
}

var schemePrefix = regexp.MustCompile(`^\w+://`)

// destination finishes a rule's target once placeholders are in: a relative
// target has every run of "/" collapsed (query included, as Cloudflare does),
// so neither the rule nor a captured "//host" makes an open redirect.
func destination(to string) string {
	to = strings.TrimSpace(to)
	if schemePrefix.MatchString(to) {
		return to
	}
	return slashRun.ReplaceAllString(to, "/")
}
