package webapi

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"time"

	"github.com/dop251/goja"
)

// nowMillis is the current time in milliseconds since the Unix epoch (File's default
// lastModified).
func nowMillis() int64 { return time.Now().UnixMilli() }

// newBoundary returns a fresh multipart boundary.
func newBoundary() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "----PorticoFormBoundary" + hex.EncodeToString(b[:])
}

// crlfLineBreaks replaces lone CR and lone LF with CRLF, as the multipart/form-data
// encoding algorithm does for names and string values.
func crlfLineBreaks(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\r':
			sb.WriteString("\r\n")
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case c == '\n':
			sb.WriteString("\r\n")
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// escapeFormName escapes a name or filename for a Content-Disposition header, as the
// HTML standard does: LF, CR and '"' become %0A, %0D and %22.
var escapeFormName = strings.NewReplacer("\n", "%0A", "\r", "%0D", `"`, "%22").Replace

// multipart serialises fd as multipart/form-data (the HTML standard's encoding
// algorithm, UTF-8) and returns the bytes and the boundary.
func (fd *formData) multipart() ([]byte, string) {
	boundary := newBoundary()
	var buf bytes.Buffer
	for _, e := range fd.entries {
		buf.WriteString("--" + boundary + "\r\n")
		buf.WriteString(`Content-Disposition: form-data; name="`)
		buf.WriteString(escapeFormName(crlfLineBreaks(e.name)))
		buf.WriteByte('"')
		if e.file == nil {
			buf.WriteString("\r\n\r\n")
			buf.WriteString(crlfLineBreaks(e.value))
			buf.WriteString("\r\n")
			continue
		}
		buf.WriteString(`; filename="`)
		buf.WriteString(escapeFormName(e.file.name))
		typ := e.file.typ
		if typ == "" {
			typ = "application/octet-stream"
		}
		buf.WriteString("\"\r\nContent-Type: " + typ + "\r\n\r\n")
		buf.Write(e.file.data)
		buf.WriteString("\r\n")
	}
	buf.WriteString("--" + boundary + "--\r\n")
	return buf.Bytes(), boundary
}

// unescapeFormName undoes escapeFormName, as the Fetch standard's multipart/form-data
// parser does.
var unescapeFormName = strings.NewReplacer("%0A", "\n", "%0D", "\r", "%22", `"`).Replace

// parseFormData is formData() of a body: multipart/form-data or
// application/x-www-form-urlencoded by the Content-Type ct; anything else throws
// TypeError.
func (r *fetchRealm) parseFormData(ct string, data []byte, what string) goja.Value {
	mt, params, ok := contentTypeOf(ct)
	switch {
	case ok && mt == "multipart/form-data":
		entries, err := r.parseMultipart(data, params["boundary"])
		if err != nil {
			panicTypeError(r.vm, "%s: the body is not valid multipart/form-data: %v", what, err)
		}
		return r.newFormDataObject(entries)
	case ok && mt == "application/x-www-form-urlencoded":
		var entries []formEntry
		for _, nv := range parseFormURLEncoded(string(data)) {
			entries = append(entries, formEntry{name: nv.name, value: nv.value})
		}
		return r.newFormDataObject(entries)
	}
	panicTypeError(r.vm, "%s: the Content-Type is neither multipart/form-data nor "+
		"application/x-www-form-urlencoded", what)
	return nil
}

// parseMultipart parses a multipart/form-data body into FormData entries: a part with a
// filename becomes a File (type text/plain when the part has no Content-Type), any
// other part a string (UTF-8, invalid bytes replaced).
func (r *fetchRealm) parseMultipart(data []byte, boundary string) ([]formEntry, error) {
	if boundary == "" {
		return nil, errors.New("no boundary")
	}
	mr := multipart.NewReader(bytes.NewReader(data), boundary)
	var entries []formEntry
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			return entries, nil
		}
		if err != nil {
			return nil, err
		}
		disp, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
		if err != nil || disp != "form-data" {
			return nil, errors.New("a part has no form-data Content-Disposition")
		}
		name, ok := params["name"]
		if !ok {
			return nil, errors.New("a part has no name")
		}
		value, err := io.ReadAll(part)
		if err != nil {
			return nil, err
		}
		e := formEntry{name: unescapeFormName(name)}
		if filename, ok := params["filename"]; ok {
			typ := part.Header.Get("Content-Type")
			if typ == "" {
				typ = "text/plain"
			}
			e.file = &blob{data: value, typ: blobTypeOption(typ), file: true,
				name: unescapeFormName(filename), lastModified: nowMillis()}
			e.fileObj = r.newInstance(r.fileProto, e.file)
		} else {
			e.value = decodeUTF8(value)
		}
		entries = append(entries, e)
	}
}
