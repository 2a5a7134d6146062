package config

// Decoding of the config's tables: assets, origin, bindings, triggers, placement, limits.

func (d *decoder) assets(at pos, v *node) *Assets {
	fs := d.table("assets", at, v, []string{"directory", "binding", "html_handling",
		"not_found_handling", "run_worker_first"})
	if fs == nil && v.kind != kindTable {
		return nil
	}
	a := &Assets{}
	for _, f := range fs {
		p := "assets." + f.key
		switch f.key {
		case "directory":
			a.Directory, _ = d.str(p, f.keyPos, f.val)
		case "binding":
			a.Binding, _ = d.str(p, f.keyPos, f.val)
		case "html_handling":
			a.HTMLHandling, _ = d.str(p, f.keyPos, f.val)
		case "not_found_handling":
			a.NotFoundHandling, _ = d.str(p, f.keyPos, f.val)
		case "run_worker_first":
			if f.val.kind == kindBool {
				d.mark(p, f.keyPos)
				a.RunWorkerFirst.All = f.val.b
				continue
			}
			if f.val.kind != kindArray {
				d.mark(p, f.keyPos)
				d.typeErr(p, f.keyPos, "true, false or a list of rules", f.val)
				continue
			}
			a.RunWorkerFirst.Rules = d.strList(p, f.keyPos, f.val)
		}
	}
	return a
}

func (d *decoder) origin(at pos, v *node) *Origin {
	fs := d.table("origin", at, v, []string{"binding"})
	if fs == nil && v.kind != kindTable {
		return nil
	}
	o := &Origin{}
	for _, f := range fs {
		o.Binding, _ = d.str("origin.binding", f.keyPos, f.val)
	}
	return o
}

func (d *decoder) services(at pos, v *node) []Service {
	var out []Service
	known := []string{"binding", "service", "entrypoint", "environment", "props", "remote"}
	d.tables("services", at, v, known, func(path string, _ pos, fs []*field) {
		var s Service
		for _, f := range fs {
			p := path + "." + f.key
			switch f.key {
			case "binding":
				s.Binding, _ = d.str(p, f.keyPos, f.val)
			case "service":
				s.Service, _ = d.str(p, f.keyPos, f.val)
			case "entrypoint":
				s.Entrypoint, _ = d.str(p, f.keyPos, f.val)
			case "environment":
				s.Environment, _ = d.str(p, f.keyPos, f.val)
			case "props":
				d.mark(p, f.keyPos)
				if f.val.kind != kindTable {
					d.typeErr(p, f.keyPos, "a table", f.val)
					continue
				}
				if m, err := f.val.toAny(); err != nil {
					d.r.errorf(f.keyPos, "%q: %v", p, err)
				} else {
					s.Props = m.(map[string]any)
				}
			case "remote":
				d.boolean(p, f.keyPos, f.val)
			}
		}
		out = append(out, s)
	})
	return out
}

func (d *decoder) tailConsumers(at pos, v *node) []TailConsumer {
	var out []TailConsumer
	d.tables("tail_consumers", at, v, []string{"service", "environment"},
		func(path string, _ pos, fs []*field) {
			var t TailConsumer
			for _, f := range fs {
				p := path + "." + f.key
				if f.key == "service" {
					t.Service, _ = d.str(p, f.keyPos, f.val)
				} else {
					t.Environment, _ = d.str(p, f.keyPos, f.val)
				}
			}
			out = append(out, t)
		})
	return out
}

func (d *decoder) kvNamespaces(at pos, v *node) []KVNamespace {
	var out []KVNamespace
	d.tables("kv_namespaces", at, v, []string{"binding", "id", "preview_id", "remote"},
		func(path string, _ pos, fs []*field) {
			var kv KVNamespace
			for _, f := range fs {
				p := path + "." + f.key
				switch f.key {
				case "binding":
					kv.Binding, _ = d.str(p, f.keyPos, f.val)
				case "id":
					kv.ID, _ = d.str(p, f.keyPos, f.val)
				case "preview_id":
					kv.PreviewID, _ = d.str(p, f.keyPos, f.val)
				case "remote":
					d.boolean(p, f.keyPos, f.val)
				}
			}
			out = append(out, kv)
		})
	return out
}

func (d *decoder) triggers(c *Config, at pos, v *node) {
	for _, f := range d.table("triggers", at, v, []string{"crons"}) {
		c.Triggers.Crons = d.strList("triggers.crons", f.keyPos, f.val)
	}
}

func (d *decoder) placement(at pos, v *node) *Placement {
	fs := d.table("placement", at, v, []string{"mode", "hint", "region", "host", "hostname"})
	if fs == nil && v.kind != kindTable {
		return nil
	}
	p := &Placement{}
	for _, f := range fs {
		path := "placement." + f.key
		s, _ := d.str(path, f.keyPos, f.val)
		switch f.key {
		case "mode":
			p.Mode = s
		case "hint":
			p.Hint = s
		case "region":
			p.Region = s
		case "host":
			p.Host = s
		case "hostname":
			p.Hostname = s
		}
	}
	return p
}

func (d *decoder) limits(c *Config, at pos, v *node) {
	for _, f := range d.table("limits", at, v, []string{"cpu_ms", "subrequests"}) {
		n, ok := d.integer("limits."+f.key, f.keyPos, f.val)
		if ok && f.key == "cpu_ms" {
			if n < 1 || n > maxCPUMs {
				d.r.errorf(f.keyPos, `"limits.cpu_ms" must be between 1 and %d, not %d`,
					maxCPUMs, n)
				continue
			}
			c.Limits.CPUMs = int(n)
		}
	}
}

// maxCPUMs is Cloudflare's ceiling for limits.cpu_ms: five minutes.
const maxCPUMs = 300_000
