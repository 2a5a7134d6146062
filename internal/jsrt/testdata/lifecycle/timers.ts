// Timers and Go work belong to the invocation that started them.
import { WorkerEntrypoint } from "cloudflare:workers";

type Env = { op<T>(ms: number, value: T): Promise<T> };

export default class extends WorkerEntrypoint<Env> {
  leaveTimer() {
    setTimeout(() => console.log("a timer of an ended invocation fired"), 20);
    return "returned";
  }
  async slow() {
    try {
      await this.env.op(10_000, 1);
      console.log("the Go work finished");
    } catch (e) {
      console.log("the Go work was cancelled:", String(e));
    }
  }
  async ordered() {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      setTimeout(() => order.push("b"), 2);
      setTimeout(() => order.push("a"), 1);
      setTimeout(() => order.push("c"), 2);
      const id = setTimeout(() => order.push("cleared"), 1);
      clearTimeout(id);
      setTimeout(resolve, 5);
    });
    return order.join("");
  }
}
