package jsrt

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestReplace checks that an isolate that misbehaves is replaced by a fresh one (its
// module state starts over) while the pool goes on serving.
func TestReplace(t *testing.T) {
	ctx := context.Background()
	release := make(chan struct{})
	defer close(release)
	inv := Invocation{Env: &testEnv{vars: map[string]any{
		"block": func() { <-release },
		"crash": func() { var m map[string]int; m["x"] = 1 },
	}}}
	fresh := func(t *testing.T, p *Pool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			v, _, err := p.Call(ctx, inv, "calls", nil)
			if err == nil && v == 1.0 {
				return
			}
			time.Sleep(5 * time.Millisecond)
		}
		t.Fatal("the isolate was not replaced by a fresh one")
	}

	t.Run("repeated CPU-limit kills", func(t *testing.T) {
		p := testPool(t, "failures/hostile.ts", Options{CPULimit: 20 * time.Millisecond})
		for i := 0; i < strikeLimit; i++ {
			if _, _, err := p.Call(ctx, inv, "spin", nil); !errors.Is(err, ErrExceededCPU) {
				t.Fatalf("spin: %v", err)
			}
		}
		fresh(t, p)
	})

	t.Run("stuck outside JavaScript", func(t *testing.T) {
		p := testPool(t, "failures/hostile.ts", Options{CPULimit: 20 * time.Millisecond})
		start := time.Now()
		_, tr, err := p.Call(ctx, inv, "block", nil)
		if !errors.Is(err, ErrIsolateLost) || tr.Outcome != OutcomeInternalError {
			t.Fatalf("error %v, outcome %q; want ErrIsolateLost", err, tr.Outcome)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("gave up after %v", d)
		}
		fresh(t, p)
	})

	t.Run("Go panic", func(t *testing.T) {
		p := testPool(t, "failures/hostile.ts", Options{})
		if _, _, err := p.Call(ctx, inv, "crash", nil); !errors.Is(err, ErrIsolateLost) {
			t.Fatalf("error %v, want ErrIsolateLost", err)
		}
		fresh(t, p)
	})
}
