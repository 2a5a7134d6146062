// Package pipeline owns the request path between the listener and the workers: the
// stages of each origin (its middleware chain ending at its router), the router itself
// (static routing, then assets or origin code), the ORIGIN, ASSETS and service-binding
// targets, same-origin routing, pass-through on exception and the limit of 32 worker
// invocations per request chain.
//
// A [Set] is compiled once from the loaded [Worker] versions by [Compile]; a request
// never assembles anything. Every stage is a webapi.Fetcher: a request and its
// response travel between stages as net/http values, so a body no JavaScript reads
// stays a Go stream end to end (an asset file reaches the socket by sendfile even
// through a middleware that only touches headers).
//
//	entry(origin) = middleware[0] --ORIGIN--> middleware[1] --ORIGIN--> ... --> router
//	router        = static routing -> assets (assets.Layer) | origin code
//
// A middleware that fronts several origins has one stage per origin: they share the
// worker's [Runner] (its script and isolates) and differ in their env's ORIGIN.
//
// pipeline runs code through the [Runner] interface, which jsrt's pool implements
// through an adapter; tests use fakes. It must not import server or cli, nor the
// JavaScript engine directly.
package pipeline
