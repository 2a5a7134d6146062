package assets

import (
	"strings"
	"unicode/utf8"
)

// normalizePath turns the raw path of a request into the pathname a WHATWG URL
// parser gives for an http(s) URL, which is what Cloudflare's asset worker
// sees: backslashes are separators, "." and ".." segments (also spelt %2e) are
// resolved, and bytes outside the path's allowed set are percent-encoded.
// Percent-escapes already present are kept as they are.
func normalizePath(raw string) string {
	if raw == "" {
		return "/"
	}
	var out []string
	start := 0
	if raw[0] == '/' || raw[0] == '\\' {
		start = 1
	}
	s := raw[start:]
	for {
		i := strings.IndexAny(s, `/\`)
		seg := s
		if i >= 0 {
			seg = s[:i]
		}
		last := i < 0
		switch {
		case isDotDot(seg):
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		case isDot(seg):
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, escapePathSegment(seg))
		}
		if last {
			break
		}
		s = s[i+1:]
	}
	return "/" + strings.Join(out, "/")
}

func isDot(s string) bool { return s == "." || strings.EqualFold(s, "%2e") }

func isDotDot(s string) bool {
	switch strings.ToLower(s) {
	case "..", ".%2e", "%2e.", "%2e%2e":
		return true
	}
	return false
}

// escapePathSegment percent-encodes the bytes of the WHATWG path percent-encode
// set: controls, space, '"', '#', '<', '>', '?', '`', '{', '}' and non-ASCII.
func escapePathSegment(s string) string {
	const hex = "0123456789ABCDEF"
	need := false
	for i := 0; i < len(s); i++ {
		if pathEscaped(s[i]) {
			need = true
			break
		}
	}
	if !need {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if pathEscaped(c) {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func pathEscaped(c byte) bool {
	return c <= 0x20 || c >= 0x7f || strings.IndexByte("\"#<>?`{}", c) >= 0
}

// decodePath decodes each "/"-separated segment as JavaScript's
// decodeURIComponent would (a segment that fails, such as "%A0" or overlong
// UTF-8, is kept raw), re-joins them and collapses runs of "/", so "%2F" inside
// a segment becomes a separator.
func decodePath(p string) string {
	if !strings.Contains(p, "%") && !strings.Contains(p, "//") {
		return p
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = decodeComponent(s)
	}
	return slashRun.ReplaceAllString(strings.Join(segs, "/"), "/")
}

// decodeComponent is decodeURIComponent, returning s itself on failure.
func decodeComponent(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) || unhex(s[i+1]) < 0 || unhex(s[i+2]) < 0 {
			return s
		}
		b = append(b, byte(unhex(s[i+1])<<4|unhex(s[i+2])))
		i += 2
	}
	if !utf8.Valid(b) {
		return s
	}
	return string(b)
}

func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// encodePath encodes each segment as JavaScript's encodeURIComponent: every byte
// except A-Z a-z 0-9 - _ . ! ~ * ' ( ) is percent-encoded.
func encodePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '/' || componentSafe(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func componentSafe(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("-_.!~*'()", c) >= 0
}
