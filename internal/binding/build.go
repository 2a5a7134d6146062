package binding

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/dop251/goja"
	"github.com/portico-dev/portico/internal/webapi"
)

// Build makes the env object of e in the isolate that l drives. The runtime calls it
// on the isolate's goroutine, once per isolate per *Env.
//
// Vars that are strings stay strings; JSON vars become plain JavaScript values (as
// JSON.parse would make them). Secrets are strings and override vars of the same name.
// ORIGIN and ASSETS are Fetcher objects; a service binding is a Fetcher object whose
// other methods are RPC calls on the target's entrypoint. Keys are set in sorted order
// so that Object.keys(env) is stable.
func (e *Env) Build(l webapi.Loop) (*goja.Object, error) {
	vm := l.Runtime()
	env := vm.NewObject()
	parse, ok := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
	if !ok {
		return nil, fmt.Errorf("env of %q: JSON.parse is missing", e.Worker)
	}
	for _, k := range sortedKeys(e.Vars) {
		if _, secret := e.Secrets[k]; secret {
			continue
		}
		v, err := jsonValue(vm, parse, e.Vars[k])
		if err != nil {
			return nil, fmt.Errorf("env of %q: var %s: %w", e.Worker, k, err)
		}
		env.Set(k, v)
	}
	for _, k := range sortedKeys(e.Secrets) {
		env.Set(k, e.Secrets[k])
	}
	if e.Assets != nil {
		env.Set(e.Assets.Name, webapi.NewFetcher(l, e.Assets.Target))
	}
	for _, s := range e.Services {
		env.Set(s.Name, serviceObject(l, s))
	}
	if e.Origin != nil {
		env.Set(e.Origin.Name, webapi.NewFetcher(l, e.Origin.Target))
	}
	return env, nil
}

// jsonValue turns a var into a JavaScript value: a string as is, anything else through
// JSON, so that objects and arrays are ordinary ones.
func jsonValue(vm *goja.Runtime, parse goja.Callable, v any) (goja.Value, error) {
	if s, ok := v.(string); ok {
		return vm.ToValue(s), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return parse(goja.Undefined(), vm.ToValue(string(b)))
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
