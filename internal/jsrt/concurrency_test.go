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
	p := testPool(t, "concurrency.ts", Options{Size: 3})
	inv := Invocation{Env: opEnv{}}
	var wg sync.WaitGroup
	for i := range 9 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := p.Call(context.Background(), inv, "work", []any{i}); err != nil {
				t.Error(err)
			}
		}()
	}
	// Each invocation is in flight for at least a millisecond; sample while they are.
	seen := false
	deadline := time.Now().Add(time.Second)
	for !seen && time.Now().Before(deadline) {
		var loads []int32
		sum := int32(0)
		for _, iso := range *p.isos.Load() {
			l := iso.load.Load()
			loads = append(loads, l)
			sum += l
		}
		if sum == 9 {
			seen = true
			if slices.Max(loads)-slices.Min(loads) > 1 {
				t.Errorf("loads %v with 9 invocations in flight on 3 isolates", loads)
			}
		}
		time.Sleep(100 * time.Microsecond)
	}
	wg.Wait()
	if !seen {
		t.Error("never saw the 9 invocations in flight together")
	}
}
