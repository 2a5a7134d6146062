package assets

import (
	"io"
	"net/http"
	"os"
)

// ServeHTTP writes the response of [Layer.Fetch] to w. When the body is the
// asset's file (or a range of it) it goes to w's ReadFrom, so a plain
// connection copies it with sendfile. Without a Content-Type (unknown
// extension) none is sent: net/http's sniffing is switched off.
func (l *Layer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	resp, err := l.Fetch(r.Context(), r)
	if err != nil {
		return // the client went away
	}
	WriteResponse(w, resp)
}

// WriteResponse writes resp (status, headers, body) to w and closes the body.
// A body that is an *os.File, or a range of one from [Layer.Fetch], is copied
// by the kernel (sendfile) when w is a plain net/http connection; a plain
// io.Copy of such a body does the same.
func WriteResponse(w http.ResponseWriter, resp *http.Response) {
	defer resp.Body.Close()
	h := w.Header()
	for k, v := range resp.Header {
		h[k] = v
	}
	if _, ok := h["Content-Type"]; !ok {
		h["Content-Type"] = nil
	}
	w.WriteHeader(resp.StatusCode)
	if resp.Body == http.NoBody || (resp.Request != nil && resp.Request.Method == http.MethodHead) {
		return
	}
	// The file, or a range of it (rangeBody.WriteTo), reaches w's ReadFrom,
	// which a connection turns into sendfile.
	if f, ok := resp.Body.(*os.File); ok {
		if rf, ok := w.(io.ReaderFrom); ok {
			rf.ReadFrom(f)
			return
		}
	}
	io.Copy(w, resp.Body)
}
