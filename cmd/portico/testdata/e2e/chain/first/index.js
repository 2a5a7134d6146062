// Marks the request on its way in and the response on its way out.
export default {
  async fetch(request, env) {
    const seen = request.headers.get("X-Seen");
    const headers = new Headers(request.headers);
    headers.set("X-Seen", seen ? seen + ",first" : "first");
    const response = await env.NEXT.fetch(new Request(request, { headers }));
    response.headers.append("X-Order", "first");
    return response;
  },
};
