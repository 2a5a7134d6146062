// ctx.passThroughOnException() is recorded on the trace.
import { WorkerEntrypoint } from "cloudflare:workers";

export default class extends WorkerEntrypoint {
  boom() {
    this.ctx.passThroughOnException();
    throw new Error("boom");
  }
  fine() {
    return 1;
  }
  late() {
    this.ctx.waitUntil(
      (async () => {
        await new Promise((r) => setTimeout(r, 1));
        this.ctx.passThroughOnException();
      })(),
    );
    return 1;
  }
}
