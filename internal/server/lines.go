package server

import (
	"io"
	"strconv"
	"sync"
	"time"
)

// lineWriter prints request lines without a write per request under load: a line is
// appended to a buffer, and one goroutine writes whatever has gathered. At rest every
// line is written at once; under load many lines share one write.
type lineWriter struct {
	w    io.Writer
	kick chan struct{}
	done chan struct{}

	// mu guards buf.
	mu  sync.Mutex
	buf []byte
}

func newLineWriter(w io.Writer) *lineWriter {
	lw := &lineWriter{w: w, kick: make(chan struct{}, 1), done: make(chan struct{})}
	go lw.run()
	return lw
}

func (lw *lineWriter) run() {
	defer close(lw.done)
	var out []byte
	for range lw.kick {
		lw.mu.Lock()
		out, lw.buf = lw.buf, out[:0]
		lw.mu.Unlock()
		if len(out) > 0 {
			lw.w.Write(out)
		}
	}
}

// add queues one request line.
func (lw *lineWriter) add(method, uri string, status int, d time.Duration, stages string) {
	lw.mu.Lock()
	b := lw.buf
	b = append(b, method...)
	b = append(b, ' ')
	b = append(b, uri...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, ' ')
	b = append(b, d.String()...)
	if stages != "" {
		b = append(b, ' ')
		b = append(b, stages...)
	}
	lw.buf = append(b, '\n')
	lw.mu.Unlock()
	select {
	case lw.kick <- struct{}{}:
	default: // a write is due already and will take this line
	}
}

// close writes what is left and stops the writer.
func (lw *lineWriter) close() {
	close(lw.kick)
	<-lw.done
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if len(lw.buf) > 0 {
		lw.w.Write(lw.buf)
		lw.buf = nil
	}
}
