// Types for what Portico adds to the Workers platform. Everything else a worker sees is
// typed by @cloudflare/workers-types, which this file builds on:
//
//   // tsconfig.json
//   { "compilerOptions": { "types": ["@cloudflare/workers-types", "./types/portico"] } }
//
// Portico's Web APIs define no global beyond those that @cloudflare/workers-types
// declares (a test in internal/webapi keeps that true). Behaviour that differs without a
// type of its own:
// - performance.now() counts milliseconds since the isolate started and runs during
//   execution (Cloudflare's deployed runtime freezes it between I/O events);
//   performance.timeOrigin is that start as Unix time in milliseconds (workerd: 0).
// - A response from a middleware's origin binding, the ASSETS binding or a service
//   binding has mutable headers (response.headers.append works directly).
// - In a regular expression, \p{...} knows General_Category, Script and the binary
//   properties Go has Unicode tables for; the others (Emoji, Extended_Pictographic,
//   Script_Extensions, ...) throw a SyntaxError where the expression is evaluated. A
//   subclass of RegExp cannot use named groups or \p{...} (SyntaxError).

/// <reference types="@cloudflare/workers-types" />

declare namespace Portico {
  /**
   * The env of a middleware worker: its `[origin]` binding, named `ORIGIN` unless the
   * config's `binding` names another. `env.ORIGIN.fetch(request)` hands the request to
   * the next stage of the origin's pipeline: the next middleware or, after the last one,
   * the origin's router (static routing, assets, then origin code).
   *
   * @example
   * export default {
   *   async fetch(request, env: Portico.MiddlewareEnv) {
   *     const response = await env.ORIGIN.fetch(request);
   *     response.headers.set("X-Frame-Options", "DENY");
   *     return response;
   *   },
   * } satisfies ExportedHandler<Portico.MiddlewareEnv>;
   */
  type MiddlewareEnv<Binding extends string = "ORIGIN"> = {
    readonly [K in Binding]: Fetcher;
  };
}
