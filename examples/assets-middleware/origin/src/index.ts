export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    return new Response(`Hello from the origin: ${url.pathname}\n`);
  },
};
