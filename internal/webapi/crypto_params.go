package webapi

import (
	"crypto"
	"math"
	"strings"

	"github.com/dop251/goja"
)

// algParams is a normalised algorithm: the canonical name and the dictionary members
// that the operation reads, converted
// (https://w3c.github.io/webcrypto/#algorithm-normalization-normalize-an-algorithm).
type algParams struct {
	name string
	hash string // a normalised hash name

	length     int
	hasLength  bool
	namedCurve string

	iv, additionalData []byte
	hasAAD             bool
	tagLength          int

	salt, info []byte
	iterations int

	modulusLength  int
	publicExponent []byte
}

// Operations an algorithm is normalised for.
const (
	opDigest      = "digest"
	opImportKey   = "importKey"
	opGenerateKey = "generateKey"
	opSign        = "sign"
	opEncrypt     = "encrypt"
	opDeriveBits  = "deriveBits"
	opKeyLength   = "get key length"
)

// supportedAlgorithms lists, per operation, the algorithm names that are registered.
// verify, decrypt and deriveKey normalise as sign, encrypt and deriveBits do.
var supportedAlgorithms = map[string][]string{
	// MD5 is not in the Web Crypto spec; Cloudflare Workers accept it for digest.
	opDigest: {"SHA-1", "SHA-256", "SHA-384", "SHA-512", "MD5"},
	opImportKey: {"HMAC", "AES-GCM", "AES-CBC", "ECDSA", "Ed25519", "RSASSA-PKCS1-v1_5",
		"PBKDF2", "HKDF"},
	opGenerateKey: {"HMAC", "AES-GCM", "AES-CBC", "ECDSA", "Ed25519", "RSASSA-PKCS1-v1_5"},
	opSign:        {"HMAC", "ECDSA", "Ed25519", "RSASSA-PKCS1-v1_5"},
	opEncrypt:     {"AES-GCM", "AES-CBC"},
	opDeriveBits:  {"PBKDF2", "HKDF"},
	opKeyLength:   {"HMAC", "AES-GCM", "AES-CBC"},
}

// digestHashes maps the digest names to Go hashes.
var digestHashes = map[string]crypto.Hash{
	"SHA-1": crypto.SHA1, "SHA-256": crypto.SHA256, "SHA-384": crypto.SHA384,
	"SHA-512": crypto.SHA512, "MD5": crypto.MD5,
}

// normalize converts an AlgorithmIdentifier (a string or a dictionary with a name) for
// op. An unknown name throws NotSupportedError; a missing or mistyped member throws
// TypeError.
func (api *cryptoAPI) normalize(op string, v goja.Value) *algParams {
	vm := api.vm
	var o *goja.Object
	if obj, ok := v.(*goja.Object); ok {
		o = obj
		nv := dictMember(o, "name")
		if goja.IsUndefined(nv) {
			panicTypeError(vm, "the algorithm has no name")
		}
		v = nv
	} else {
		o = vm.NewObject()
	}
	name := v.ToString().String()
	p := &algParams{}
	for _, n := range supportedAlgorithms[op] {
		if strings.EqualFold(n, name) {
			p.name = n
		}
	}
	if p.name == "" {
		throwDOMException(vm, "NotSupportedError", "unrecognized or unsupported algorithm \""+
			name+"\" for "+op)
	}
	api.readMembers(op, p, o)
	return p
}

// readMembers reads the dictionary members of p's algorithm for op.
func (api *cryptoAPI) readMembers(op string, p *algParams, o *goja.Object) {
	switch {
	case op == opDigest:
	case p.name == "HMAC" && (op == opImportKey || op == opGenerateKey || op == opKeyLength):
		p.hash = api.hashMember(o)
		p.length, p.hasLength = api.optionalRange(o, "length", math.MaxUint32)
	case strings.HasPrefix(p.name, "AES-") && (op == opGenerateKey || op == opKeyLength):
		p.length = api.requiredRange(o, "length", math.MaxUint16)
		p.hasLength = true
	case p.name == "ECDSA" && (op == opImportKey || op == opGenerateKey):
		p.namedCurve = api.requiredString(o, "namedCurve")
		if _, ok := curves[p.namedCurve]; !ok {
			throwDOMException(api.vm, "NotSupportedError", "unsupported curve "+p.namedCurve)
		}
	case p.name == "ECDSA" && op == opSign:
		p.hash = api.hashMember(o)
	case p.name == "RSASSA-PKCS1-v1_5" && op == opImportKey:
		p.hash = api.hashMember(o)
	case p.name == "RSASSA-PKCS1-v1_5" && op == opGenerateKey:
		p.modulusLength = api.requiredRange(o, "modulusLength", math.MaxUint32)
		p.publicExponent = api.requiredBytes(o, "publicExponent")
		p.hash = api.hashMember(o)
	case op == opEncrypt && p.name == "AES-GCM":
		p.iv = api.requiredBytes(o, "iv")
		if v := dictMember(o, "additionalData"); !goja.IsUndefined(v) {
			p.additionalData, p.hasAAD = api.buf.copyBytes(v, "additionalData"), true
		}
		p.tagLength = 128
		if n, ok := api.optionalRange(o, "tagLength", math.MaxUint8); ok {
			p.tagLength = n
		}
	case op == opEncrypt && p.name == "AES-CBC":
		p.iv = api.requiredBytes(o, "iv")
	case op == opDeriveBits && p.name == "PBKDF2":
		p.salt = api.requiredBytes(o, "salt")
		p.iterations = api.requiredRange(o, "iterations", math.MaxUint32)
		p.hash = api.hashMember(o)
		if p.iterations > maxPBKDF2Iterations {
			// As in workerd: a bound on the CPU one call can take.
			throwDOMException(api.vm, "NotSupportedError", "PBKDF2 iteration counts above "+
				"100000 are not supported")
		}
	case op == opDeriveBits && p.name == "HKDF":
		p.hash = api.hashMember(o)
		p.salt = api.requiredBytes(o, "salt")
		p.info = api.requiredBytes(o, "info")
	}
}

// hashMember reads the required hash member, itself an algorithm to normalise for
// digest. MD5 is accepted only by digest itself.
func (api *cryptoAPI) hashMember(o *goja.Object) string {
	v := dictMember(o, "hash")
	if goja.IsUndefined(v) {
		panicTypeError(api.vm, "the algorithm's hash member is required")
	}
	h := api.normalize(opDigest, v).name
	if h == "MD5" {
		throwDOMException(api.vm, "NotSupportedError", "MD5 is only supported by digest")
	}
	return h
}

func (api *cryptoAPI) requiredString(o *goja.Object, name string) string {
	v := dictMember(o, name)
	if goja.IsUndefined(v) {
		panicTypeError(api.vm, "the algorithm's %s member is required", name)
	}
	return v.ToString().String()
}

func (api *cryptoAPI) requiredBytes(o *goja.Object, name string) []byte {
	v := dictMember(o, name)
	if goja.IsUndefined(v) {
		panicTypeError(api.vm, "the algorithm's %s member is required", name)
	}
	return api.buf.copyBytes(v, name)
}

func (api *cryptoAPI) requiredRange(o *goja.Object, name string, max float64) int {
	n, ok := api.optionalRange(o, name, max)
	if !ok {
		panicTypeError(api.vm, "the algorithm's %s member is required", name)
	}
	return n
}

// optionalRange reads an [EnforceRange] integer member: NaN, infinities and values
// outside 0..max throw TypeError.
func (api *cryptoAPI) optionalRange(o *goja.Object, name string, max float64) (int, bool) {
	v := dictMember(o, name)
	if goja.IsUndefined(v) {
		return 0, false
	}
	f := v.ToFloat()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		panicTypeError(api.vm, "the algorithm's %s member is not a finite number", name)
	}
	f = math.Trunc(f)
	if f < 0 || f > max {
		panicTypeError(api.vm, "the algorithm's %s member is out of range", name)
	}
	return int(f), true
}
