// Package jsrt runs workers' scripts: it owns the pool of isolates of a version, each
// isolate's event loop, handler invocation (fetch, scheduled, RPC calls), the
// invocation context (ctx.waitUntil, ctx.passThroughOnException, ctx.props, console
// capture into trace items), per-invocation CPU limits, source-mapped exceptions, and the
// builtins the engine lacks.
//
// jsrt imports the engine (goja) and webapi, whose Loop interface it implements. It
// must not import bundle (esbuild), pipeline, binding, server or cli: a script arrives
// as compiled code (Compile), an env as an Env.
//
// # Goroutines
//
// A Pool is safe for concurrent use. Each Isolate is owned by one goroutine, its loop:
// only the loop touches the goja runtime and the isolate's JavaScript state (the one
// exception is the goroutine that creates the isolate, before the loop starts). Callers
// of Fetch, Scheduled and Call hand the loop a request and wait for its reply; Go work
// started by a script runs on goroutines of its own and hands its result back the same
// way. Options.Console and Env.Build run on the loop.
//
// # The event loop
//
// The loop runs tasks: the start of an invocation, the settle functions that Go work
// returns (Loop.Go), functions posted for held bodies (Loop.Hold), and due timers. It
// takes every task queued since its last turn as one batch and runs the tasks of each
// invocation together, in the order they arrived, inside one call into the runtime (a
// slice): the promise jobs that settlements queue run once, when that call returns, so
// settlements that arrive together cost one turn. Work that can finish without blocking
// settles inline, in the native function that started it (webapi does so), without a
// goroutine or a turn. Timers are kept by the loop in one heap and fire in due order (by
// creation order for the same time), woken by a single alarm.
//
// Many invocations are in flight on one isolate, as in workerd: while one awaits Go
// work or a timer, others run. Each promise job runs on behalf of the invocation whose
// code registered it (goja's AsyncContextTracker), so console lines, Loop.Context, Go
// work and timers are attributed to the right invocation even when jobs of several
// invocations interleave. The script's top level runs outside any invocation: timers,
// Go work and held bodies throw there ("disallowed operation called within global
// scope"), as they do on Cloudflare.
//
// An invocation ends when its handler's result is ready, its ctx.waitUntil promises have
// settled, and its held bodies are released; or when it is cancelled. Its context is
// then cancelled, its timers are dropped, settlements still coming for it are dropped,
// and its trace item is complete. ctx.waitUntil work may run Options.WaitUntilTimeout
// (30 s by default, as on Cloudflare) after the result is ready; then it is cancelled
// with a warning on the trace. A caller that goes away before the result is ready
// cancels the invocation; after it, the invocation's work goes on.
//
// # Limits and failures
//
// Each invocation may use Options.CPULimit of CPU time (DefaultCPULimit, 30 s, is
// Cloudflare's default for a paid plan; wrangler's limits.cpu_ms sets it), counted over
// all the slices that run its code. A watchdog interrupts the runtime when a slice runs
// past the invocation's budget: the invocation ends with outcome exceededCpu and the
// isolate, its global state intact, goes on serving. goja drops the promise jobs queued
// when an interrupt hits; slices keep them to the interrupted invocation, except jobs of
// another invocation awaiting a promise that the interrupted code settled, which then
// waits until its own context ends. An isolate that has invocations stopped at the limit
// three times within a minute is replaced (its state may be what spins). A slice that
// ignores the interrupt (stuck in Go code) makes the isolate lost: waiting callers get
// ErrIsolateLost and the pool replaces it; so does a Go panic on the loop. Recursion is
// bounded (a RangeError), and nothing a script does panics out of the package.
//
// A thrown exception or a rejected handler promise ends the invocation with outcome
// exception and an *Exception, whose stack goja maps through the bundle's inline source
// map to the user's own files and lines. A promise rejected with no handler, and an
// exception thrown by a timer or queueMicrotask callback, are logged on the invocation
// ("Uncaught (in promise)", "Uncaught") and recorded in its trace; the invocation goes
// on.
//
// # Handlers
//
// A script's exports (the global bundle.GlobalName) are its entrypoints. The default
// export (or Invocation.Entrypoint, a named export) is an object whose methods are the
// handlers (fetch(request, env, ctx), scheduled(controller, env, ctx)), which may be an
// instance of a class, or a class extending WorkerEntrypoint from "cloudflare:workers",
// constructed per invocation with ctx and env (this.ctx, this.env), whose methods get only
// the event. A script without a default export may use the service-worker syntax:
// addEventListener("fetch", event => event.respondWith(...)) and "scheduled"; its
// bindings are globals, defined from the env of the invocation when it starts (one
// isolate serving several envs in that syntax sees the last one's). A missing handler is
// an error wrapping ErrNoHandler that names the worker and the event.
//
// "cloudflare:workers" reads globalThis.__porticoCloudflareWorkers: WorkerEntrypoint,
// RpcTarget, env (the env of the invocation whose code reads it; empty at the top level)
// and waitUntil (of that invocation).
//
// # Builtins
//
// The prelude adds what the engine lacks: Object.groupBy, Map.groupBy,
// Promise.withResolvers and structuredClone (HTML's structured clone, implemented in Go;
// Call uses its Go form), console, and the FetchEvent, ScheduledEvent and ExtendableEvent
// classes. queueMicrotask comes from webapi.
//
// Regular expressions: on its own the engine returns no .groups for named groups,
// numbers the groups after them wrongly, and never matches \p{...} with the u flag.
// Silent wrong answers are the worst outcome, so jsrt translates such patterns: named
// groups become numbered groups whose names .groups, $<name> in replace, and matchAll
// restore; \k<name> becomes a numbered backreference; \p{...} and \P{...} become explicit
// classes built from Go's Unicode tables (General_Category, Script, and the binary
// properties Go has tables for or that derive from them). Literals are rewritten when the
// script is compiled (their patterns are still compiled once); new RegExp(...) translates
// at run time (the global RegExp is a wrapper whose prototype is the engine's). A
// property Go has no table for (Emoji, Extended_Pictographic, Script_Extensions, ...)
// throws a SyntaxError that says Portico does not support it, where the expression is
// evaluated. The d flag (match indices) is a SyntaxError of the engine's; a RegExp
// subclass with named groups throws a SyntaxError.
package jsrt
