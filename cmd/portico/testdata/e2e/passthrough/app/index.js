export default {
  async fetch(request) {
    return new Response(`origin: ${request.method} ${await request.text()}`);
  },
};
