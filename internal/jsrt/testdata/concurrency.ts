// Many invocations in flight on one isolate: each awaits Go work and timers, and logs
// along the way; every log line must land in its own invocation's trace.
import { WorkerEntrypoint } from "cloudflare:workers";

type Env = { op<T>(ms: number, value: T): Promise<T> };

let total = 0;

export default class extends WorkerEntrypoint<Env> {
  async work(id: number) {
    console.log("start", id);
    const a = await this.env.op(1, id);
    console.log("middle", a);
    await new Promise((r) => setTimeout(r, id % 3));
    const b = await this.env.op(0, id);
    queueMicrotask(() => console.log("microtask", b));
    await Promise.all([this.env.op(1, 0), this.env.op(0, 0)]);
    total++;
    return a + b;
  }
  total() {
    return total;
  }
}
