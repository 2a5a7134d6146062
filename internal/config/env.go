package config

import "fmt"

// checkTopKeys warns about unknown keys at the top level and at the top of every
// [env.NAME] section.
func checkTopKeys(root *node, r *reporter) {
	known := topLevelKeys()
	var envKnown []string
	for _, k := range known {
		if k != "env" {
			envKnown = append(envKnown, k)
		}
	}
	for _, f := range root.fields {
		if !contains(known, f.key) {
			r.warnf(f.keyPos, "%s", unknownKey(f.key, known))
		}
	}
	envs := root.get("env")
	if envs == nil {
		return
	}
	if envs.val.kind != kindTable {
		r.errorf(envs.keyPos, `"env" must be a table of environments, not %s`,
			envs.val.describe())
		return
	}
	for _, e := range envs.val.fields {
		if e.val.kind != kindTable {
			r.errorf(e.keyPos, `"env.%s" must be a table, not %s`, e.key, e.val.describe())
			continue
		}
		for _, f := range e.val.fields {
			if f.key == "env" {
				r.warnf(f.keyPos, "%q is ignored: environments do not nest", "env."+e.key+".env")
				continue
			}
			if !contains(envKnown, f.key) {
				r.warnf(f.keyPos, "%s", unknownKey("env."+e.key+"."+f.key, envKnown))
			}
		}
	}
}

// overlayEnv returns the table that results from applying [env.NAME] to the top level,
// with the inheritance rules documented on the inheritable variable. With env == "" it
// returns the top level itself.
func overlayEnv(root *node, env string, r *reporter) *node {
	if env == "" {
		return root
	}
	et := &node{kind: kindTable, pos: pos{1, 1}}
	at, found := pos{1, 1}, false
	if envs := root.get("env"); envs != nil && envs.val.kind == kindTable {
		if ef := envs.val.get(env); ef != nil && ef.val.kind == kindTable {
			et, at, found = ef.val, ef.keyPos, true
		}
	}
	if !found {
		// As wrangler: a name missing among the envs a config defines is a typo, an
		// error; a config with no envs at all runs its top level under the env's name.
		if names := envNames(root); len(names) > 0 {
			at = root.get("env").keyPos
			r.errorf(at, "no [env.%s] section in this config; its environments are %q", env,
				names)
		} else {
			r.warnf(at, "no [env.%s] section in this config; using the top level with the "+
				"name suffixed by %q", env, "-"+env)
		}
	}
	merged := &node{kind: kindTable, pos: et.pos}
	add := func(f *field) {
		if f != nil {
			merged.fields = append(merged.fields, f)
		}
	}
	add(envName(root, et, env))
	// route and routes travel together.
	if et.get("route") != nil || et.get("routes") != nil {
		add(et.get("route"))
		add(et.get("routes"))
	} else {
		add(root.get("route"))
		add(root.get("routes"))
	}
	keys := append(append(append([]string{}, inheritable...), unappliedKeys...),
		ignoredKeys...)
	for _, k := range keys {
		if k == "route" || k == "routes" {
			continue
		}
		if f := et.get(k); f != nil {
			add(f)
		} else {
			add(root.get(k))
		}
	}
	for _, k := range append(append([]string{}, bindingKeys...), unsupportedBindings...) {
		top, own := root.get(k), et.get(k)
		add(own)
		if top == nil {
			continue
		}
		if own == nil {
			r.warnf(at, "%q is set at the top level but not in [env.%s]; bindings are not "+
				"inherited, so this env has none (repeat them in [env.%s])", k, env, env)
			continue
		}
		for _, name := range missingNames(k, top.val, own.val) {
			what := fmt.Sprintf("%s binding %q", k, name)
			switch k {
			case "vars":
				what = fmt.Sprintf("%q", joinPath(k, name))
			case "secrets":
				what = fmt.Sprintf("required secret %q", name)
			}
			r.warnf(own.keyPos, "%s is set at the top level but not in [env.%s]; "+
				"bindings are not inherited (repeat it in [env.%s])", what, env, env)
		}
	}
	return merged
}

// envNames lists the [env.NAME] sections of a config, in file order.
func envNames(root *node) []string {
	var out []string
	if envs := root.get("env"); envs != nil && envs.val.kind == kindTable {
		for _, e := range envs.val.fields {
			out = append(out, e.key)
		}
	}
	return out
}

// envName is the worker name under an env: the env's own name, else "<name>-<env>".
func envName(root, et *node, env string) *field {
	if f := et.get("name"); f != nil {
		return f
	}
	top := root.get("name")
	if top == nil || top.val.kind != kindString {
		return top
	}
	v := *top.val
	v.str = fmt.Sprintf("%s-%s", top.val.str, env)
	return &field{key: "name", keyPos: top.keyPos, val: &v}
}

// missingNames lists the names bound at the top level that the env's value lacks.
func missingNames(key string, top, own *node) []string {
	names := func(v *node) []string {
		switch {
		case key == "vars" && v.kind == kindTable:
			var out []string
			for _, f := range v.fields {
				out = append(out, f.key)
			}
			return out
		case key == "secrets":
			if f := v.get("required"); f != nil {
				var out []string
				for _, it := range f.val.items {
					out = append(out, it.str)
				}
				return out
			}
			return nil
		case key == "tail_consumers" && v.kind == kindArray:
			var out []string
			for _, it := range v.items {
				if f := it.get("service"); f != nil {
					out = append(out, f.val.str)
				}
			}
			return out
		}
		return bindingNames(key, v)
	}
	ownNames := names(own)
	var out []string
	for _, n := range names(top) {
		if !contains(ownNames, n) {
			out = append(out, n)
		}
	}
	return out
}
