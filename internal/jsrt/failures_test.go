package jsrt

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestExceptions checks that a failure ends the invocation as an exception, with the
// error's stack pointing at the TypeScript source line that threw.
func TestExceptions(t *testing.T) {
	p := testPool(t, "failures/exception.ts", Options{})
	ctx := context.Background()
	for _, tc := range []struct {
		name, cron, method string
		want               string   // Error()'s first line
		frames             []string // in the stack, in order
	}{
		{name: "throw", cron: "throw", want: "TypeError: thrown synchronously",
			frames: []string{"at scheduled (", "failures/exception.ts:7:"}},
		{name: "reject", cron: "reject", want: "SyntaxError: rejected asynchronously",
			frames: []string{"at run (", "failures/exception.ts:39:"}},
		{name: "non-error", cron: "string", want: "Uncaught not an error"},
		{name: "two files", method: "reject", want: "RangeError: negative: -1",
			frames: []string{"at validate (", "failures/lib.ts:4:", "at reject (", "failures/exception.ts:16:"}},
		{name: "stack overflow", method: "recurse", want: "RangeError: Maximum call stack size exceeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var tr *Trace
			var err error
			if tc.method != "" {
				_, tr, err = p.Call(ctx, Invocation{}, tc.method, nil)
			} else {
				tr, err = p.Scheduled(ctx, ScheduledEvent{Cron: tc.cron}, Invocation{})
			}
			var ex *Exception
			if !errors.As(err, &ex) {
				t.Fatalf("error %v (%T), want an *Exception", err, err)
			}
			if first, _, _ := strings.Cut(ex.Error(), "\n"); first != tc.want {
				t.Errorf("error %q, want %q", first, tc.want)
			}
			rest := ex.Stack
			for _, f := range tc.frames {
				i := strings.Index(rest, f)
				if i < 0 {
					t.Fatalf("stack lacks %q (in order):\n%s", f, ex.Stack)
				}
				rest = rest[i+len(f):]
			}
			if tr.Outcome != OutcomeException || len(tr.Exceptions) != 1 || tr.Exceptions[0] != ex {
				t.Errorf("trace: outcome %q, exceptions %v; want exception with the returned error",
					tr.Outcome, tr.Exceptions)
			}
		})
	}
	t.Run("isolate still usable", func(t *testing.T) {
		tr := scheduled(t, p, Invocation{})
		if len(tr.Exceptions) != 0 {
			t.Errorf("exceptions %v", tr.Exceptions)
		}
	})
}

// TestUncaught checks exceptions nothing can catch: they are logged on the invocation
// that caused them, which still succeeds.
func TestUncaught(t *testing.T) {
	var console []string
	p := testPool(t, "failures/exception.ts", Options{Console: func(l Log) { console = append(console, l.Text()) }})
	for _, tc := range []struct{ method, result, exception, frame string }{
		{"unhandled", "done", "RangeError: nobody handles this", "failures/exception.ts:19:"},
		{"timer", "after the timer", "Error: thrown by a timer", "failures/exception.ts:25:"},
	} {
		t.Run(tc.method, func(t *testing.T) {
			console = nil
			v, tr, err := p.Call(context.Background(), Invocation{}, tc.method, nil)
			if err != nil || v != tc.result {
				t.Fatalf("got %v, %v; want %q", v, err, tc.result)
			}
			tr = tr.Final()
			if tr.Outcome != OutcomeOK {
				t.Errorf("outcome %q, want ok", tr.Outcome)
			}
			if len(tr.Exceptions) != 1 || !strings.HasPrefix(tr.Exceptions[0].Error(), tc.exception) ||
				!strings.Contains(tr.Exceptions[0].Stack, tc.frame) {
				t.Fatalf("exceptions %v, want %q at %s", tr.Exceptions, tc.exception, tc.frame)
			}
			if len(console) != 1 || !strings.Contains(console[0], "Uncaught") ||
				!strings.Contains(console[0], tc.exception) {
				t.Errorf("console %q, want one Uncaught line", console)
			}
		})
	}
}

func TestCPULimit(t *testing.T) {
	limit := 200 * time.Millisecond
	p := testPool(t, "failures/cpu.ts", Options{CPULimit: limit})
	ctx := context.Background()
	for i, run := range []func() (*Trace, error){
		func() (*Trace, error) { return p.Scheduled(ctx, ScheduledEvent{}, Invocation{}) },
		func() (*Trace, error) { _, tr, err := p.Call(ctx, Invocation{}, "spinLater", nil); return tr, err },
	} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			start := time.Now()
			tr, err := run()
			if !errors.Is(err, ErrExceededCPU) {
				t.Fatalf("error %v, want ErrExceededCPU", err)
			}
			if tr.Outcome != OutcomeExceededCPU {
				t.Errorf("outcome %q, want exceededCpu", tr.Outcome)
			}
			if d := time.Since(start); d > 5*limit {
				t.Errorf("stopped after %v with a limit of %v", d, limit)
			}
			if tr.CPUTime < limit {
				t.Errorf("CPU time %v, below the limit %v", tr.CPUTime, limit)
			}
			if got := call(t, p, Invocation{}, "spins"); got != float64(i+1) {
				t.Errorf("spins() = %v after %d runaways: the isolate lost its state", got, i+1)
			}
		})
	}
	t.Run("budget spans slices", func(t *testing.T) {
		_, tr, err := p.Call(ctx, Invocation{}, "manySlices", nil)
		if !errors.Is(err, ErrExceededCPU) || tr.Outcome != OutcomeExceededCPU {
			t.Fatalf("error %v, outcome %q; want the limit to count every slice", err, tr.Outcome)
		}
	})
}
