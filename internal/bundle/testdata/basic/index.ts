// A worker with a default export (the fetch handler), named exports, a local import and
// the cloudflare:workers built-in.
import { env, WorkerEntrypoint } from "cloudflare:workers";
import { greet, type Greeting } from "./lib/greet";

export const version: number = 3;

export class Admin extends WorkerEntrypoint {
  ping(): string {
    return "pong " + this.env.NAME;
  }
}

export default {
  async fetch(request: Request): Promise<string> {
    const g: Greeting = greet(env.NAME);
    return `${g.text} at ${request.url}`;
  },
};
