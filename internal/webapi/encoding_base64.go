package webapi

import (
	"encoding/base64"
	"strings"

	"github.com/dop251/goja"
)

// atob decodes forgiving-base64 (https://infra.spec.whatwg.org/#forgiving-base64-decode)
// into a binary string, one code unit per byte. Bad input throws an
// InvalidCharacterError DOMException.
func (api *encodingAPI) atob(call goja.FunctionCall) goja.Value {
	requireArgs(api.vm, call, 1, "atob")
	b, ok := forgivingBase64Decode(call.Arguments[0].ToString().String())
	if !ok {
		throwDOMException(api.vm, "InvalidCharacterError",
			"atob: the string to be decoded is not correctly encoded")
	}
	var sb strings.Builder
	sb.Grow(len(b) * 2)
	for _, c := range b {
		sb.WriteRune(rune(c)) // Latin-1: byte n is code point n
	}
	return api.vm.ToValue(sb.String())
}

// forgivingBase64Decode implements the Infra standard's forgiving-base64 decode.
func forgivingBase64Decode(s string) ([]byte, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\f', '\r', ' ':
			return -1
		}
		return r
	}, s)
	if len(s)%4 == 0 {
		s = strings.TrimSuffix(s, "=")
		s = strings.TrimSuffix(s, "=")
	}
	if len(s)%4 == 1 {
		return nil, false
	}
	// RawStdEncoding rejects '=' and any byte outside the alphabet, and ignores
	// non-zero padding bits as the standard says to (it is not Strict). It would skip
	// '\r' and '\n', which are gone already.
	b, err := base64.RawStdEncoding.DecodeString(s)
	return b, err == nil
}

// btoa encodes a binary string: each code unit must be at most U+00FF, or it throws an
// InvalidCharacterError DOMException.
func (api *encodingAPI) btoa(call goja.FunctionCall) goja.Value {
	requireArgs(api.vm, call, 1, "btoa")
	s := call.Arguments[0].ToString().String()
	b := make([]byte, 0, len(s))
	for _, r := range s {
		// A lone surrogate reads as U+FFFD here, which is rejected as it should be.
		if r > 0xFF {
			throwDOMException(api.vm, "InvalidCharacterError",
				"btoa: the string to be encoded contains characters outside of the Latin1 range")
		}
		b = append(b, byte(r))
	}
	return api.vm.ToValue(base64.StdEncoding.EncodeToString(b))
}
