package jsrt

import (
	"sync"
	"sync/atomic"
	"time"
)

// cpuInterrupt is the value the watchdog interrupts the runtime with.
type cpuInterrupt struct{}

func (cpuInterrupt) Error() string { return "CPU time limit exceeded" }

// watchdog stops a slice that runs past its CPU budget. The loop arms it when a slice
// starts and disarms it when the slice returns; its timer fires on another goroutine
// and interrupts the runtime (goja checks the flag between instructions). A slice that
// is still running wedgeAfter later is stuck in Go code that no interrupt reaches: the
// isolate is given up.
type watchdog struct {
	iso   *Isolate
	timer *time.Timer

	// mu guards the fields below and orders the timer against arm and disarm.
	mu       sync.Mutex
	running  bool      // a slice is running
	deadline time.Time // when the running slice's budget ends
	fired    bool      // the runtime was interrupted during the running slice
	wedged   atomic.Bool
}

func (w *watchdog) init(iso *Isolate) {
	w.iso = iso
	w.timer = time.AfterFunc(time.Hour, w.fire)
	w.timer.Stop()
}

// arm starts watching a slice that started at start with budget of CPU time left.
func (w *watchdog) arm(start time.Time, budget time.Duration) {
	w.mu.Lock()
	w.running = true
	w.fired = false
	w.deadline = start.Add(budget)
	w.timer.Reset(budget)
	w.mu.Unlock()
}

// disarm stops watching and reports whether the budget ran out. An interrupt that was
// raised but not delivered (the slice ended in Go code) is cleared, so it cannot hit the
// next slice.
func (w *watchdog) disarm() (fired bool) {
	w.mu.Lock()
	w.timer.Stop()
	w.running = false
	fired = w.fired
	if fired {
		w.iso.vm.ClearInterrupt()
		w.fired = false
	}
	w.mu.Unlock()
	return fired
}

// fire runs on the timer's goroutine.
func (w *watchdog) fire() {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	if !w.running || now.Before(w.deadline) {
		return // a stale firing: the slice it was armed for has ended
	}
	if !w.fired {
		w.fired = true
		w.iso.vm.Interrupt(cpuInterrupt{})
		w.deadline = now.Add(w.iso.cfg.wedgeAfter)
		w.timer.Reset(w.iso.cfg.wedgeAfter)
		return
	}
	if w.wedged.CompareAndSwap(false, true) {
		go w.iso.giveUp("a slice ignored the CPU-limit interrupt (stuck outside JavaScript)")
	}
}
