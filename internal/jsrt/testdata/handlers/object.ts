// The default export is an object whose methods are the handlers; module state
// persists between invocations in one isolate.
let runs = 0;

export default {
  async scheduled(controller: ScheduledController, env: { NAME?: string }, ctx: ExecutionContext) {
    runs++;
    console.log(controller.cron, controller.type, typeof controller.scheduledTime,
      typeof ctx.waitUntil, env.NAME ?? "no env", runs);
  },
  // An RPC method on the default export object gets only its arguments.
  add(a: number, b: number) {
    return a + b;
  },
  runs() {
    return runs;
  },
};
