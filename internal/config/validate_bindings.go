package config

import (
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// maxVarSize is Cloudflare's limit on one var's value: 5 KB.
const maxVarSize = 5 * 1024

func (v *validator) bindings() {
	c := v.c
	names := map[string]string{} // binding name -> path of its first use
	claim := func(path, name string) {
		if name == "" || v.skip(path) {
			return
		}
		if first, dup := names[name]; dup {
			v.r.errorf(v.at(path), "binding name %q is already used by %q", name, first)
			return
		}
		names[name] = path
	}
	for _, k := range sortedKeys(c.Vars) {
		p := joinPath("vars", k)
		claim(p, k)
		if b, err := json.Marshal(c.Vars[k]); err == nil && len(b) > maxVarSize {
			v.r.warnf(v.at(p), "var %q is %d bytes; Cloudflare limits a var to %d", k,
				len(b), maxVarSize)
		}
	}
	if c.Origin != nil {
		claim("origin.binding", c.Origin.Binding)
	}
	if c.Assets != nil {
		claim("assets.binding", c.Assets.Binding)
	}
	for i, s := range c.Services {
		p := fmt.Sprintf("services[%d]", i)
		v.binding(p+".binding", s.Binding)
		claim(p+".binding", s.Binding)
		v.serviceName(p+".service", s.Service)
		if s.Entrypoint != "" && !v.skip(p+".entrypoint") && !identifier.MatchString(s.Entrypoint) {
			v.r.errorf(v.at(p+".entrypoint"), "entrypoint %q is not the name of an export",
				s.Entrypoint)
		}
	}
	for i, kv := range c.KVNamespaces {
		p := fmt.Sprintf("kv_namespaces[%d]", i)
		v.binding(p+".binding", kv.Binding)
		claim(p+".binding", kv.Binding)
	}
	for i, t := range c.TailConsumers {
		v.serviceName(fmt.Sprintf("tail_consumers[%d].service", i), t.Service)
	}
}

func (v *validator) serviceName(path, name string) {
	if v.skip(path) {
		return
	}
	if !v.set(path) {
		v.r.errorf(v.at(path), "%q is missing the worker name in \"service\"",
			parentPath(path))
		return
	}
	if msg := checkWorkerName(name); msg != "" {
		v.r.errorf(v.at(path), "invalid worker name %q: it %s", name, msg)
	}
}

func (v *validator) crons() {
	seen := map[string]bool{}
	for i, cr := range v.c.Triggers.Crons {
		p := fmt.Sprintf("triggers.crons[%d]", i)
		if v.skip(p) {
			continue
		}
		if err := checkCron(cr); err != nil {
			v.r.errorf(v.at(p), "invalid cron %q: %v", cr, err)
		} else if seen[cr] {
			v.r.warnf(v.at(p), "cron %q is listed twice", cr)
		}
		seen[cr] = true
	}
}

var (
	placementRegion = regexp.MustCompile(`^(aws|gcp|azure):[a-z0-9-]+$`)
	hostnameRe      = regexp.MustCompile(
		`^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$`)
)

// placement checks spec 1.7: exactly one variant of smart mode (with an optional hint),
// a region, a layer-4 host or a layer-7 hostname.
func (v *validator) placement() {
	p := v.c.Placement
	if p == nil {
		return
	}
	var variants []string
	for _, k := range []string{"mode", "region", "host", "hostname"} {
		if v.set("placement." + k) {
			variants = append(variants, k)
		}
	}
	switch {
	case len(variants) == 0:
		v.r.errorf(v.at("placement"), `"placement" needs one of "mode", "region", "host" `+
			`or "hostname"`)
		return
	case len(variants) > 1:
		v.r.errorf(v.at("placement."+variants[1]), `"placement" takes only one of "mode", `+
			`"region", "host" or "hostname"; found %q`, variants)
		return
	}
	switch variants[0] {
	case "mode":
		if p.Mode != "smart" && p.Mode != "off" {
			v.r.errorf(v.at("placement.mode"), `"placement.mode" must be "smart" or "off", `+
				`not %q`, p.Mode)
		}
	case "region":
		if !placementRegion.MatchString(p.Region) {
			v.r.errorf(v.at("placement.region"), `invalid placement region %q: want `+
				`"aws:<region>", "gcp:<region>" or "azure:<region>"`, p.Region)
		}
	case "host":
		if !validHostPort(p.Host) {
			v.r.errorf(v.at("placement.host"), `invalid placement host %q: want "host:port"`,
				p.Host)
		}
	case "hostname":
		if !hostnameRe.MatchString(p.Hostname) {
			v.r.errorf(v.at("placement.hostname"), "invalid placement hostname %q: want a "+
				"bare hostname like api.example.com", p.Hostname)
		}
	}
	if v.set("placement.hint") && p.Mode != "smart" {
		v.r.errorf(v.at("placement.hint"), `"placement.hint" needs mode = "smart"`)
	}
}

func validHostPort(s string) bool {
	host, port, err := net.SplitHostPort(s)
	if err != nil || host == "" {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n > 0 && n < 65536 && !strings.ContainsAny(host, "/ ")
}
