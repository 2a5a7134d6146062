// Package assets owns a worker's static assets: the manifest (URL path to content
// hash, size and content type), Cloudflare's asset semantics (_redirects,
// html_handling, not_found_handling, the method rule, canonical paths, ETags and
// 304s), _headers, and the two hooks the router needs (static routing for
// run_worker_first and canFetch).
//
// It knows nothing of JavaScript and imports no other Portico package: the
// caller converts its config into an [Options] value. A [Layer] is the asset
// worker; [Layer.Fetch] is the ASSETS binding and [Layer.Decide] is the router's
// choice between assets and worker code.
//
// # Router
//
// The pipeline's router asks [Layer.Decide] and then either runs the worker's
// code or calls [Layer.Fetch]:
//
//	if l.Decide(r) == assets.RouteAssets {
//		resp, err := l.Fetch(ctx, r) // "nothing here" is a 404, never the worker
//	}
//
// Decide folds spec 1.1.2 into one call (no worker code, run_worker_first,
// static routing, canFetch with the navigation rule). [Layer.StaticRoute] and
// [Layer.CanFetch] expose its two steps for callers that need them apart. No
// separate "fetch for the router" exists because, as on Cloudflare, the router
// and the ASSETS binding get the same answer once assets were chosen.
//
// # Safety
//
// Only files listed in the manifest are ever opened, and the manifest is built
// by a walk that never follows a symbolic link, so no spelling of a request path
// (dot segments, %2e, %2f, backslashes, %5c, NUL, overlong UTF-8) can reach a
// file outside the directory: a path that is not a manifest key is not found.
//
// # Beyond Cloudflare
//
// Two extensions go further than Cloudflare's asset worker; both only add
// headers a client asked for, so a Cloudflare-compatible client sees no change:
//
//   - Byte ranges. A GET for a 200 asset with a single range (Range: bytes=a-b,
//     a- or -n) gets 206 with Content-Range; an unsatisfiable range gets 416 with
//     Content-Range: bytes */size. If-Range with the strong ETag honours the
//     range; any other If-Range value serves the whole file. Multiple ranges are
//     ignored (200). Every 200 asset response says Accept-Ranges: bytes.
//   - Compression. Responses of compressible types (text/*, JavaScript, JSON,
//     XML, SVG, WebAssembly, ...) of at least 1 KiB are sent as brotli or gzip
//     when Accept-Encoding allows it (brotli preferred), with Vary:
//     Accept-Encoding and a weak ETag (W/"hash", which If-None-Match accepts).
//     A variant is computed once per content hash and kept in a bounded cache.
//     Range requests are always answered from the identity encoding.
//
// Cloudflare's CF-Cache-Status header is not sent: it reports Cloudflare's KV
// latency, which has no meaning here.
//
// # Fast path
//
// A manifest lookup is a map hit and never touches the disk; only serving a
// body opens the file (and checks its size with fstat). An identity body is the
// open *os.File (or a range of it), so [Layer.ServeHTTP] copies it to the
// connection with sendfile when nothing transforms it.
package assets
