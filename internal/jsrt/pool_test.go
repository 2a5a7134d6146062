package jsrt

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestCompileError(t *testing.T) {
	_, err := Compile("broken.js", "var handlers = {\n  fetch( {\n}")
	if err == nil || !strings.Contains(err.Error(), "compile broken.js") || !strings.Contains(err.Error(), "broken.js: Line 3:2") {
		t.Errorf("error %v, want the script's name and line", err)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Run("exception", func(t *testing.T) {
		_, err := NewPool(Options{Name: "w", Program: testProgram(t, "lifecycle/throws-at-load.ts"), Size: 2})
		var ex *Exception
		if !errors.As(err, &ex) || ex.Message != "missing greeting" ||
			!strings.Contains(ex.Stack, "lifecycle/throws-at-load.ts:11:") {
			t.Fatalf("error %v, want the exception at throws-at-load.ts:11", err)
		}
	})
	t.Run("timer at the top level", func(t *testing.T) {
		_, err := NewPool(Options{Name: "w", Program: testProgram(t, "lifecycle/timer-at-load.ts"), Size: 1})
		if err == nil || !strings.Contains(err.Error(), "disallowed operation called within global scope") {
			t.Fatalf("error %v", err)
		}
	})
	t.Run("CPU limit at the top level", func(t *testing.T) {
		prg, err := Compile("spin.js", "for (;;) {}")
		if err != nil {
			t.Fatal(err)
		}
		_, err = NewPool(Options{Name: "w", Program: prg, Size: 1, CPULimit: 20 * time.Millisecond})
		if !errors.Is(err, ErrExceededCPU) {
			t.Fatalf("error %v, want ErrExceededCPU", err)
		}
	})
	t.Run("no program", func(t *testing.T) {
		if _, err := NewPool(Options{Name: "w"}); err == nil {
			t.Fatal("no error")
		}
	})
}

func TestInvocationOwnsItsWork(t *testing.T) {
	var mu sync.Mutex
	var console []string
	p := testPool(t, "lifecycle/timers.ts", Options{Console: func(l Log) {
		mu.Lock()
		console = append(console, l.Text())
		mu.Unlock()
	}})
	inv := Invocation{Env: opEnv{}}
	ctx := context.Background()

	t.Run("timers end with the invocation", func(t *testing.T) {
		_, tr, err := p.Call(ctx, inv, "leaveTimer", nil)
		if err != nil {
			t.Fatal(err)
		}
		<-tr.Done()
		time.Sleep(40 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		if len(console) != 0 {
			t.Errorf("console %q", console)
		}
	})

	t.Run("timers run in order", func(t *testing.T) {
		if got := call(t, p, inv, "ordered"); got != "abc" {
			t.Errorf("order %q, want abc", got)
		}
	})

	t.Run("the caller cancels", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		time.AfterFunc(20*time.Millisecond, cancel)
		start := time.Now()
		_, tr, err := p.Call(cctx, inv, "slow", nil)
		if !errors.Is(err, ErrCanceled) {
			t.Fatalf("error %v, want ErrCanceled", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("returned after %v", d)
		}
		final := tr.Final()
		if final.Outcome != OutcomeCanceled {
			t.Errorf("outcome %q, want canceled", final.Outcome)
		}
		// The invocation's context ended, so the Go work returned; its settlement, for an
		// ended invocation, was dropped: nothing more was logged.
		time.Sleep(20 * time.Millisecond)
		if got := logTexts(final); len(got) != 0 {
			t.Errorf("logs %q", got)
		}
	})
}

func TestClose(t *testing.T) {
	p := testPool(t, "lifecycle/timers.ts", Options{Size: 2})
	inv := Invocation{Env: opEnv{}}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, _, err := p.Call(context.Background(), inv, "slow", nil)
			errs <- err
		}()
	}
	time.Sleep(20 * time.Millisecond)
	start := time.Now()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		if err := <-errs; !errors.Is(err, ErrCanceled) || !errors.Is(err, ErrClosed) {
			t.Errorf("in flight: %v, want ErrCanceled and ErrClosed", err)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %v", d)
	}
	if _, _, err := p.Call(context.Background(), inv, "ordered", nil); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v, want ErrClosed", err)
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
