export default {
  async fetch(request, env) {
    return new Response(`origin ${new URL(request.url).pathname} ${env.GREETING}`);
  },
};
