package jsrt

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"

	"github.com/dop251/goja"
)

// installConsole defines console. Each call becomes a Log of the invocation whose code
// made it (its trace item) and goes to the console sink; at the script's top level,
// only to the sink.
func (r *realm) installConsole() error {
	vm := r.vm
	console := vm.NewObject()
	level := func(name, lvl string) {
		_ = console.Set(name, func(call goja.FunctionCall) goja.Value {
			r.log(lvl, call.Arguments)
			return goja.Undefined()
		})
	}
	for _, l := range []string{"log", "info", "warn", "error", "debug"} {
		level(l, l)
	}
	level("trace", "log")
	level("dir", "log")
	level("table", "log")
	_ = console.Set("assert", func(call goja.FunctionCall) goja.Value {
		if call.Argument(0).ToBoolean() {
			return goja.Undefined()
		}
		args := append([]goja.Value{vm.ToValue("Assertion failed")}, call.Arguments[min(1, len(call.Arguments)):]...)
		if len(call.Arguments) > 1 {
			args[0] = vm.ToValue("Assertion failed:")
		}
		r.log("error", args)
		return goja.Undefined()
	})
	return vm.GlobalObject().DefineDataProperty("console", console, goja.FLAG_TRUE, goja.FLAG_TRUE,
		goja.FLAG_FALSE)
}

// log records one console line.
func (r *realm) log(level string, args []goja.Value) {
	msg := make([]any, len(args))
	for i, a := range args {
		msg[i] = logValue(r.vm, a, 0, nil)
	}
	r.iso.emit(r.iso.cur, Log{Timestamp: time.Now(), Level: level, Message: msg}, true)
}

// maxLogDepth is how deep logValue follows objects; deeper ones become "[Object]".
const maxLogDepth = 6

// logValue converts a console argument into a Go value for the trace (see Log.Message).
// A getter that throws while it is read shows as "[Getter threw]": a log line does not
// throw.
func logValue(vm *goja.Runtime, v goja.Value, depth int, path []*goja.Object) any {
	switch {
	case v == nil || goja.IsUndefined(v):
		return Undefined{}
	case goja.IsNull(v):
		return nil
	}
	if _, ok := v.(*goja.Symbol); ok {
		return safeString(v)
	}
	o, ok := v.(*goja.Object)
	if !ok {
		switch x := v.Export().(type) {
		case bool, string:
			return x
		case int64:
			return float64(x)
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return strconv.FormatFloat(x, 'g', -1, 64)
			}
			return x
		case *big.Int:
			return x.String() + "n"
		}
		return safeString(v)
	}
	for _, p := range path {
		if p == o {
			return "[Circular]"
		}
	}
	switch o.ClassName() {
	case "Function":
		return "[" + describe(o) + "]"
	case "Error":
		if e := exceptionOf(vm, o, time.Time{}); e.Stack != "" {
			return e.Stack
		} else {
			return e.Error()
		}
	case "Date":
		if t, ok := o.Export().(time.Time); ok {
			return t.UTC().Format(time.RFC3339Nano)
		}
	case "RegExp":
		return safeString(o)
	}
	if depth >= maxLogDepth {
		return "[Object]"
	}
	path = append(path, o)
	if o.ClassName() == "Array" {
		n := o.Get("length").ToInteger()
		out := make([]any, 0, min(n, 100))
		for i := int64(0); i < n && i < 100; i++ {
			out = append(out, logValue(vm, safeGet(vm, o, strconv.FormatInt(i, 10)), depth+1, path))
		}
		if n > 100 {
			out = append(out, fmt.Sprintf("... %d more items", n-100))
		}
		return out
	}
	out := map[string]any{}
	for _, k := range o.Keys() {
		out[k] = logValue(vm, safeGet(vm, o, k), depth+1, path)
	}
	return out
}

// safeGet reads a property; an exception thrown by a getter becomes a description.
func safeGet(vm *goja.Runtime, o *goja.Object, key string) goja.Value {
	var v goja.Value
	if ex := vm.Try(func() { v = o.Get(key) }); ex != nil {
		return vm.ToValue("[Getter threw]")
	}
	if v == nil {
		return goja.Undefined()
	}
	return v
}
