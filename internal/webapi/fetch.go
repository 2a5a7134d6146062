package webapi

import (
	"fmt"

	"github.com/dop251/goja"
)

// fetchRealm is the per-isolate state of the fetch family: Headers, Request, Response,
// Blob, File, FormData, fetch and the Fetcher objects of bindings. Go code that holds
// only the Loop (NewRequest, ResponseOf) finds it through the global object. Like the
// Runtime, it is used on the loop's goroutine only.
type fetchRealm struct {
	l   Loop
	vm  *goja.Runtime
	buf *bufferKit

	// The functions of the isolate as it started, so scripts that replace JSON.parse or
	// Array do not change what bodies parse to.
	jsonParse     goja.Callable
	jsonStringify goja.Callable

	headersProto, headersIterProto   *goja.Object
	requestProto, responseProto      *goja.Object
	blobProto, fileProto             *goja.Object
	formDataProto, formDataIterProto *goja.Object
	fetcherProto                     *goja.Object
}

// fetchRealmKey is the symbol under which the global object keeps its fetchRealm.
var fetchRealmKey = goja.NewSymbol("portico.fetch")

// fetchRealmOf returns the fetch state of l's isolate, or an error when the Web APIs
// are not installed there.
func fetchRealmOf(l Loop) (*fetchRealm, error) {
	vm := l.Runtime()
	global := vm.GlobalObject()
	if so, ok := global.GetSymbol(fetchRealmKey).(*goja.Object); ok {
		if s, ok := so.Export().(*slot); ok && s.owner == global {
			if r, ok := s.v.(*fetchRealm); ok {
				return r, nil
			}
		}
	}
	return nil, fmt.Errorf("webapi: the fetch APIs are not installed in this isolate")
}

// installFetch defines Headers, Request, Response, Blob, File, FormData and fetch. It
// runs after installEvents (request signals are AbortSignals, errors DOMExceptions).
func installFetch(l Loop) error {
	vm := l.Runtime()
	bk, err := newBufferKit(vm)
	if err != nil {
		return err
	}
	r := &fetchRealm{l: l, vm: vm, buf: bk}
	jsonObj := vm.Get("JSON").ToObject(vm)
	var ok1, ok2 bool
	r.jsonParse, ok1 = goja.AssertFunction(jsonObj.Get("parse"))
	r.jsonStringify, ok2 = goja.AssertFunction(jsonObj.Get("stringify"))
	if !ok1 || !ok2 {
		return fmt.Errorf("install fetch: JSON.parse or JSON.stringify is not a function")
	}
	global := vm.GlobalObject()
	s := vm.NewDynamicObject(&slot{owner: global, v: r})
	_ = s.SetPrototype(nil)
	if err := global.DefineDataPropertySymbol(fetchRealmKey, s, goja.FLAG_FALSE,
		goja.FLAG_FALSE, goja.FLAG_FALSE); err != nil {
		return fmt.Errorf("install fetch: %w", err)
	}
	for _, install := range []func() error{
		r.installHeaders, r.installBlob, r.installFormData, r.installRequest,
		r.installResponse, r.installFetcher, r.installGlobalFetch,
	} {
		if err := install(); err != nil {
			return fmt.Errorf("install fetch: %w", err)
		}
	}
	return nil
}

// newInstance creates an ordinary object with proto whose Go state is v, as the
// constructor of a subclassable class does for `new`.
func (r *fetchRealm) newInstance(proto *goja.Object, v any) *goja.Object {
	o := r.vm.CreateObject(proto)
	setSlot(r.vm, o, v)
	return o
}

// iteratorPrototype returns %IteratorPrototype%, the prototype of the iterator
// prototypes of Web IDL iterable classes.
func iteratorPrototype(vm *goja.Runtime) (*goja.Object, error) {
	v, err := vm.RunString("Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))")
	if err != nil {
		return nil, err
	}
	return v.ToObject(vm), nil
}

// newIteratorProto builds the prototype of the iterators of a pair-iterable class
// ("Headers Iterator"): next reads the Go pairIterator behind the receiver.
func (r *fetchRealm) newIteratorProto(tag string) (*goja.Object, error) {
	vm := r.vm
	base, err := iteratorPrototype(vm)
	if err != nil {
		return nil, err
	}
	proto := vm.CreateObject(base)
	defineMember(vm, proto, hostMember{name: "next", fn: func(call goja.FunctionCall) goja.Value {
		it := slotThis[*pairIterator](vm, call.This, tag)
		if it.tag != tag {
			panicTypeError(vm, "Illegal invocation: receiver is not a %s", tag)
		}
		res := vm.NewObject()
		k, v, ok := it.next(it.index)
		if !ok {
			_ = res.Set("value", goja.Undefined())
			_ = res.Set("done", true)
			return res
		}
		it.index++
		var out goja.Value
		switch it.kind {
		case iterKeys:
			out = k
		case iterValues:
			out = v
		default:
			out = vm.NewArray(k, v)
		}
		_ = res.Set("value", out)
		_ = res.Set("done", false)
		return res
	}})
	_ = proto.DefineDataPropertySymbol(goja.SymToStringTag, vm.ToValue(tag), goja.FLAG_FALSE,
		goja.FLAG_TRUE, goja.FLAG_FALSE)
	return proto, nil
}

// pairIterator is the Go side of a Web IDL pair iterator (Headers, FormData): live over
// its source, which next reads afresh at each step.
type pairIterator struct {
	tag   string
	kind  int
	index int
	next  func(i int) (k, v goja.Value, ok bool)
}

// iterMethods returns the entries, keys and values members and the iterator function of
// a pair-iterable class; next reads entry i of the receiver this.
func (r *fetchRealm) iterMethods(tag string, proto *goja.Object,
	source func(this goja.Value) func(i int) (k, v goja.Value, ok bool)) []hostMember {
	mk := func(kind int) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			next := source(call.This)
			return r.newInstance(proto, &pairIterator{tag: tag, kind: kind, next: next})
		}
	}
	return []hostMember{
		{name: "entries", fn: mk(iterEntries)},
		{name: "keys", fn: mk(iterKeys)},
		{name: "values", fn: mk(iterValues)},
	}
}

// defineIterable makes proto[Symbol.iterator] the entries method, as Web IDL does for
// pair iterables.
func defineIterable(proto *goja.Object) error {
	return proto.DefineDataPropertySymbol(goja.SymIterator, proto.Get("entries"), goja.FLAG_TRUE,
		goja.FLAG_TRUE, goja.FLAG_FALSE)
}

// forEachPairs calls cb(value, key, this) for each pair, reading the source afresh at
// each step, as Web IDL's forEach of a pair iterable does.
func forEachPairs(vm *goja.Runtime, call goja.FunctionCall, what string,
	next func(i int) (k, v goja.Value, ok bool)) goja.Value {
	cb, ok := goja.AssertFunction(argOrUndefined(call, 0))
	if !ok {
		panicTypeError(vm, "%s.forEach: parameter 1 is not of type 'Function'", what)
	}
	thisArg := argOrUndefined(call, 1)
	for i := 0; ; i++ {
		k, v, ok := next(i)
		if !ok {
			return goja.Undefined()
		}
		if _, err := cb(thisArg, v, k, call.This); err != nil {
			panic(err)
		}
	}
}
