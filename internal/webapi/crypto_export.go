package webapi

import (
	"crypto/x509"
	"encoding/base64"
	"math/big"

	"github.com/dop251/goja"
)

func (api *cryptoAPI) exportKey(call goja.FunctionCall) asyncResult {
	requireArgs(api.vm, call, 2, "SubtleCrypto.exportKey")
	format := api.formatArg(call, 0)
	k := api.keyArg(call, 1)
	if !k.extractable {
		throwDOMException(api.vm, "InvalidAccessError", "the key is not extractable")
	}
	switch format {
	case "jwk":
		return resolved(api.exportJWK(k))
	case "raw":
		return resolved(api.buf.newArrayBuffer(api.exportRaw(k)))
	}
	var der []byte
	var err error
	switch {
	case format == "spki" && k.typ == keyPublic:
		der, err = x509.MarshalPKIXPublicKey(k.publicKey())
	case format == "pkcs8" && k.typ == keyPrivate:
		der, err = x509.MarshalPKCS8PrivateKey(k.privateKey())
	default:
		throwDOMException(api.vm, "InvalidAccessError", "a "+k.typ+" "+k.alg+
			" key does not export as "+format)
	}
	if err != nil {
		throwDOMException(api.vm, "OperationError", "export key: "+err.Error())
	}
	return resolved(api.buf.newArrayBuffer(der))
}

// publicKey and privateKey return the Go key for x509 marshalling.
func (k *cryptoKey) publicKey() any {
	switch {
	case k.ecPub != nil:
		return k.ecPub
	case k.edPub != nil:
		return k.edPub
	}
	return k.rsaPub
}

func (k *cryptoKey) privateKey() any {
	switch {
	case k.ecPriv != nil:
		return k.ecPriv
	case k.edPriv != nil:
		return k.edPriv
	}
	return k.rsaPriv
}

// exportRaw returns the raw form of a secret key or of an EC or Ed25519 public key.
func (api *cryptoAPI) exportRaw(k *cryptoKey) []byte {
	switch {
	case k.typ == keySecret:
		return append([]byte(nil), k.secret...)
	case k.typ == keyPublic && k.ecPub != nil:
		b, err := k.ecPub.Bytes()
		if err != nil {
			throwDOMException(api.vm, "OperationError", "export key: "+err.Error())
		}
		return b
	case k.typ == keyPublic && k.edPub != nil:
		return append([]byte(nil), k.edPub...)
	}
	throwDOMException(api.vm, "InvalidAccessError", "a "+k.typ+" "+k.alg+
		" key does not export as raw")
	return nil
}

// exportJWK builds the JsonWebKey of k.
func (api *cryptoAPI) exportJWK(k *cryptoKey) goja.Value {
	b64 := base64.RawURLEncoding.EncodeToString
	o := api.vm.NewObject()
	set := func(name string, v any) { _ = o.Set(name, v) }
	switch k.alg {
	case "HMAC":
		set("kty", "oct")
		set("k", b64(k.secret))
		set("alg", hmacJWKAlg[k.hash])
	case "AES-GCM", "AES-CBC":
		set("kty", "oct")
		set("k", b64(k.secret))
		set("alg", aesJWKAlg(k.alg, k.length))
	case "ECDSA":
		size := (k.ecPub.Curve.Params().BitSize + 7) / 8
		point, err := k.ecPub.Bytes()
		if err != nil {
			throwDOMException(api.vm, "OperationError", "export key: "+err.Error())
		}
		set("kty", "EC")
		set("crv", k.namedCurve)
		set("x", b64(point[1:1+size]))
		set("y", b64(point[1+size:]))
		if k.ecPriv != nil {
			d, err := k.ecPriv.Bytes()
			if err != nil {
				throwDOMException(api.vm, "OperationError", "export key: "+err.Error())
			}
			set("d", b64(d))
		}
	case "Ed25519":
		set("kty", "OKP")
		set("crv", "Ed25519")
		set("x", b64(k.edPub))
		if k.edPriv != nil {
			set("d", b64(k.edPriv.Seed()))
		}
	case "RSASSA-PKCS1-v1_5":
		set("kty", "RSA")
		set("alg", rsaJWKAlg[k.hash])
		set("n", b64(k.rsaPub.N.Bytes()))
		set("e", b64(big.NewInt(int64(k.rsaPub.E)).Bytes()))
		if p := k.rsaPriv; p != nil && len(p.Primes) != 2 {
			throwDOMException(api.vm, "NotSupportedError", "multi-prime RSA keys do not "+
				"export as jwk")
		} else if p != nil {
			p.Precompute()
			set("d", b64(p.D.Bytes()))
			set("p", b64(p.Primes[0].Bytes()))
			set("q", b64(p.Primes[1].Bytes()))
			set("dp", b64(p.Precomputed.Dp.Bytes()))
			set("dq", b64(p.Precomputed.Dq.Bytes()))
			set("qi", b64(p.Precomputed.Qinv.Bytes()))
		}
	default:
		throwDOMException(api.vm, "NotSupportedError", k.alg+" keys do not export as jwk")
	}
	ops := make([]any, len(k.usages))
	for i, u := range k.usages {
		ops[i] = u
	}
	set("key_ops", api.vm.NewArray(ops...))
	set("ext", k.extractable)
	return o
}
