export default {
  async fetch(request, env) {
    const response = await env.ORIGIN.fetch(request);
    response.headers.set("X-Shared", new URL(request.url).hostname);
    return response;
  },
};
