package webapi

import (
	"context"
	"crypto/hkdf"
	"crypto/pbkdf2"
	"errors"
	"hash"

	"github.com/dop251/goja"
)

// pbkdf2InlineIterations is the most PBKDF2 iterations run on the isolate's goroutine;
// more go through Loop.Go so other requests of the isolate keep running.
const pbkdf2InlineIterations = 10000

// maxPBKDF2Iterations is the largest iteration count accepted, the same as workerd's.
const maxPBKDF2Iterations = 100000

// maxDerivedBits bounds deriveBits output (1 MiB), so that one call cannot make the
// process allocate gigabytes.
const maxDerivedBits = 8 << 20

func (api *cryptoAPI) deriveBits(call goja.FunctionCall) asyncResult {
	requireArgs(api.vm, call, 2, "SubtleCrypto.deriveBits")
	p := api.normalize(opDeriveBits, call.Arguments[0])
	k := api.keyArg(call, 1)
	length := -1 // null
	if v := argOrUndefined(call, 2); !isNullish(v) {
		length = int(uint32(v.ToInteger()))
	}
	api.checkKey(p, k, "deriveBits")
	return api.derive(p, k, length, func(b []byte) goja.Value {
		return api.buf.newArrayBuffer(b)
	})
}

func (api *cryptoAPI) deriveKey(call goja.FunctionCall) asyncResult {
	requireArgs(api.vm, call, 5, "SubtleCrypto.deriveKey")
	p := api.normalize(opDeriveBits, call.Arguments[0])
	k := api.keyArg(call, 1)
	imp := api.normalize(opImportKey, call.Arguments[2])
	lp := api.normalize(opKeyLength, call.Arguments[2])
	extractable := call.Arguments[3].ToBoolean()
	usages := api.readUsages(call.Arguments[4])
	api.checkKey(p, k, "deriveKey")
	length := api.keyLength(lp)
	return api.derive(p, k, length, func(b []byte) goja.Value {
		return api.newKeyObject(api.importAs(imp, "raw", b, nil, extractable, usages))
	})
}

// keyLength is the "get key length" operation of HMAC and AES.
func (api *cryptoAPI) keyLength(p *algParams) int {
	if p.name == "HMAC" {
		if !p.hasLength {
			return hashBlockBits[p.hash]
		}
		if p.length == 0 {
			panicTypeError(api.vm, "the HMAC key length is zero")
		}
		return p.length
	}
	if p.length != 128 && p.length != 192 && p.length != 256 {
		throwDOMException(api.vm, "OperationError", "the AES key length must be 128, 192 or 256")
	}
	return p.length
}

// derive runs PBKDF2 or HKDF for length bits (-1 for null) and hands the bytes to
// finish on the isolate's goroutine. Long PBKDF2 runs happen off that goroutine.
func (api *cryptoAPI) derive(p *algParams, k *cryptoKey, length int,
	finish func([]byte) goja.Value) asyncResult {
	if length < 0 || length%8 != 0 {
		throwDOMException(api.vm, "OperationError", "the length must be a multiple of 8")
	}
	if length > maxDerivedBits {
		throwDOMException(api.vm, "OperationError", "the length is larger than 1 MiB")
	}
	if p.name == "PBKDF2" && p.iterations == 0 {
		throwDOMException(api.vm, "OperationError", "the iteration count is zero")
	}
	run := func() ([]byte, error) { return deriveBytes(p, k.secret, length/8) }
	settle := func(b []byte, err error) goja.Value {
		if err != nil {
			throwDOMException(api.vm, "OperationError", "derive bits: "+err.Error())
		}
		return finish(b)
	}
	if p.name == "PBKDF2" && p.iterations > pbkdf2InlineIterations {
		return asyncResult{work: func(context.Context) func() goja.Value {
			b, err := run()
			return func() goja.Value { return settle(b, err) }
		}}
	}
	return resolved(settle(run()))
}

// deriveBytes derives n bytes from secret with p's PBKDF2 or HKDF parameters.
func deriveBytes(p *algParams, secret []byte, n int) ([]byte, error) {
	if n == 0 {
		return []byte{}, nil
	}
	h := func() hash.Hash { return digestHashes[p.hash].New() }
	switch p.name {
	case "PBKDF2":
		return pbkdf2.Key(h, string(secret), p.salt, p.iterations, n)
	case "HKDF":
		return hkdf.Key(h, secret, p.salt, string(p.info), n)
	}
	return nil, errors.New("unsupported algorithm")
}
