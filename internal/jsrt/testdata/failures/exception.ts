// Failures of a handler: each throws at a known line, which the trace's stack must name.
import { validate } from "./lib";

export default {
  scheduled(controller: ScheduledController) {
    if (controller.cron === "throw") {
      throw new TypeError("thrown synchronously"); // line 7
    }
    if (controller.cron === "string") {
      throw "not an error";
    }
    return run(controller.cron);
  },
  async reject() {
    await Promise.resolve();
    validate(-1); // line 16
  },
  unhandled() {
    Promise.reject(new RangeError("nobody handles this")); // line 19
    return "done";
  },
  timer() {
    return new Promise((resolve) => {
      setTimeout(() => {
        throw new Error("thrown by a timer"); // line 25
      }, 0);
      setTimeout(() => resolve("after the timer"), 5);
    });
  },
  recurse() {
    const f = (n: number): number => f(n + 1) + 1;
    return f(0);
  },
};

async function run(cron: string) {
  await null;
  if (cron === "reject") {
    throw new SyntaxError("rejected asynchronously"); // line 39
  }
}
