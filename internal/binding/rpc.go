package binding

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/dop251/goja"
	"github.com/portico-dev/portico/internal/webapi"
)

// serviceObject is the value of a service binding in env: a Proxy over a Fetcher object.
// fetch is the Fetcher's; any other property is an RPC method of the target's
// entrypoint, so `await env.SVC.add(1, 2)` calls add on the target with structured-clone
// arguments. "then" is undefined, so that awaiting the binding itself does not call it.
func serviceObject(l webapi.Loop, s Service) goja.Value {
	vm := l.Runtime()
	target := webapi.NewFetcher(l, s.Target)
	methods := map[string]goja.Value{}
	proxy := vm.NewProxy(target, &goja.ProxyTrapConfig{
		Get: func(t *goja.Object, prop string, receiver goja.Value) goja.Value {
			if m, ok := methods[prop]; ok {
				return m
			}
			var v goja.Value
			switch prop {
			case "then", "connect", "constructor", "toJSON":
				return goja.Undefined()
			case "fetch":
				fetch, _ := goja.AssertFunction(t.Get("fetch"))
				v = vm.ToValue(func(call goja.FunctionCall) goja.Value {
					r, err := fetch(t, call.Arguments...)
					if err != nil {
						panic(err)
					}
					return r
				})
			default:
				v = vm.ToValue(func(call goja.FunctionCall) goja.Value {
					return callRPC(l, s, prop, call.Arguments)
				})
			}
			methods[prop] = v
			return v
		},
		GetSym: func(t *goja.Object, prop *goja.Symbol, receiver goja.Value) goja.Value {
			return t.GetSymbol(prop)
		},
	})
	return vm.ToValue(proxy)
}

// callRPC sends one RPC call through the loop's one async path and returns its promise.
func callRPC(l webapi.Loop, s Service, method string, args []goja.Value) goja.Value {
	vm := l.Runtime()
	p, resolve, reject := vm.NewPromise()
	goArgs := make([]any, len(args))
	for i, a := range args {
		v, err := exportClone(vm, a, nil)
		if err != nil {
			reject(newError(vm, "DataCloneError", fmt.Sprintf("%s.%s: argument %d: %v",
				s.Name, method, i+1, err)))
			return vm.ToValue(p)
		}
		goArgs[i] = v
	}
	l.Go(func(ctx context.Context) func() {
		res, err := s.Target.Call(ctx, method, goArgs)
		return func() {
			if err != nil {
				reject(newError(vm, "Error", err.Error()))
				return
			}
			v, err := importClone(vm, res)
			if err != nil {
				reject(newError(vm, "DataCloneError", fmt.Sprintf("%s.%s: result: %v", s.Name,
					method, err)))
				return
			}
			resolve(v)
		}
	})
	return vm.ToValue(p)
}

// newError makes an Error (or a DOMException-named Error) with message.
func newError(vm *goja.Runtime, name, message string) goja.Value {
	ctor := vm.Get("Error")
	if name == "DataCloneError" {
		if d := vm.Get("DOMException"); d != nil && !goja.IsUndefined(d) {
			if o, err := vm.New(d, vm.ToValue(message), vm.ToValue(name)); err == nil {
				return o
			}
		}
	}
	o, err := vm.New(ctor, vm.ToValue(message))
	if err != nil {
		return vm.ToValue(message)
	}
	return o
}

// exportClone converts a structured-cloneable JavaScript value to its Go form: nil
// (undefined and null), bool, float64, string, []byte (ArrayBuffer and typed arrays'
// bytes), []any, map[string]any, time.Time (Date), *big.Int (BigInt). Functions,
// symbols, cycles and host objects are a DataCloneError.
func exportClone(vm *goja.Runtime, v goja.Value, seen []*goja.Object) (any, error) {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return nil, nil
	}
	switch x := v.Export().(type) {
	case bool, string:
		return x, nil
	case int64:
		return float64(x), nil
	case float64:
		return x, nil
	case *big.Int:
		return x, nil
	case goja.ArrayBuffer:
		return append([]byte(nil), x.Bytes()...), nil
	case time.Time:
		return x, nil
	}
	o, ok := v.(*goja.Object)
	if !ok {
		return nil, fmt.Errorf("%s cannot be cloned", v.String())
	}
	for _, s := range seen {
		if s == o {
			return nil, fmt.Errorf("a value that refers to itself cannot be cloned here")
		}
	}
	seen = append(seen, o)
	if _, isFn := goja.AssertFunction(o); isFn {
		return nil, fmt.Errorf("a function cannot be cloned")
	}
	if b, ok := o.Export().([]byte); ok { // a Uint8Array
		return append([]byte(nil), b...), nil
	}
	switch o.ClassName() {
	case "Array":
		n := int(o.Get("length").ToInteger())
		out := make([]any, n)
		for i := range n {
			e, err := exportClone(vm, o.Get(fmt.Sprint(i)), seen)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	case "Object":
		out := map[string]any{}
		for _, k := range o.Keys() {
			e, err := exportClone(vm, o.Get(k), seen)
			if err != nil {
				return nil, err
			}
			out[k] = e
		}
		return out, nil
	case "Date":
		return v.Export(), nil
	}
	return nil, fmt.Errorf("a %s cannot be cloned", o.ClassName())
}

// importClone converts a Go structured-clone value to a JavaScript one, as the runtime
// does for RPC: nil is null and []byte a Uint8Array.
func importClone(vm *goja.Runtime, v any) (goja.Value, error) {
	switch x := v.(type) {
	case nil:
		return goja.Null(), nil
	case bool, string, float64, *big.Int:
		return vm.ToValue(x), nil
	case int:
		return vm.ToValue(float64(x)), nil
	case []byte:
		buf := vm.ToValue(vm.NewArrayBuffer(append([]byte(nil), x...)))
		return vm.New(vm.Get("Uint8Array"), buf)
	case time.Time:
		d, err := vm.New(vm.Get("Date"), vm.ToValue(x.UnixMilli()))
		if err != nil {
			return nil, err
		}
		return d, nil
	case []any:
		arr := make([]any, len(x))
		for i, e := range x {
			jv, err := importClone(vm, e)
			if err != nil {
				return nil, err
			}
			arr[i] = jv
		}
		return vm.NewArray(arr...), nil
	case map[string]any:
		o := vm.NewObject()
		for _, k := range sortedKeys(x) {
			jv, err := importClone(vm, x[k])
			if err != nil {
				return nil, err
			}
			o.Set(k, jv)
		}
		return o, nil
	}
	return nil, fmt.Errorf("a Go %T cannot be cloned", v)
}
