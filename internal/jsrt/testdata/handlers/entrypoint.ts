// A default-exported class extending WorkerEntrypoint, constructed per invocation with
// this.ctx and this.env, and named entrypoints: another class and a plain object.
import { WorkerEntrypoint, env as importedEnv } from "cloudflare:workers";

type Env = { NAME: string };

let constructed = 0;

export default class Main extends WorkerEntrypoint<Env> {
  constructor(ctx: ExecutionContext, env: Env) {
    super(ctx, env);
    constructed++;
  }
  async scheduled(controller: ScheduledController) {
    console.log("main", controller.cron, this.env.NAME, typeof this.ctx.waitUntil, constructed);
  }
  hello(name: string) {
    return { greeting: `hello ${name} from ${this.env.NAME}`, constructed };
  }
  importedEnv() {
    return (importedEnv as Env).NAME;
  }
  echo(v: unknown) {
    return v;
  }
}

export class Admin extends WorkerEntrypoint<Env> {
  async scheduled() {
    console.log("admin", this.env.NAME);
  }
  async stats() {
    await new Promise((r) => setTimeout(r, 1));
    return { admin: true, name: this.env.NAME };
  }
}

export const tools = {
  scheduled(controller: ScheduledController, env: Env) {
    console.log("tools", env.NAME);
  },
  shout(s: string) {
    return s.toUpperCase();
  },
};

export const notAnEntrypoint = 42;
export function plainFunction() {}
