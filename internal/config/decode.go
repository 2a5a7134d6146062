package config

import (
	"fmt"
	"sort"
)

// decoder turns a positioned tree into a Config. It checks types and unknown nested keys;
// rules that span fields belong to validate. locs records where each field path was set.
type decoder struct {
	r    *reporter
	locs map[string]pos
	// bad holds the paths whose value had the wrong type; validation skips them, so one
	// mistake gives one diagnostic. List items keep their index even when bad.
	bad map[string]bool
}

// decode converts the (env-overlaid) top-level table into a Config without defaults. It
// returns where each field path was set and which paths had a value of the wrong type.
func decode(t *node, r *reporter) (*Config, map[string]pos, map[string]bool) {
	d := &decoder{r: r, locs: map[string]pos{}, bad: map[string]bool{}}
	c := &Config{}
	for _, f := range t.fields {
		d.topField(c, f)
	}
	return c, d.locs, d.bad
}

func (d *decoder) topField(c *Config, f *field) {
	k, at, v := f.key, f.keyPos, f.val
	switch k {
	case "name":
		c.Name, _ = d.str(k, at, v)
	case "main":
		c.Main, _ = d.str(k, at, v)
	case "compatibility_date":
		if v.kind == kindDatetime {
			d.mark(k, at)
			d.bad[k] = true
			d.r.errorf(at, `"compatibility_date" must be a string: quote it ("%s")`, v.str)
			return
		}
		c.CompatibilityDate, _ = d.str(k, at, v)
	case "compatibility_flags":
		c.CompatibilityFlags = d.strList(k, at, v)
	case "workers_dev":
		c.WorkersDev, _ = d.boolean(k, at, v)
	case "route":
		if _, dup := d.locs["routes"]; dup {
			d.r.errorf(at, `set either "route" or "routes", not both`)
		}
		c.Routes = append(c.Routes, d.route(k, at, v))
	case "routes":
		if _, dup := d.locs["route"]; dup {
			d.r.errorf(at, `set either "route" or "routes", not both`)
		}
		for i, it := range d.array(k, at, v) {
			c.Routes = append(c.Routes, d.route(fmt.Sprintf("routes[%d]", i), it.pos, it))
		}
	case "assets":
		c.Assets = d.assets(at, v)
	case "middleware":
		if v.kind == kindString {
			d.mark(k, at)
			d.mark("middleware[0]", v.pos)
			c.Middleware = []string{v.str}
			return
		}
		if v.kind != kindArray {
			d.mark(k, at)
			d.bad[k] = true
			d.r.errorf(at, `"middleware" must be a worker name or a list of names, not %s`,
				v.describe())
			return
		}
		c.Middleware = d.strList(k, at, v)
	case "origin":
		c.Origin = d.origin(at, v)
	case "services":
		c.Services = d.services(at, v)
	case "tail_consumers":
		c.TailConsumers = d.tailConsumers(at, v)
	case "vars":
		c.Vars = d.vars(at, v)
	case "kv_namespaces":
		c.KVNamespaces = d.kvNamespaces(at, v)
	case "triggers":
		d.triggers(c, at, v)
	case "placement":
		c.Placement = d.placement(at, v)
	case "limits":
		d.limits(c, at, v)
	case "secrets":
		for _, g := range d.table(k, at, v, []string{"required"}) {
			c.Secrets.Required = d.strList("secrets.required", g.keyPos, g.val)
		}
	default:
		if contains(unappliedKeys, k) {
			d.mark(k, at)
			c.Unsupported = append(c.Unsupported, UnsupportedKey{Key: k})
			if k == "site" {
				d.r.warnf(at, `"site" (Workers Sites) is not supported: serve the folder `+
					`with [assets] instead`)
				return
			}
			d.r.warnf(at, "%q is not applied by Portico yet; it is ignored", k)
		}
		if contains(unsupportedBindings, k) {
			d.mark(k, at)
			u := UnsupportedKey{Key: k, Bindings: bindingNames(k, v)}
			c.Unsupported = append(c.Unsupported, u)
			d.r.warnf(at, "%s", unsupportedMessage(u))
		}
	}
}

func unsupportedMessage(u UnsupportedKey) string {
	msg := fmt.Sprintf("%q is not supported by Portico yet", u.Key)
	switch len(u.Bindings) {
	case 0:
		return msg + "; it is ignored"
	case 1:
		return msg + fmt.Sprintf("; binding %q will be missing from env", u.Bindings[0])
	}
	return msg + fmt.Sprintf("; bindings %q will be missing from env", u.Bindings)
}

func (d *decoder) mark(path string, at pos) { d.locs[path] = at }

func (d *decoder) typeErr(path string, at pos, want string, v *node) {
	d.bad[path] = true
	d.r.errorf(at, "%q must be %s, not %s", path, want, v.describe())
}

func (d *decoder) str(path string, at pos, v *node) (string, bool) {
	d.mark(path, at)
	if v.kind != kindString {
		d.typeErr(path, at, "a string", v)
		return "", false
	}
	return v.str, true
}

func (d *decoder) boolean(path string, at pos, v *node) (bool, bool) {
	d.mark(path, at)
	if v.kind != kindBool {
		d.typeErr(path, at, "true or false", v)
		return false, false
	}
	return v.b, true
}

func (d *decoder) integer(path string, at pos, v *node) (int64, bool) {
	d.mark(path, at)
	if v.kind == kindFloat && v.f == float64(int64(v.f)) {
		return int64(v.f), true
	}
	if v.kind != kindInt {
		d.typeErr(path, at, "an integer", v)
		return 0, false
	}
	return v.i, true
}

func (d *decoder) array(path string, at pos, v *node) []*node {
	d.mark(path, at)
	if v.kind != kindArray {
		d.typeErr(path, at, "an array", v)
		return nil
	}
	return v.items
}

func (d *decoder) strList(path string, at pos, v *node) []string {
	items := d.array(path, at, v)
	if items == nil {
		return nil
	}
	out := []string{}
	for i, it := range items {
		s, _ := d.str(fmt.Sprintf("%s[%d]", path, i), it.pos, it)
		out = append(out, s)
	}
	return out
}

// table checks that v is a table, warns about keys not in known and returns its fields.
func (d *decoder) table(path string, at pos, v *node, known []string) []*field {
	d.mark(path, at)
	if v.kind != kindTable {
		d.typeErr(path, at, "a table", v)
		return nil
	}
	var out []*field
	for _, f := range v.fields {
		if !contains(known, f.key) {
			d.r.warnf(f.keyPos, "%s", unknownKey(joinPath(path, f.key), known))
			continue
		}
		out = append(out, f)
	}
	return out
}

// tables decodes an array of tables, calling each for every element, even a bad one, so
// that indexes stay those of the file.
func (d *decoder) tables(path string, at pos, v *node, known []string,
	each func(path string, at pos, fields []*field)) {
	for i, it := range d.array(path, at, v) {
		p := fmt.Sprintf("%s[%d]", path, i)
		each(p, it.pos, d.table(p, it.pos, it, known))
	}
}

// route decodes one route; a bad one is returned empty and marked bad.
func (d *decoder) route(path string, at pos, v *node) Route {
	d.mark(path, at)
	if v.kind == kindString {
		d.mark(path+".pattern", at)
		return Route{Pattern: v.str}
	}
	if v.kind != kindTable {
		d.typeErr(path, at, "a pattern string or a table", v)
		return Route{}
	}
	var r Route
	for _, f := range d.table(path, at, v, []string{"pattern", "zone_name", "zone_id",
		"custom_domain"}) {
		p := path + "." + f.key
		switch f.key {
		case "pattern":
			r.Pattern, _ = d.str(p, f.keyPos, f.val)
		case "zone_name":
			r.ZoneName, _ = d.str(p, f.keyPos, f.val)
		case "zone_id":
			r.ZoneID, _ = d.str(p, f.keyPos, f.val)
		case "custom_domain":
			r.CustomDomain, _ = d.boolean(p, f.keyPos, f.val)
		}
	}
	if _, ok := d.locs[path+".pattern"]; !ok {
		d.bad[path] = true
		d.r.errorf(at, "%q is missing its \"pattern\"", path)
	}
	return r
}

func (d *decoder) vars(at pos, v *node) map[string]any {
	d.mark("vars", at)
	if v.kind != kindTable {
		d.typeErr("vars", at, "a table", v)
		return nil
	}
	out := make(map[string]any, len(v.fields))
	for _, f := range v.fields {
		p := joinPath("vars", f.key)
		d.mark(p, f.keyPos)
		val, err := f.val.toAny()
		if err != nil {
			d.r.errorf(f.keyPos, "%q: %v", p, err)
			continue
		}
		out[f.key] = val
	}
	return out
}

// sortedKeys returns a map's keys in order, for deterministic diagnostics.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
