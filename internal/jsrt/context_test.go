package jsrt

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestWaitUntil(t *testing.T) {
	ctx := context.Background()

	t.Run("scheduled waits for it", func(t *testing.T) {
		p := testPool(t, "context/waituntil.ts", Options{})
		start := time.Now()
		tr := scheduled(t, p, Invocation{})
		if d := time.Since(start); d < 20*time.Millisecond {
			t.Errorf("Scheduled returned after %v, before its waitUntil work (20 ms)", d)
		}
		wantLogs(t, tr, "handler returned", "waited")
		select {
		case <-tr.Done():
		default:
			t.Error("the trace Scheduled returned is not final")
		}
	})

	t.Run("a rejected waitUntil fails a scheduled run", func(t *testing.T) {
		p := testPool(t, "context/waituntil.ts", Options{})
		tr, err := p.Scheduled(ctx, ScheduledEvent{Cron: "fail"}, Invocation{})
		var ex *Exception
		if !errors.As(err, &ex) || ex.Message != "background failed" {
			t.Fatalf("error %v, want the waitUntil rejection", err)
		}
		if tr.Outcome != OutcomeException {
			t.Errorf("outcome %q, want exception", tr.Outcome)
		}
	})

	t.Run("the result does not wait", func(t *testing.T) {
		p := testPool(t, "context/waituntil.ts", Options{})
		v, tr, err := p.Call(ctx, Invocation{}, "quick", []any{50})
		if err != nil || v != "result" {
			t.Fatalf("got %v, %v", v, err)
		}
		select {
		case <-tr.Done():
			t.Fatal("the invocation ended before its waitUntil work")
		default:
		}
		wantLogs(t, tr)
		final := tr.Final()
		wantLogs(t, final, "background done")
		if final.Outcome != OutcomeOK || final.WallTime < 50*time.Millisecond {
			t.Errorf("final trace: outcome %q, wall time %v", final.Outcome, final.WallTime)
		}
	})

	t.Run("bounded", func(t *testing.T) {
		var mu sync.Mutex
		var console []string
		p := testPool(t, "context/waituntil.ts", Options{WaitUntilTimeout: 30 * time.Millisecond,
			Console: func(l Log) { mu.Lock(); console = append(console, l.Text()); mu.Unlock() }})
		_, tr, err := p.Call(ctx, Invocation{}, "forever", nil)
		if err != nil {
			t.Fatal(err)
		}
		final := tr.Final()
		if final.Outcome != OutcomeCanceled {
			t.Errorf("outcome %q, want canceled", final.Outcome)
		}
		logs := logTexts(final)
		if len(logs) == 0 || !strings.Contains(logs[len(logs)-1], "waitUntil() work did not finish within 30ms") {
			t.Fatalf("logs %q, want the cancellation last", logs)
		}
		mu.Lock()
		n := len(console)
		mu.Unlock()
		time.Sleep(30 * time.Millisecond)
		mu.Lock()
		defer mu.Unlock()
		if len(console) != n {
			t.Errorf("the invocation's interval kept running after it was cancelled: %q", console[n:])
		}
	})

	t.Run("a rejection is logged", func(t *testing.T) {
		p := testPool(t, "context/waituntil.ts", Options{})
		_, tr, err := p.Call(ctx, Invocation{}, "failing", nil)
		if err != nil {
			t.Fatal(err)
		}
		final := tr.Final()
		if final.Outcome != OutcomeOK || len(final.Exceptions) != 1 ||
			final.Exceptions[0].Message != "background failed" {
			t.Errorf("outcome %q, exceptions %v", final.Outcome, final.Exceptions)
		}
	})

	t.Run("detached and imported", func(t *testing.T) {
		p := testPool(t, "context/waituntil.ts", Options{})
		_, tr, err := p.Call(ctx, Invocation{}, "detached", nil)
		if err != nil {
			t.Fatal(err)
		}
		got := logTexts(tr.Final())
		if len(got) != 2 || !slicesContain(got, "detached") || !slicesContain(got, "imported") {
			t.Errorf("logs %q", got)
		}
	})
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestPassThroughOnException(t *testing.T) {
	p := testPool(t, "context/passthrough.ts", Options{})
	ctx := context.Background()
	_, tr, err := p.Call(ctx, Invocation{}, "boom", nil)
	if err == nil || !tr.PassThroughOnException {
		t.Errorf("boom: error %v, PassThroughOnException %v; want an error and true", err, tr.PassThroughOnException)
	}
	_, tr, _ = p.Call(ctx, Invocation{}, "fine", nil)
	if tr.PassThroughOnException {
		t.Error("fine: PassThroughOnException set")
	}
	_, tr, _ = p.Call(ctx, Invocation{}, "late", nil)
	if tr.Final().PassThroughOnException {
		t.Error("late: a call after the result was ready set PassThroughOnException")
	}
}

func TestConsole(t *testing.T) {
	var mu sync.Mutex
	var sink []Log
	p := testPool(t, "context/console.ts", Options{Console: func(l Log) {
		mu.Lock()
		sink = append(sink, l)
		mu.Unlock()
	}})
	ctx := context.Background()

	mu.Lock()
	if len(sink) != 1 || sink[0].Text() != "top level" {
		t.Errorf("sink after the top level: %v", sink)
	}
	sink = nil
	mu.Unlock()

	t.Run("levels", func(t *testing.T) {
		_, tr, err := p.Call(ctx, Invocation{}, "levels", nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range tr.Logs {
			got = append(got, l.Level+" "+l.Text())
		}
		want := []string{"log log", "info info", "warn warn", "error error", "debug debug",
			"error Assertion failed: assertion 2"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("logs\n got %q\nwant %q", got, want)
		}
		mu.Lock()
		defer mu.Unlock()
		if !reflect.DeepEqual(sink, tr.Logs) {
			t.Errorf("the sink got %v, the trace %v", sink, tr.Logs)
		}
		for _, l := range tr.Logs {
			if l.Timestamp.Before(tr.EventTimestamp) || l.Timestamp.After(tr.EventTimestamp.Add(tr.WallTime)) {
				t.Errorf("timestamp %v outside the invocation", l.Timestamp)
			}
		}
	})

	t.Run("values", func(t *testing.T) {
		_, tr, err := p.Call(ctx, Invocation{}, "values", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(tr.Logs) != 2 {
			t.Fatalf("logs %v", tr.Logs)
		}
		want := []any{"text", 1.5, true, nil, Undefined{}, map[string]any{"a": []any{1.0, "two"}},
			"10n", "Symbol(sym)", "[function named]", "1970-01-01T00:00:00Z", "/re/g",
			map[string]any{"name": "cyclic", "self": "[Circular]"}, "NaN",
			map[string]any{"boom": "[Getter threw]"}}
		if got := tr.Logs[0].Message; !reflect.DeepEqual(got, want) {
			t.Errorf("message\n got %#v\nwant %#v", got, want)
		}
		e, _ := tr.Logs[1].Message[0].(string)
		if !strings.HasPrefix(e, "TypeError: logged error\n    at values (") {
			t.Errorf("an error logs as %q, want its stack", e)
		}
		const text = `text 1.5 true null undefined {"a":[1,"two"]} 10n Symbol(sym)`
		if got := tr.Logs[0].Text(); !strings.HasPrefix(got, text) {
			t.Errorf("text %q, want it to start with %q", got, text)
		}
	})
}
