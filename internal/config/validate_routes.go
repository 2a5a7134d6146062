package config

import (
	"fmt"
	"strings"
)

// routes checks each route pattern against spec 1.8.
func (v *validator) routes() {
	for i, r := range v.c.Routes {
		p := fmt.Sprintf("routes[%d]", i)
		if _, ok := v.locs["route"]; ok {
			p = "route"
		}
		if v.skip(p) {
			continue
		}
		if msg := checkRoutePattern(r.Pattern, r.CustomDomain); msg != "" {
			v.r.errorf(v.at(p), "invalid route %q: %s", r.Pattern, msg)
		}
		if r.ZoneID != "" && r.ZoneName != "" {
			v.r.errorf(v.at(p), "route %q sets both zone_id and zone_name; set one", r.Pattern)
		}
	}
}

// checkRoutePattern returns what is wrong with a route pattern, or "". The only operator
// is "*": at the start of the hostname and at the end of the path. A custom domain is a
// bare hostname.
func checkRoutePattern(pattern string, customDomain bool) string {
	if pattern == "" {
		return "the pattern is empty"
	}
	rest := pattern
	if i := strings.Index(rest, "://"); i >= 0 {
		if scheme := rest[:i]; scheme != "http" && scheme != "https" {
			return fmt.Sprintf("scheme %q is not http or https", scheme)
		}
		rest = rest[i+3:]
	}
	host, path := rest, ""
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		host, path = rest[:i], rest[i:]
	}
	switch {
	case host == "" || host == "*":
		return "it has no hostname"
	case strings.ContainsAny(pattern, "?#"):
		return "a pattern cannot hold a query or a fragment"
	case strings.Contains(host[1:], "*"):
		return `"*" may only start the hostname`
	case strings.ContainsAny(host, " \t"):
		return "the hostname contains spaces"
	case strings.Contains(strings.TrimSuffix(path, "*"), "*"):
		return `"*" may only end the path`
	}
	if customDomain {
		if strings.Contains(pattern, "*") {
			return "a custom domain cannot hold a wildcard"
		}
		if path != "" && path != "/" {
			return "a custom domain is a whole hostname, without a path"
		}
	}
	return ""
}
