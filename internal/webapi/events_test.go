package webapi

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
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

// invocationLoop is a testLoop whose current invocation context can be switched, and
// which records ClearTimer calls.
type invocationLoop struct {
	*testLoop
	cur     context.Context
	cleared []int64
}

func (l *invocationLoop) Context() context.Context { return l.cur }
func (l *invocationLoop) ClearTimer(id int64) {
	l.cleared = append(l.cleared, id)
	l.testLoop.ClearTimer(id)
}

func TestTimersOfEndedInvocations(t *testing.T) {
	l := &invocationLoop{testLoop: newTestLoop(context.Background())}
	if err := Install(l); err != nil {
		t.Fatal(err)
	}
	r := realmOf(l.vm)
	ended, end := context.WithCancel(context.Background())
	l.cur = ended
	const n = 100
	if _, err := l.vm.RunString(`globalThis.ids = []; for (let i = 0; i < 100; i++) ids.push(setTimeout(() => {}, 60000))`); err != nil {
		t.Fatal(err)
	}
	if len(r.timers) != n {
		t.Fatalf("%d timers, want %d", len(r.timers), n)
	}
	// The invocation ends: the loop cancels its timers without telling the Web APIs.
	end()
	for _, e := range r.timers {
		l.testLoop.ClearTimer(e.loopID)
	}
	l.cur = context.Background()
	if _, err := l.vm.RunString(`clearTimeout(ids[0])`); err != nil {
		t.Fatal(err)
	}
	if len(l.cleared) != 0 {
		t.Errorf("clearTimeout of an ended invocation's timer called ClearTimer(%v)", l.cleared)
	}
	if _, err := l.vm.RunString(`globalThis.live = []; for (let i = 0; i < 100; i++) live.push(setTimeout(() => {}, 1))`); err != nil {
		t.Fatal(err)
	}
	if len(r.timers) != n {
		t.Errorf("%d timers are kept, want the %d live ones", len(r.timers), n)
	}
	if _, err := l.vm.RunString(`live.forEach(clearTimeout)`); err != nil {
		t.Fatal(err)
	}
	if len(l.cleared) != n {
		t.Errorf("clearTimeout of live timers: %d ClearTimer calls, want %d", len(l.cleared), n)
	}
	l.drain(t, time.Second)
}

// TestGlobalsAreTyped checks that every global the Web APIs define is declared by
// @cloudflare/workers-types (the list in testdata) or by Portico's own types/portico.d.ts.
func TestGlobalsAreTyped(t *testing.T) {
	typed := map[string]bool{}
	list, err := os.ReadFile(filepath.Join("testdata", "workers-types-globals.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(list), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			typed[line] = true
		}
	}
	own, err := os.ReadFile(filepath.Join("..", "..", "types", "portico.d.ts"))
	if err != nil {
		t.Fatal(err)
	}
	decl := regexp.MustCompile(`(?m)^declare (?:function|const|var|let|class|abstract class|namespace) ([A-Za-z_$][\w$]*)`)
	for _, m := range decl.FindAllStringSubmatch(string(own), -1) {
		typed[m[1]] = true
	}
	builtins := map[string]bool{}
	for _, k := range goja.New().GlobalObject().GetOwnPropertyNames() {
		builtins[k] = true
	}
	l := newTestLoop(context.Background())
	if err := Install(l); err != nil {
		t.Fatal(err)
	}
	for _, k := range l.vm.GlobalObject().GetOwnPropertyNames() {
		if !builtins[k] && !typed[k] {
			t.Errorf("global %s is neither in @cloudflare/workers-types nor in types/portico.d.ts", k)
		}
	}
}

func TestQueueMicrotaskExceptionIsReported(t *testing.T) {
	l := newReportingLoop(t)
	if _, err := l.vm.RunString(`globalThis.after = false;
		queueMicrotask(() => { throw new SyntaxError("in a job") });
		queueMicrotask(() => { after = true })`); err != nil {
		t.Fatal(err)
	}
	l.drain(t, time.Second)
	if len(l.reported) != 1 || !strings.Contains(l.reported[0].Error(), "SyntaxError: in a job") {
		t.Errorf("reported %v, want the SyntaxError", l.reported)
	}
	if !l.vm.Get("after").ToBoolean() {
		t.Error("the next microtask did not run")
	}
}
