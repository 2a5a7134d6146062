package assets

import (
	"errors"
	"regexp"
	"strings"
)

// pattern is a compiled _headers or _redirects path: literal text, at most one
// "*" (captured as "splat") and placeholders ":name" (a whole run of
// [A-Za-z]\w*), anchored at both ends. A placeholder spelt ":splat" is a
// placeholder like any other, one segment, as in Cloudflare's rules engine; only
// "*" crosses "/".
type pattern struct {
	re *regexp.Regexp // nil for a static pattern
}

var placeholder = regexp.MustCompile(`:[A-Za-z]\w*`)

// isDynamic reports whether a path pattern has a splat or a placeholder.
func isDynamic(p string) bool {
	return strings.Contains(p, "*") || placeholder.MatchString(p)
}

// compilePattern compiles p. In the host part of an absolute pattern
// ("https://:sub.example.com/x") a placeholder matches [^/.]+, in the path [^/]+.
func compilePattern(p string) (pattern, error) {
	if strings.Count(p, "*") > 1 {
		return pattern{}, errors.New("only one wildcard (*) is allowed")
	}
	if strings.Contains(p, "*") && strings.Contains(p, ":splat") {
		return pattern{}, errors.New("wildcard (*) cannot be combined with :splat")
	}
	if !isDynamic(p) {
		return pattern{}, nil
	}
	hostEnd := 0
	if i := strings.Index(p, "://"); i >= 0 {
		hostEnd = i + 3 + strings.IndexByte(p[i+3:]+"/", '/')
	}
	var b strings.Builder
	b.WriteString("^")
	seen := map[string]bool{}
	last := 0
	for _, loc := range placeholder.FindAllStringIndex(p, -1) {
		b.WriteString(quoteSplat(p[last:loc[0]]))
		name := p[loc[0]+1 : loc[1]]
		if seen[name] {
			return pattern{}, errors.New("placeholder :" + name + " is used twice")
		}
		seen[name] = true
		class := `[^/]+`
		if loc[0] < hostEnd {
			class = `[^/.]+`
		}
		b.WriteString("(?P<" + name + ">" + class + ")")
		last = loc[1]
	}
	b.WriteString(quoteSplat(p[last:]))
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return pattern{}, err
	}
	return pattern{re: re}, nil
}

// quoteSplat quotes literal text, turning its "*" into the splat group.
func quoteSplat(s string) string {
	before, after, ok := strings.Cut(s, "*")
	if !ok {
		return regexp.QuoteMeta(s)
	}
	return regexp.QuoteMeta(before) + `(?P<splat>.*)` + regexp.QuoteMeta(after)
}

// match reports whether s matches and returns the captured values by name.
func (p pattern) match(s string) (map[string]string, bool) {
	m := p.re.FindStringSubmatch(s)
	if m == nil {
		return nil, false
	}
	got := make(map[string]string, len(m)-1)
	for i, name := range p.re.SubexpNames() {
		if name != "" {
			got[name] = m[i]
		}
	}
	return got, true
}

// substitute replaces each whole placeholder ":name" in s by its captured
// value, in one pass: a value is never substituted again, ":id" does not match
// inside ":id_2", and a placeholder with no capture is left as it is.
func (p pattern) substitute(s string, got map[string]string) string {
	if len(got) == 0 || !strings.Contains(s, ":") {
		return s
	}
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		if v, ok := got[m[1:]]; ok {
			return v
		}
		return m
	})
}
