// ctx.waitUntil keeps an invocation alive after its result is ready.
import { WorkerEntrypoint, waitUntil } from "cloudflare:workers";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export default class extends WorkerEntrypoint {
  async scheduled(controller: ScheduledController) {
    this.ctx.waitUntil(sleep(20).then(() => console.log("waited")));
    if (controller.cron === "fail") {
      this.ctx.waitUntil(sleep(1).then(() => Promise.reject(new Error("background failed"))));
    }
    console.log("handler returned");
  }
  quick(ms: number) {
    this.ctx.waitUntil(sleep(ms).then(() => console.log("background done")));
    return "result";
  }
  forever() {
    this.ctx.waitUntil(new Promise(() => {}));
    setInterval(() => console.log("tick"), 5);
    return "result";
  }
  failing() {
    this.ctx.waitUntil(Promise.reject(new Error("background failed")));
    return "result";
  }
  detached() {
    const { waitUntil: detachedWaitUntil } = this.ctx;
    detachedWaitUntil(sleep(5).then(() => console.log("detached")));
    waitUntil(sleep(5).then(() => console.log("imported")));
    return "result";
  }
}
