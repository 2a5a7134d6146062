package jsrt

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/dop251/goja"
)

// Tail runs the worker's tail handler, tail(events, env, ctx), with the trace items of
// a producer's invocations, and waits until the invocation has ended, its waitUntil work
// included (a tail handler returns nothing and awaits through ctx.waitUntil). The items
// are shaped as workerd's TraceItem; request data is redacted as Cloudflare redacts it,
// and event.request.getUnredacted() returns it whole.
func (p *Pool) Tail(ctx context.Context, items []*Trace, inv Invocation) (*Trace, error) {
	var consumed []string
	for _, it := range items {
		consumed = append(consumed, it.ScriptName)
	}
	req := &request{inv: inv, event: Event{Type: "tail", ConsumedScripts: consumed}, items: items}
	_, tr, err := p.invoke(ctx, req)
	return tr, err
}

// runTail calls the tail handler.
func (r *realm) runTail(in *invocation, items []*Trace) (goja.Value, error) {
	if err := r.prepare(in); err != nil {
		return nil, err
	}
	t := r.target(in.req.inv.Entrypoint)
	if t.sw {
		return nil, fmt.Errorf("worker %s has no tail handler: it has no default export: %w",
			r.iso.cfg.name, ErrNoHandler)
	}
	events := make([]any, len(items))
	for i, it := range items {
		events[i] = r.traceItem(it)
	}
	return r.call(in, t, "tail", withEnvAndCtx, r.vm.NewArray(events...))
}

// traceItem converts a trace into workerd's TraceItem.
func (r *realm) traceItem(t *Trace) *goja.Object {
	vm := r.vm
	o := vm.NewObject()
	set := func(o *goja.Object, k string, v any) { _ = o.Set(k, v) }
	set(o, "scriptName", t.ScriptName)
	if t.Entrypoint != "" {
		set(o, "entrypoint", t.Entrypoint)
	}
	set(o, "event", r.traceEvent(t.Event))
	set(o, "eventTimestamp", t.EventTimestamp.UnixMilli())
	logs := make([]any, len(t.Logs))
	for i, l := range t.Logs {
		lo := vm.NewObject()
		set(lo, "timestamp", l.Timestamp.UnixMilli())
		set(lo, "level", l.Level)
		msg := make([]any, len(l.Message))
		for j, m := range l.Message {
			msg[j] = r.logMessageValue(m)
		}
		set(lo, "message", vm.NewArray(msg...))
		logs[i] = lo
	}
	set(o, "logs", vm.NewArray(logs...))
	exceptions := make([]any, len(t.Exceptions))
	for i, e := range t.Exceptions {
		eo := vm.NewObject()
		set(eo, "timestamp", e.Timestamp.UnixMilli())
		set(eo, "name", e.Name)
		set(eo, "message", e.Message)
		if e.Stack != "" {
			set(eo, "stack", e.Stack)
		}
		exceptions[i] = eo
	}
	set(o, "exceptions", vm.NewArray(exceptions...))
	set(o, "diagnosticsChannelEvents", vm.NewArray())
	set(o, "outcome", string(t.Outcome))
	set(o, "executionModel", "stateless")
	set(o, "truncated", t.Truncated)
	set(o, "cpuTime", float64(t.CPUTime)/float64(time.Millisecond))
	set(o, "wallTime", float64(t.WallTime)/float64(time.Millisecond))
	return o
}

// logMessageValue converts a value of Log.Message back to JavaScript.
func (r *realm) logMessageValue(m any) goja.Value {
	if _, ok := m.(Undefined); ok {
		return goja.Undefined()
	}
	v, err := r.clone.fromGo(m)
	if err != nil {
		return r.vm.ToValue(fmt.Sprint(m))
	}
	return v
}

// traceEvent is TraceItem.event.
func (r *realm) traceEvent(e Event) goja.Value {
	vm := r.vm
	o := vm.NewObject()
	switch e.Type {
	case "fetch":
		req := vm.NewObject()
		_ = req.Set("url", redactURL(e.URL))
		_ = req.Set("method", e.Method)
		_ = req.Set("headers", headerObject(vm, e.Header, true))
		_ = req.Set("getUnredacted", func(goja.FunctionCall) goja.Value {
			u := vm.NewObject()
			_ = u.Set("url", e.URL)
			_ = u.Set("method", e.Method)
			_ = u.Set("headers", headerObject(vm, e.Header, false))
			return u
		})
		_ = o.Set("request", req)
		if e.Status != 0 {
			resp := vm.NewObject()
			_ = resp.Set("status", e.Status)
			_ = o.Set("response", resp)
		}
	case "scheduled":
		_ = o.Set("scheduledTime", e.ScheduledTime.UnixMilli())
		_ = o.Set("cron", e.Cron)
	case "jsrpc":
		_ = o.Set("rpcMethod", e.RPCMethod)
	case "tail":
		consumed := make([]any, len(e.ConsumedScripts))
		for i, s := range e.ConsumedScripts {
			c := vm.NewObject()
			_ = c.Set("scriptName", s)
			consumed[i] = c
		}
		_ = o.Set("consumedEvents", vm.NewArray(consumed...))
	default:
		return goja.Null()
	}
	return o
}

// headerObject returns the headers as an object of lower-case names, repeated headers
// joined with ", ", and (when redact is set) sensitive values replaced by "REDACTED".
func headerObject(vm *goja.Runtime, h http.Header, redact bool) *goja.Object {
	o := vm.NewObject()
	names := make([]string, 0, len(h))
	for k := range h {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		name := strings.ToLower(k)
		v := strings.Join(h[k], ", ")
		if redact && sensitiveHeader(name) {
			v = "REDACTED"
		}
		_ = o.Set(name, v)
	}
	return o
}

// sensitiveHeader reports whether Cloudflare redacts the header's value in trace items.
func sensitiveHeader(name string) bool {
	if name == "cookie" || name == "set-cookie" {
		return true
	}
	for _, s := range []string{"auth", "key", "secret", "token", "jwt"} {
		if strings.Contains(name, s) {
			return true
		}
	}
	return false
}

var (
	hexRun    = regexp.MustCompile(`[0-9a-fA-F]{32,}`)
	base64Run = regexp.MustCompile(`[A-Za-z0-9+/_-]{21,}={0,2}`)
)

// redactURL replaces ID-like substrings of a URL with "REDACTED": runs of 32 or more
// hex digits, and base64-like runs of 21 or more characters with at least two upper-case
// letters, two lower-case letters and two digits.
func redactURL(u string) string {
	u = hexRun.ReplaceAllString(u, "REDACTED")
	return base64Run.ReplaceAllStringFunc(u, func(s string) string {
		var upper, lower, digit int
		for _, c := range s {
			switch {
			case unicode.IsUpper(c):
				upper++
			case unicode.IsLower(c):
				lower++
			case unicode.IsDigit(c):
				digit++
			}
		}
		if upper >= 2 && lower >= 2 && digit >= 2 {
			return "REDACTED"
		}
		return s
	})
}
