package webapi

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/dop251/goja"
)

// jwkData is a JsonWebKey dictionary (RFC 7517) as importKey reads it.
type jwkData struct {
	Kty, Use, Alg, Crv              string
	K, X, Y, D, N, E                string
	P, Q, DP, DQ, QI                string
	KeyOps                          []string
	Ext, HasExt, HasKeyOps, Private bool
}

// JWK "alg" values per hash.
var (
	hmacJWKAlg = map[string]string{"SHA-1": "HS1", "SHA-256": "HS256", "SHA-384": "HS384",
		"SHA-512": "HS512"}
	rsaJWKAlg = map[string]string{"SHA-1": "RS1", "SHA-256": "RS256", "SHA-384": "RS384",
		"SHA-512": "RS512"}
	ecJWKAlg = map[string]string{"P-256": "ES256", "P-384": "ES384", "P-521": "ES512"}
)

func aesJWKAlg(name string, bits int) string {
	return "A" + strconv.Itoa(bits) + strings.TrimPrefix(name, "AES-")
}

// readJWK converts the keyData argument of a jwk import.
func (api *cryptoAPI) readJWK(v goja.Value) *jwkData {
	o, ok := v.(*goja.Object)
	if !ok {
		panicTypeError(api.vm, "a JWK must be an object")
	}
	str := func(name string) string {
		if m := dictMember(o, name); !goja.IsUndefined(m) {
			return m.ToString().String()
		}
		return ""
	}
	j := &jwkData{Kty: str("kty"), Use: str("use"), Alg: str("alg"), Crv: str("crv"),
		K: str("k"), X: str("x"), Y: str("y"), D: str("d"), N: str("n"), E: str("e"),
		P: str("p"), Q: str("q"), DP: str("dp"), DQ: str("dq"), QI: str("qi")}
	if m := dictMember(o, "ext"); !goja.IsUndefined(m) {
		j.Ext, j.HasExt = m.ToBoolean(), true
	}
	if m := dictMember(o, "key_ops"); !goja.IsUndefined(m) {
		j.KeyOps, j.HasKeyOps = api.readStrings(m), true
	}
	if j.Kty == "" {
		panicTypeError(api.vm, "a JWK needs a kty member")
	}
	j.Private = j.D != ""
	return j
}

func (api *cryptoAPI) readStrings(v goja.Value) []string {
	o, ok := v.(*goja.Object)
	if !ok {
		panicTypeError(api.vm, "key_ops must be a sequence of strings")
	}
	var out []string
	api.vm.ForOf(o, func(item goja.Value) bool {
		out = append(out, item.ToString().String())
		return true
	})
	return out
}

// checkJWK runs the checks that every algorithm's JWK import makes: use, key_ops and
// ext must agree with the requested usages and extractability.
func (api *cryptoAPI) checkJWK(j *jwkData, extractable bool, usages []string, enc bool) {
	want := "sig"
	if enc {
		want = "enc"
	}
	if j.Use != "" && len(usages) > 0 && j.Use != want {
		throwDOMException(api.vm, "DataError", "the JWK use is not \""+want+"\"")
	}
	if j.HasKeyOps {
		for _, u := range usages {
			if !slices.Contains(j.KeyOps, u) {
				throwDOMException(api.vm, "DataError", "the JWK key_ops do not allow "+u)
			}
		}
	}
	if j.HasExt && !j.Ext && extractable {
		throwDOMException(api.vm, "DataError", "the JWK is not extractable")
	}
}

// b64url decodes a base64url JWK member (no padding, as RFC 7518 requires).
func (api *cryptoAPI) b64url(s, member string) []byte {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		throwDOMException(api.vm, "DataError", "the JWK member "+member+" is not base64url")
	}
	return b
}

// jwkSecret returns the key bytes of an "oct" JWK after checking alg when wantAlg is set.
func (api *cryptoAPI) jwkSecret(j *jwkData, wantAlg string) []byte {
	if j.Kty != "oct" {
		throwDOMException(api.vm, "DataError", "the JWK kty must be \"oct\"")
	}
	if j.K == "" {
		throwDOMException(api.vm, "DataError", "the JWK has no k member")
	}
	if wantAlg != "" && j.Alg != "" && j.Alg != wantAlg {
		throwDOMException(api.vm, "DataError", "the JWK alg must be "+wantAlg)
	}
	return api.b64url(j.K, "k")
}

// importAsymmetricJWK reads an EC, OKP or RSA JWK into k.
func (api *cryptoAPI) importAsymmetricJWK(k *cryptoKey, j *jwkData) {
	var key any
	var err error
	switch k.alg {
	case "ECDSA":
		if j.Kty != "EC" || j.Crv != k.namedCurve {
			throwDOMException(api.vm, "DataError", "the JWK is not an EC key on "+k.namedCurve)
		}
		if j.Alg != "" && j.Alg != ecJWKAlg[k.namedCurve] {
			throwDOMException(api.vm, "DataError", "the JWK alg does not match the curve")
		}
		key, err = api.ecFromJWK(k.namedCurve, j)
	case "Ed25519":
		if j.Kty != "OKP" || j.Crv != "Ed25519" {
			throwDOMException(api.vm, "DataError", "the JWK is not an Ed25519 OKP key")
		}
		if j.Alg != "" && j.Alg != "Ed25519" && j.Alg != "EdDSA" {
			throwDOMException(api.vm, "DataError", "the JWK alg must be Ed25519 or EdDSA")
		}
		key, err = api.edFromJWK(j)
	case "RSASSA-PKCS1-v1_5":
		if j.Kty != "RSA" {
			throwDOMException(api.vm, "DataError", "the JWK kty must be \"RSA\"")
		}
		if j.Alg != "" && j.Alg != rsaJWKAlg[k.hash] {
			throwDOMException(api.vm, "DataError", "the JWK alg must be "+rsaJWKAlg[k.hash])
		}
		key, err = api.rsaFromJWK(j)
	}
	if err == nil {
		err = k.setKey(key)
	}
	if err != nil {
		throwDOMException(api.vm, "DataError", "import JWK: "+err.Error())
	}
}

func (api *cryptoAPI) ecFromJWK(crv string, j *jwkData) (any, error) {
	size := (curves[crv].Params().BitSize + 7) / 8
	x, y := api.b64url(j.X, "x"), api.b64url(j.Y, "y")
	if len(x) != size || len(y) != size {
		return nil, errKeyMismatch("the coordinates have the wrong length")
	}
	point := append(append([]byte{4}, x...), y...)
	pub, err := ecdsa.ParseUncompressedPublicKey(curves[crv], point)
	if err != nil || !j.Private {
		return pub, err
	}
	priv, err := ecdsa.ParseRawPrivateKey(curves[crv], api.b64url(j.D, "d"))
	if err != nil {
		return nil, err
	}
	if !priv.PublicKey.Equal(pub) {
		return nil, errKeyMismatch("d does not match x and y")
	}
	return priv, nil
}

func (api *cryptoAPI) edFromJWK(j *jwkData) (any, error) {
	x := api.b64url(j.X, "x")
	if len(x) != ed25519.PublicKeySize {
		return nil, errKeyMismatch("x must be 32 bytes")
	}
	if !j.Private {
		return ed25519.PublicKey(x), nil
	}
	d := api.b64url(j.D, "d")
	if len(d) != ed25519.SeedSize {
		return nil, errKeyMismatch("d must be 32 bytes")
	}
	priv := ed25519.NewKeyFromSeed(d)
	if !priv.Public().(ed25519.PublicKey).Equal(ed25519.PublicKey(x)) {
		return nil, errKeyMismatch("d does not match x")
	}
	return priv, nil
}

func (api *cryptoAPI) rsaFromJWK(j *jwkData) (any, error) {
	num := func(s, member string) *big.Int { return new(big.Int).SetBytes(api.b64url(s, member)) }
	e := num(j.E, "e")
	if !e.IsInt64() || e.Int64() > 1<<31-1 || e.Int64() < 3 {
		return nil, errKeyMismatch("unsupported public exponent")
	}
	pub := rsa.PublicKey{N: num(j.N, "n"), E: int(e.Int64())}
	if pub.N.BitLen() < 1024 {
		return nil, errKeyMismatch("the modulus is missing or shorter than 1024 bits")
	}
	if !j.Private {
		return &pub, nil
	}
	if j.P == "" || j.Q == "" {
		return nil, errKeyMismatch("private RSA JWKs without p and q are not supported")
	}
	priv := &rsa.PrivateKey{PublicKey: pub, D: num(j.D, "d"),
		Primes: []*big.Int{num(j.P, "p"), num(j.Q, "q")}}
	if err := priv.Validate(); err != nil {
		return nil, err
	}
	priv.Precompute()
	return priv, nil
}
