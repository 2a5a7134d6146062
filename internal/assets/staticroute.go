package assets

import (
	"fmt"
	"regexp"
	"strings"
)

// Limits of run_worker_first rules.
const (
	MaxStaticRoutingRules = 100
	MaxStaticRoutingRule  = 100
)

// Route is a routing decision for one request.
type Route int

const (
	// RouteNone: no static-routing rule matched (or there are none).
	RouteNone Route = iota
	// RouteWorker: the request goes to the worker's code.
	RouteWorker
	// RouteAssets: the request goes to the asset layer.
	RouteAssets
)

// String returns "none", "worker" or "assets".
func (r Route) String() string {
	switch r {
	case RouteWorker:
		return "worker"
	case RouteAssets:
		return "assets"
	}
	return "none"
}

// staticRouting is the compiled run_worker_first array: "/glob" rules send a
// path to the worker, "!/glob" rules to the assets, and negatives win. "*"
// matches any run of characters, "/" included; rules are anchored at both ends.
type staticRouting struct {
	worker, assets *regexp.Regexp // nil when there are no rules of that kind
}

// compileStaticRouting validates and compiles run_worker_first rules.
func compileStaticRouting(rules []string) (*staticRouting, error) {
	if len(rules) == 0 {
		return nil, nil
	}
	if len(rules) > MaxStaticRoutingRules {
		return nil, fmt.Errorf("run_worker_first: %d rules, at most %d allowed",
			len(rules), MaxStaticRoutingRules)
	}
	var pos, neg []string
	seen := map[string]bool{}
	for i, r := range rules {
		if len(r) > MaxStaticRoutingRule {
			return nil, fmt.Errorf("run_worker_first[%d]: rule is over %d characters",
				i, MaxStaticRoutingRule)
		}
		if seen[r] {
			return nil, fmt.Errorf("run_worker_first[%d]: duplicate rule %q", i, r)
		}
		seen[r] = true
		body, negative := strings.CutPrefix(r, "!")
		if !strings.HasPrefix(body, "/") {
			return nil, fmt.Errorf("run_worker_first[%d]: rule %q must start with / or !/", i, r)
		}
		for _, prev := range rules[:i] {
			pb, pn := strings.CutPrefix(prev, "!")
			if pn == negative && strings.HasSuffix(pb, "*") &&
				strings.HasPrefix(body, strings.TrimSuffix(pb, "*")) {
				return nil, fmt.Errorf("run_worker_first[%d]: rule %q is already covered by %q",
					i, r, prev)
			}
		}
		glob := "^" + strings.ReplaceAll(regexp.QuoteMeta(body), `\*`, ".*") + "$"
		if negative {
			neg = append(neg, glob)
		} else {
			pos = append(pos, glob)
		}
	}
	if len(pos) == 0 {
		return nil, fmt.Errorf("run_worker_first: at least one rule without ! is required")
	}
	sr := &staticRouting{worker: regexp.MustCompile(strings.Join(pos, "|"))}
	if len(neg) > 0 {
		sr.assets = regexp.MustCompile(strings.Join(neg, "|"))
	}
	return sr, nil
}

// route matches a pathname.
func (sr *staticRouting) route(p string) Route {
	switch {
	case sr == nil:
		return RouteNone
	case sr.assets != nil && sr.assets.MatchString(p):
		return RouteAssets
	case sr.worker.MatchString(p):
		return RouteWorker
	}
	return RouteNone
}
