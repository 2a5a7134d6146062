package jsrt

import (
	"context"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/dop251/goja"

	"github.com/portico-dev/portico/internal/bundle"
	"github.com/portico-dev/portico/internal/webapi"
)

// testProgram bundles testdata/<path> and compiles it.
func testProgram(t testing.TB, path string) *Program {
	t.Helper()
	entry, err := filepath.Abs(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	s, err := bundle.Build(bundle.Options{Entry: entry})
	if err != nil {
		t.Fatalf("bundle %s: %v", path, err)
	}
	prg, err := Compile(s.Name, s.Code)
	if err != nil {
		t.Fatal(err)
	}
	return prg
}

// testPool starts a pool (one isolate unless opts says otherwise) for testdata/<path>,
// closed when the test ends.
func testPool(t testing.TB, path string, opts Options) *Pool {
	t.Helper()
	opts.Program = testProgram(t, path)
	if opts.Name == "" {
		opts.Name = "test-worker"
	}
	if opts.Size == 0 {
		opts.Size = 1
	}
	p, err := NewPool(opts)
	if err != nil {
		t.Fatalf("new pool for %s: %v", path, err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// testEnv is an Env of plain values; builds counts the calls of Build.
type testEnv struct {
	vars   map[string]any
	builds atomic.Int32
}

func (e *testEnv) Build(l webapi.Loop) (*goja.Object, error) {
	e.builds.Add(1)
	o := l.Runtime().NewObject()
	for k, v := range e.vars {
		if err := o.Set(k, v); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// logTexts returns the text of each log line of tr.
func logTexts(tr *Trace) []string {
	var out []string
	for _, l := range tr.Logs {
		out = append(out, l.Text())
	}
	return out
}

// wantLogs fails t unless tr's log lines are want.
func wantLogs(t *testing.T, tr *Trace, want ...string) {
	t.Helper()
	if got := logTexts(tr); !slices.Equal(got, want) {
		t.Errorf("logs:\n got %q\nwant %q", got, want)
	}
}

// scheduled runs p's scheduled handler and fails t on an error.
func scheduled(t *testing.T, p *Pool, inv Invocation) *Trace {
	t.Helper()
	tr, err := p.Scheduled(context.Background(), ScheduledEvent{Cron: "*/5 * * * *"}, inv)
	if err != nil {
		t.Fatalf("scheduled: %v", err)
	}
	if tr.Outcome != OutcomeOK {
		t.Fatalf("outcome %q, want ok", tr.Outcome)
	}
	return tr
}

// call runs an RPC method and fails t on an error.
func call(t *testing.T, p *Pool, inv Invocation, method string, args ...any) any {
	t.Helper()
	v, _, err := p.Call(context.Background(), inv, method, args)
	if err != nil {
		t.Fatalf("call %s: %v", method, err)
	}
	return v
}
