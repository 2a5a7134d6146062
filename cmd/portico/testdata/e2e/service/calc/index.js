import { WorkerEntrypoint } from "cloudflare:workers";

export class Calc extends WorkerEntrypoint {
  add(a, b) {
    return a + b;
  }
  echo(value) {
    return value;
  }
}

export default {
  fetch() {
    return new Response("calc");
  },
};
