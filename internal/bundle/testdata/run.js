// Runs a bundled script under Node.js the way the runtime runs it: as a classic script,
// after defining globalThis.__porticoCloudflareWorkers, so that it defines the global
// __porticoWorker. Then it runs CHECK, the body of an async function, and prints what
// that function returns as JSON. With a third argument "bare", it leaves
// __porticoCloudflareWorkers undefined.
//
//   node run.js BUNDLE.js CHECK [bare]
"use strict";
const fs = require("node:fs");
const vm = require("node:vm");

const [bundlePath, check, mode] = process.argv.slice(2);

globalThis.__porticoCloudflareWorkers = mode === "bare" ? undefined : {
  env: { NAME: "portico" },
  WorkerEntrypoint: class WorkerEntrypoint {
    constructor(ctx, env) {
      this.ctx = ctx;
      this.env = env;
    }
  },
};

vm.runInThisContext(fs.readFileSync(bundlePath, "utf8"), { filename: bundlePath });

const AsyncFunction = (async () => {}).constructor;
new AsyncFunction(check)().then(
  (v) => process.stdout.write(JSON.stringify(v)),
  (e) => {
    process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
    process.exit(1);
  },
);
