package jsrt

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestConcurrency runs 1,000 invocations at once on a pool of two isolates: each must
// settle with its own result and its own log lines.
func TestConcurrency(t *testing.T) {
	const n = 1000
	p := testPool(t, "concurrency.ts", Options{Size: 2})
	inv := Invocation{Env: opEnv{}}
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, tr, err := p.Call(context.Background(), inv, "work", []any{i})
			if err != nil {
				errs <- fmt.Errorf("work(%d): %w", i, err)
				return
			}
			if v != float64(2*i) {
				errs <- fmt.Errorf("work(%d) = %v", i, v)
				return
			}
			want := []string{fmt.Sprint("start ", i), fmt.Sprint("middle ", i), fmt.Sprint("microtask ", i)}
			if got := logTexts(tr.Final()); !slices.Equal(got, want) {
				errs <- fmt.Errorf("work(%d) logs %q, want %q", i, got, want)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	isos := *p.isos.Load()
	for _, iso := range isos {
		if l := iso.load.Load(); l != 0 {
			t.Errorf("isolate %d still has %d invocations", iso.id, l)
		}
	}
}

// TestLeastLoaded checks that invocations go to the isolate with the fewest in flight.
func TestLeastLoaded(t *testing.T) {
	p := testPool(t, "lifecycle/timers.ts", Options{Size: 3})
	inv := Invocation{Env: opEnv{}}
	ctx, cancel := context.WithCancel(context.Background())
	loads := func() (l []int32, sum int32) {
		for _, iso := range *p.isos.Load() {
			l = append(l, iso.load.Load())
			sum += iso.load.Load()
		}
		return l, sum
	}
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	for i := range 9 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, _ = p.Call(ctx, inv, "slow", nil) // in flight until cancelled
		}()
		deadline := time.Now().Add(5 * time.Second)
		for _, sum := loads(); sum != int32(i+1); _, sum = loads() {
			if time.Now().After(deadline) {
				t.Fatalf("invocation %d never got in flight", i+1)
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
	if l, _ := loads(); !slices.Equal(l, []int32{3, 3, 3}) {
		t.Errorf("loads %v with 9 invocations in flight on 3 isolates, want 3 each", l)
	}
}
