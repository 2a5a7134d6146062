package webapi

import (
	"slices"

	"github.com/dop251/goja"
)

// paramsClass is URLSearchParams (https://url.spec.whatwg.org/#interface-urlsearchparams).
func (api *urlAPI) paramsClass() hostClass {
	return hostClass{
		name: "URLSearchParams",
		ctor: func(call goja.ConstructorCall) *goja.Object {
			sp := &searchParams{list: api.initParams(call.Argument(0))}
			return newHostObject(api.vm, sp, call.This.Prototype())
		},
		members: []hostMember{
			{name: "size", get: func(call goja.FunctionCall) goja.Value {
				return api.vm.ToValue(len(api.params(call).list))
			}},
			{name: "append", length: 2, fn: api.paramsAppend},
			{name: "delete", length: 1, fn: api.paramsDelete},
			{name: "get", length: 1, fn: api.paramsGet},
			{name: "getAll", length: 1, fn: api.paramsGetAll},
			{name: "has", length: 1, fn: api.paramsHas},
			{name: "set", length: 2, fn: api.paramsSet},
			{name: "sort", fn: func(call goja.FunctionCall) goja.Value {
				sp := api.params(call)
				sp.sortList()
				sp.update()
				return goja.Undefined()
			}},
			{name: "forEach", length: 1, fn: api.paramsForEach},
			{name: "entries", fn: api.iterate(iterEntries)},
			{name: "keys", fn: api.iterate(iterKeys)},
			{name: "values", fn: api.iterate(iterValues)},
			{name: "toString", fn: func(call goja.FunctionCall) goja.Value {
				return api.vm.ToValue(serializeFormURLEncoded(api.params(call).list))
			}},
		},
	}
}

func (api *urlAPI) params(call goja.FunctionCall) *searchParams {
	return hostThis[*searchParams](api.vm, call.This, "URLSearchParams")
}

// nameArgs checks the receiver and converts the first n arguments to USVStrings.
func (api *urlAPI) nameArgs(call goja.FunctionCall, n int, what string) (*searchParams,
	[]string) {
	sp := api.params(call)
	requireArgs(api.vm, call, n, "URLSearchParams."+what)
	args := make([]string, n)
	for i := range args {
		args[i] = toUSVString(call.Arguments[i])
	}
	return sp, args
}

func (api *urlAPI) paramsAppend(call goja.FunctionCall) goja.Value {
	sp, a := api.nameArgs(call, 2, "append")
	sp.list = append(sp.list, nameValue{a[0], a[1]})
	sp.update()
	return goja.Undefined()
}

// entryMatcher returns a test for entries named name, and with the given value when the
// optional second argument was passed and is not undefined.
func entryMatcher(call goja.FunctionCall, name string) func(nameValue) bool {
	if v := argOrUndefined(call, 1); !goja.IsUndefined(v) {
		value := toUSVString(v)
		return func(nv nameValue) bool { return nv.name == name && nv.value == value }
	}
	return func(nv nameValue) bool { return nv.name == name }
}

func (api *urlAPI) paramsDelete(call goja.FunctionCall) goja.Value {
	sp, a := api.nameArgs(call, 1, "delete")
	sp.list = slices.DeleteFunc(sp.list, entryMatcher(call, a[0]))
	sp.update()
	return goja.Undefined()
}

func (api *urlAPI) paramsHas(call goja.FunctionCall) goja.Value {
	sp, a := api.nameArgs(call, 1, "has")
	return api.vm.ToValue(slices.ContainsFunc(sp.list, entryMatcher(call, a[0])))
}

func (api *urlAPI) paramsGet(call goja.FunctionCall) goja.Value {
	sp, a := api.nameArgs(call, 1, "get")
	for _, nv := range sp.list {
		if nv.name == a[0] {
			return api.vm.ToValue(nv.value)
		}
	}
	return goja.Null()
}

func (api *urlAPI) paramsGetAll(call goja.FunctionCall) goja.Value {
	sp, a := api.nameArgs(call, 1, "getAll")
	values := []any{}
	for _, nv := range sp.list {
		if nv.name == a[0] {
			values = append(values, nv.value)
		}
	}
	return api.vm.NewArray(values...)
}

// paramsSet replaces the first entry named name and removes the others, or appends.
func (api *urlAPI) paramsSet(call goja.FunctionCall) goja.Value {
	sp, a := api.nameArgs(call, 2, "set")
	found := false
	sp.list = slices.DeleteFunc(sp.list, func(nv nameValue) bool {
		if nv.name != a[0] {
			return false
		}
		if found {
			return true
		}
		found = true
		return false
	})
	if i := slices.IndexFunc(sp.list, func(nv nameValue) bool { return nv.name == a[0] }); i >= 0 {
		sp.list[i].value = a[1]
	} else {
		sp.list = append(sp.list, nameValue{a[0], a[1]})
	}
	sp.update()
	return goja.Undefined()
}

// paramsForEach calls back with (value, name, params) for each entry, reading the list
// afresh at each step as Web IDL's iterable forEach does.
func (api *urlAPI) paramsForEach(call goja.FunctionCall) goja.Value {
	sp := api.params(call)
	fn, ok := goja.AssertFunction(argOrUndefined(call, 0))
	if !ok {
		panicTypeError(api.vm, "URLSearchParams.forEach: callback is not a function")
	}
	thisArg := argOrUndefined(call, 1)
	for i := 0; i < len(sp.list); i++ {
		nv := sp.list[i]
		if _, err := fn(thisArg, api.vm.ToValue(nv.value), api.vm.ToValue(nv.name),
			call.This); err != nil {
			panic(err)
		}
	}
	return goja.Undefined()
}

// Iteration kinds of a URLSearchParams iterator.
const (
	iterEntries = iota
	iterKeys
	iterValues
)

// paramsIterator is the Go side of a URLSearchParams iterator: live over the list, as
// Web IDL's default iterators are.
type paramsIterator struct {
	hostSlots
	sp    *searchParams
	kind  int
	index int
}

func (api *urlAPI) iterate(kind int) func(goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		sp := api.params(call)
		return newHostObject(api.vm, &paramsIterator{sp: sp, kind: kind}, api.paramsIter)
	}
}

// defineParamsIteration makes the prototype iterable and builds the iterator
// prototype, whose own prototype is %IteratorPrototype%.
func (api *urlAPI) defineParamsIteration() error {
	vm := api.vm
	const iteratorProto = "Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))"
	iterProtoV, err := vm.RunString(iteratorProto)
	if err != nil {
		return err
	}
	api.paramsIter = vm.CreateObject(iterProtoV.ToObject(vm))
	defineMember(vm, api.paramsIter, hostMember{name: "next", fn: api.iterNext})
	_ = api.paramsIter.DefineDataPropertySymbol(goja.SymToStringTag,
		vm.ToValue("URLSearchParams Iterator"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	entries := api.paramsProto.Get("entries")
	return api.paramsProto.DefineDataPropertySymbol(goja.SymIterator, entries, goja.FLAG_TRUE,
		goja.FLAG_TRUE, goja.FLAG_FALSE)
}

func (api *urlAPI) iterNext(call goja.FunctionCall) goja.Value {
	it := hostThis[*paramsIterator](api.vm, call.This, "URLSearchParams Iterator")
	res := api.vm.NewObject()
	if it.index >= len(it.sp.list) {
		_ = res.Set("value", goja.Undefined())
		_ = res.Set("done", true)
		return res
	}
	nv := it.sp.list[it.index]
	it.index++
	var v goja.Value
	switch it.kind {
	case iterKeys:
		v = api.vm.ToValue(nv.name)
	case iterValues:
		v = api.vm.ToValue(nv.value)
	default:
		v = api.vm.NewArray(nv.name, nv.value)
	}
	_ = res.Set("value", v)
	_ = res.Set("done", false)
	return res
}
