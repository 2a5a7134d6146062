package webapi

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
)

func TestAbort(t *testing.T) { runScriptTests(t, "abort.js", nil) }

func TestEvents(t *testing.T) { runScriptTests(t, "events.js", nil) }

func TestTimers(t *testing.T) { runScriptTests(t, "timers.js", nil) }

// reportingLoop is a testLoop that records what ExceptionReporter receives.
type reportingLoop struct {
	*testLoop
	reported []error
}

func (l *reportingLoop) ReportException(err error) { l.reported = append(l.reported, err) }

func newReportingLoop(t *testing.T) *reportingLoop {
	t.Helper()
	l := &reportingLoop{testLoop: newTestLoop(context.Background())}
	if err := Install(l); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestUncaughtExceptionsAreReported(t *testing.T) {
	tests := []struct {
		name, script, want string
	}{
		{"timer", `setTimeout(() => { throw new TypeError("from a timer") }, 0)`,
			"TypeError: from a timer"},
		{"interval", `const id = setInterval(() => { clearInterval(id); throw new Error("tick") }, 1)`,
			"Error: tick"},
		{"timeout listener",
			`AbortSignal.timeout(1).addEventListener("abort", () => { throw new RangeError("late") })`,
			"RangeError: late"},
		{"thrown value", `setTimeout(() => { throw "plain" }, 0)`, "plain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newReportingLoop(t)
			if _, err := l.vm.RunString(tt.script); err != nil {
				t.Fatal(err)
			}
			l.drain(t, 5*time.Second)
			if len(l.reported) != 1 {
				t.Fatalf("reported %d exceptions, want 1: %v", len(l.reported), l.reported)
			}
			var ex *goja.Exception
			if !errors.As(l.reported[0], &ex) {
				t.Fatalf("reported %T, want *goja.Exception", l.reported[0])
			}
			if got := ex.Value().String(); got != tt.want {
				t.Errorf("reported %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTimerCallbackRunsPromiseJobs(t *testing.T) {
	l := newReportingLoop(t)
	if _, err := l.vm.RunString(`
		globalThis.steps = [];
		setTimeout(() => { Promise.resolve().then(() => steps.push("job")); steps.push("timer"); }, 0);
	`); err != nil {
		t.Fatal(err)
	}
	l.drain(t, 5*time.Second)
	if got := l.vm.Get("steps").String(); got != "timer,job" {
		t.Errorf("steps = %q, want timer,job", got)
	}
}

func TestAbortSignalGoSide(t *testing.T) {
	l := newReportingLoop(t)
	vm := l.vm
	v, err := vm.RunString(`globalThis.c = new AbortController(); c.signal`)
	if err != nil {
		t.Fatal(err)
	}
	s, ok := abortSignalOf(v)
	if !ok {
		t.Fatal("abortSignalOf(signal) = false")
	}
	for _, not := range []string{`({})`, `new EventTarget()`, `c`, `1`, `null`,
		`Object.create(c.signal)`} {
		nv, err := vm.RunString(not)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := abortSignalOf(nv); ok {
			t.Errorf("abortSignalOf(%s) = true", not)
		}
	}
	if _, ok := abortSignalOf(nil); ok {
		t.Error("abortSignalOf(nil) = true")
	}
	if s.Aborted() || !goja.IsUndefined(s.Reason()) {
		t.Fatal("a new signal has aborted")
	}
	var order []string
	s.OnAbort(func() { order = append(order, "first:"+s.Reason().String()) })
	remove := s.OnAbort(func() { order = append(order, "removed") })
	s.OnAbort(func() { order = append(order, "third") })
	remove()
	if _, err := vm.RunString(`c.signal.onabort = () => { globalThis.eventAfterHooks = true }`); err != nil {
		t.Fatal(err)
	}
	if _, err := vm.RunString(`c.abort("why")`); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, ","); got != "first:why,third" {
		t.Errorf("hooks ran %q, want first:why,third", got)
	}
	if !s.Aborted() || s.Reason().String() != "why" {
		t.Errorf("Aborted() = %v, Reason() = %v", s.Aborted(), s.Reason())
	}
	if !vm.Get("eventAfterHooks").ToBoolean() {
		t.Error("abort event did not fire")
	}
	late := false
	s.OnAbort(func() { late = true })()
	if late {
		t.Error("OnAbort on an aborted signal ran fn")
	}
}

func TestAbortSignalFromGo(t *testing.T) {
	l := newReportingLoop(t)
	vm := l.vm
	a := newAbortSignal(vm)
	b := newAbortSignal(vm)
	dep := anyAbortSignal(vm, a, b)
	followed := false
	dep.OnAbort(func() { followed = true })
	b.Abort(nil)
	if !dep.Aborted() || !followed {
		t.Fatal("dependent signal did not follow its source")
	}
	ex, ok := dep.Reason().(*goja.Object)
	if !ok {
		t.Fatalf("reason %v is not an object", dep.Reason())
	}
	if ex.Get("name").String() != "AbortError" {
		t.Errorf("default reason name = %v", ex.Get("name"))
	}
	if err := vm.Set("sig", a.Object()); err != nil {
		t.Fatal(err)
	}
	if v, err := vm.RunString(`sig instanceof AbortSignal && !sig.aborted`); err != nil || !v.ToBoolean() {
		t.Errorf("Object() is not a live AbortSignal: %v %v", v, err)
	}
}

func TestNewDOMException(t *testing.T) {
	l := newReportingLoop(t)
	vm := l.vm
	e := newDOMException(vm, "QuotaExceededError", "too much")
	if err := vm.Set("e", e); err != nil {
		t.Fatal(err)
	}
	v, err := vm.RunString(`[e instanceof DOMException, e.name, e.message, e.code, typeof e.stack].join()`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), "true,QuotaExceededError,too much,22,string"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
