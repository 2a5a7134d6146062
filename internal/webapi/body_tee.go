package webapi

import (
	"io"
	"sync"
)

// tee splits one Go stream into two branches that each read all of it: what one branch
// has read and the other has not is kept in memory, as a ReadableStream's tee does. The
// source is closed once both branches are.
type tee struct {
	// mu guards every field below; a read from the source happens with it held, so the
	// branches see the bytes in order.
	mu     sync.Mutex
	src    io.ReadCloser
	buf    []byte // bytes from offset start on that a branch has yet to read
	start  int64
	err    error // the source's error (io.EOF at the end), once seen
	pos    [2]int64
	closed [2]bool
}

func newTee(src io.ReadCloser) *tee { return &tee{src: src} }

// branch returns branch i (0 or 1).
func (t *tee) branch(i int) io.ReadCloser { return &teeBranch{t: t, i: i} }

type teeBranch struct {
	t *tee
	i int
}

func (b *teeBranch) Read(p []byte) (int, error) {
	t := b.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed[b.i] {
		return 0, io.ErrClosedPipe
	}
	end := t.start + int64(len(t.buf))
	if t.pos[b.i] == end {
		if t.err != nil {
			return 0, t.err
		}
		if len(p) == 0 {
			return 0, nil
		}
		chunk := make([]byte, len(p))
		n, err := t.src.Read(chunk)
		t.buf = append(t.buf, chunk[:n]...)
		if err != nil {
			t.err = err
		}
		if n == 0 {
			return 0, err
		}
	}
	off := t.pos[b.i] - t.start
	n := copy(p, t.buf[off:])
	t.pos[b.i] += int64(n)
	t.trimLocked()
	return n, nil
}

// trimLocked drops the bytes that every open branch has read.
func (t *tee) trimLocked() {
	low := int64(-1)
	for i := range t.pos {
		if !t.closed[i] && (low < 0 || t.pos[i] < low) {
			low = t.pos[i]
		}
	}
	if low < 0 {
		t.buf, t.start = nil, t.start+int64(len(t.buf))
		return
	}
	if drop := low - t.start; drop > 0 {
		// Reslicing frees the dropped bytes when append next grows the buffer.
		t.buf = t.buf[drop:]
		t.start = low
	}
}

func (b *teeBranch) Close() error {
	t := b.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed[b.i] {
		return nil
	}
	t.closed[b.i] = true
	t.trimLocked()
	if t.closed[0] && t.closed[1] {
		return t.src.Close()
	}
	return nil
}
