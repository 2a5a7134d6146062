// fetch handlers of a module worker: the default export object and a WorkerEntrypoint.
import { WorkerEntrypoint } from "cloudflare:workers";

type Env = { NAME: string };

const prebuilt = new Response("prebuilt");

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/prebuilt":
        return prebuilt.clone();
      case "/echo":
        return Response.json({
          method: request.method,
          url: request.url,
          header: request.headers.get("x-test"),
          body: await request.text(),
          name: env.NAME,
        }, { status: 201, headers: { "x-worker": "module" } });
      case "/later":
        ctx.waitUntil(new Promise((r) => setTimeout(r, 20)).then(() => console.log("after the response")));
        return new Response("now");
      case "/not-a-response":
        return { status: 200 };
      case "/throw":
        ctx.passThroughOnException();
        throw new Error("fetch failed");
      case "/sync":
        return new Response("sync");
    }
    return new Response("not found", { status: 404 });
  },
};

export class Api extends WorkerEntrypoint<Env> {
  fetch(request: Request) {
    return new Response(`api ${this.env.NAME} ${new URL(request.url).pathname}`);
  }
}
