package webapi

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"math/big"
	"slices"

	"github.com/dop251/goja"
)

// Key types (CryptoKey.type).
const (
	keySecret  = "secret"
	keyPublic  = "public"
	keyPrivate = "private"
)

// keyUsages are the KeyUsage enumeration values, in the order exports list them.
var keyUsages = []string{"encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits",
	"wrapKey", "unwrapKey"}

// cryptoKey is the Go side of a CryptoKey. The algorithm fields describe the key (its
// [[algorithm]] slot); exactly one group of key material fields is set.
type cryptoKey struct {
	hostSlots
	typ         string
	extractable bool
	usages      []string

	alg        string // algorithm name: "HMAC", "AES-GCM", "ECDSA", ...
	hash       string // HMAC and RSASSA-PKCS1-v1_5: the hash name
	length     int    // HMAC and AES: the key length in bits
	namedCurve string // ECDSA: "P-256", "P-384" or "P-521"

	secret  []byte // HMAC, AES, PBKDF2, HKDF
	ecPriv  *ecdsa.PrivateKey
	ecPub   *ecdsa.PublicKey
	edPriv  ed25519.PrivateKey
	edPub   ed25519.PublicKey
	rsaPriv *rsa.PrivateKey
	rsaPub  *rsa.PublicKey

	// algorithmJS and usagesJS are created on first access and then returned each time,
	// as the spec's cached attributes are.
	algorithmJS, usagesJS *goja.Object
}

// can reports whether the key allows usage.
func (k *cryptoKey) can(usage string) bool { return slices.Contains(k.usages, usage) }

func (api *cryptoAPI) keyClass() hostClass {
	return hostClass{
		name: "CryptoKey",
		members: []hostMember{
			{name: "type", get: func(call goja.FunctionCall) goja.Value {
				return api.vm.ToValue(api.key(call).typ)
			}},
			{name: "extractable", get: func(call goja.FunctionCall) goja.Value {
				return api.vm.ToValue(api.key(call).extractable)
			}},
			{name: "algorithm", get: func(call goja.FunctionCall) goja.Value {
				k := api.key(call)
				if k.algorithmJS == nil {
					k.algorithmJS = api.algorithmObject(k)
				}
				return k.algorithmJS
			}},
			{name: "usages", get: func(call goja.FunctionCall) goja.Value {
				k := api.key(call)
				if k.usagesJS == nil {
					u := make([]any, len(k.usages))
					for i, s := range k.usages {
						u[i] = s
					}
					k.usagesJS = api.vm.NewArray(u...)
				}
				return k.usagesJS
			}},
		},
	}
}

func (api *cryptoAPI) key(call goja.FunctionCall) *cryptoKey {
	return hostThis[*cryptoKey](api.vm, call.This, "CryptoKey")
}

// newKeyObject wraps k for JavaScript.
func (api *cryptoAPI) newKeyObject(k *cryptoKey) *goja.Object {
	return newHostObject(api.vm, k, api.keyProto)
}

// algorithmObject builds the KeyAlgorithm dictionary of k (HmacKeyAlgorithm,
// AesKeyAlgorithm, EcKeyAlgorithm, RsaHashedKeyAlgorithm or plain KeyAlgorithm).
func (api *cryptoAPI) algorithmObject(k *cryptoKey) *goja.Object {
	vm := api.vm
	o := vm.NewObject()
	_ = o.Set("name", k.alg)
	hashObj := func() *goja.Object {
		h := vm.NewObject()
		_ = h.Set("name", k.hash)
		return h
	}
	switch k.alg {
	case "HMAC":
		_ = o.Set("length", k.length)
		_ = o.Set("hash", hashObj())
	case "AES-GCM", "AES-CBC":
		_ = o.Set("length", k.length)
	case "ECDSA":
		_ = o.Set("namedCurve", k.namedCurve)
	case "RSASSA-PKCS1-v1_5":
		pub := k.rsaPub
		_ = o.Set("modulusLength", pub.N.BitLen())
		_ = o.Set("publicExponent", api.buf.newUint8Array(big.NewInt(int64(pub.E)).Bytes()))
		_ = o.Set("hash", hashObj())
	}
	return o
}

// readUsages converts the keyUsages argument: a sequence of KeyUsage strings. A value
// outside the enumeration throws TypeError, as Web IDL does.
func (api *cryptoAPI) readUsages(v goja.Value) []string {
	o, ok := v.(*goja.Object)
	if !ok {
		panicTypeError(api.vm, "keyUsages must be a sequence of strings")
	}
	var out []string
	api.vm.ForOf(o, func(item goja.Value) bool {
		s := item.ToString().String()
		if !slices.Contains(keyUsages, s) {
			panicTypeError(api.vm, "%q is not a valid KeyUsage", s)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
		return true
	})
	return out
}

// checkUsages throws SyntaxError when usages holds a usage outside allowed, as the
// import and generate steps of each algorithm do.
func (api *cryptoAPI) checkUsages(usages []string, allowed ...string) {
	for _, u := range usages {
		if !slices.Contains(allowed, u) {
			throwDOMException(api.vm, "SyntaxError", "the key usage \""+u+
				"\" is not valid for this key")
		}
	}
}

// intersect returns the usages that are in allowed, in canonical order.
func intersect(usages []string, allowed ...string) []string {
	var out []string
	for _, u := range keyUsages {
		if slices.Contains(usages, u) && slices.Contains(allowed, u) {
			out = append(out, u)
		}
	}
	return out
}
