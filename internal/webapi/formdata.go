package webapi

import (
	"slices"

	"github.com/dop251/goja"
)

// formEntry is one entry of a FormData list: a string value, or a File (file and its
// object).
type formEntry struct {
	name    string
	value   string
	file    *blob
	fileObj *goja.Object
}

// formData is the Go side of a FormData object: its entry list.
type formData struct {
	entries []formEntry
}

func (r *fetchRealm) formDataThis(this goja.Value) *formData {
	return slotThis[*formData](r.vm, this, "FormData")
}

// entryValue returns the JavaScript value of an entry.
func (r *fetchRealm) entryValue(e formEntry) goja.Value {
	if e.fileObj != nil {
		return e.fileObj
	}
	return r.vm.ToValue(e.value)
}

// formEntryArgs reads (name, value[, filename]) of append and set, as "create an entry"
// does: a Blob that is not a File becomes a File named "blob"; a File given a filename
// becomes a new File with that name.
func (r *fetchRealm) formEntryArgs(call goja.FunctionCall, what string) formEntry {
	vm := r.vm
	requireArgs(vm, call, 2, what)
	name := toUSVString(call.Arguments[0])
	v := call.Arguments[1]
	b, isBlob := blobOf(v)
	if !isBlob {
		if len(call.Arguments) > 2 {
			panicTypeError(vm, "%s: parameter 2 is not of type 'Blob'", what)
		}
		return formEntry{name: name, value: toUSVString(v)}
	}
	obj := v.(*goja.Object)
	if fn := argOrUndefined(call, 2); !goja.IsUndefined(fn) {
		f := &blob{data: b.data, typ: b.typ, file: true, name: toUSVString(fn),
			lastModified: b.lastModified}
		if !b.file {
			f.lastModified = nowMillis()
		}
		return formEntry{name: name, file: f, fileObj: r.newInstance(r.fileProto, f)}
	}
	if !b.file {
		f := &blob{data: b.data, typ: b.typ, file: true, name: "blob",
			lastModified: nowMillis()}
		return formEntry{name: name, file: f, fileObj: r.newInstance(r.fileProto, f)}
	}
	return formEntry{name: name, file: b, fileObj: obj}
}

// formDataClass is FormData (https://xhr.spec.whatwg.org/#interface-formdata). There
// are no form elements, so the constructor takes no argument.
func (r *fetchRealm) formDataClass() hostClass {
	vm := r.vm
	nameArg := func(call goja.FunctionCall, what string) (*formData, string) {
		fd := r.formDataThis(call.This)
		requireArgs(vm, call, 1, what)
		return fd, toUSVString(call.Arguments[0])
	}
	return hostClass{
		name: "FormData",
		ctor: func(call goja.ConstructorCall) *goja.Object {
			if !goja.IsUndefined(ctorArg(call, 0)) {
				panicTypeError(vm, "Failed to construct 'FormData': parameter 1 is not of "+
					"type 'HTMLFormElement'")
			}
			setSlot(vm, call.This, &formData{})
			return nil
		},
		members: []hostMember{
			{name: "append", length: 2, fn: func(call goja.FunctionCall) goja.Value {
				fd := r.formDataThis(call.This)
				fd.entries = append(fd.entries, r.formEntryArgs(call, "FormData.append"))
				return goja.Undefined()
			}},
			{name: "delete", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				fd, name := nameArg(call, "FormData.delete")
				fd.entries = slices.DeleteFunc(fd.entries, func(e formEntry) bool {
					return e.name == name
				})
				return goja.Undefined()
			}},
			{name: "get", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				fd, name := nameArg(call, "FormData.get")
				for _, e := range fd.entries {
					if e.name == name {
						return r.entryValue(e)
					}
				}
				return goja.Null()
			}},
			{name: "getAll", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				fd, name := nameArg(call, "FormData.getAll")
				out := []any{}
				for _, e := range fd.entries {
					if e.name == name {
						out = append(out, r.entryValue(e))
					}
				}
				return vm.NewArray(out...)
			}},
			{name: "has", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				fd, name := nameArg(call, "FormData.has")
				return vm.ToValue(slices.ContainsFunc(fd.entries, func(e formEntry) bool {
					return e.name == name
				}))
			}},
			{name: "set", length: 2, fn: func(call goja.FunctionCall) goja.Value {
				fd := r.formDataThis(call.This)
				e := r.formEntryArgs(call, "FormData.set")
				same := func(x formEntry) bool { return x.name == e.name }
				i := slices.IndexFunc(fd.entries, same)
				if i < 0 {
					fd.entries = append(fd.entries, e)
					return goja.Undefined()
				}
				fd.entries[i] = e
				rest := slices.DeleteFunc(fd.entries[i+1:], same)
				fd.entries = fd.entries[:i+1+len(rest)]
				return goja.Undefined()
			}},
			{name: "forEach", length: 1, fn: func(call goja.FunctionCall) goja.Value {
				return forEachPairs(vm, call, "FormData", r.formPairs(r.formDataThis(call.This)))
			}},
		},
	}
}

// formPairs returns the live reader of fd's entries that iteration uses.
func (r *fetchRealm) formPairs(fd *formData) func(i int) (k, v goja.Value, ok bool) {
	return func(i int) (goja.Value, goja.Value, bool) {
		if i >= len(fd.entries) {
			return nil, nil, false
		}
		e := fd.entries[i]
		return r.vm.ToValue(e.name), r.entryValue(e), true
	}
}

// newFormDataObject returns a FormData object with the given entries.
func (r *fetchRealm) newFormDataObject(entries []formEntry) *goja.Object {
	return r.newInstance(r.formDataProto, &formData{entries: entries})
}

// installFormData defines FormData.
func (r *fetchRealm) installFormData() error {
	iterProto, err := r.newIteratorProto("FormData Iterator")
	if err != nil {
		return err
	}
	r.formDataIterProto = iterProto
	fc := r.formDataClass()
	fc.members = append(fc.members, r.iterMethods("FormData Iterator", iterProto,
		func(this goja.Value) func(int) (goja.Value, goja.Value, bool) {
			return r.formPairs(r.formDataThis(this))
		})...)
	ctor, proto := fc.define(r.vm)
	r.formDataProto = proto
	if err := defineIterable(proto); err != nil {
		return err
	}
	return defineGlobal(r.vm, "FormData", ctor)
}
