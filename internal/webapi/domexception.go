package webapi

import (
	"github.com/dop251/goja"
)

// domException is the Go side of a DOMException: its name and message (kept as
// JavaScript strings, so lone surrogates survive, as in a DOMString).
type domException struct {
	name, message goja.Value
}

// domExceptionCodes is Web IDL's error names table: the legacy code of each name that
// has one. Every other name has code 0.
var domExceptionCodes = map[string]int{
	"IndexSizeError":             1,
	"HierarchyRequestError":      3,
	"WrongDocumentError":         4,
	"InvalidCharacterError":      5,
	"NoModificationAllowedError": 7,
	"NotFoundError":              8,
	"NotSupportedError":          9,
	"InUseAttributeError":        10,
	"InvalidStateError":          11,
	"SyntaxError":                12,
	"InvalidModificationError":   13,
	"NamespaceError":             14,
	"InvalidAccessError":         15,
	"TypeMismatchError":          17,
	"SecurityError":              18,
	"NetworkError":               19,
	"AbortError":                 20,
	"URLMismatchError":           21,
	"QuotaExceededError":         22,
	"TimeoutError":               23,
	"InvalidNodeTypeError":       24,
	"DataCloneError":             25,
}

// domExceptionConsts are the legacy code constants on DOMException and its prototype.
var domExceptionConsts = []webIDLConst{
	{"INDEX_SIZE_ERR", 1}, {"DOMSTRING_SIZE_ERR", 2}, {"HIERARCHY_REQUEST_ERR", 3},
	{"WRONG_DOCUMENT_ERR", 4}, {"INVALID_CHARACTER_ERR", 5}, {"NO_DATA_ALLOWED_ERR", 6},
	{"NO_MODIFICATION_ALLOWED_ERR", 7}, {"NOT_FOUND_ERR", 8}, {"NOT_SUPPORTED_ERR", 9},
	{"INUSE_ATTRIBUTE_ERR", 10}, {"INVALID_STATE_ERR", 11}, {"SYNTAX_ERR", 12},
	{"INVALID_MODIFICATION_ERR", 13}, {"NAMESPACE_ERR", 14}, {"INVALID_ACCESS_ERR", 15},
	{"VALIDATION_ERR", 16}, {"TYPE_MISMATCH_ERR", 17}, {"SECURITY_ERR", 18},
	{"NETWORK_ERR", 19}, {"ABORT_ERR", 20}, {"URL_MISMATCH_ERR", 21},
	{"QUOTA_EXCEEDED_ERR", 22}, {"TIMEOUT_ERR", 23}, {"INVALID_NODE_TYPE_ERR", 24},
	{"DATA_CLONE_ERR", 25},
}

// domExceptionClass is DOMException: new DOMException(message = "", name = "Error").
//
// An instance is a real Error object (so it has a stack, captured where it was created)
// whose prototype is DOMException.prototype, which inherits from Error.prototype, as Web
// IDL specifies; name, message and code are accessors on the prototype.
func (r *eventsRealm) domExceptionClass() hostClass {
	vm := r.vm
	slotOf := func(call goja.FunctionCall) *domException {
		return slotThis[*domException](vm, call.This, "DOMException")
	}
	return hostClass{
		name:   "DOMException",
		length: 0,
		ctor: func(call goja.ConstructorCall) *goja.Object {
			msg, name := vm.ToValue(""), vm.ToValue("Error")
			if v := ctorArg(call, 0); !goja.IsUndefined(v) {
				msg = toDOMString(vm, v)
			}
			if v := ctorArg(call, 1); !goja.IsUndefined(v) {
				name = toDOMString(vm, v)
			}
			return r.makeDOMException(call.NewTarget, name, msg)
		},
		members: []hostMember{
			{name: "name", get: func(call goja.FunctionCall) goja.Value {
				return slotOf(call).name
			}},
			{name: "message", get: func(call goja.FunctionCall) goja.Value {
				return slotOf(call).message
			}},
			{name: "code", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(domExceptionCodes[slotOf(call).name.String()])
			}},
		},
	}
}

// makeDOMException creates the Error object behind a DOMException; newTarget is the
// constructor `new` named (a subclass), nil for DOMException itself.
func (r *eventsRealm) makeDOMException(newTarget *goja.Object, name, msg goja.Value) *goja.Object {
	if newTarget == nil {
		newTarget = r.domExceptionCtor
	}
	o, err := r.errorCtor(newTarget)
	if err != nil {
		panic(err)
	}
	setSlot(r.vm, o, &domException{name: name, message: msg})
	return o
}

// installDOMException defines DOMException.
func (r *eventsRealm) installDOMException() error {
	ctor, proto := r.domExceptionClass().define(r.vm)
	errorProto := r.vm.Get("Error").ToObject(r.vm).Get("prototype").ToObject(r.vm)
	if err := proto.SetPrototype(errorProto); err != nil {
		return err
	}
	defineConstants(r.vm, domExceptionConsts, ctor, proto)
	r.domExceptionCtor = ctor
	return defineGlobal(r.vm, "DOMException", ctor)
}

// newDOMException creates the DOMException that the Web specs name for an error (name
// is the exception's name, such as "OperationError" or "InvalidCharacterError"), as
// new DOMException(msg, name) does, whatever scripts did to the global DOMException.
func newDOMException(vm *goja.Runtime, name, msg string) *goja.Object {
	return realmOf(vm).makeDOMException(nil, vm.ToValue(name), vm.ToValue(msg))
}

// throwDOMException throws newDOMException(vm, name, msg) into JavaScript.
func throwDOMException(vm *goja.Runtime, name, msg string) {
	panic(newDOMException(vm, name, msg))
}

// toDOMString converts v to a JavaScript string value as Web IDL's DOMString does
// (ToString; a Symbol throws TypeError), keeping lone surrogates.
func toDOMString(vm *goja.Runtime, v goja.Value) goja.Value {
	if _, ok := v.(*goja.Symbol); ok {
		panicTypeError(vm, "Cannot convert a Symbol value to a string")
	}
	s := v.ToString()
	if _, ok := s.(goja.String); ok {
		return s
	}
	return vm.ToValue(s.String())
}

// domString is toDOMString as a Go string (lone surrogates become U+FFFD).
func domString(vm *goja.Runtime, v goja.Value) string {
	return toDOMString(vm, v).String()
}
