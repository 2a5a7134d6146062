package webapi

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// chunkedBody is an io.ReadCloser that serves chunks one Read at a time and records
// how it was used. Reads may come from any goroutine.
type chunkedBody struct {
	mu     sync.Mutex
	chunks [][]byte
	err    error // returned after the chunks; nil means io.EOF
	reads  int
	closed int
}

func (b *chunkedBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reads++
	if b.closed > 0 {
		return 0, errors.New("read after close")
	}
	if len(b.chunks) == 0 {
		if b.err != nil {
			return 0, b.err
		}
		return 0, io.EOF
	}
	n := copy(p, b.chunks[0])
	if b.chunks[0] = b.chunks[0][n:]; len(b.chunks[0]) == 0 {
		b.chunks = b.chunks[1:]
	}
	return n, nil
}

func (b *chunkedBody) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed++
	return nil
}

func (b *chunkedBody) closeCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closed
}

// streamsLoop returns a test loop with the Web APIs and the test prelude installed.
func streamsLoop(t testing.TB) *testLoop {
	t.Helper()
	l := newTestLoop(context.Background())
	if err := Install(l); err != nil {
		t.Fatal(err)
	}
	if _, err := l.vm.RunString(jsPrelude); err != nil {
		t.Fatal(err)
	}
	return l
}

// runAsync runs src, an async function body, and drains the loop; it fails the test
// when the promise rejects or never settles.
func runAsync(t *testing.T, l *testLoop, src string) goja.Value {
	t.Helper()
	v, err := l.vm.RunString("(async () => {" + src + "})()")
	if err != nil {
		t.Fatal(err)
	}
	l.drain(t, 10*time.Second)
	p := v.Export().(*goja.Promise)
	switch p.State() {
	case goja.PromiseStateRejected:
		r := p.Result()
		if o, ok := r.(*goja.Object); ok {
			if st := o.Get("stack"); st != nil && !goja.IsUndefined(st) {
				t.Fatal(st.String())
			}
		}
		t.Fatal(r.String())
	case goja.PromiseStatePending:
		t.Fatal("the script's promise never settled")
	}
	return p.Result()
}

func TestReadableFromGoReadsAllChunks(t *testing.T) {
	l := streamsLoop(t)
	body := &chunkedBody{chunks: [][]byte{[]byte("hello "), []byte("streaming "), []byte("world")}}
	if err := l.vm.Set("body", newReadableFromGo(l, body)); err != nil {
		t.Fatal(err)
	}
	got := runAsync(t, l, `
		assert(body instanceof ReadableStream, "a ReadableStream");
		assert(isByteStream(body), "a byte stream");
		const r = body.getReader();
		let s = "", n = 0;
		for (;;) {
			const {value, done} = await r.read();
			if (done) break;
			assert(value instanceof Uint8Array, "chunks are Uint8Arrays");
			s += new TextDecoder().decode(value);
			n++;
		}
		await r.closed;
		return s + "|" + n;
		function isByteStream(s) {
			try { s.getReader({mode: "byob"}).releaseLock(); return true; } catch { return false; }
		}
	`)
	if got.String() != "hello streaming world|3" {
		t.Errorf("read %q", got)
	}
	if body.closeCount() != 1 {
		t.Errorf("the body was closed %d times at its end, want 1", body.closeCount())
	}
}

// countingLoop is a testLoop that counts Go calls.
type countingLoop struct {
	*testLoop
	gos int
}

func (l *countingLoop) Go(work func(ctx context.Context) func()) {
	l.gos++
	l.testLoop.Go(work)
}

// memBody is an in-memory body: it reports its length, as bytes.Reader does.
type memBody struct {
	*bytes.Reader
	closed bool
}

func (b *memBody) Close() error {
	b.closed = true
	return nil
}

func TestReadableFromGoInMemoryReadsInline(t *testing.T) {
	l := &countingLoop{testLoop: newTestLoop(context.Background())}
	if err := Install(l); err != nil {
		t.Fatal(err)
	}
	if _, err := l.vm.RunString(jsPrelude); err != nil {
		t.Fatal(err)
	}
	body := &memBody{Reader: bytes.NewReader(bytes.Repeat([]byte("m"), 100000))}
	if err := l.vm.Set("body", newReadableFromGo(l, body)); err != nil {
		t.Fatal(err)
	}
	got := runAsync(t, l.testLoop, `
		const r = body.getReader();
		let n = 0;
		for (;;) { const {value, done} = await r.read(); if (done) break; n += value.byteLength; }
		return n;
	`)
	if got.ToInteger() != 100000 {
		t.Errorf("read %v bytes", got)
	}
	if l.gos != 0 {
		t.Errorf("an in-memory body used Loop.Go %d times", l.gos)
	}
	if !body.closed {
		t.Error("the body was not closed at its end")
	}
}

func TestReadableFromGoNil(t *testing.T) {
	l := streamsLoop(t)
	if err := l.vm.Set("body", newReadableFromGo(l, nil)); err != nil {
		t.Fatal(err)
	}
	runAsync(t, l, `assert((await body.getReader().read()).done, "a nil body is empty")`)
	if _, err := goReaderOf(l, nil); err == nil {
		t.Error("goReaderOf(nil) succeeded")
	}
}

func TestReadableFromGoBYOB(t *testing.T) {
	l := streamsLoop(t)
	body := &chunkedBody{chunks: [][]byte{[]byte("abcdefgh")}}
	if err := l.vm.Set("body", newReadableFromGo(l, body)); err != nil {
		t.Fatal(err)
	}
	got := runAsync(t, l, `
		const r = body.getReader({mode: "byob"});
		const a = await r.read(new Uint8Array(3));
		const b = await r.read(new Uint8Array(16));
		const c = await r.read(new Uint8Array(16));
		return [new TextDecoder().decode(a.value), new TextDecoder().decode(b.value), c.done,
			c.value.byteLength].join();
	`)
	if got.String() != "abc,defgh,true,0" {
		t.Errorf("read %q", got)
	}
}

func TestReadableFromGoCancelClosesBody(t *testing.T) {
	l := streamsLoop(t)
	body := &chunkedBody{chunks: [][]byte{[]byte("one"), []byte("two")}}
	if err := l.vm.Set("body", newReadableFromGo(l, body)); err != nil {
		t.Fatal(err)
	}
	runAsync(t, l, `
		const r = body.getReader();
		const first = await r.read();
		assertEquals(new TextDecoder().decode(first.value), "one");
		await r.cancel("enough");
		const after = await r.read();
		assert(after.done, "a canceled stream reads as done");
	`)
	if body.closeCount() != 1 {
		t.Errorf("cancel closed the body %d times, want 1", body.closeCount())
	}
}

func TestReadableFromGoReadError(t *testing.T) {
	l := streamsLoop(t)
	body := &chunkedBody{chunks: [][]byte{[]byte("partial")}, err: errors.New("connection reset")}
	if err := l.vm.Set("body", newReadableFromGo(l, body)); err != nil {
		t.Fatal(err)
	}
	runAsync(t, l, `
		const r = body.getReader();
		assertEquals(new TextDecoder().decode((await r.read()).value), "partial");
		const e = await assertRejects(() => r.read(), "TypeError");
		assert(e.message.includes("connection reset"), e.message);
		await assertRejects(() => r.closed, "TypeError");
	`)
	if body.closeCount() != 1 {
		t.Errorf("a read error closed the body %d times, want 1", body.closeCount())
	}
}

func TestReadableFromGoTee(t *testing.T) {
	l := streamsLoop(t)
	body := &chunkedBody{chunks: [][]byte{[]byte("x"), []byte("y")}}
	if err := l.vm.Set("body", newReadableFromGo(l, body)); err != nil {
		t.Fatal(err)
	}
	got := runAsync(t, l, `
		const [a, b] = body.tee();
		const text = async (s) => {
			const r = s.getReader(); let out = "";
			for (;;) { const {value, done} = await r.read(); if (done) return out;
				out += new TextDecoder().decode(value); }
		};
		return (await Promise.all([text(a), text(b)])).join();
	`)
	if got.String() != "xy,xy" {
		t.Errorf("branches read %q", got)
	}
}

func TestGoReaderOfUntouchedIsZeroCopy(t *testing.T) {
	l := streamsLoop(t)
	body := &chunkedBody{chunks: [][]byte{[]byte("file contents")}}
	s := newReadableFromGo(l, body)
	rc, err := goReaderOf(l, s)
	if err != nil {
		t.Fatal(err)
	}
	if rc != io.ReadCloser(body) {
		t.Fatalf("goReaderOf returned %T, want the original body", rc)
	}
	if body.reads != 0 {
		t.Errorf("the body was read %d times before being handed over", body.reads)
	}
	if err := l.vm.Set("s", s); err != nil {
		t.Fatal(err)
	}
	runAsync(t, l, `
		assert(s.locked, "a handed-over stream is locked");
		assertThrows(() => s.getReader(), "TypeError");
		await assertRejects(() => s.cancel(), "TypeError");
	`)
	if _, err := goReaderOf(l, s); err == nil {
		t.Error("a second goReaderOf succeeded")
	}
	l.drain(t, time.Second)
}

// readInBackground reads rc to its end on another goroutine while the loop runs.
func readInBackground(t *testing.T, l *testLoop, rc io.ReadCloser) ([]byte, error) {
	t.Helper()
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := io.ReadAll(rc)
		done <- result{b, err}
	}()
	l.drain(t, 10*time.Second)
	select {
	case r := <-done:
		return r.b, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("the reader did not finish")
		return nil, nil
	}
}

func TestGoReaderOfScriptStream(t *testing.T) {
	l := streamsLoop(t)
	v, err := l.vm.RunString(`
		globalThis.pulls = 0;
		new ReadableStream({
			pull(c) {
				pulls++;
				if (pulls > 3) { c.close(); return; }
				return new Promise((resolve) => setTimeout(() => {
					c.enqueue(new TextEncoder().encode("part" + pulls + ";"));
					resolve();
				}, 1));
			},
		});
	`)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := goReaderOf(l, v.(*goja.Object))
	if err != nil {
		t.Fatal(err)
	}
	if rc == nil {
		t.Fatal("nil reader")
	}
	got, err := readInBackground(t, l, rc)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "part1;part2;part3;" {
		t.Errorf("read %q", got)
	}
	if err := rc.Close(); err != nil {
		t.Fatal(err)
	}
	l.drain(t, time.Second)
}

func TestGoReaderOfTouchedGoStream(t *testing.T) {
	l := streamsLoop(t)
	body := &chunkedBody{chunks: [][]byte{[]byte("head,"), []byte("rest")}}
	s := newReadableFromGo(l, body)
	if err := l.vm.Set("s", s); err != nil {
		t.Fatal(err)
	}
	runAsync(t, l, `
		const r = s.getReader();
		assertEquals(new TextDecoder().decode((await r.read()).value), "head,");
		r.releaseLock();
	`)
	rc, err := goReaderOf(l, s)
	if err != nil {
		t.Fatal(err)
	}
	if rc == io.ReadCloser(body) {
		t.Fatal("a stream JavaScript read from was handed over as the original body")
	}
	got, err := readInBackground(t, l, rc)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "rest" {
		t.Errorf("read %q after the script's read", got)
	}
}

func TestGoReaderOfNonBytesChunk(t *testing.T) {
	l := streamsLoop(t)
	v, err := l.vm.RunString(`
		globalThis.canceledWith = undefined;
		new ReadableStream({
			start(c) { c.enqueue(new Uint8Array([104, 105])); c.enqueue("not bytes"); },
			cancel(reason) { canceledWith = reason; },
		});
	`)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := goReaderOf(l, v.(*goja.Object))
	if err != nil {
		t.Fatal(err)
	}
	got, err := readInBackground(t, l, rc)
	var te TypeErrorText
	if !errors.As(err, &te) {
		t.Fatalf("read error %v (%T), want a TypeErrorText", err, err)
	}
	if string(got) != "hi" {
		t.Errorf("read %q before the error", got)
	}
	reason := l.vm.Get("canceledWith")
	if o, ok := reason.(*goja.Object); !ok || o.Get("name").String() != "TypeError" {
		t.Errorf("the stream was canceled with %v, want a TypeError", reason)
	}
}

func TestGoReaderOfCloseCancels(t *testing.T) {
	l := streamsLoop(t)
	v, err := l.vm.RunString(`
		globalThis.canceled = false;
		new ReadableStream({
			pull(c) { c.enqueue(new Uint8Array(4)); },
			cancel() { canceled = true; },
		});
	`)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := goReaderOf(l, v.(*goja.Object))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		buf := make([]byte, 4)
		_, err := io.ReadFull(rc, buf)
		if err == nil {
			err = rc.Close()
		}
		done <- err
	}()
	l.drain(t, 10*time.Second)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !l.vm.Get("canceled").ToBoolean() {
		t.Error("Close did not cancel the stream")
	}
}

func TestGoReaderOfErrors(t *testing.T) {
	l := streamsLoop(t)
	for _, src := range []string{
		`({})`,
		`(() => { const s = new ReadableStream(); s.getReader(); return s; })()`,
	} {
		v, err := l.vm.RunString(src)
		if err != nil {
			t.Fatal(err)
		}
		o, _ := v.(*goja.Object)
		if _, err := goReaderOf(l, o); err == nil {
			t.Errorf("goReaderOf(%s) succeeded", src)
		} else if _, ok := err.(TypeErrorText); !ok {
			t.Errorf("goReaderOf(%s) = %T, want TypeErrorText", src, err)
		}
	}
}

func TestGoReaderOfScriptErrors(t *testing.T) {
	l := streamsLoop(t)
	v, err := l.vm.RunString(`new ReadableStream({ start(c) {
		c.enqueue(new Uint8Array([1]));
		c.error(new RangeError("broken"));
	} })`)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := goReaderOf(l, v.(*goja.Object))
	if err != nil {
		t.Fatal(err)
	}
	_, err = readInBackground(t, l, rc)
	if err == nil || !strings.Contains(err.Error(), "RangeError: broken") {
		t.Errorf("read error %v, want the stream's RangeError", err)
	}
}

func TestIsReadableStream(t *testing.T) {
	l := streamsLoop(t)
	for src, want := range map[string]bool{
		`new ReadableStream()`:                    true,
		`new TransformStream().readable`:          true,
		`new (class extends ReadableStream {})()`: true,
		`new WritableStream()`:                    false,
		`Object.create(ReadableStream.prototype)`: false,
		`({})`:                                false,
		`1`:                                   false,
		`new Proxy(new ReadableStream(), {})`: false,
	} {
		v, err := l.vm.RunString(src)
		if err != nil {
			t.Fatal(err)
		}
		if got := isReadableStream(v); got != want {
			t.Errorf("isReadableStream(%s) = %v, want %v", src, got, want)
		}
	}
	if isReadableStream(nil) {
		t.Error("isReadableStream(nil) = true")
	}
}

// TestGoReaderOfLargeBody moves a 1 MB body from a Go stream that JavaScript touched to
// a Go reader, to check that no chunk is lost or reordered.
func TestGoReaderOfLargeBody(t *testing.T) {
	l := streamsLoop(t)
	want := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	var chunks [][]byte
	for b := want; len(b) > 0; {
		n := min(len(b), 10000)
		chunks = append(chunks, b[:n])
		b = b[n:]
	}
	s := newReadableFromGo(l, &chunkedBody{chunks: chunks})
	if err := l.vm.Set("s", s); err != nil {
		t.Fatal(err)
	}
	v, err := l.vm.RunString(`s.pipeThrough(new TransformStream())`)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := goReaderOf(l, v.(*goja.Object))
	if err != nil {
		t.Fatal(err)
	}
	got, err := readInBackground(t, l, rc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("read %d bytes, want %d (equal: false)", len(got), len(want))
	}
}

// refusingLoop is a testLoop that, like jsrt outside an invocation, refuses
// asynchronous work with a JavaScript error.
type refusingLoop struct{ *testLoop }

func (l *refusingLoop) Go(func(ctx context.Context) func()) {
	panic(l.vm.NewGoError(errors.New("asynchronous I/O outside a handler")))
}

func (l *refusingLoop) Hold() (func(func()) bool, func()) {
	panic(l.vm.NewGoError(errors.New("a held body outside a handler")))
}

func TestStreamsWhereTheLoopRefusesWork(t *testing.T) {
	l := &refusingLoop{testLoop: newTestLoop(context.Background())}
	if err := Install(l); err != nil {
		t.Fatal(err)
	}
	if _, err := l.vm.RunString(jsPrelude); err != nil {
		t.Fatal(err)
	}
	body := &chunkedBody{chunks: [][]byte{[]byte("x")}}
	if err := l.vm.Set("body", newReadableFromGo(l, body)); err != nil {
		t.Fatal(err)
	}
	runAsync(t, l.testLoop, `
		const e = await assertRejects(() => body.getReader().read());
		assert(String(e).includes("outside a handler"), String(e));
	`)
	v, err := l.vm.RunString(`new ReadableStream()`)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := goReaderOf(l, v.(*goja.Object))
	if err == nil || rc != nil {
		t.Fatalf("goReaderOf = %v, %v; want an error", rc, err)
	}
	if !strings.Contains(err.Error(), "outside a handler") {
		t.Errorf("error %q", err)
	}
	if isLocked, _ := l.vm.RunString(`(s) => s.locked`); isLocked != nil {
		fn, _ := goja.AssertFunction(isLocked)
		if locked, _ := fn(goja.Undefined(), v); locked.ToBoolean() {
			t.Error("a failed goReaderOf locked the stream")
		}
	}
}
