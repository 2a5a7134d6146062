package pipeline

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/portico-dev/portico/internal/assets"
	"github.com/portico-dev/portico/internal/config"
)

func TestAssetThroughMiddlewareStaysAFile(t *testing.T) {
	origin := withAssets(t, worker(originCfg("app", "mw"), text("code")),
		map[string]string{"index.html": "<p>hi</p>", "logo.png": "png"})
	s := compile(t, Options{}, worker(middlewareCfg("mw"), passOn("mw")), origin)

	r := httptest.NewRequest(http.MethodGet, "http://localhost:8787/logo.png", nil)
	ctx, trail := WithTrail(r.Context())
	entry, _ := s.Entry("app")
	resp, err := entry.Fetch(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, ok := resp.Body.(*os.File); !ok {
		t.Errorf("body is %T; want the asset's *os.File, untouched", resp.Body)
	}
	if resp.StatusCode != 200 || resp.Header.Get("X-Stage") != "mw" ||
		resp.Header.Get("ETag") == "" {
		t.Errorf("status %d, header %v", resp.StatusCode, resp.Header)
	}
	if got := trail.String(); got != "mw > app:assets" {
		t.Errorf("trail %q; want %q", got, "mw > app:assets")
	}

	resp, body := get(t, s, "app", "/api/x")
	if body != "code" || resp.Header.Get("X-Stage") != "mw" {
		t.Errorf("origin code through middleware: %q %v", body, resp.Header)
	}
}

func TestChainRunsInOrder(t *testing.T) {
	s := compile(t, Options{},
		worker(originCfg("app", "auth", "i18n"), text("code")),
		worker(middlewareCfg("auth"), passOn("auth")),
		worker(middlewareCfg("i18n"), passOn("i18n")),
	)
	resp, _ := get(t, s, "app", "/")
	// The first middleware runs first, so it decorates the response last.
	if got := resp.Header.Values("X-Stage"); strings.Join(got, ",") != "i18n,auth" {
		t.Errorf("X-Stage %v; want i18n then auth", got)
	}
}

func TestMiddlewareOfAMiddlewareComesFirst(t *testing.T) {
	r := &Trail{}
	ctx := context.WithValue(context.Background(), trailKey{}, r)
	s := compile(t, Options{},
		worker(originCfg("app", "b"), text("code")),
		worker(middlewareCfg("b", "a"), passOn("b")),
		worker(middlewareCfg("a"), passOn("a")),
	)
	entry, _ := s.Entry("app")
	req := httptest.NewRequest(http.MethodGet, "http://localhost/", nil)
	resp, err := entry.Fetch(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := r.String(); got != "a > b > app" {
		t.Errorf("trail %q; want a > b > app", got)
	}
}

func TestSharedMiddlewareReachesEachOrigin(t *testing.T) {
	mw := passOn("mw")
	s := compile(t, Options{},
		worker(middlewareCfg("mw"), mw),
		worker(originCfg("one", "mw"), text("one")),
		worker(originCfg("two", "mw"), text("two")),
	)
	for _, name := range []string{"one", "two"} {
		if _, body := get(t, s, name, "/"); body != name {
			t.Errorf("%s answered %q", name, body)
		}
	}
	if len(s.Routable()) != 2 || s.Routable()[0].Name() != "one" {
		t.Errorf("routable %v; want one, two (the middleware is never reached directly)",
			s.Routable())
	}
	if _, ok := s.Entry("mw"); ok {
		t.Error("the middleware has an entry of its own")
	}
}

func TestRouter(t *testing.T) {
	files := map[string]string{"index.html": "home", "api/data.json": "{}"}
	cfg := originCfg("app")
	app := withAssets(t, worker(cfg, text("code")), files)
	static := withAssets(t, NewWorker(&Worker{Config: &config.Config{Name: "static",
		File: "/static/wrangler.toml"}}), files)
	broken := withAssets(t, NewWorker(&Worker{Config: originCfg("broken"),
		BuildError: errors.New("src/index.ts:3:1: Expected \";\"")}), files)
	var page error
	s := compile(t, Options{ErrorPage: func(r *http.Request, err error) *http.Response {
		page = err
		return plainResponse(r, 500, "page: "+err.Error())
	}}, app, static, broken)

	tests := []struct {
		worker, path string
		status       int
		body         string
	}{
		{"app", "/", 200, "home"},
		{"app", "/api/data.json", 200, "{}"},
		{"app", "/nope", 200, "code"},
		{"static", "/", 200, "home"},
		{"static", "/nope", 404, ""},
		{"broken", "/", 200, "home"},
		{"broken", "/nope", 500, `page: worker "broken": src/index.ts:3:1: Expected ";"`},
	}
	for _, tt := range tests {
		resp, body := get(t, s, tt.worker, tt.path)
		if resp.StatusCode != tt.status || body != tt.body {
			t.Errorf("%s %s: %d %q; want %d %q", tt.worker, tt.path, resp.StatusCode, body,
				tt.status, tt.body)
		}
	}
	if page == nil {
		t.Error("the error page was not asked for")
	}
}

func TestRunWorkerFirst(t *testing.T) {
	files := map[string]string{"index.html": "home", "api/x.json": "{}"}
	all := withAssets(t, worker(originCfg("all"), text("code")), files, func(o *assets.Options) {
		o.RunWorkerFirst = true
	})
	rules := withAssets(t, worker(originCfg("rules"), text("code")), files,
		func(o *assets.Options) { o.RunWorkerFirstRules = []string{"/api/*", "!/api/x.json"} })
	s := compile(t, Options{}, all, rules)
	tests := []struct{ worker, path, body string }{
		{"all", "/", "code"},
		{"rules", "/", "home"},
		{"rules", "/api/y", "code"},
		{"rules", "/api/x.json", "{}"},
	}
	for _, tt := range tests {
		if _, body := get(t, s, tt.worker, tt.path); body != tt.body {
			t.Errorf("%s %s: %q; want %q", tt.worker, tt.path, body, tt.body)
		}
	}
}

func TestAssetsBindingGoesToTheLayer(t *testing.T) {
	var saw string
	app := withAssets(t, worker(originCfg("app"), handler(func(ctx context.Context,
		r *http.Request, inv Invocation) (*http.Response, error) {
		saw = inv.Env.Assets.Name
		r2 := httptest.NewRequest(http.MethodGet, "https://assets.local/", nil)
		return inv.Env.Assets.Target.Fetch(ctx, r2)
	})), map[string]string{"index.html": "home"})
	s := compile(t, Options{}, app)
	resp, body := get(t, s, "app", "/dynamic")
	if saw != "ASSETS" || resp.StatusCode != 200 || body != "home" {
		t.Errorf("ASSETS %q: %d %q", saw, resp.StatusCode, body)
	}
}

func TestExceptionGivesErrorPage(t *testing.T) {
	var reported []error
	thrower := handler(func(ctx context.Context, r *http.Request, inv Invocation) (*http.Response,
		error) {
		return nil, &Exception{Message: "Error: boom", Stack: "at fetch (src/index.ts:4:11)"}
	})
	s := compile(t, Options{Report: func(err error) { reported = append(reported, err) }},
		worker(middlewareCfg("mw"), thrower), worker(originCfg("app", "mw"), text("code")))
	resp, body := get(t, s, "app", "/")
	if resp.StatusCode != 500 || body != "Internal Server Error\n" {
		t.Errorf("%d %q; want a plain 500", resp.StatusCode, body)
	}
	if len(reported) != 1 || exceptionOf(reported[0]).Worker != "mw" {
		t.Errorf("reported %v", reported)
	}
}

func TestPassThroughReplaysTheBody(t *testing.T) {
	reader := handler(func(ctx context.Context, r *http.Request, inv Invocation) (*http.Response,
		error) {
		buf := make([]byte, 5)
		io.ReadFull(r.Body, buf) // the middleware reads part of the body, then throws
		return nil, &Exception{Message: "Error: boom", PassThrough: true}
	})
	echo := handler(func(ctx context.Context, r *http.Request, inv Invocation) (*http.Response,
		error) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return nil, err
		}
		return plainResponse(r, 200, "origin got "+string(b)), nil
	})
	s := compile(t, Options{Report: func(error) {}},
		worker(middlewareCfg("mw"), reader), worker(originCfg("app", "mw"), echo))
	r := httptest.NewRequest(http.MethodPost, "http://localhost/form",
		strings.NewReader("hello world"))
	resp, body := send(t, s, "app", r)
	if resp.StatusCode != 200 || body != "origin got hello world" {
		t.Errorf("%d %q", resp.StatusCode, body)
	}

	small := compile(t, Options{Report: func(error) {}, MaxReplayBytes: 3},
		worker(middlewareCfg("mw"), reader), worker(originCfg("app", "mw"), echo))
	r = httptest.NewRequest(http.MethodPost, "http://localhost/form",
		strings.NewReader("hello world"))
	if resp, _ := send(t, small, "app", r); resp.StatusCode != 500 {
		t.Errorf("a body over the replay limit: %d; want 500", resp.StatusCode)
	}
}

func TestCompileErrors(t *testing.T) {
	routed := middlewareCfg("mw")
	routed.Routes = []config.Route{{Pattern: "example.com/*"}}
	assetsOnly := &config.Config{Name: "mw", File: "/mw/wrangler.toml",
		Origin: &config.Origin{Binding: "ORIGIN"}}
	var deep []*Worker
	for i := range 32 {
		name := string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		next := string(rune('a'+(i+1)%26)) + strings.Repeat("x", (i+1)/26)
		cfg := middlewareCfg(name)
		if i < 31 {
			cfg.Middleware = []string{next}
		}
		deep = append(deep, worker(cfg, text("")))
	}
	deep = append(deep, worker(originCfg("app", "a"), text("")))
	tests := []struct {
		name    string
		workers []*Worker
		opts    Options
		want    string
	}{
		{"missing", []*Worker{worker(originCfg("app", "auth"), text(""))},
			Options{Searched: map[string][]string{"auth": {"../auth", "../middleware"}}},
			`app -> auth: middleware "auth" is not loaded (looked in ../auth, ../middleware)`},
		{"loop", []*Worker{worker(originCfg("app", "a"), text("")),
			worker(middlewareCfg("a", "b"), text("")), worker(middlewareCfg("b", "a"), text(""))},
			Options{}, "middleware loop: app -> a -> b -> a"},
		{"routes", []*Worker{worker(originCfg("app", "mw"), text("")), worker(routed, text(""))},
			Options{}, `app -> mw: worker "mw" is used as middleware by "app", so it cannot ` +
				`have routes`},
		{"no main", []*Worker{worker(originCfg("app", "mw"), text("")),
			NewWorker(&Worker{Config: assetsOnly})},
			Options{}, `app -> mw: worker "mw" is used as middleware but has no main module`},
		{"duplicate", []*Worker{worker(originCfg("app"), text("")),
			worker(originCfg("app"), text(""))}, Options{}, `worker "app" is defined twice`},
		{"deep", deep, Options{}, `the pipeline of "app" makes 33 invocations; a request ` +
			`chain allows at most 32`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Compile(tt.workers, tt.opts)
			var ce *CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("err %v; want a *CompileError", err)
			}
			mustContain(t, err.Error(), tt.want)
		})
	}
}

func TestInvocationLimit(t *testing.T) {
	// A worker whose service binding is itself recurses until the limit stops it.
	cfg := originCfg("loop")
	cfg.Services = []config.Service{{Binding: "SELF", Service: "loop"}}
	var calls int
	self := handler(func(ctx context.Context, r *http.Request, inv Invocation) (*http.Response,
		error) {
		calls++
		return inv.Env.Services[0].Target.Fetch(ctx, r)
	})
	s := compile(t, Options{}, worker(cfg, self))
	entry, _ := s.Entry("loop")
	_, err := entry.Fetch(context.Background(), httptest.NewRequest("GET", "http://x/", nil))
	if !errors.Is(err, ErrTooDeep) || calls != MaxInvocations {
		t.Fatalf("err %v after %d calls; want ErrTooDeep after %d", err, calls, MaxInvocations)
	}
	mustContain(t, err.Error(), "loop -> loop -> loop -> loop -> ... -> loop")
}

func TestServiceBindings(t *testing.T) {
	callerCfg := originCfg("caller")
	callerCfg.Services = []config.Service{
		{Binding: "SITE", Service: "site"},
		{Binding: "API", Service: "site", Entrypoint: "Api"},
		{Binding: "GONE", Service: "gone"},
	}
	var entrypoints []string
	siteCode := &fakeRunner{
		fetch: func(ctx context.Context, r *http.Request, inv Invocation) (*http.Response,
			error) {
			entrypoints = append(entrypoints, inv.Entrypoint)
			return plainResponse(r, 200, "site code"), nil
		},
		call: func(ctx context.Context, inv Invocation, method string, args []any) (any, error) {
			return map[string]any{"method": method, "entrypoint": inv.Entrypoint,
				"arg": args[0]}, nil
		},
	}
	site := withAssets(t, worker(originCfg("site", "guard"), siteCode),
		map[string]string{"page.html": "a page"})
	caller := worker(callerCfg, handler(func(ctx context.Context, r *http.Request,
		inv Invocation) (*http.Response, error) {
		byName := map[string]int{}
		for i, sv := range inv.Env.Services {
			byName[sv.Name] = i
		}
		svc := inv.Env.Services[byName[r.URL.Query().Get("b")]].Target
		if r.URL.Query().Get("rpc") != "" {
			v, err := svc.Call(ctx, "hello", []any{"x"})
			if err != nil {
				return nil, err
			}
			m := v.(map[string]any)
			return plainResponse(r, 200, m["method"].(string)+" "+m["entrypoint"].(string)+
				" "+m["arg"].(string)), nil
		}
		return svc.Fetch(ctx, r)
	}))
	s, warns, err := Compile([]*Worker{caller, site, worker(middlewareCfg("guard"),
		passOn("guard"))}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 1 || !strings.Contains(warns[0], `names worker "gone", which is not loaded`) {
		t.Errorf("warnings %q", warns)
	}
	resp, body := get(t, s, "caller", "/page?b=SITE")
	if body != "a page" || resp.Header.Get("X-Stage") != "guard" {
		t.Errorf("fetch through the target's pipeline: %q %v", body, resp.Header)
	}
	if _, body := get(t, s, "caller", "/page?b=API"); body != "site code" ||
		len(entrypoints) != 1 || entrypoints[0] != "Api" {
		t.Errorf("named entrypoint: %q %q", body, entrypoints)
	}
	if _, body := get(t, s, "caller", "/?b=API&rpc=1"); body != "hello Api x" {
		t.Errorf("rpc: %q", body)
	}
	entry, _ := s.Entry("caller")
	_, err = entry.Fetch(context.Background(),
		httptest.NewRequest("GET", "http://x/?b=GONE", nil))
	if !errors.Is(err, ErrNotLoaded) {
		t.Errorf("binding to a worker not loaded: %v", err)
	}
}

func TestRetireClosesRunnersAfterDrain(t *testing.T) {
	oldCode, keptCode := text("old"), text("kept")
	old := worker(originCfg("app"), oldCode)
	kept := worker(originCfg("other"), keptCode)
	s1 := compile(t, Options{}, old, kept)
	old.Release() // the loader's reference: only s1 holds old now
	release, ok := s1.Acquire()
	if !ok {
		t.Fatal("a fresh set refused a request")
	}
	s2 := compile(t, Options{}, worker(originCfg("app"), text("new")), kept)
	done := s1.Retire()
	if _, ok := s1.Acquire(); ok {
		t.Error("a retired set took a request")
	}
	select {
	case <-done:
		t.Fatal("drained with a request in flight")
	default:
	}
	if _, body := get(t, s1, "app", "/"); body != "old" {
		t.Errorf("in-flight set answered %q", body)
	}
	release()
	<-done
	if oldCode.closed.Load() != 1 || keptCode.closed.Load() != 0 {
		t.Errorf("closed old %d, kept %d; want 1, 0", oldCode.closed.Load(),
			keptCode.closed.Load())
	}
	if _, body := get(t, s2, "app", "/"); body != "new" {
		t.Errorf("new set answered %q", body)
	}
}

func TestOriginOf(t *testing.T) {
	for in, want := range map[string]string{
		"http://LocalHost:8787/x": "http://localhost:8787",
		"http://example.com:80/":  "http://example.com",
		"https://example.com:443": "https://example.com",
		"https://example.com:80/": "https://example.com:80",
	} {
		if got := originOf(httptest.NewRequest("GET", in, nil)); got != want {
			t.Errorf("%s: %q; want %q", in, got, want)
		}
	}
}
