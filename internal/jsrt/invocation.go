package jsrt

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/dop251/goja"
)

// request is what the pool asks an isolate to run: one event for one handler.
type request struct {
	inv   Invocation
	event Event
	// run calls the handler, on the loop; it returns the handler's result, a promise or
	// a value.
	run func(iso *Isolate, in *invocation) (goja.Value, error)
	// result converts the handler's settled value into what the caller gets, on the
	// loop. Nil means the value is not needed.
	result func(iso *Isolate, in *invocation, v goja.Value) (any, error)
	// untilEnd makes the caller wait for the end of the invocation (waitUntil work
	// included), not only for its result.
	untilEnd bool
	reply    chan reply
}

// reply is what the caller of an invocation gets.
type reply struct {
	v     any
	trace *Trace
	err   error
}

// invocation is one run of a handler on an isolate. Its fields are the loop's, except
// ended, which other goroutines read.
type invocation struct {
	id     uint64
	iso    *Isolate
	req    *request
	ctx    context.Context
	cancel context.CancelFunc
	// stopCaller stops the watch on the caller's context, which cancels the invocation
	// until its result is ready.
	stopCaller func() bool
	ended      atomic.Bool

	settled   bool // the handler's result is ready, or it failed
	waitUntil int  // ctx.waitUntil promises not yet settled
	holds     int  // Loop.Hold calls not yet released
	timers    int  // live timers
	waitTimer int64
	cpu       time.Duration
	start     time.Time
	err       error // the first failure, returned to the caller

	trace Trace
	env   *goja.Object
	ctxJS *goja.Object
	props goja.Value
}

// key orders tasks by invocation in a batch; the isolate's own tasks go first.
func (in *invocation) key() uint64 {
	if in == nil {
		return 0
	}
	return in.id
}

// setErr records the invocation's failure; the first one wins.
func (in *invocation) setErr(o Outcome, err error) {
	if in.trace.Outcome == "" {
		in.trace.Outcome = o
	}
	if in.err == nil {
		in.err = err
	}
}

// newInvocation prepares an invocation of req with the caller's context. The
// invocation's own context keeps the caller's values but not its cancellation: a
// cancellation before the result is ready cancels the invocation (through the isolate's
// loop); after it, waitUntil work goes on, bounded by the waitUntil timeout.
func newInvocation(iso *Isolate, ctx context.Context, req *request, id uint64) *invocation {
	in := &invocation{id: id, iso: iso, req: req, start: time.Now()}
	in.ctx, in.cancel = context.WithCancel(context.WithoutCancel(ctx))
	in.trace = Trace{
		ScriptName:     iso.cfg.name,
		Entrypoint:     req.inv.Entrypoint,
		Event:          req.event,
		EventTimestamp: in.start,
		final:          &traceFinal{done: make(chan struct{})},
	}
	if ctx.Done() != nil {
		in.stopCaller = context.AfterFunc(ctx, func() {
			iso.post(in, func() {
				if !in.settled {
					in.setErr(OutcomeCanceled, fmt.Errorf("worker %s: %w: %w", iso.cfg.name, ErrCanceled,
						context.Cause(ctx)))
					iso.finish(in)
				}
			})
		})
	}
	return in
}

// begin starts in on the loop: it calls the handler and waits for its result.
func (iso *Isolate) begin(in *invocation) {
	iso.live[in] = struct{}{}
	v, err := in.req.run(iso, in)
	if err != nil {
		iso.fail(in, check(err))
		return
	}
	if p, ok := v.(*goja.Object); ok && p.ExportType() == promiseType {
		iso.realm.await(v)
		return
	}
	iso.ready(in, v)
}

// ready is called with the handler's settled value.
func (iso *Isolate) ready(in *invocation, v goja.Value) {
	if in.settled || in.ended.Load() {
		return
	}
	var res any
	if in.req.result != nil {
		var err error
		if res, err = in.req.result(iso, in, v); err != nil {
			iso.fail(in, check(err))
			return
		}
	}
	in.settled = true
	if in.stopCaller != nil {
		in.stopCaller()
	}
	if !in.req.untilEnd {
		in.req.reply <- reply{v: res, trace: iso.snapshot(in)}
	}
	iso.markDirty(in)
}

// fail ends the handler part of in with err: a thrown exception, a rejected promise, a
// result of the wrong type, or a missing handler.
func (iso *Isolate) fail(in *invocation, err error) {
	if in.settled || in.ended.Load() {
		return
	}
	var ex *Exception
	if !errors.As(err, &ex) {
		var gex *goja.Exception
		if errors.As(err, &gex) {
			ex = exceptionFromError(iso.vm, err, time.Now())
			err = ex
		}
	}
	rec := ex
	if rec == nil {
		rec = &Exception{Timestamp: time.Now(), Name: "Error", Message: err.Error()}
	}
	in.trace.Exceptions = append(in.trace.Exceptions, rec)
	iso.emit(in, Log{Timestamp: rec.Timestamp, Level: "error", Message: []any{"Uncaught " + rec.Error()}},
		false)
	in.setErr(OutcomeException, err)
	in.settled = true
	if in.stopCaller != nil {
		in.stopCaller()
	}
	if !in.req.untilEnd {
		in.req.reply <- reply{err: in.err, trace: iso.snapshot(in)}
	}
	iso.markDirty(in)
}

// snapshot returns in's trace as it is now.
func (iso *Isolate) snapshot(in *invocation) *Trace {
	in.trace.CPUTime = in.cpu
	in.trace.WallTime = time.Since(in.start)
	s := in.trace.snapshot()
	if s.Outcome == "" {
		s.Outcome = OutcomeOK
	}
	return s
}

// markDirty asks for in's end to be checked after the slice.
func (iso *Isolate) markDirty(in *invocation) {
	iso.dirty = append(iso.dirty, in)
}

// checkDirty ends the invocations that have nothing left to wait for, and starts the
// waitUntil timeout of those whose result is ready but whose waitUntil work is not.
func (iso *Isolate) checkDirty() {
	for i, in := range iso.dirty {
		iso.dirty[i] = nil
		if in.ended.Load() || !in.settled {
			continue
		}
		if in.waitUntil == 0 && in.holds == 0 {
			iso.finish(in)
			continue
		}
		if in.waitUntil > 0 && in.waitTimer == 0 {
			in.waitTimer = iso.addTimer(in, iso.cfg.waitUntil, 0, func() { iso.waitUntilTimeout(in) })
		}
	}
	iso.dirty = iso.dirty[:0]
}

// waitUntilTimeout cancels the waitUntil work of in that outlived the timeout.
func (iso *Isolate) waitUntilTimeout(in *invocation) {
	if in.waitUntil == 0 {
		return
	}
	msg := fmt.Sprintf("waitUntil() work did not finish within %v after the handler's result was "+
		"ready, and was cancelled", iso.cfg.waitUntil)
	iso.emit(in, Log{Timestamp: time.Now(), Level: "warn", Message: []any{msg}}, true)
	iso.log.Debug("waitUntil timed out", "event", in.req.event.Type, "pending", in.waitUntil)
	in.setErr(OutcomeCanceled, fmt.Errorf("worker %s: %w: waitUntil timed out", iso.cfg.name, ErrCanceled))
	iso.finish(in)
}

// finish ends in: its context is cancelled, its timers dropped, its trace completed, and
// a caller still waiting gets its answer.
func (iso *Isolate) finish(in *invocation) {
	if in.ended.Swap(true) {
		return
	}
	delete(iso.live, in)
	in.cancel()
	if in.stopCaller != nil {
		in.stopCaller()
	}
	iso.dropTimersOf(in)
	if in.trace.Outcome == "" {
		in.trace.Outcome = OutcomeOK
	}
	in.trace.CPUTime = in.cpu
	in.trace.WallTime = time.Since(in.start)
	final := in.trace
	final.final = nil
	in.trace.final.trace = &final
	close(in.trace.final.done)
	switch {
	case in.req.untilEnd:
		in.req.reply <- reply{v: nil, trace: &final, err: in.err}
	case !in.settled:
		in.req.reply <- reply{err: in.err, trace: &final}
	}
	if iso.load.Add(-1) == 0 && iso.retired.Load() {
		iso.close()
	}
}

// promiseType is the export type of a Promise.
var promiseType = reflect.TypeFor[*goja.Promise]()
