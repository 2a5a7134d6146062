package jsrt

import (
	"container/heap"
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/dop251/goja"
)

// Runtime returns the isolate's engine.
func (iso *Isolate) Runtime() *goja.Runtime { return iso.vm }

// Context returns the context of the invocation whose code is running now, which ends
// when the invocation ends; context.Background() while the script's top level runs.
func (iso *Isolate) Context() context.Context {
	if iso.cur == nil {
		return context.Background()
	}
	return iso.cur.ctx
}

// current returns the invocation whose code runs now. At the script's top level there
// is none, and what (an operation) throws, as Cloudflare does: I/O and timers belong to
// a request.
func (iso *Isolate) current(what string) *invocation {
	if iso.cur == nil {
		panic(iso.vm.NewGoError(fmt.Errorf("disallowed operation called within global scope: "+
			"%s can only be used inside a handler (fetch, scheduled, ...)", what)))
	}
	return iso.cur
}

// Go runs work on a new goroutine with the current invocation's context, then runs
// the settle function it returns on the loop, in a slice of that invocation, batched
// with whatever else is ready. A settle function of an invocation that has ended is
// dropped. A panic in work ends the invocation with an internal error.
func (iso *Isolate) Go(work func(ctx context.Context) (settle func())) {
	inv := iso.current("asynchronous I/O")
	if inv.ended.Load() {
		return
	}
	go func() {
		defer func() {
			if x := recover(); x != nil {
				iso.log.Error("asynchronous work panicked", "panic", x)
				iso.post(inv, func() {
					inv.setErr(OutcomeInternalError, fmt.Errorf("worker %s: internal error in asynchronous work",
						iso.cfg.name))
					iso.finish(inv)
				})
			}
		}()
		if settle := work(inv.ctx); settle != nil {
			iso.post(inv, settle)
		}
	}()
}

// Hold keeps the current invocation open until release is called; post runs fn on the
// loop in a slice of that invocation until then.
func (iso *Isolate) Hold() (post func(fn func()) bool, release func()) {
	inv := iso.current("a held body")
	if inv.ended.Load() {
		return func(func()) bool { return false }, func() {}
	}
	inv.holds++
	var once sync.Once
	post = func(fn func()) bool {
		if inv.ended.Load() {
			return false
		}
		iso.post(inv, fn)
		return true
	}
	release = func() {
		once.Do(func() {
			iso.post(inv, func() {
				inv.holds--
				iso.markDirty(inv)
			})
		})
	}
	return post, release
}

// timer is one pending timer of an invocation.
type timer struct {
	id    int64
	inv   *invocation
	at    time.Time
	seq   int64 // creation order, for timers due at the same time
	every time.Duration
	fn    func()
	index int // in the heap; -1 when not in it
}

// timerHeap orders timers by due time, then creation.
type timerHeap []*timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].seq < h[j].seq
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *timerHeap) Push(x any) {
	t := x.(*timer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// SetTimer runs fn on the loop after d (and every d after that when repeat is set), in a
// slice of the current invocation; the timer ends with the invocation.
func (iso *Isolate) SetTimer(d time.Duration, repeat bool, fn func()) int64 {
	inv := iso.current("setTimeout")
	if inv.ended.Load() {
		return 0
	}
	every := time.Duration(0)
	if repeat {
		every = max(d, time.Millisecond)
	}
	return iso.addTimer(inv, d, every, fn)
}

// addTimer adds a timer of inv.
func (iso *Isolate) addTimer(inv *invocation, d, every time.Duration, fn func()) int64 {
	iso.nextTmr++
	t := &timer{id: iso.nextTmr, inv: inv, at: time.Now().Add(d), seq: iso.nextTmr, every: every, fn: fn}
	heap.Push(&iso.timers, t)
	iso.timerIDs[t.id] = t
	inv.timers++
	return t.id
}

// ClearTimer cancels a timer; an unknown id is ignored.
func (iso *Isolate) ClearTimer(id int64) {
	t, ok := iso.timerIDs[id]
	if !ok {
		return
	}
	iso.dropTimer(t)
}

// dropTimer forgets t.
func (iso *Isolate) dropTimer(t *timer) {
	delete(iso.timerIDs, t.id)
	if t.index >= 0 {
		heap.Remove(&iso.timers, t.index)
	}
	t.inv.timers--
}

// dropTimersOf forgets every timer of inv.
func (iso *Isolate) dropTimersOf(inv *invocation) {
	if inv.timers == 0 {
		return
	}
	for _, t := range iso.timerIDs {
		if t.inv == inv {
			iso.dropTimer(t)
		}
	}
}

// dueTimers appends a task for each timer due at now to batch, in due order, and
// re-arms repeating timers.
func (iso *Isolate) dueTimers(batch []task, now time.Time) []task {
	for len(iso.timers) > 0 && !iso.timers[0].at.After(now) {
		t := iso.timers[0]
		if t.every > 0 {
			t.at = now.Add(t.every)
			iso.nextTmr++
			t.seq = iso.nextTmr
			heap.Fix(&iso.timers, 0)
		} else {
			heap.Pop(&iso.timers)
		}
		batch = append(batch, task{t.inv, func() {
			if _, live := iso.timerIDs[t.id]; !live {
				return // cleared by an earlier task of this batch
			}
			if t.every == 0 {
				delete(iso.timerIDs, t.id)
				t.inv.timers--
			}
			t.fn()
		}})
	}
	return batch
}

// armAlarm sets the alarm for the earliest timer, so the loop wakes for it.
func (iso *Isolate) armAlarm() {
	if len(iso.timers) == 0 {
		return
	}
	at := iso.timers[0].at
	if at.Equal(iso.alarmAt) {
		return
	}
	iso.alarmAt = at
	iso.alarm.Reset(time.Until(at))
}
