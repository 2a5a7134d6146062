// Handlers that misbehave in ways a CPU-limit interrupt cannot stop: they call Go
// functions of their env that block or panic.
import { WorkerEntrypoint } from "cloudflare:workers";

let calls = 0;

type Env = { block(): void; crash(): void; op<T>(ms: number, v: T): Promise<T> };

export default class extends WorkerEntrypoint<Env> {
  block() {
    calls++;
    this.env.block();
  }
  crash() {
    calls++;
    this.env.crash();
  }
  spin() {
    calls++;
    for (;;) {}
  }
  calls() {
    return ++calls;
  }
  // Waits on Go work and timers, using little CPU.
  async patient(id: number) {
    for (let i = 0; i < 5; i++) {
      await this.env.op(5, i);
      await new Promise((r) => setTimeout(r, 1));
    }
    return id;
  }
}
