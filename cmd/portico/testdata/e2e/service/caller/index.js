export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === "/rpc") {
      const sum = await env.CALC.add(2, 3);
      const echo = await env.CALC.echo({ list: [1, "two", true], nested: { n: null } });
      return Response.json({ sum, echo });
    }
    // Into the example app: its middleware, then its router and assets.
    return env.APP.fetch(new Request(new URL(url.pathname, "https://app.internal"), request));
  },
};
