package binding

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dop251/goja"
	"github.com/portico-dev/portico/internal/webapi"
)

// loop is a single-goroutine webapi.Loop for tests: Go runs the work at once on its
// own goroutine and queues the settle function, which drain runs on the test's
// goroutine.
type loop struct {
	vm      *goja.Runtime
	settled chan func()
	pending int
}

func newLoop(t *testing.T) *loop {
	l := &loop{vm: goja.New(), settled: make(chan func(), 16)}
	if err := webapi.Install(l); err != nil {
		t.Fatal(err)
	}
	return l
}

func (l *loop) Runtime() *goja.Runtime   { return l.vm }
func (l *loop) Context() context.Context { return context.Background() }
func (l *loop) Go(work func(ctx context.Context) func()) {
	l.pending++
	go func() { l.settled <- work(context.Background()) }()
}
func (l *loop) SetTimer(time.Duration, bool, func()) int64 { return 0 }
func (l *loop) ClearTimer(int64)                           {}
func (l *loop) Hold() (func(func()) bool, func()) {
	return func(fn func()) bool { fn(); return true }, func() {}
}

// await runs src (an async function body with env in scope) and returns its result.
func (l *loop) await(t *testing.T, env *goja.Object, src string) goja.Value {
	t.Helper()
	fn, err := l.vm.RunString("(async function(env) {" + src + "})")
	if err != nil {
		t.Fatal(err)
	}
	call, _ := goja.AssertFunction(fn)
	v, err := call(goja.Undefined(), env)
	if err != nil {
		t.Fatal(err)
	}
	p := v.Export().(*goja.Promise)
	for p.State() == goja.PromiseStatePending {
		if l.pending == 0 {
			t.Fatal("the promise never settles")
		}
		settle := <-l.settled
		l.pending--
		if settle != nil {
			settle()
		}
	}
	if p.State() == goja.PromiseStateRejected {
		t.Fatalf("rejected: %v", p.Result())
	}
	return p.Result()
}

type target struct {
	calls []string
}

func (tg *target) Fetch(ctx context.Context, r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{"X-From": {"target"}},
		Body: http.NoBody, Request: r}, nil
}

func (tg *target) Call(ctx context.Context, method string, args []any) (any, error) {
	tg.calls = append(tg.calls, method)
	if method == "fail" {
		return nil, errors.New("Error: it failed")
	}
	return map[string]any{"method": method, "args": args}, nil
}

func TestBuild(t *testing.T) {
	l := newLoop(t)
	tg := &target{}
	e := &Env{
		Worker:   "w",
		Vars:     map[string]any{"NAME": "portico", "CONF": map[string]any{"n": 1.5, "on": true}, "OVER": "var"},
		Secrets:  map[string]string{"OVER": "secret", "TOKEN": "t0k"},
		Origin:   &Fetcher{Name: "ORIGIN", Target: tg},
		Assets:   &Fetcher{Name: "ASSETS", Target: tg},
		Services: []Service{{Name: "SVC", Target: tg}},
	}
	env, err := e.Build(l)
	if err != nil {
		t.Fatal(err)
	}
	got := l.await(t, env, `
		const r = await env.ORIGIN.fetch("https://x/");
		r.headers.append("X-Added", "yes");   // mutable (DESIGN.md rule 6)
		const s = await env.SVC.fetch("https://svc/");
		const rpc = await env.SVC.sum(1, "two", [true, null], {d: new Uint8Array([1, 2])});
		return JSON.stringify({
			keys: Object.keys(env), name: env.NAME, conf: env.CONF, over: env.OVER,
			token: env.TOKEN, added: r.headers.get("X-Added"), svc: s.headers.get("X-From"),
			rpc, then: typeof env.SVC.then,
		});`)
	var m map[string]any
	if err := json.Unmarshal([]byte(got.String()), &m); err != nil {
		t.Fatal(err)
	}
	want := `{"added":"yes","conf":{"n":1.5,"on":true},"keys":["CONF","NAME","OVER",` +
		`"TOKEN","ASSETS","SVC","ORIGIN"],"name":"portico","over":"secret","rpc":{"args":` +
		`[1,"two",[true,null],{"d":{"0":1,"1":2}}],"method":"sum"},"svc":"target","then":"undefined",` +
		`"token":"t0k"}`
	if b, _ := json.Marshal(m); string(b) != want {
		t.Errorf("env:\n%s\nwant\n%s", b, want)
	}
	msg := l.await(t, env, `try { await env.SVC.fail(); } catch (e) { return e.message; }`)
	if !strings.Contains(msg.String(), "it failed") {
		t.Errorf("rpc error: %v", msg)
	}
	msg = l.await(t, env, `try { await env.SVC.f(() => 1); } catch (e) { return e.name; }`)
	if msg.String() != "DataCloneError" {
		t.Errorf("a function argument: %v", msg)
	}
}
