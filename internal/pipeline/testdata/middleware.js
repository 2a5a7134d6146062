// Decorates what ORIGIN answers; /throw throws, after asking for pass-through on
// /pass-through.
export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === "/pass-through") ctx.passThroughOnException();
    if (path === "/pass-through" || path === "/throw") {
      throw new RangeError("middleware failed");
    }
    const response = await env.ORIGIN.fetch(request);
    response.headers.set("X-Middleware", "yes");
    return response;
  },
};
