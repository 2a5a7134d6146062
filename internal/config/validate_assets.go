package config

import (
	"fmt"
	"os"
	"strings"
)

// Limits of run_worker_first rules (workers-shared utils/configuration/constants.ts).
const (
	maxStaticRules    = 100
	maxStaticRuleSize = 100
)

var (
	htmlHandlings = []string{"auto-trailing-slash", "force-trailing-slash",
		"drop-trailing-slash", "none"}
	notFoundHandlings = []string{"single-page-application", "404-page", "none"}
)

// assets checks spec 1.1.1 and 1.1.4.
func (v *validator) assets() {
	a := v.c.Assets
	if a == nil {
		return
	}
	if v.set("site") {
		v.r.errorf(v.at("site"), `"assets" and "site" cannot be combined: remove "site"`)
	}
	switch st, err := os.Stat(a.Directory); {
	case v.skip("assets.directory"):
	case !v.set("assets.directory"):
		v.r.errorf(v.at("assets"), `"assets" is missing its "directory"`)
	case a.Directory == "":
		v.r.errorf(v.at("assets.directory"), `"assets.directory" must not be empty`)
	case err != nil:
		// In dev an empty folder stands in for it, as miniflare does; deploy fails.
		v.r.warnf(v.at("assets.directory"), "assets directory %s does not exist",
			v.shown(a.Directory))
	case !st.IsDir():
		v.r.errorf(v.at("assets.directory"), "assets directory %s is not a folder",
			v.shown(a.Directory))
	}
	v.enum("assets.html_handling", a.HTMLHandling, htmlHandlings)
	v.enum("assets.not_found_handling", a.NotFoundHandling, notFoundHandlings)
	if v.set("assets.binding") {
		v.binding("assets.binding", a.Binding)
		if v.noMain() {
			v.r.errorf(v.at("assets.binding"), `"assets.binding" needs a worker script: `+
				`set "main" or remove the binding`)
		}
	}
	v.runWorkerFirst(a)
}

// noMain reports an assets-only worker: "main" is not written at all. A "main" of the
// wrong type or empty has its own error, so the rules that need a script stay quiet.
func (v *validator) noMain() bool {
	_, written := v.locs["main"]
	return v.c.Main == "" && !written
}

func (v *validator) enum(path, val string, allowed []string) {
	if v.set(path) && !contains(allowed, val) {
		v.r.errorf(v.at(path), "%q must be one of %q, not %q", path, allowed, val)
	}
}

func (v *validator) runWorkerFirst(a *Assets) {
	const p = "assets.run_worker_first"
	if !v.set(p) {
		return
	}
	for i := range a.RunWorkerFirst.Rules {
		if v.skip(fmt.Sprintf("%s[%d]", p, i)) {
			return
		}
	}
	rwf := a.RunWorkerFirst
	if (rwf.All || rwf.Rules != nil) && v.noMain() {
		v.r.errorf(v.at(p), `%q needs a worker script: set "main"`, p)
		return
	}
	if rwf.All {
		if a.Binding == "" {
			v.r.warnf(v.at(p), "run_worker_first = true without an assets binding: the "+
				"worker cannot reach the assets")
		}
		if pl := v.c.Placement; pl != nil && pl.Mode == "smart" {
			v.r.warnf(v.at(p), "run_worker_first = true with smart placement places every "+
				"request, assets included, away from the edge")
		}
		return
	}
	if rwf.Rules == nil {
		return
	}
	for _, pr := range checkStaticRules(rwf.Rules) {
		at := v.at(p)
		if pr.index >= 0 {
			at = v.at(fmt.Sprintf("%s[%d]", p, pr.index))
		}
		v.r.errorf(at, "invalid run_worker_first: %s", pr.msg)
	}
}

// ruleProblem is one broken run_worker_first rule; index is -1 for the whole list.
type ruleProblem struct {
	index int
	msg   string
}

// checkStaticRules applies the rules of spec 1.1.4 to a run_worker_first list: each rule
// starts with "/" (worker) or "!/" (assets), at most maxStaticRules rules of at most
// maxStaticRuleSize characters, no duplicates, no rule made redundant by a "*" rule of
// the same sign, and at least one positive rule.
func checkStaticRules(rules []string) []ruleProblem {
	if len(rules) == 0 {
		return []ruleProblem{{-1, "the list is empty; give at least one rule or use false"}}
	}
	if len(rules) > maxStaticRules {
		return []ruleProblem{{-1, fmt.Sprintf("%d rules exceed the limit of %d", len(rules),
			maxStaticRules)}}
	}
	var probs []ruleProblem
	var positive, negative []int
	for i, r := range rules {
		switch {
		case strings.HasPrefix(r, "!/"):
			negative = append(negative, i)
		case strings.HasPrefix(r, "/"):
			positive = append(positive, i)
		case strings.HasPrefix(r, "!"):
			probs = append(probs, ruleProblem{i, fmt.Sprintf(
				"rule %q: a negative rule starts with \"!/\"", r)})
		default:
			probs = append(probs, ruleProblem{i, fmt.Sprintf(
				"rule %q: a rule starts with \"/\" or \"!/\"", r)})
		}
	}
	if len(positive) == 0 && len(negative) > 0 {
		probs = append(probs, ruleProblem{-1,
			"only negative rules: give at least one rule starting with \"/\""})
	}
	probs = append(probs, checkRuleGroup(rules, positive)...)
	return append(probs, checkRuleGroup(rules, negative)...)
}

// checkRuleGroup checks the rules of one sign (their indexes in rules) for length,
// duplicates and redundancy: a rule ending in "*" makes every other rule it prefixes
// redundant, wherever that rule stands.
func checkRuleGroup(rules []string, group []int) []ruleProblem {
	var probs []ruleProblem
	seen := map[string]bool{}
	for _, i := range group {
		r := rules[i]
		if len(r) > maxStaticRuleSize {
			probs = append(probs, ruleProblem{i, fmt.Sprintf(
				"rule %q is longer than %d characters", r, maxStaticRuleSize)})
		}
		if seen[r] {
			probs = append(probs, ruleProblem{i, fmt.Sprintf("rule %q is listed twice", r)})
			continue
		}
		seen[r] = true
		if !strings.HasSuffix(r, "*") {
			continue
		}
		prefix := strings.TrimSuffix(r, "*")
		for _, j := range group {
			if o := rules[j]; o != r && strings.HasPrefix(o, prefix) {
				probs = append(probs, ruleProblem{j, fmt.Sprintf(
					"rule %q is redundant: %q already covers it", o, r)})
			}
		}
	}
	return probs
}
