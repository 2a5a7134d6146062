package config

import (
	"fmt"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Inheritance of [env.NAME] sections, following wrangler (packages/workers-utils
// src/config/validation.ts, normalizeAndValidateEnvironment):
//
//   - inheritable keys are taken from the env section when it sets them, else from the
//     top level;
//   - "name" is inherited as "<name>-<env>" unless the env section sets its own;
//   - "route" and "routes" travel together: an env that sets either replaces both;
//   - bindings are not inherited: an env must repeat them, and a top-level binding that
//     the env does not repeat gets a warning (its env would silently lack it).
//
// Portico's own keys: "middleware" and "origin" are inheritable. Both describe the
// worker's place in a pipeline rather than a resource, and an env of a middleware that
// silently stopped being one would start answering requests directly.
var inheritable = []string{"main", "compatibility_date", "compatibility_flags",
	"workers_dev", "route", "routes", "assets", "middleware", "origin", "triggers",
	"placement", "limits"}

// bindingKeys are the non-inheritable keys that Portico runs.
var bindingKeys = []string{"vars", "services", "kv_namespaces", "tail_consumers", "secrets"}

// unsupportedBindings are Cloudflare keys whose bindings Portico does not provide yet.
// Like every binding, they are not inherited by envs.
var unsupportedBindings = []string{
	"durable_objects", "d1_databases", "r2_buckets", "queues", "ai", "vectorize",
	"hyperdrive", "analytics_engine_datasets", "browser", "send_email",
	"dispatch_namespaces", "mtls_certificates", "workflows", "pipelines",
	"version_metadata", "images", "secrets_store_secrets", "ratelimits", "unsafe",
	"logfwdr", "containers", "worker_loaders", "vpc_services", "wasm_modules",
	"text_blobs", "data_blobs", "streaming_tail_consumers", "cloudchamber",
	"unsafe_hello_world", "media",
}

// ignoredKeys are wrangler keys about deploying or the Cloudflare account, which change
// nothing about how a worker runs. They load without a warning and are inheritable.
var ignoredKeys = []string{
	"$schema", "account_id", "preview_urls", "usage_model", "logpush", "observability",
	"upload_source_maps", "send_metrics", "first_party_worker", "compliance_region",
	"keep_vars", "legacy_env", "dev", "zone_id", "minify", "keep_names", "migrations",
}

// unappliedKeys are wrangler keys that change how a worker is built or served, which
// Portico does not apply yet. They load with a warning, are listed in
// Config.Unsupported and are inheritable.
var unappliedKeys = []string{
	"define", "alias", "rules", "build", "no_bundle", "find_additional_modules",
	"base_dir", "preserve_file_names", "node_compat", "tsconfig", "jsx_factory",
	"jsx_fragment", "site",
}

// topLevelKeys lists every key Portico knows at the top level of a config.
func topLevelKeys() []string {
	keys := append([]string{"name", "env"}, inheritable...)
	keys = append(keys, bindingKeys...)
	keys = append(keys, unsupportedBindings...)
	keys = append(keys, unappliedKeys...)
	return append(keys, ignoredKeys...)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest returns the known key closest to key when it is close enough to be a typo.
func suggest(key string, known []string) string {
	best, bestD := "", 0
	for _, k := range known {
		if strings.HasPrefix(k, "$") {
			continue
		}
		d := levenshtein.ComputeDistance(key, k)
		if best == "" || d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	if best == "" || bestD > 2 && bestD > len(key)/3 {
		return ""
	}
	return best
}

// unknownKey formats the warning for a key that is not in known.
func unknownKey(path string, known []string) string {
	msg := fmt.Sprintf("unknown field %q", path)
	key := path
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		key = path[i+1:]
	}
	if s := suggest(key, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	return msg
}

// bindingNames extracts the binding names an unsupported key would have created, so the
// warning can say what will be missing from env.
func bindingNames(key string, v *node) []string {
	var out []string
	add := func(t *node, names ...string) {
		for _, n := range names {
			if f := t.get(n); f != nil && f.val.kind == kindString {
				out = append(out, f.val.str)
				return
			}
		}
	}
	switch {
	case v.kind == kindArray:
		for _, it := range v.items {
			add(it, "binding", "name")
		}
	case v.kind == kindTable && (key == "durable_objects" || key == "unsafe" ||
		key == "logfwdr"):
		if f := v.get("bindings"); f != nil {
			for _, it := range f.val.items {
				add(it, "name", "binding")
			}
		}
	case v.kind == kindTable && key == "queues":
		if f := v.get("producers"); f != nil {
			for _, it := range f.val.items {
				add(it, "binding")
			}
		}
	case v.kind == kindTable:
		add(v, "binding")
	}
	return out
}
