// Package jsrt runs workers' scripts: it owns the pool of isolates of a version, each
// isolate's event loop, handler invocation (fetch, scheduled, RPC calls), the
// invocation context (ctx.waitUntil, ctx.passThroughOnException, console capture into
// trace items), per-invocation CPU limits, source-mapped exceptions, and the builtins
// the engine lacks.
//
// jsrt imports the engine (goja) and webapi, whose Loop interface it implements. It
// must not import bundle (esbuild), pipeline, binding, server or cli: a script arrives
// as compiled code, an env as an Env.
package jsrt
