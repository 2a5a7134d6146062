package webapi

import (
	"crypto/rand"
	"reflect"

	"github.com/dop251/goja"
)

// cryptoAPI holds the per-isolate state of crypto, SubtleCrypto and CryptoKey.
type cryptoAPI struct {
	l        Loop
	vm       *goja.Runtime
	buf      *bufferKit
	keyProto *goja.Object
	subtle   *goja.Object
}

// cryptoObject and subtleObject are the Go sides of the crypto and crypto.subtle
// singletons; they carry no state.
type (
	cryptoObject struct{ hostSlots }
	subtleObject struct{ hostSlots }
)

// installCrypto defines crypto (with getRandomValues, randomUUID and subtle) and the
// Crypto, SubtleCrypto and CryptoKey classes, which scripts cannot construct.
//
// Supported: digest (SHA-1/256/384/512, and MD5 as in workerd); HMAC, AES-GCM,
// AES-CBC, ECDSA (P-256/384/521), Ed25519 and RSASSA-PKCS1-v1_5 keys (import and export
// as raw, jwk, spki and pkcs8 where the spec allows); sign, verify, encrypt, decrypt,
// deriveBits and deriveKey (PBKDF2, HKDF); generateKey; and workerd's timingSafeEqual.
// Differences from workerd: wrapKey, unwrapKey, RSA-PSS, RSA-OAEP, ECDH, X25519,
// AES-CTR and AES-KW are missing (TODO(#5)); RSA keys are generated with the exponent
// 65537 only, 1024 to 8192 bits; deriveBits returns at most 1 MiB; PBKDF2 takes at most
// 100000 iterations, as in workerd.
func installCrypto(l Loop) error {
	vm := l.Runtime()
	bk, err := newBufferKit(vm)
	if err != nil {
		return err
	}
	api := &cryptoAPI{l: l, vm: vm, buf: bk}
	keyCtor, keyProto := api.keyClass().define(vm)
	api.keyProto = keyProto
	subtleCtor, subtleProto := api.subtleClass().define(vm)
	api.subtle = newHostObject(vm, &subtleObject{}, subtleProto)
	cryptoCtor, cryptoProto := api.cryptoClass().define(vm)
	crypto := newHostObject(vm, &cryptoObject{}, cryptoProto)
	for name, v := range map[string]goja.Value{
		"Crypto": cryptoCtor, "SubtleCrypto": subtleCtor, "CryptoKey": keyCtor,
	} {
		if err := vm.Set(name, v); err != nil {
			return err
		}
	}
	return vm.GlobalObject().DefineDataProperty("crypto", crypto, goja.FLAG_TRUE,
		goja.FLAG_TRUE, goja.FLAG_TRUE)
}

func (api *cryptoAPI) cryptoClass() hostClass {
	return hostClass{
		name: "Crypto",
		members: []hostMember{
			{name: "subtle", get: func(call goja.FunctionCall) goja.Value {
				hostThis[*cryptoObject](api.vm, call.This, "Crypto")
				return api.subtle
			}},
			{name: "getRandomValues", length: 1, fn: api.getRandomValues},
			{name: "randomUUID", fn: api.randomUUID},
		},
	}
}

// maxRandomBytes is the most getRandomValues fills at once (the Web Crypto quota).
const maxRandomBytes = 65536

// getRandomValues fills an integer TypedArray with random bytes and returns it.
func (api *cryptoAPI) getRandomValues(call goja.FunctionCall) goja.Value {
	hostThis[*cryptoObject](api.vm, call.This, "Crypto")
	requireArgs(api.vm, call, 1, "crypto.getRandomValues")
	arr := call.Arguments[0]
	b, ok := api.buf.bytes(arr)
	if !ok {
		panicTypeError(api.vm, "crypto.getRandomValues: argument is not an integer TypedArray")
	}
	if !isIntegerTypedArray(arr.(*goja.Object)) {
		throwDOMException(api.vm, "TypeMismatchError",
			"crypto.getRandomValues: argument is not an integer TypedArray")
	}
	if len(b) > maxRandomBytes {
		throwDOMException(api.vm, "QuotaExceededError",
			"crypto.getRandomValues: the array is larger than 65536 bytes")
	}
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return arr
}

// isIntegerTypedArray reports whether o (an ArrayBuffer view) is a TypedArray of
// integers: not a Float32Array, a Float64Array or a DataView.
func isIntegerTypedArray(o *goja.Object) bool {
	t := o.ExportType()
	if t == nil || t.Kind() != reflect.Slice {
		return false // a DataView exports as a map
	}
	switch t.Elem().Kind() {
	case reflect.Int8, reflect.Uint8, reflect.Int16, reflect.Uint16, reflect.Int32,
		reflect.Uint32, reflect.Int64, reflect.Uint64:
		return true
	}
	return false
}

// randomUUID returns a random (version 4) UUID in its lower-case string form.
func (api *cryptoAPI) randomUUID(call goja.FunctionCall) goja.Value {
	hostThis[*cryptoObject](api.vm, call.This, "Crypto")
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0F | 0x40 // version 4
	u[8] = u[8]&0x3F | 0x80 // variant 10
	const hexDigits = "0123456789abcdef"
	out := make([]byte, 0, 36)
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, hexDigits[c>>4], hexDigits[c&15])
	}
	return api.vm.ToValue(string(out))
}
