// /compare fetches /data.txt both ways: a fetch() to the request's own origin must be
// the same as env.ORIGIN.fetch() (it never leaves the process).
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== "/compare") return env.ORIGIN.fetch(request);
    const target = new URL("/data.txt", url);
    const viaFetch = await fetch(target);
    const viaOrigin = await env.ORIGIN.fetch(target);
    return Response.json({
      fetch: { status: viaFetch.status, etag: viaFetch.headers.get("ETag"), body: await viaFetch.text() },
      origin: { status: viaOrigin.status, etag: viaOrigin.headers.get("ETag"), body: await viaOrigin.text() },
    });
  },
};
