export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname;
    if (path === "/pass") {
      ctx.passThroughOnException();
      const body = await request.text(); // read before the throw: still replayed
      throw new Error(`middleware broke after reading ${body.length} bytes`);
    }
    if (path === "/boom") {
      throw new TypeError("no pass-through here");
    }
    return env.ORIGIN.fetch(request);
  },
};
