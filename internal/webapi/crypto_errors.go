package webapi

import "github.com/dop251/goja"

// newDOMException creates the DOMException that the Web specs name for an error (name
// is the exception's name, such as "OperationError" or "InvalidCharacterError").
//
// DOMException itself is defined by the events part of this package; this helper uses
// whatever constructor the isolate's global DOMException is at call time, and falls back
// to an Error whose name is set when there is none, so the URL, encoding and crypto
// classes do not depend on the order in which the installers run.
// TODO(#5): call the DOMException constructor directly once both halves are merged.
func newDOMException(vm *goja.Runtime, name, msg string) *goja.Object {
	if ctor, ok := goja.AssertConstructor(vm.Get("DOMException")); ok {
		if o, err := ctor(nil, vm.ToValue(msg), vm.ToValue(name)); err == nil {
			return o
		}
	}
	ctor, _ := goja.AssertConstructor(vm.Get("Error"))
	o, err := ctor(nil, vm.ToValue(msg))
	if err != nil {
		panic(err)
	}
	_ = o.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_TRUE, goja.FLAG_TRUE,
		goja.FLAG_FALSE)
	return o
}

// throwDOMException throws newDOMException(vm, name, msg) into JavaScript.
func throwDOMException(vm *goja.Runtime, name, msg string) {
	panic(newDOMException(vm, name, msg))
}
