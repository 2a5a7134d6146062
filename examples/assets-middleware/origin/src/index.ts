interface Env {
  ASSETS: Fetcher;
  GREETING: string;
}

// Requests reach this code only when no asset matches (assets come first). /api/*
// answers JSON; anything else goes back to the assets, whose not_found_handling gives
// the 404 page.
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/api/")) {
      return Response.json({
        path: url.pathname,
        method: request.method,
        greeting: env.GREETING,
        time: new Date().toISOString(),
      });
    }
    return env.ASSETS.fetch(request);
  },
};
