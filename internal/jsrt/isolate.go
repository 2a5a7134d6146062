package jsrt

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
)

// Isolate is one goja runtime with its event loop. One goroutine, the loop, owns it:
// the runtime and every field below "loop goroutine only" are touched by that goroutine
// alone (and by the goroutine that creates the isolate, before the loop starts). Other
// goroutines reach it by posting tasks (post), which the loop runs in order per
// invocation.
//
// Isolate implements webapi.Loop and webapi.ExceptionReporter; the Web APIs call those
// methods on the loop goroutine.
type Isolate struct {
	cfg *config
	vm  *goja.Runtime
	id  int
	log *slog.Logger

	// mu guards queue, spare and closing. wake holds at most one signal: it is sent
	// when a task lands in an empty queue, and when the alarm fires.
	mu      sync.Mutex
	queue   []task
	spare   []task
	closing bool
	wake    chan struct{}

	done     chan struct{} // closed when the loop goroutine has returned
	lost     chan struct{} // closed when the isolate is given up: waiters stop waiting
	lostOnce sync.Once
	retired  atomic.Bool  // the pool no longer sends it invocations
	load     atomic.Int32 // invocations submitted and not yet ended

	wd watchdog

	// Loop goroutine only.
	cur      *invocation // whose code runs now; follows promise jobs (AsyncContextTracker)
	turn     *invocation // whose tasks the current slice runs
	live     map[*invocation]struct{}
	dirty    []*invocation // invocations to check for their end after the slice
	runTasks []task        // the tasks the runner runs
	timers   timerHeap
	timerIDs map[int64]*timer
	nextTmr  int64
	alarm    *time.Timer
	alarmAt  time.Time
	rejected []rejection
	strikes  []time.Time // recent CPU-limit kills
	realm    *realm
}

// task is a function to run on the loop on behalf of inv (nil for the isolate itself).
type task struct {
	inv *invocation
	fn  func()
}

// rejection is a promise rejected with no handler yet, and the invocation whose code
// rejected it.
type rejection struct {
	p   *goja.Promise
	inv *invocation
}

// Replacement policy: an isolate that stops CPU-limited invocations strikeLimit times
// within strikeWindow is replaced (its global state may be what makes them spin).
const (
	strikeLimit  = 3
	strikeWindow = time.Minute
)

// maxCallStack bounds recursion, as V8's stack size does; deeper recursion ends the
// invocation with a RangeError instead of growing the Go stack without limit.
const maxCallStack = 10000

// newIsolate creates an isolate: the Web APIs, Portico's globals, then the program,
// run under the CPU limit. The loop starts once the program has run.
func newIsolate(cfg *config, id int) (*Isolate, error) {
	iso := &Isolate{
		cfg:      cfg,
		vm:       goja.New(),
		id:       id,
		log:      cfg.log.With("isolate", id),
		wake:     make(chan struct{}, 1),
		done:     make(chan struct{}),
		lost:     make(chan struct{}),
		live:     map[*invocation]struct{}{},
		timerIDs: map[int64]*timer{},
	}
	iso.wd.init(iso)
	iso.alarm = time.AfterFunc(time.Hour, iso.signal)
	iso.alarm.Stop()
	iso.vm.SetMaxCallStackSize(maxCallStack)
	iso.vm.SetAsyncContextTracker(iso)
	iso.vm.SetPromiseRejectionTracker(iso.trackRejection)
	if err := iso.install(); err != nil {
		return nil, fmt.Errorf("isolate of %s: %w", cfg.name, err)
	}
	if err := iso.evaluate(); err != nil {
		return nil, err
	}
	go iso.loop()
	return iso, nil
}

// evaluate runs the program under the CPU limit, then finds the worker's exports.
func (iso *Isolate) evaluate() error {
	start := time.Now()
	iso.wd.arm(start, iso.cfg.cpuLimit)
	_, err := iso.vm.RunProgram(iso.cfg.program.prg)
	fired := iso.wd.disarm()
	iso.reportRejections()
	var ie *goja.InterruptedError
	if fired || errors.As(err, &ie) {
		return fmt.Errorf("evaluate %s: the script's top level ran past the CPU limit of %v: %w",
			iso.cfg.name, iso.cfg.cpuLimit, ErrExceededCPU)
	}
	if err != nil {
		return exceptionFromError(iso.vm, err, time.Now())
	}
	return iso.realm.findExports()
}

// post queues fn to run on the loop on behalf of inv. It may be called from any
// goroutine. It reports false, dropping fn, once the isolate is closing.
func (iso *Isolate) post(inv *invocation, fn func()) bool {
	iso.mu.Lock()
	if iso.closing {
		iso.mu.Unlock()
		return false
	}
	wasEmpty := len(iso.queue) == 0
	iso.queue = append(iso.queue, task{inv, fn})
	iso.mu.Unlock()
	if wasEmpty {
		iso.signal()
	}
	return true
}

// signal wakes the loop if it waits.
func (iso *Isolate) signal() {
	select {
	case iso.wake <- struct{}{}:
	default:
	}
}

// close stops the isolate: the loop cancels every live invocation and returns.
func (iso *Isolate) close() {
	iso.mu.Lock()
	iso.closing = true
	iso.mu.Unlock()
	iso.signal()
}

// giveUp marks the isolate lost: callers waiting on its invocations get ErrIsolateLost.
func (iso *Isolate) giveUp(reason string) {
	iso.lostOnce.Do(func() {
		iso.log.Error("isolate lost", "reason", reason)
		iso.retired.Store(true)
		close(iso.lost)
		iso.cfg.retire(iso)
	})
}

// take returns the queued tasks.
func (iso *Isolate) take() (batch []task, closing bool) {
	iso.mu.Lock()
	batch, iso.queue = iso.queue, iso.spare[:0]
	iso.spare = nil
	closing = iso.closing
	iso.mu.Unlock()
	return batch, closing
}

// yieldsBeforeWait is how many times the loop lets other goroutines run before it
// parks: Go work that completes without blocking (a cached value, a channel that is
// ready) posts its settlement within a yield, and the loop settles it in the same
// batch instead of sleeping and being woken.
const yieldsBeforeWait = 1

// loop is the isolate's goroutine: it runs posted tasks and due timers in batches, one
// slice per invocation, until the isolate closes.
func (iso *Isolate) loop() {
	defer close(iso.done)
	defer func() {
		if x := recover(); x != nil {
			iso.log.Error("isolate failed", "panic", x, "stack", string(debug.Stack()))
			iso.giveUp(fmt.Sprint("panic: ", x))
			iso.abandon()
		}
	}()
	yields := 0
	for {
		batch, closing := iso.take()
		if closing {
			iso.shutdown(batch)
			return
		}
		batch = iso.dueTimers(batch, time.Now())
		if len(batch) == 0 {
			iso.spare = batch
			if yields < yieldsBeforeWait {
				yields++
				runtime.Gosched()
				continue
			}
			yields = 0
			iso.armAlarm()
			<-iso.wake
			iso.alarmAt = time.Time{}
			continue
		}
		yields = 0
		iso.runBatch(batch)
		clear(batch)
		iso.spare = batch[:0]
		if iso.wd.wedged.Load() {
			iso.abandon()
			return
		}
	}
}

// runBatch runs a batch: the tasks of each invocation, in order, in one slice.
// Invocations' work interleaves freely, so grouping keeps each slice (and a CPU-limit
// interrupt, which discards the promise jobs queued when it hits) to one invocation.
func (iso *Isolate) runBatch(batch []task) {
	if len(batch) > 1 {
		slices.SortStableFunc(batch, func(a, b task) int { return cmp.Compare(a.inv.key(), b.inv.key()) })
	}
	for i := 0; i < len(batch); {
		j := i + 1
		for j < len(batch) && batch[j].inv == batch[i].inv {
			j++
		}
		iso.runSlice(batch[i].inv, batch[i:j])
		i = j
	}
}

// runSlice runs tasks of inv under inv's remaining CPU budget, inside one call into the
// runtime: the promise jobs that settlements queue (resolve and reject are Go) run once,
// when it returns. (A task that calls a script function sees that function's jobs run
// when it returns, as goja drains the queue whenever its call stack empties.)
func (iso *Isolate) runSlice(inv *invocation, tasks []task) {
	budget := time.Duration(0)
	if inv != nil {
		if inv.ended.Load() {
			return
		}
		budget = iso.cfg.cpuLimit - inv.cpu
		if budget <= 0 {
			iso.exceeded(inv)
			return
		}
	}
	iso.turn, iso.cur = inv, inv
	iso.runTasks = tasks
	start := time.Now()
	if inv != nil {
		iso.wd.arm(start, budget)
	}
	_, err := iso.realm.runner(goja.Undefined())
	fired := inv != nil && iso.wd.disarm()
	if inv != nil {
		inv.cpu += time.Since(start)
	}
	iso.runTasks = nil
	iso.turn, iso.cur = nil, nil
	var ie *goja.InterruptedError
	var so *goja.StackOverflowError
	switch {
	case fired || errors.As(err, &ie):
		if inv != nil {
			iso.exceeded(inv)
		}
	case errors.As(err, &so):
		if inv != nil {
			iso.fail(inv, &Exception{Timestamp: time.Now(), Name: "RangeError",
				Message: "Maximum call stack size exceeded"})
		}
	case err != nil:
		iso.reportTo(inv, err)
	}
	iso.reportRejections()
	iso.checkDirty()
}

// runAll is the body of the runner: it runs the slice's tasks, each guarded, so an
// exception thrown out of one does not skip the others.
func (iso *Isolate) runAll() {
	for _, t := range iso.runTasks {
		if t.inv != nil && t.inv.ended.Load() {
			continue
		}
		if ex := iso.vm.Try(t.fn); ex != nil {
			iso.reportTo(t.inv, ex)
		}
	}
}

// check panics with err when it cannot be caught (the CPU-limit interrupt, a stack
// overflow), so it unwinds the whole slice as goja expects; other errors are returned.
func check(err error) error {
	var ie *goja.InterruptedError
	var so *goja.StackOverflowError
	if errors.As(err, &ie) || errors.As(err, &so) {
		panic(err)
	}
	return err
}

// Grab, Resumed and Exited implement goja.AsyncContextTracker: a promise job runs on
// behalf of the invocation whose code registered it, whatever slice runs it.
func (iso *Isolate) Grab() any {
	if iso.cur == nil {
		return nil
	}
	return iso.cur
}

// Resumed is called before a promise job runs.
func (iso *Isolate) Resumed(o any) {
	if inv, ok := o.(*invocation); ok {
		iso.cur = inv
		return
	}
	iso.cur = iso.turn
}

// Exited is called after a promise job ran.
func (iso *Isolate) Exited() { iso.cur = iso.turn }

// trackRejection is the runtime's promise rejection tracker.
func (iso *Isolate) trackRejection(p *goja.Promise, op goja.PromiseRejectionOperation) {
	switch op {
	case goja.PromiseRejectionReject:
		iso.rejected = append(iso.rejected, rejection{p, iso.cur})
	case goja.PromiseRejectionHandle:
		for i, r := range iso.rejected {
			if r.p == p {
				iso.rejected = slices.Delete(iso.rejected, i, i+1)
				break
			}
		}
	}
}

// reportRejections logs the promises still rejected with no handler once the promise
// jobs of a slice have run, as "Uncaught (in promise)" exceptions of the invocation that
// rejected them.
func (iso *Isolate) reportRejections() {
	for _, r := range iso.rejected {
		e := exceptionOf(iso.vm, r.p.Result(), time.Now())
		iso.exception(r.inv, e, "Uncaught (in promise)")
	}
	clear(iso.rejected)
	iso.rejected = iso.rejected[:0]
}

// ReportException implements webapi.ExceptionReporter: an exception thrown where no
// script can catch it (a timer callback, queueMicrotask) is logged as uncaught on the
// current invocation. The CPU-limit interrupt is re-raised so it stops the slice.
func (iso *Isolate) ReportException(err error) {
	iso.reportTo(iso.cur, check(err))
}

// reportTo logs err as an uncaught exception of inv.
func (iso *Isolate) reportTo(inv *invocation, err error) {
	iso.exception(inv, exceptionFromError(iso.vm, err, time.Now()), "Uncaught")
}

// exception records e on inv's trace and prints it to the console sink as an error log;
// prefix is how the console line starts ("Uncaught").
func (iso *Isolate) exception(inv *invocation, e *Exception, prefix string) {
	if inv != nil && !inv.ended.Load() {
		inv.trace.Exceptions = append(inv.trace.Exceptions, e)
	}
	iso.emit(inv, Log{Timestamp: e.Timestamp, Level: "error", Message: []any{prefix + " " + e.Error()}},
		false)
}

// emit records a console line on inv's trace (unless toTrace is false) and streams it to
// the console sink.
func (iso *Isolate) emit(inv *invocation, l Log, toTrace bool) {
	if toTrace && inv != nil && !inv.ended.Load() {
		inv.trace.Logs = append(inv.trace.Logs, l)
	}
	if iso.cfg.console != nil {
		iso.cfg.console(l)
	}
}

// exceeded ends inv at the CPU limit and counts a strike against the isolate.
func (iso *Isolate) exceeded(inv *invocation) {
	if inv.ended.Load() {
		return
	}
	iso.log.Warn("invocation exceeded the CPU limit", "limit", iso.cfg.cpuLimit,
		"event", inv.req.event.Type)
	inv.setErr(OutcomeExceededCPU, fmt.Errorf("worker %s: %w (%v)", iso.cfg.name,
		ErrExceededCPU, iso.cfg.cpuLimit))
	iso.finish(inv)
	now := time.Now()
	iso.strikes = slices.DeleteFunc(append(iso.strikes, now), func(t time.Time) bool {
		return now.Sub(t) > strikeWindow
	})
	if len(iso.strikes) >= strikeLimit && !iso.retired.Swap(true) {
		iso.log.Warn("replacing isolate", "reason", "repeated CPU-limit kills")
		iso.cfg.retire(iso)
	}
}

// shutdown cancels every live invocation and those whose start is still queued in
// batch; the loop then returns.
func (iso *Isolate) shutdown(batch []task) {
	for _, t := range batch {
		if t.inv != nil {
			iso.live[t.inv] = struct{}{}
		}
	}
	for inv := range iso.live {
		inv.setErr(OutcomeCanceled, fmt.Errorf("worker %s: %w: %w", iso.cfg.name, ErrCanceled, ErrClosed))
		iso.finish(inv)
	}
	iso.alarm.Stop()
}

// abandon ends every live invocation of a lost isolate without running more script.
func (iso *Isolate) abandon() {
	defer func() { _ = recover() }()
	for inv := range iso.live {
		inv.setErr(OutcomeInternalError, fmt.Errorf("worker %s: %w", iso.cfg.name, ErrIsolateLost))
		iso.finish(inv)
	}
	iso.alarm.Stop()
}
