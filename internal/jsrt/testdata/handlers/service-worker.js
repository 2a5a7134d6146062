// The service-worker syntax: handlers are listeners on the global scope, bindings are
// globals.
let fired = 0;

addEventListener("scheduled", (event) => {
  fired++;
  event.waitUntil(
    (async () => {
      await new Promise((r) => setTimeout(r, 1));
      console.log("scheduled", event.cron, typeof event.scheduledTime, globalThis.NAME, fired);
    })(),
  );
});
