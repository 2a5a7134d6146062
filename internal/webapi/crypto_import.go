package webapi

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"slices"

	"github.com/dop251/goja"
)

// keyFormats is the KeyFormat enumeration.
var keyFormats = []string{"raw", "spki", "pkcs8", "jwk"}

// curves maps the NamedCurve values to Go curves.
var curves = map[string]elliptic.Curve{
	"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521(),
}

// formatArg converts argument i to a KeyFormat or throws TypeError.
func (api *cryptoAPI) formatArg(call goja.FunctionCall, i int) string {
	f := argOrUndefined(call, i).ToString().String()
	if !slices.Contains(keyFormats, f) {
		panicTypeError(api.vm, "%q is not a valid KeyFormat", f)
	}
	return f
}

func (api *cryptoAPI) importKey(call goja.FunctionCall) asyncResult {
	requireArgs(api.vm, call, 5, "SubtleCrypto.importKey")
	format := api.formatArg(call, 0)
	var data []byte
	var jwk *jwkData
	if format == "jwk" {
		jwk = api.readJWK(call.Arguments[1])
	} else {
		data = api.buf.copyBytes(call.Arguments[1], "keyData")
	}
	p := api.normalize(opImportKey, call.Arguments[2])
	extractable := call.Arguments[3].ToBoolean()
	usages := api.readUsages(call.Arguments[4])
	k := api.importAs(p, format, data, jwk, extractable, usages)
	return resolved(api.newKeyObject(k))
}

// importAs runs the import steps of p's algorithm and the checks common to all.
func (api *cryptoAPI) importAs(p *algParams, format string, data []byte, jwk *jwkData,
	extractable bool, usages []string) *cryptoKey {
	if jwk != nil {
		api.checkJWK(jwk, extractable, usages, p.name == "AES-GCM" || p.name == "AES-CBC")
	}
	var k *cryptoKey
	switch p.name {
	case "HMAC":
		api.checkUsages(usages, "sign", "verify")
		k = api.importHMAC(p, format, data, jwk)
	case "AES-GCM", "AES-CBC":
		api.checkUsages(usages, "encrypt", "decrypt", "wrapKey", "unwrapKey")
		k = api.importAES(p, format, data, jwk)
	case "PBKDF2", "HKDF":
		if format != "raw" {
			throwDOMException(api.vm, "NotSupportedError", p.name+" keys import only as raw")
		}
		if extractable {
			throwDOMException(api.vm, "SyntaxError", p.name+" keys cannot be extractable")
		}
		api.checkUsages(usages, "deriveKey", "deriveBits")
		k = &cryptoKey{typ: keySecret, alg: p.name, secret: data}
	default:
		k = api.importAsymmetric(p, format, data, jwk)
		if k.typ == keyPublic {
			api.checkUsages(usages, "verify")
		} else {
			api.checkUsages(usages, "sign")
		}
	}
	if k.typ != keyPublic && len(usages) == 0 {
		throwDOMException(api.vm, "SyntaxError", "a "+k.typ+" key needs at least one usage")
	}
	k.extractable, k.usages = extractable, usages
	return k
}

func (api *cryptoAPI) importHMAC(p *algParams, format string, data []byte,
	jwk *jwkData) *cryptoKey {
	switch format {
	case "raw":
	case "jwk":
		data = api.jwkSecret(jwk, hmacJWKAlg[p.hash])
	default:
		throwDOMException(api.vm, "NotSupportedError", "HMAC keys import as raw or jwk")
	}
	bits := len(data) * 8
	if bits == 0 {
		throwDOMException(api.vm, "DataError", "the HMAC key is empty")
	}
	if p.hasLength {
		if p.length > bits || p.length <= bits-8 {
			throwDOMException(api.vm, "DataError", "the length does not match the key data")
		}
		bits = p.length
	}
	return &cryptoKey{typ: keySecret, alg: "HMAC", hash: p.hash, length: bits, secret: data}
}

func (api *cryptoAPI) importAES(p *algParams, format string, data []byte,
	jwk *jwkData) *cryptoKey {
	switch format {
	case "raw":
	case "jwk":
		data = api.jwkSecret(jwk, "")
		if jwk.Alg != "" && jwk.Alg != aesJWKAlg(p.name, len(data)*8) {
			throwDOMException(api.vm, "DataError", "the JWK alg does not match the key")
		}
	default:
		throwDOMException(api.vm, "NotSupportedError", p.name+" keys import as raw or jwk")
	}
	switch len(data) {
	case 16, 24, 32:
	default:
		throwDOMException(api.vm, "DataError", "an AES key must be 128, 192 or 256 bits long")
	}
	return &cryptoKey{typ: keySecret, alg: p.name, length: len(data) * 8, secret: data}
}

// importAsymmetric imports an ECDSA, Ed25519 or RSASSA-PKCS1-v1_5 key.
func (api *cryptoAPI) importAsymmetric(p *algParams, format string, data []byte,
	jwk *jwkData) *cryptoKey {
	k := &cryptoKey{alg: p.name, hash: p.hash, namedCurve: p.namedCurve}
	var err error
	switch format {
	case "raw":
		err = api.importRawPublic(k, data)
	case "spki":
		var pub any
		if pub, err = x509.ParsePKIXPublicKey(data); err == nil {
			err = k.setKey(pub)
		}
	case "pkcs8":
		var priv any
		if priv, err = x509.ParsePKCS8PrivateKey(data); err == nil {
			err = k.setKey(priv)
		}
	case "jwk":
		api.importAsymmetricJWK(k, jwk)
	}
	if err != nil {
		throwDOMException(api.vm, "DataError", "import "+p.name+" key: "+err.Error())
	}
	return k
}

// importRawPublic reads a raw public key: an uncompressed EC point or 32 Ed25519 bytes.
func (api *cryptoAPI) importRawPublic(k *cryptoKey, data []byte) error {
	switch k.alg {
	case "ECDSA":
		curve, ok := curves[k.namedCurve]
		if !ok {
			throwDOMException(api.vm, "NotSupportedError", "unsupported curve "+k.namedCurve)
		}
		pub, err := ecdsa.ParseUncompressedPublicKey(curve, data)
		if err != nil {
			return err
		}
		return k.setKey(pub)
	case "Ed25519":
		if len(data) != ed25519.PublicKeySize {
			throwDOMException(api.vm, "DataError", "an Ed25519 public key is 32 bytes")
		}
		return k.setKey(ed25519.PublicKey(data))
	}
	throwDOMException(api.vm, "NotSupportedError", k.alg+" keys do not import as raw")
	return nil
}

// errKeyMismatch reports key material that does not fit the algorithm asked for.
type errKeyMismatch string

func (e errKeyMismatch) Error() string { return string(e) }

// setKey stores parsed key material in k after checking it fits k's algorithm (and
// curve), and sets the key type.
func (k *cryptoKey) setKey(key any) error {
	switch key := key.(type) {
	case *ecdsa.PublicKey, *ecdsa.PrivateKey:
		if k.alg != "ECDSA" {
			return errKeyMismatch("the key is an EC key, not " + k.alg)
		}
		var pub *ecdsa.PublicKey
		if priv, ok := key.(*ecdsa.PrivateKey); ok {
			k.typ, k.ecPriv, pub = keyPrivate, priv, &priv.PublicKey
		} else {
			k.typ, pub = keyPublic, key.(*ecdsa.PublicKey)
		}
		if pub.Curve.Params().Name != k.namedCurve {
			return errKeyMismatch("the key's curve is " + pub.Curve.Params().Name)
		}
		k.ecPub = pub
	case ed25519.PublicKey:
		k.typ, k.edPub = keyPublic, key
	case ed25519.PrivateKey:
		k.typ, k.edPriv, k.edPub = keyPrivate, key, key.Public().(ed25519.PublicKey)
	case *rsa.PublicKey:
		k.typ, k.rsaPub = keyPublic, key
	case *rsa.PrivateKey:
		k.typ, k.rsaPriv, k.rsaPub = keyPrivate, key, &key.PublicKey
	default:
		return errKeyMismatch("unsupported key type")
	}
	if (k.edPub != nil) != (k.alg == "Ed25519") || (k.rsaPub != nil) != (k.alg ==
		"RSASSA-PKCS1-v1_5") {
		return errKeyMismatch("the key does not fit " + k.alg)
	}
	return nil
}
