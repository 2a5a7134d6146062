package webapi

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"

	"github.com/dop251/goja"
)

// hashBlockBits is the block size of each hash, the default HMAC key length.
var hashBlockBits = map[string]int{"SHA-1": 512, "SHA-256": 512, "SHA-384": 1024,
	"SHA-512": 1024}

func (api *cryptoAPI) generateKey(call goja.FunctionCall) asyncResult {
	requireArgs(api.vm, call, 3, "SubtleCrypto.generateKey")
	p := api.normalize(opGenerateKey, call.Arguments[0])
	extractable := call.Arguments[1].ToBoolean()
	usages := api.readUsages(call.Arguments[2])
	switch p.name {
	case "HMAC", "AES-GCM", "AES-CBC":
		return resolved(api.newKeyObject(api.generateSecret(p, extractable, usages)))
	case "RSASSA-PKCS1-v1_5":
		api.checkUsages(usages, "sign", "verify")
		if !bytes.Equal(bytes.TrimLeft(p.publicExponent, "\x00"), []byte{1, 0, 1}) {
			// Go's RSA key generation always uses 65537.
			throwDOMException(api.vm, "OperationError", "only the public exponent 65537 "+
				"is supported")
		}
		if p.modulusLength < 1024 || p.modulusLength > 8192 {
			throwDOMException(api.vm, "OperationError", "the modulus length must be between "+
				"1024 and 8192 bits")
		}
		// Finding primes takes long enough to keep it off the isolate's goroutine.
		return asyncResult{work: func(context.Context) func() goja.Value {
			priv, err := rsa.GenerateKey(rand.Reader, p.modulusLength)
			return func() goja.Value {
				if err != nil {
					throwDOMException(api.vm, "OperationError", "generate key: "+err.Error())
				}
				return api.keyPair(p, priv, extractable, usages)
			}
		}}
	}
	api.checkUsages(usages, "sign", "verify")
	var priv any
	var err error
	if p.name == "Ed25519" {
		_, priv, err = ed25519.GenerateKey(rand.Reader)
	} else {
		curve, ok := curves[p.namedCurve]
		if !ok {
			throwDOMException(api.vm, "NotSupportedError", "unsupported curve "+p.namedCurve)
		}
		priv, err = ecdsa.GenerateKey(curve, rand.Reader)
	}
	if err != nil {
		throwDOMException(api.vm, "OperationError", "generate key: "+err.Error())
	}
	return resolved(api.keyPair(p, priv, extractable, usages))
}

// generateSecret makes a random HMAC or AES key.
func (api *cryptoAPI) generateSecret(p *algParams, extractable bool,
	usages []string) *cryptoKey {
	k := &cryptoKey{typ: keySecret, alg: p.name, hash: p.hash, extractable: extractable}
	if p.name == "HMAC" {
		api.checkUsages(usages, "sign", "verify")
		k.length = hashBlockBits[p.hash]
		if p.hasLength {
			k.length = p.length
		}
		if k.length == 0 {
			throwDOMException(api.vm, "OperationError", "the HMAC key length is zero")
		}
	} else {
		api.checkUsages(usages, "encrypt", "decrypt", "wrapKey", "unwrapKey")
		if p.length != 128 && p.length != 192 && p.length != 256 {
			throwDOMException(api.vm, "OperationError", "the AES key length must be 128, "+
				"192 or 256")
		}
		k.length = p.length
	}
	if len(usages) == 0 {
		throwDOMException(api.vm, "SyntaxError", "a secret key needs at least one usage")
	}
	k.usages = usages
	k.secret = make([]byte, (k.length+7)/8)
	_, _ = rand.Read(k.secret)
	return k
}

// keyPair wraps a generated private key and its public key as a CryptoKeyPair. The
// public key is always extractable and may only verify; the private key may only sign.
func (api *cryptoAPI) keyPair(p *algParams, priv any, extractable bool,
	usages []string) goja.Value {
	privKey := &cryptoKey{alg: p.name, hash: p.hash, namedCurve: p.namedCurve,
		extractable: extractable, usages: intersect(usages, "sign")}
	if err := privKey.setKey(priv); err != nil {
		throwDOMException(api.vm, "OperationError", "generate key: "+err.Error())
	}
	if len(privKey.usages) == 0 {
		throwDOMException(api.vm, "SyntaxError", "the private key needs the usage \"sign\"")
	}
	pubKey := &cryptoKey{alg: p.name, hash: p.hash, namedCurve: p.namedCurve,
		extractable: true, usages: intersect(usages, "verify")}
	if err := pubKey.setKey(privKey.publicKey()); err != nil {
		throwDOMException(api.vm, "OperationError", "generate key: "+err.Error())
	}
	pair := api.vm.NewObject()
	_ = pair.Set("publicKey", api.newKeyObject(pubKey))
	_ = pair.Set("privateKey", api.newKeyObject(privKey))
	return pair
}
