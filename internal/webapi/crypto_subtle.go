package webapi

import (
	"context"
	"crypto/subtle"

	"github.com/dop251/goja"
)

func (api *cryptoAPI) subtleClass() hostClass {
	return hostClass{
		name: "SubtleCrypto",
		members: []hostMember{
			{name: "digest", length: 2, fn: api.async(api.digest)},
			{name: "encrypt", length: 3, fn: api.async(api.encryptMethod(true))},
			{name: "decrypt", length: 3, fn: api.async(api.encryptMethod(false))},
			{name: "sign", length: 3, fn: api.async(api.sign)},
			{name: "verify", length: 4, fn: api.async(api.verify)},
			{name: "generateKey", length: 3, fn: api.async(api.generateKey)},
			{name: "deriveBits", length: 3, fn: api.async(api.deriveBits)},
			{name: "deriveKey", length: 5, fn: api.async(api.deriveKey)},
			{name: "importKey", length: 5, fn: api.async(api.importKey)},
			{name: "exportKey", length: 2, fn: api.async(api.exportKey)},
			// Not in the Web Crypto spec: Cloudflare Workers' constant-time comparison.
			{name: "timingSafeEqual", length: 2, fn: api.timingSafeEqual},
		},
	}
}

// asyncResult is what a SubtleCrypto method's body returns: a value to resolve the
// promise with at once, or work to run off the isolate's goroutine (a slow key
// generation, a PBKDF2 with many iterations) whose settle step produces the value.
type asyncResult struct {
	value goja.Value
	work  func(ctx context.Context) (settle func() goja.Value)
}

// async turns body into a promise-returning method. Everything body throws, argument
// conversion included, rejects the promise, as Web IDL specifies for operations that
// return promises. Work that does not block settles inline; background work goes
// through Loop.Go and settles on the isolate's goroutine.
func (api *cryptoAPI) async(body func(call goja.FunctionCall) asyncResult) func(
	goja.FunctionCall) goja.Value {
	return func(call goja.FunctionCall) goja.Value {
		vm := api.vm
		p, resolve, reject := vm.NewPromise()
		var res asyncResult
		if ex := vm.Try(func() {
			hostThis[*subtleObject](vm, call.This, "SubtleCrypto")
			res = body(call)
		}); ex != nil {
			_ = reject(ex.Value())
			return vm.ToValue(p)
		}
		if res.work == nil {
			_ = resolve(res.value)
			return vm.ToValue(p)
		}
		api.l.Go(func(ctx context.Context) func() {
			settle := res.work(ctx)
			return func() {
				var v goja.Value
				if ex := vm.Try(func() { v = settle() }); ex != nil {
					_ = reject(ex.Value())
					return
				}
				_ = resolve(v)
			}
		})
		return vm.ToValue(p)
	}
}

// resolved wraps a value that is ready.
func resolved(v goja.Value) asyncResult { return asyncResult{value: v} }

// keyArg returns argument i as a CryptoKey or throws TypeError.
func (api *cryptoAPI) keyArg(call goja.FunctionCall, i int) *cryptoKey {
	k, ok := hostValue[*cryptoKey](argOrUndefined(call, i))
	if !ok {
		panicTypeError(api.vm, "argument %d is not a CryptoKey", i+1)
	}
	return k
}

// checkKey throws InvalidAccessError unless key is for the algorithm p names and allows
// usage.
func (api *cryptoAPI) checkKey(p *algParams, k *cryptoKey, usage string) {
	if k.alg != p.name {
		throwDOMException(api.vm, "InvalidAccessError", "the key is for "+k.alg+", not "+p.name)
	}
	if !k.can(usage) {
		throwDOMException(api.vm, "InvalidAccessError", "the key does not allow "+usage)
	}
}

func (api *cryptoAPI) digest(call goja.FunctionCall) asyncResult {
	requireArgs(api.vm, call, 2, "SubtleCrypto.digest")
	p := api.normalize(opDigest, call.Arguments[0])
	data := api.buf.mustBytes(call.Arguments[1], "data")
	h := digestHashes[p.name].New()
	h.Write(data)
	return resolved(api.buf.newArrayBuffer(h.Sum(nil)))
}

func (api *cryptoAPI) sign(call goja.FunctionCall) asyncResult {
	requireArgs(api.vm, call, 3, "SubtleCrypto.sign")
	p := api.normalize(opSign, call.Arguments[0])
	k := api.keyArg(call, 1)
	data := api.buf.mustBytes(call.Arguments[2], "data")
	api.checkKey(p, k, "sign")
	sig, err := signWith(p, k, data)
	if err != nil {
		throwDOMException(api.vm, "OperationError", "sign: "+err.Error())
	}
	return resolved(api.buf.newArrayBuffer(sig))
}

func (api *cryptoAPI) verify(call goja.FunctionCall) asyncResult {
	requireArgs(api.vm, call, 4, "SubtleCrypto.verify")
	p := api.normalize(opSign, call.Arguments[0])
	k := api.keyArg(call, 1)
	sig := api.buf.mustBytes(call.Arguments[2], "signature")
	data := api.buf.mustBytes(call.Arguments[3], "data")
	api.checkKey(p, k, "verify")
	return resolved(api.vm.ToValue(verifyWith(p, k, sig, data)))
}

// encryptMethod is encrypt (enc set) or decrypt.
func (api *cryptoAPI) encryptMethod(enc bool) func(goja.FunctionCall) asyncResult {
	usage, what := "decrypt", "SubtleCrypto.decrypt"
	if enc {
		usage, what = "encrypt", "SubtleCrypto.encrypt"
	}
	return func(call goja.FunctionCall) asyncResult {
		requireArgs(api.vm, call, 3, what)
		p := api.normalize(opEncrypt, call.Arguments[0])
		k := api.keyArg(call, 1)
		data := api.buf.mustBytes(call.Arguments[2], "data")
		api.checkKey(p, k, usage)
		out, err := aesCrypt(p, k, data, enc)
		if err != nil {
			throwDOMException(api.vm, "OperationError", usage+": "+err.Error())
		}
		return resolved(api.buf.newArrayBuffer(out))
	}
}

// timingSafeEqual compares two buffers in time that depends only on their length. It
// is synchronous; buffers of different lengths throw TypeError, as in workerd.
func (api *cryptoAPI) timingSafeEqual(call goja.FunctionCall) goja.Value {
	hostThis[*subtleObject](api.vm, call.This, "SubtleCrypto")
	requireArgs(api.vm, call, 2, "SubtleCrypto.timingSafeEqual")
	a := api.buf.mustBytes(call.Arguments[0], "a")
	b := api.buf.mustBytes(call.Arguments[1], "b")
	if len(a) != len(b) {
		panicTypeError(api.vm, "timingSafeEqual: the buffers must have the same byte length")
	}
	return api.vm.ToValue(subtle.ConstantTimeCompare(a, b) == 1)
}
