package webapi

import (
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"errors"
	"math/big"

	"crypto/aes"
)

// signWith signs data with k; the key's algorithm and usage were checked.
func signWith(p *algParams, k *cryptoKey, data []byte) ([]byte, error) {
	switch p.name {
	case "HMAC":
		m := hmac.New(digestHashes[k.hash].New, k.secret)
		m.Write(data)
		return m.Sum(nil), nil
	case "ECDSA":
		// The signature is r and s as fixed-size big-endian integers (IEEE P1363), not
		// the ASN.1 form Go's SignASN1 makes.
		r, s, err := ecdsa.Sign(rand.Reader, k.ecPriv, digestOf(p.hash, data))
		if err != nil {
			return nil, err
		}
		size := (k.ecPriv.Curve.Params().BitSize + 7) / 8
		sig := make([]byte, 2*size)
		r.FillBytes(sig[:size])
		s.FillBytes(sig[size:])
		return sig, nil
	case "Ed25519":
		return ed25519.Sign(k.edPriv, data), nil
	case "RSASSA-PKCS1-v1_5":
		return rsa.SignPKCS1v15(nil, k.rsaPriv, digestHashes[k.hash], digestOf(k.hash, data))
	}
	return nil, errors.New("unsupported algorithm")
}

// verifyWith reports whether sig is a valid signature of data by k.
func verifyWith(p *algParams, k *cryptoKey, sig, data []byte) bool {
	switch p.name {
	case "HMAC":
		m := hmac.New(digestHashes[k.hash].New, k.secret)
		m.Write(data)
		return hmac.Equal(m.Sum(nil), sig)
	case "ECDSA":
		size := (k.ecPub.Curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return false
		}
		r := new(big.Int).SetBytes(sig[:size])
		s := new(big.Int).SetBytes(sig[size:])
		return ecdsa.Verify(k.ecPub, digestOf(p.hash, data), r, s)
	case "Ed25519":
		return len(sig) == ed25519.SignatureSize && ed25519.Verify(k.edPub, data, sig)
	case "RSASSA-PKCS1-v1_5":
		return rsa.VerifyPKCS1v15(k.rsaPub, digestHashes[k.hash], digestOf(k.hash, data), sig) == nil
	}
	return false
}

func digestOf(hash string, data []byte) []byte {
	h := digestHashes[hash].New()
	h.Write(data)
	return h.Sum(nil)
}

// aesCrypt encrypts (enc set) or decrypts data with an AES key.
func aesCrypt(p *algParams, k *cryptoKey, data []byte, enc bool) ([]byte, error) {
	block, err := aes.NewCipher(k.secret)
	if err != nil {
		return nil, err
	}
	if p.name == "AES-CBC" {
		return aesCBC(block, p.iv, data, enc)
	}
	return aesGCM(block, p, data, enc)
}

// aesGCM is AES-GCM with any iv length and any tag length the spec allows. Go's GCM
// makes 128-bit tags with any nonce size; a shorter tag is the full tag cut short
// (NIST SP 800-38D), so decryption with one recomputes the full tag from the plaintext,
// which is the ciphertext xor the keystream (the sealing of zeros), and compares its
// prefix in constant time before releasing anything.
func aesGCM(block cipher.Block, p *algParams, data []byte, enc bool) ([]byte, error) {
	switch p.tagLength {
	case 32, 64, 96, 104, 112, 120, 128:
	default:
		return nil, errors.New("tagLength must be 32, 64, 96, 104, 112, 120 or 128")
	}
	if len(p.iv) == 0 {
		return nil, errors.New("the iv is empty")
	}
	aead, err := cipher.NewGCMWithNonceSize(block, len(p.iv))
	if err != nil {
		return nil, err
	}
	tag, full := p.tagLength/8, aead.Overhead()
	if enc {
		out := aead.Seal(nil, p.iv, data, p.additionalData)
		return out[:len(out)-full+tag], nil
	}
	if len(data) < tag {
		return nil, errors.New("the data is shorter than the tag")
	}
	errAuth := errors.New("the data could not be authenticated")
	if tag == full {
		out, err := aead.Open(nil, p.iv, data, p.additionalData)
		if err != nil {
			return nil, errAuth
		}
		return out, nil
	}
	ct, got := data[:len(data)-tag], data[len(data)-tag:]
	pt := aead.Seal(nil, p.iv, make([]byte, len(ct)), nil)[:len(ct)]
	subtle.XORBytes(pt, pt, ct)
	sealed := aead.Seal(nil, p.iv, pt, p.additionalData)
	if subtle.ConstantTimeCompare(sealed[len(ct):len(ct)+tag], got) != 1 {
		clear(pt)
		return nil, errAuth
	}
	return pt, nil
}

// aesCBC is AES-CBC with PKCS #7 padding.
func aesCBC(block cipher.Block, iv, data []byte, enc bool) ([]byte, error) {
	if len(iv) != aes.BlockSize {
		return nil, errors.New("the iv must be 16 bytes")
	}
	if enc {
		pad := aes.BlockSize - len(data)%aes.BlockSize
		out := make([]byte, len(data)+pad)
		copy(out, data)
		for i := len(data); i < len(out); i++ {
			out[i] = byte(pad)
		}
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, out)
		return out, nil
	}
	if len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, errors.New("the data is not a whole number of blocks")
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > aes.BlockSize {
		return nil, errors.New("bad padding")
	}
	for _, c := range out[len(out)-pad:] {
		if int(c) != pad {
			return nil, errors.New("bad padding")
		}
	}
	return out[:len(out)-pad], nil
}
