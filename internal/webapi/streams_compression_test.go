package webapi

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
)

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// waitDone fails the test unless the inflater's goroutine ends.
func waitDone(t *testing.T, f *inflater) {
	t.Helper()
	select {
	case <-f.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the decoder's goroutine did not end")
	}
}

func TestInflaterChunks(t *testing.T) {
	want := bytes.Repeat([]byte("inflate me "), 5000)
	z := gzipped(t, want)
	f := &inflater{format: "gzip"}
	var got []byte
	for i := 0; i < len(z); i += 333 {
		out, err := f.write(context.Background(), append([]byte(nil), z[i:min(i+333, len(z))]...))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, out...)
	}
	out, err := f.close()
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, out...)
	if !bytes.Equal(got, want) {
		t.Fatalf("inflated %d bytes, want %d", len(got), len(want))
	}
	waitDone(t, f)
}

func TestInflaterEmitsAsItGoes(t *testing.T) {
	// A stored block is complete once its bytes arrive: its data must come out with
	// that chunk, not at the end.
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.NoCompression)
	_, _ = w.Write([]byte("first part"))
	_ = w.Flush()
	head := append([]byte(nil), buf.Bytes()...)
	_, _ = w.Write([]byte("second part"))
	_ = w.Close()
	rest := buf.Bytes()[len(head):]
	f := &inflater{format: "gzip"}
	out, err := f.write(context.Background(), head)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "first part" {
		t.Errorf("after the first chunk: %q, want the flushed part", out)
	}
	out, err = f.write(context.Background(), append([]byte(nil), rest...))
	if err != nil {
		t.Fatal(err)
	}
	tail, err := f.close()
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out) + string(tail); got != "second part" {
		t.Errorf("the rest: %q", got)
	}
}

func TestInflaterAbortEndsGoroutine(t *testing.T) {
	z := gzipped(t, []byte("abandoned"))
	f := &inflater{format: "gzip"}
	if _, err := f.write(context.Background(), z[:5]); err != nil {
		t.Fatal(err)
	}
	f.abort()
	waitDone(t, f)
	if _, err := f.write(context.Background(), z[5:]); err == nil {
		t.Error("a write after abort succeeded")
	}
}

func TestInflaterEndsWithInvocation(t *testing.T) {
	z := gzipped(t, []byte("the invocation ends"))
	ctx, cancel := context.WithCancel(context.Background())
	f := &inflater{format: "gzip"}
	if _, err := f.write(ctx, z[:5]); err != nil {
		t.Fatal(err)
	}
	cancel()
	waitDone(t, f)
	_, err := f.close()
	if !errors.Is(err, errTruncated) {
		t.Errorf("close after the invocation ended: %v, want %v", err, errTruncated)
	}
}

func TestInflaterErrors(t *testing.T) {
	z := gzipped(t, []byte("x"))
	tests := []struct {
		name   string
		format string
		chunks [][]byte
		want   error
	}{
		{"garbage", "gzip", [][]byte{[]byte("not gzip at all")}, nil},
		{"truncated", "gzip", [][]byte{z[:len(z)-4]}, errTruncated},
		{"trailing", "gzip", [][]byte{z, {0}}, errTrailingData},
		{"trailing in the same chunk", "gzip", [][]byte{append(append([]byte(nil), z...), 1)},
			errTrailingData},
		{"empty", "deflate-raw", nil, errTruncated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &inflater{format: tt.format}
			var err error
			for _, c := range tt.chunks {
				if _, err = f.write(context.Background(), c); err != nil {
					break
				}
			}
			if err == nil {
				_, err = f.close()
			}
			if err == nil {
				t.Fatal("no error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if f.started {
				waitDone(t, f)
			}
		})
	}
}
