interface Env {
  ORIGIN: Fetcher;
}

// Runs in front of every request to my-app-ssr, its static assets included.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/old-path") {
      return Response.redirect(new URL("/new-path", url), 301);
    }
    // The origin's answer: an asset, the 404 page, or what its code returns.
    const response = await env.ORIGIN.fetch(request);
    // Its headers are mutable here: decorate it as it is, no copy needed.
    if (response.headers.get("Content-Type")?.startsWith("image/")) {
      response.headers.append("Cache-Control", "max-age=180, public");
    }
    response.headers.set("X-Middleware", "my-app-middleware");
    return response;
  },
};
