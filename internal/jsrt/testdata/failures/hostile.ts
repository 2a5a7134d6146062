// Handlers that misbehave in ways a CPU-limit interrupt cannot stop: they call Go
// functions of their env that block or panic.
import { WorkerEntrypoint } from "cloudflare:workers";

let calls = 0;

type Env = { block(): void; crash(): void };

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
}
