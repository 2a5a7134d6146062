package jsrt

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// Exception is a JavaScript exception that no script caught: thrown by a handler,
// the rejection of a handler's promise, a rejected promise nothing handled, or one
// thrown by a timer callback. Its stack is source-mapped: the frames name the user's
// own files (the .ts lines), not the bundle.
type Exception struct {
	Timestamp time.Time
	// Name and Message are the error's name and message; a thrown value that is not an
	// Error has an empty Name and its string form as Message.
	Name    string
	Message string
	// Stack is the error's stack as JavaScript shows it, first line included; empty for
	// a thrown value that is not an Error.
	Stack string
}

// Error returns the stack, or the name and message when there is none.
func (e *Exception) Error() string {
	if e.Stack != "" {
		return strings.TrimRight(e.Stack, "\n")
	}
	if e.Name == "" {
		return "Uncaught " + e.Message
	}
	return e.Name + ": " + e.Message
}

// Errors that invocations end with; errors.Is finds them in what the pool returns.
var (
	// ErrNoHandler: the worker does not handle the event (no fetch method on its
	// default export, no such named entrypoint, no such RPC method).
	ErrNoHandler = errors.New("no handler")
	// ErrExceededCPU: the invocation ran past its CPU limit and was stopped.
	ErrExceededCPU = errors.New("exceeded the CPU time limit")
	// ErrCanceled: the invocation was cancelled before its result was ready (its
	// context ended, or the pool closed).
	ErrCanceled = errors.New("invocation canceled")
	// ErrIsolateLost: the isolate running the invocation stopped responding or failed
	// and was replaced.
	ErrIsolateLost = errors.New("isolate lost")
	// ErrClosed: the pool is closed.
	ErrClosed = errors.New("pool closed")
)

// pcSuffix is the bytecode offset goja appends to a frame's position ("index.ts:3:9(12)").
var pcSuffix = regexp.MustCompile(`(:\d+:\d+)\(\d+\)`)

// cleanStack drops goja's bytecode offsets and indents frames as V8 does.
func cleanStack(s string) string {
	s = pcSuffix.ReplaceAllString(s, "$1")
	return strings.ReplaceAll(s, "\n\tat ", "\n    at ")
}

// exceptionOf describes a thrown value.
func exceptionOf(vm *goja.Runtime, v goja.Value, now time.Time) *Exception {
	e := &Exception{Timestamp: now}
	o, ok := v.(*goja.Object)
	if !ok || !isError(vm, o) {
		e.Message = safeString(v)
		return e
	}
	e.Name = safeString(o.Get("name"))
	e.Message = safeString(o.Get("message"))
	if st := o.Get("stack"); st != nil && !goja.IsUndefined(st) {
		e.Stack = cleanStack(safeString(st))
	}
	return e
}

// exceptionFromError describes an error returned by a goja call: a *goja.Exception's
// value, or an error of Go's.
func exceptionFromError(vm *goja.Runtime, err error, now time.Time) *Exception {
	var ex *goja.Exception
	if errors.As(err, &ex) {
		return exceptionOf(vm, ex.Value(), now)
	}
	return &Exception{Timestamp: now, Name: "Error", Message: err.Error()}
}

// isError reports whether o is an Error (its class, or an Error in its prototype chain).
func isError(vm *goja.Runtime, o *goja.Object) bool {
	if o.ClassName() == "Error" {
		return true
	}
	proto := vm.Get("Error").ToObject(vm).Get("prototype").ToObject(vm)
	for p := o.Prototype(); p != nil; p = p.Prototype() {
		if p == proto {
			return true
		}
	}
	return false
}

// safeString converts v to a string without throwing: a Symbol, or an object whose
// toString throws, gets a description instead.
func safeString(v goja.Value) (s string) {
	if v == nil {
		return "undefined"
	}
	defer func() {
		if recover() != nil {
			s = fmt.Sprintf("[%s]", v.ExportType())
		}
	}()
	if sym, ok := v.(*goja.Symbol); ok {
		return "Symbol(" + sym.String() + ")"
	}
	return v.String()
}
