package assets

import "strings"

// To refresh the table: npm pack mime@4, unpack it, set MIME_DIR to its
// dist/types and run go generate.
//go:generate sh -c "go run mimegen.go 4.1.2 $MIME_DIR/*.js > mimetable.go && gofmt -w mimetable.go"

// ContentType returns the Content-Type an asset at urlPath is served with, or ""
// when its extension is unknown (Cloudflare then sends no Content-Type). It
// follows the npm mime package Cloudflare uses at upload: the extension is what
// follows the last dot of the last segment, a name that is only an extension
// (".html", "html") has none, and text/* types get "; charset=utf-8". The table
// is built in (mimetable.go), so the answer never depends on the machine's
// /etc/mime.types as Go's mime package would.
func ContentType(urlPath string) string {
	name := urlPath[strings.LastIndexAny(urlPath, `/\`)+1:]
	dot := strings.LastIndexByte(name, '.')
	if dot <= 0 || dot == len(name)-1 {
		return ""
	}
	typ := mimeTypes[strings.ToLower(name[dot+1:])]
	if strings.HasPrefix(typ, "text/") {
		typ += "; charset=utf-8"
	}
	return typ
}

// compressible reports whether a content type is worth compressing.
func compressible(ct string) bool {
	ct, _, _ = strings.Cut(ct, ";")
	switch {
	case strings.HasPrefix(ct, "text/"):
		return true
	case strings.HasSuffix(ct, "+json"), strings.HasSuffix(ct, "+xml"):
		return true
	}
	switch ct {
	case "application/javascript", "application/json", "application/xml",
		"application/wasm", "application/manifest+json", "image/svg+xml",
		"image/x-icon", "image/vnd.microsoft.icon", "font/ttf", "font/otf",
		"application/vnd.ms-fontobject", "application/x-font-ttf":
		return true
	}
	return false
}
