package jsrt

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/portico-dev/portico/internal/bundle"
)

func TestGlobalNameMatchesBundle(t *testing.T) {
	if globalName != bundle.GlobalName {
		t.Fatalf("jsrt reads %q, bundle defines %q", globalName, bundle.GlobalName)
	}
}

func TestHandlers(t *testing.T) {
	env := &testEnv{vars: map[string]any{"NAME": "portico"}}
	inv := Invocation{Env: env}

	t.Run("object.ts", func(t *testing.T) {
		p := testPool(t, "handlers/object.ts", Options{})
		wantLogs(t, scheduled(t, p, inv), "*/5 * * * * scheduled number function portico 1")
		wantLogs(t, scheduled(t, p, Invocation{}), "*/5 * * * * scheduled number function no env 2")
		if got := call(t, p, inv, "add", 2, 3); got != 5.0 {
			t.Errorf("add(2, 3) = %v, want 5", got)
		}
		if got := call(t, p, inv, "runs"); got != 2.0 {
			t.Errorf("runs() = %v: module state did not persist across invocations", got)
		}
		if n := env.builds.Load(); n != 1 {
			t.Errorf("env built %d times in one isolate, want 1", n)
		}
	})

	t.Run("class-instance.ts", func(t *testing.T) {
		p := testPool(t, "handlers/class-instance.ts", Options{})
		wantLogs(t, scheduled(t, p, inv), "instance */5 * * * *")
		if got := call(t, p, inv, "greet", "you"); got != "instance: hello you" {
			t.Errorf("greet = %v", got)
		}
	})

	t.Run("entrypoint.ts", func(t *testing.T) {
		p := testPool(t, "handlers/entrypoint.ts", Options{})
		wantLogs(t, scheduled(t, p, inv), "main */5 * * * * portico function 1")
		got := call(t, p, inv, "hello", "ada")
		want := map[string]any{"greeting": "hello ada from portico", "constructed": 2.0}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("hello = %#v, want %#v (a new instance per invocation)", got, want)
		}
		if got := call(t, p, inv, "importedEnv"); got != "portico" {
			t.Errorf(`env imported from "cloudflare:workers" reads %v, want the invocation's env`, got)
		}
		admin := Invocation{Env: env, Entrypoint: "Admin"}
		wantLogs(t, scheduled(t, p, admin), "admin portico")
		if got := call(t, p, admin, "stats"); !reflect.DeepEqual(got, map[string]any{"admin": true, "name": "portico"}) {
			t.Errorf("Admin.stats = %#v", got)
		}
		tools := Invocation{Env: env, Entrypoint: "tools"}
		wantLogs(t, scheduled(t, p, tools), "tools portico")
		if got := call(t, p, tools, "shout", "hi"); got != "HI" {
			t.Errorf("tools.shout = %v", got)
		}
	})

	t.Run("service-worker.js", func(t *testing.T) {
		p := testPool(t, "handlers/service-worker.js", Options{})
		wantLogs(t, scheduled(t, p, inv), "scheduled */5 * * * * number portico 1")
		wantLogs(t, scheduled(t, p, inv), "scheduled */5 * * * * number portico 2")
	})
}

func TestMissingHandler(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		script, entrypoint, method string
		want                       string
	}{
		{"handlers/empty.ts", "", "", `worker test-worker has no scheduled handler: its default export has no scheduled method`},
		{"handlers/service-worker.js", "", "", ""},
		{"handlers/nothing.js", "", "", `worker test-worker has no scheduled handler: it has no default export and no "scheduled" event listener`},
		{"handlers/entrypoint.ts", "Missing", "", `worker test-worker has no entrypoint "Missing"`},
		{"handlers/entrypoint.ts", "notAnEntrypoint", "", `export "notAnEntrypoint" is a int64, not an object or a class`},
		{"handlers/entrypoint.ts", "plainFunction", "", `export "plainFunction" is a function that is not a class extending WorkerEntrypoint`},
		{"handlers/entrypoint.ts", "", "nope", `its default export (class Main) has no RPC method "nope"`},
		{"handlers/entrypoint.ts", "", "constructor", `has no RPC method "constructor"`},
		{"handlers/entrypoint.ts", "", "toString", `has no RPC method "toString"`},
		{"handlers/object.ts", "", "hasOwnProperty", `its default export has no RPC method "hasOwnProperty"`},
		{"handlers/service-worker.js", "", "anything", `RPC needs an exported entrypoint`},
	} {
		name := tc.script + "/" + tc.entrypoint + "/" + tc.method
		t.Run(name, func(t *testing.T) {
			p := testPool(t, tc.script, Options{})
			inv := Invocation{Entrypoint: tc.entrypoint}
			var tr *Trace
			var err error
			if tc.method == "" {
				tr, err = p.Scheduled(ctx, ScheduledEvent{}, inv)
			} else {
				_, tr, err = p.Call(ctx, inv, tc.method, nil)
			}
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, ErrNoHandler) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrNoHandler with %q", err, tc.want)
			}
			if tr.Outcome != OutcomeException || len(tr.Exceptions) != 1 {
				t.Errorf("trace outcome %q with %d exceptions, want exception with 1", tr.Outcome, len(tr.Exceptions))
			}
		})
	}
}
