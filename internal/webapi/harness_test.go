package webapi

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dop251/goja"
)

// testLoop is a minimal Loop for this package's tests, so Web APIs can be tested without
// jsrt. It is not safe for concurrent use except for the goroutines Go and SetTimer start.
type testLoop struct {
	vm  *goja.Runtime
	ctx context.Context

	// mu guards queue; wake is signalled after each post.
	mu    sync.Mutex
	queue []func()
	wake  chan struct{}

	pending int // settle functions and timers not yet run; loop goroutine only
	nextID  int64
	timers  map[int64]*time.Timer
}

func newTestLoop(ctx context.Context) *testLoop {
	return &testLoop{
		vm:     goja.New(),
		ctx:    ctx,
		wake:   make(chan struct{}, 1),
		timers: map[int64]*time.Timer{},
	}
}

func (l *testLoop) Runtime() *goja.Runtime   { return l.vm }
func (l *testLoop) Context() context.Context { return l.ctx }

func (l *testLoop) post(f func()) {
	l.mu.Lock()
	l.queue = append(l.queue, f)
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

func (l *testLoop) Go(work func(ctx context.Context) func()) {
	l.pending++
	go func() {
		settle := work(l.ctx)
		l.post(func() {
			l.pending--
			if settle != nil {
				settle()
			}
		})
	}()
}

func (l *testLoop) Hold() (post func(func()) bool, release func()) {
	l.pending++
	var once sync.Once
	var mu sync.Mutex
	open := true
	post = func(fn func()) bool {
		mu.Lock()
		defer mu.Unlock()
		if !open {
			return false
		}
		l.post(fn)
		return true
	}
	release = func() {
		once.Do(func() {
			mu.Lock()
			open = false
			mu.Unlock()
			l.post(func() { l.pending-- })
		})
	}
	return post, release
}

func (l *testLoop) SetTimer(d time.Duration, repeat bool, fn func()) int64 {
	l.nextID++
	id := l.nextID
	l.pending++
	var fire func()
	fire = func() {
		l.post(func() {
			if _, live := l.timers[id]; !live {
				return
			}
			if repeat {
				l.timers[id] = time.AfterFunc(d, fire)
			} else {
				delete(l.timers, id)
				l.pending--
			}
			fn()
		})
	}
	l.timers[id] = time.AfterFunc(d, fire)
	return id
}

func (l *testLoop) ClearTimer(id int64) {
	if t, ok := l.timers[id]; ok {
		t.Stop()
		delete(l.timers, id)
		l.pending--
	}
}

// drain runs posted work until nothing is pending or the deadline passes.
func (l *testLoop) drain(t testing.TB, deadline time.Duration) {
	t.Helper()
	timeout := time.After(deadline)
	for {
		l.mu.Lock()
		q := l.queue
		l.queue = nil
		l.mu.Unlock()
		for _, f := range q {
			f()
		}
		if len(q) > 0 {
			continue
		}
		if l.pending == 0 {
			return
		}
		select {
		case <-l.wake:
		case <-timeout:
			t.Fatalf("event loop still has %d pending operations after %v", l.pending, deadline)
		}
	}
}

// jsPrelude defines the helpers that testdata scripts use: test(name, fn) registers a
// test (fn may be async), and assert, assertEquals, assertThrows check values.
const jsPrelude = `
globalThis.__tests = [];
globalThis.test = (name, fn) => { __tests.push({name, fn}); };
globalThis.assert = (cond, msg) => { if (!cond) throw new Error("assertion failed: " + (msg || "")); };
globalThis.assertEquals = (got, want, msg) => {
  const g = typeof got === "object" ? JSON.stringify(got) : String(got);
  const w = typeof want === "object" ? JSON.stringify(want) : String(want);
  if (g !== w || typeof got !== typeof want) {
    throw new Error((msg ? msg + ": " : "") + "got " + g + " (" + typeof got + "), want " + w + " (" + typeof want + ")");
  }
};
globalThis.assertThrows = (fn, name, msg) => {
  try { fn(); } catch (e) {
    if (name && e.name !== name) throw new Error((msg || "") + ": threw " + e.name + ": " + e.message + ", want " + name);
    return e;
  }
  throw new Error((msg || "") + ": did not throw, want " + name);
};
globalThis.assertRejects = async (fn, name, msg) => {
  try { await fn(); } catch (e) {
    if (name && e.name !== name) throw new Error((msg || "") + ": rejected with " + e.name + ": " + e.message + ", want " + name);
    return e;
  }
  throw new Error((msg || "") + ": did not reject, want " + name);
};
`

// runScriptTests runs testdata/<name> in a fresh isolate with the Web APIs installed and
// reports each test(...) it registers as a subtest. setup, when not nil, runs before the
// script (to define extra globals such as a server URL).
func runScriptTests(t *testing.T, name string, setup func(l *testLoop)) {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	l := newTestLoop(context.Background())
	if err := Install(l); err != nil {
		t.Fatalf("install web apis: %v", err)
	}
	if _, err := l.vm.RunString(jsPrelude); err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(l)
	}
	if _, err := l.vm.RunScript(name, string(src)); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	tests := l.vm.Get("__tests").Export().([]any)
	for i := range tests {
		entry := l.vm.Get("__tests").ToObject(l.vm).Get(strconv.Itoa(i)).ToObject(l.vm)
		tname := entry.Get("name").String()
		fn, _ := goja.AssertFunction(entry.Get("fn"))
		t.Run(tname, func(t *testing.T) {
			v, err := fn(goja.Undefined())
			if err != nil {
				t.Fatal(err)
			}
			l.drain(t, 10*time.Second)
			if p, ok := v.Export().(*goja.Promise); ok {
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
					t.Fatal("test promise never settled")
				}
			}
		})
	}
}
