package assets

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
)

var errChanged = errors.New("asset file changed since the manifest was built")

// byteRange is one satisfiable range of a file.
type byteRange struct{ start, length int64 }

func (br byteRange) contentRange(size int64) string {
	return "bytes " + strconv.FormatInt(br.start, 10) + "-" +
		strconv.FormatInt(br.start+br.length-1, 10) + "/" + strconv.FormatInt(size, 10)
}

// parseRange reads a Range header for a file (an extension beyond Cloudflare).
// It returns 206 with the range, 416 when the single range cannot be
// satisfied, or 200 (serve everything) when there is no usable range: no
// header, a malformed one, several ranges, a unit other than bytes, or an
// If-Range that is not the current strong ETag.
func parseRange(header, ifRange string, e *Entry) (byteRange, int) {
	spec, ok := strings.CutPrefix(strings.TrimSpace(header), "bytes=")
	if !ok || strings.Contains(spec, ",") {
		return byteRange{}, http.StatusOK
	}
	if ifRange != "" && ifRange != `"`+e.Hash+`"` {
		return byteRange{}, http.StatusOK
	}
	first, last, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok {
		return byteRange{}, http.StatusOK
	}
	first, last = strings.TrimSpace(first), strings.TrimSpace(last)
	size := e.Size
	if first == "" {
		n, err := parseDigits(last)
		if err != nil {
			return byteRange{}, http.StatusOK
		}
		if n == 0 || size == 0 {
			return byteRange{}, http.StatusRequestedRangeNotSatisfiable
		}
		n = min(n, size)
		return byteRange{size - n, n}, http.StatusPartialContent
	}
	start, err := parseDigits(first)
	if err != nil {
		return byteRange{}, http.StatusOK
	}
	end := size - 1
	if last != "" {
		if end, err = parseDigits(last); err != nil || end < start {
			return byteRange{}, http.StatusOK
		}
		end = min(end, size-1)
	}
	if start >= size {
		return byteRange{}, http.StatusRequestedRangeNotSatisfiable
	}
	return byteRange{start, end - start + 1}, http.StatusPartialContent
}

// parseDigits parses a non-negative decimal of at most 18 digits.
func parseDigits(s string) (int64, error) {
	if s == "" || len(s) > 18 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, errors.New("not a byte position")
	}
	return strconv.ParseInt(s, 10, 64)
}
