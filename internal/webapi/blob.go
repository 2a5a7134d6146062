package webapi

import (
	"bytes"
	"math"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// blob is the Go side of a Blob and of a File (file set). Its bytes are in memory and
// never written after construction, so slices, bodies and FormData entries share them.
type blob struct {
	data []byte
	typ  string

	file         bool
	name         string
	lastModified int64 // milliseconds since the Unix epoch
}

// blobOf returns the Go side of v when v is a Blob (or a File).
func blobOf(v goja.Value) (*blob, bool) { return slotValue[*blob](v) }

// newBlob returns a new Blob object over data (not copied).
func (r *fetchRealm) newBlob(data []byte, typ string) *goja.Object {
	return r.newInstance(r.blobProto, &blob{data: data, typ: typ})
}

// newFile returns a new File object over data (not copied).
func (r *fetchRealm) newFile(data []byte, name, typ string, lastModified int64) *goja.Object {
	return r.newInstance(r.fileProto, &blob{data: data, typ: typ, file: true, name: name,
		lastModified: lastModified})
}

// blobTypeOption normalises a type as the Blob constructor and slice do: "" when it
// has a character outside U+0020..U+007E, else its ASCII lower case.
func blobTypeOption(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return ""
		}
	}
	return strings.ToLower(s)
}

// blobParts reads the blobParts and options arguments shared by Blob and File: the
// concatenated bytes and the normalised type. endings "native" converts the line
// breaks of string parts to "\n".
func (r *fetchRealm) blobParts(parts, options goja.Value, what string) ([]byte, *goja.Object) {
	vm := r.vm
	opts := idlDictionary(vm, options, what+": options")
	native := false
	if s, ok := enumMember(vm, opts, "endings", []string{"transparent", "native"}, what); ok {
		native = s == "native"
	}
	var buf bytes.Buffer
	if !goja.IsUndefined(parts) {
		po, ok := parts.(*goja.Object)
		if !ok {
			panicTypeError(vm, "%s: blobParts is not a sequence", what)
		}
		if iter := po.GetSymbol(goja.SymIterator); iter == nil || goja.IsUndefined(iter) {
			panicTypeError(vm, "%s: blobParts is not iterable", what)
		}
		vm.ForOf(po, func(part goja.Value) bool {
			if b, ok := blobOf(part); ok {
				buf.Write(b.data)
			} else if b, ok := r.buf.bytes(part); ok {
				buf.Write(b)
			} else {
				s := usvUTF8(part)
				if native {
					s = nativeLineEndings(s)
				}
				buf.Write(s)
			}
			return true
		})
	}
	return buf.Bytes(), opts
}

// nativeLineEndings converts CRLF and lone CR to LF, the line ending of the platforms
// Portico runs on.
func nativeLineEndings(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

// typeOption reads options.type.
func typeOption(opts *goja.Object) string {
	if v := dictMember(opts, "type"); !goja.IsUndefined(v) {
		return blobTypeOption(toUSVString(v))
	}
	return ""
}

// relativeIndex converts a slice argument ([Clamp] long long) to an offset in 0..size:
// negative values count from the end.
func relativeIndex(v goja.Value, size, def int) int {
	if goja.IsUndefined(v) {
		return def
	}
	f := v.ToFloat()
	if math.IsNaN(f) {
		return 0
	}
	f = math.Trunc(f)
	if f < 0 {
		return max(size+int(max(f, -float64(size))), 0)
	}
	return int(min(f, float64(size)))
}

func (r *fetchRealm) blobThis(this goja.Value) *blob {
	return slotThis[*blob](r.vm, this, "Blob")
}

func (r *fetchRealm) fileThis(this goja.Value) *blob {
	b, ok := blobOf(this)
	if !ok || !b.file {
		panicTypeError(r.vm, "Illegal invocation: receiver is not a File")
	}
	return b
}

// blobRead returns a promise-returning reader of a Blob's bytes.
func (r *fetchRealm) blobRead(name string, convert func([]byte) goja.Value) hostMember {
	vm := r.vm
	return hostMember{name: name, fn: func(call goja.FunctionCall) goja.Value {
		p, resolve, reject := vm.NewPromise()
		if ex := vm.Try(func() {
			_ = resolve(convert(r.blobThis(call.This).data))
		}); ex != nil {
			_ = reject(ex.Value())
		}
		return vm.ToValue(p)
	}}
}

// blobClass is Blob (https://w3c.github.io/FileAPI/#blob-section).
func (r *fetchRealm) blobClass() hostClass {
	vm := r.vm
	return hostClass{
		name: "Blob",
		ctor: func(call goja.ConstructorCall) *goja.Object {
			data, opts := r.blobParts(ctorArg(call, 0), ctorArg(call, 1),
				"Failed to construct 'Blob'")
			setSlot(vm, call.This, &blob{data: data, typ: typeOption(opts)})
			return nil
		},
		members: []hostMember{
			{name: "size", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(len(r.blobThis(call.This).data))
			}},
			{name: "type", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(r.blobThis(call.This).typ)
			}},
			{name: "slice", fn: func(call goja.FunctionCall) goja.Value {
				b := r.blobThis(call.This)
				size := len(b.data)
				start := relativeIndex(argOrUndefined(call, 0), size, 0)
				end := relativeIndex(argOrUndefined(call, 1), size, size)
				typ := ""
				if v := argOrUndefined(call, 2); !goja.IsUndefined(v) {
					typ = blobTypeOption(toUSVString(v))
				}
				if end < start {
					end = start
				}
				return r.newBlob(b.data[start:end:end], typ)
			}},
			{name: "stream", fn: func(call goja.FunctionCall) goja.Value {
				return r.bodyStream(bytesBody(r.blobThis(call.This).data))
			}},
			r.blobRead("text", func(b []byte) goja.Value { return vm.ToValue(decodeUTF8(b)) }),
			r.blobRead("arrayBuffer", func(b []byte) goja.Value {
				return r.buf.newArrayBuffer(bytes.Clone(b))
			}),
			r.blobRead("bytes", func(b []byte) goja.Value {
				return r.buf.newUint8Array(bytes.Clone(b))
			}),
		},
	}
}

// fileClass is File, a Blob with a name and a modification time.
func (r *fetchRealm) fileClass() hostClass {
	vm := r.vm
	return hostClass{
		name:   "File",
		length: 2,
		ctor: func(call goja.ConstructorCall) *goja.Object {
			const what = "Failed to construct 'File'"
			requireArgs(vm, goja.FunctionCall{Arguments: call.Arguments}, 2, what)
			data, opts := r.blobParts(call.Arguments[0], ctorArg(call, 2), what)
			name := toUSVString(call.Arguments[1])
			modified := time.Now().UnixMilli()
			if v := dictMember(opts, "lastModified"); !goja.IsUndefined(v) {
				modified = v.ToInteger()
			}
			setSlot(vm, call.This, &blob{data: data, typ: typeOption(opts), file: true,
				name: name, lastModified: modified})
			return nil
		},
		members: []hostMember{
			{name: "name", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(r.fileThis(call.This).name)
			}},
			{name: "lastModified", get: func(call goja.FunctionCall) goja.Value {
				return vm.ToValue(r.fileThis(call.This).lastModified)
			}},
		},
	}
}

// installBlob defines Blob and File.
func (r *fetchRealm) installBlob() error {
	ctor, proto := r.blobClass().define(r.vm)
	r.blobProto = proto
	fctor, fproto := r.fileClass().define(r.vm)
	if err := inherit(fctor, fproto, ctor, proto); err != nil {
		return err
	}
	r.fileProto = fproto
	if err := defineGlobal(r.vm, "Blob", ctor); err != nil {
		return err
	}
	return defineGlobal(r.vm, "File", fctor)
}
