package pipeline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
)

// defaultMaxReplay bounds the request body a middleware invocation keeps for
// pass-through (see replayable).
const defaultMaxReplay = 8 << 20

// replay keeps what a middleware invocation read of its request body, so that on a
// throw with passThroughOnException the original request can still go to ORIGIN: the
// bytes read so far, followed by the part nobody read. Requests without a body need
// nothing and get no replay. The copy lives only as long as the invocation: unless
// the middleware asked for pass-through and threw, it is dropped.
type replay struct {
	req *http.Request // the original request
	src io.ReadCloser // its body

	// mu guards the fields below: a body may be read on one goroutine and closed on
	// another.
	mu       sync.Mutex
	buf      bytes.Buffer
	max      int
	overflow bool // more than max bytes were read: no replay
}

// replayable returns the request the middleware gets (r, with a recording body when it
// has one) and the replay that can give back the original.
func replayable(r *http.Request, max int) (*http.Request, *replay) {
	rec := &replay{req: r, src: r.Body, max: max}
	if r.Body == nil || r.Body == http.NoBody {
		return r, rec
	}
	r2 := r.Clone(r.Context())
	r2.Body = &recordingBody{rec: rec}
	return r2, rec
}

// original returns a request equal to the one the middleware got, with its whole body.
func (rec *replay) original() (*http.Request, error) {
	if rec.src == nil || rec.src == http.NoBody {
		return rec.req, nil
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.overflow {
		return nil, fmt.Errorf("the request body read before the exception was over %d bytes",
			rec.max)
	}
	r := rec.req.Clone(rec.req.Context())
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(rec.buf.Bytes()), rec.src), rec.src}
	return r, nil
}

// recordingBody is the middleware's view of the request body.
type recordingBody struct {
	rec    *replay
	closed atomic.Bool
}

var errBodyClosed = errors.New("read on a closed request body")

func (b *recordingBody) Read(p []byte) (int, error) {
	if b.closed.Load() {
		return 0, errBodyClosed
	}
	n, err := b.rec.src.Read(p)
	if n > 0 {
		rec := b.rec
		rec.mu.Lock()
		if !rec.overflow {
			if rec.buf.Len()+n > rec.max {
				rec.overflow = true
				rec.buf = bytes.Buffer{}
			} else {
				rec.buf.Write(p[:n])
			}
		}
		rec.mu.Unlock()
	}
	return n, err
}

// Close ends the middleware's reading; the server's body itself stays open for a
// replay, and the server closes it when the request ends.
func (b *recordingBody) Close() error {
	b.closed.Store(true)
	return nil
}

// bodyOf is a body holding s.
func bodyOf(s string) io.ReadCloser {
	if s == "" {
		return http.NoBody
	}
	return io.NopCloser(strings.NewReader(s))
}
