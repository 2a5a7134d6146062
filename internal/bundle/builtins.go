package bundle

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// The built-in module lives at path "workers" in esbuild's namespace "cloudflare", which
// esbuild shows as "cloudflare:workers" in messages, the metafile and the source map.
const (
	builtinNamespace = "cloudflare"
	builtinPath      = "workers"
)

// builtinsPlugin resolves "cloudflare:workers" to Portico's built-in module and refuses
// the other "cloudflare:" modules with an error that esbuild places at the import.
//
// Node.js built-ins ("node:fs", "fs") are left to esbuild, which cannot resolve them for
// the browser platform: an import fails the build, and refusedBuiltin gives the error
// Portico's text; a require() inside try/catch stays a require that throws when it runs,
// so a package that only tries a built-in still loads, as on Cloudflare without
// nodejs_compat.
var builtinsPlugin = api.Plugin{
	Name: "portico-builtins",
	Setup: func(b api.PluginBuild) {
		b.OnResolve(api.OnResolveOptions{Filter: `^cloudflare:`}, resolveCloudflare)
		b.OnLoad(api.OnLoadOptions{Filter: `^workers$`, Namespace: builtinNamespace}, loadBuiltin)
	},
}

func resolveCloudflare(a api.OnResolveArgs) (api.OnResolveResult, error) {
	if a.Path == "cloudflare:workers" {
		return api.OnResolveResult{Path: builtinPath, Namespace: builtinNamespace}, nil
	}
	return refuse(fmt.Sprintf("%q is not supported: of the cloudflare: modules, "+
		"Portico provides only \"cloudflare:workers\"", a.Path)), nil
}

func loadBuiltin(api.OnLoadArgs) (api.OnLoadResult, error) {
	src := cloudflareWorkersModule
	return api.OnLoadResult{Contents: &src, Loader: api.LoaderJS}, nil
}

// refuse fails a resolve; esbuild places the error at the import.
func refuse(text string) api.OnResolveResult {
	return api.OnResolveResult{Errors: []api.Message{{Text: text}}}
}

// nodeBuiltinText is the error for an import of a Node.js built-in.
//
// TODO(#4): Node.js compatibility (nodejs_compat): resolve node: imports and the bare
// Node.js built-ins to modules the runtime provides.
func nodeBuiltinText(spec string) string {
	return fmt.Sprintf("%q is a Node.js built-in module, and Portico has no Node.js "+
		"compatibility yet", spec)
}

// refusedBuiltin rewrites esbuild's resolve failure for a Node.js built-in ("node:fs",
// "fs", "path/posix"), whose notes would suggest bundling for Node.js, into Portico's
// text. A package of a built-in's name in node_modules (the "buffer" or "events"
// polyfills) or a package.json "browser" map still resolves normally: only a failure is
// rewritten.
func refusedBuiltin(text string) string {
	spec, ok := strings.CutPrefix(text, "Could not resolve ")
	if !ok {
		return text
	}
	spec, err := strconv.Unquote(spec)
	if err != nil {
		return text
	}
	if name, ok := strings.CutPrefix(spec, "node:"); ok && name != "" {
		return nodeBuiltinText(spec)
	}
	name, _, _ := strings.Cut(spec, "/")
	if !nodeBuiltins[name] {
		return text
	}
	return nodeBuiltinText(spec)
}

// nodeBuiltins are the top-level names of Node.js's built-in modules.
var nodeBuiltins = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`assert async_hooks buffer child_process cluster console
		constants crypto dgram diagnostics_channel dns domain events fs http http2 https
		inspector module net os path perf_hooks process punycode querystring readline repl
		stream string_decoder sys timers tls trace_events tty url util v8 vm wasi
		worker_threads zlib`) {
		nodeBuiltins[n] = true
	}
}

// cloudflareWorkersModule is the source of "cloudflare:workers". Its exports are read
// from globalThis.__porticoCloudflareWorkers, which the runtime defines before the script
// runs. A class the runtime does not provide yet still works as a base class (so a module
// that declares a Durable Object loads); constructing it throws.
const cloudflareWorkersModule = `const m = globalThis.__porticoCloudflareWorkers;
if (m == null) {
  throw new Error('"cloudflare:workers" is unavailable: ' +
    "the runtime did not define globalThis.__porticoCloudflareWorkers");
}
const unsupported = (name) => class {
  constructor() {
    throw new Error("cloudflare:workers: " + name + " is not supported by Portico yet");
  }
};
export const WorkerEntrypoint = m.WorkerEntrypoint ?? unsupported("WorkerEntrypoint");
export const DurableObject = m.DurableObject ?? unsupported("DurableObject");
export const WorkflowEntrypoint = m.WorkflowEntrypoint ?? unsupported("WorkflowEntrypoint");
export const RpcTarget = m.RpcTarget ?? unsupported("RpcTarget");
export const RpcStub = m.RpcStub ?? unsupported("RpcStub");
export const env = m.env;
export const waitUntil = m.waitUntil ?? function waitUntil() {
  throw new Error("cloudflare:workers: waitUntil is not supported by Portico yet");
};
`
