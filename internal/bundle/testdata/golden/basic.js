if (typeof Symbol.asyncIterator !== "symbol") Object.defineProperty(Symbol, "asyncIterator", { value: Symbol.for("Symbol.asyncIterator") });
var __porticoWorker = (() => {
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __name = (target, value) => __defProp(target, "name", { value, configurable: true });
  var __export = (target, all) => {
    for (var name in all)
      __defProp(target, name, { get: all[name], enumerable: true });
  };
  var __copyProps = (to, from, except, desc) => {
    if (from && typeof from === "object" || typeof from === "function") {
      for (let key of __getOwnPropNames(from))
        if (!__hasOwnProp.call(to, key) && key !== except)
          __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
    }
    return to;
  };
  var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

  // index.ts
  var index_exports = {};
  __export(index_exports, {
    Admin: () => Admin,
    default: () => index_default,
    version: () => version
  });

  // cloudflare:workers
  var m = globalThis.__porticoCloudflareWorkers;
  if (m == null) {
    throw new Error('"cloudflare:workers" is unavailable: the runtime did not define globalThis.__porticoCloudflareWorkers');
  }
  var unsupported = /* @__PURE__ */ __name((name) => class {
    constructor() {
      throw new Error("cloudflare:workers: " + name + " is not supported by Portico yet");
    }
  }, "unsupported");
  var WorkerEntrypoint = m.WorkerEntrypoint ?? unsupported("WorkerEntrypoint");
  var DurableObject = m.DurableObject ?? unsupported("DurableObject");
  var WorkflowEntrypoint = m.WorkflowEntrypoint ?? unsupported("WorkflowEntrypoint");
  var RpcTarget = m.RpcTarget ?? unsupported("RpcTarget");
  var RpcStub = m.RpcStub ?? unsupported("RpcStub");
  var env = m.env;
  var waitUntil = m.waitUntil ?? /* @__PURE__ */ __name(function waitUntil2() {
    throw new Error("cloudflare:workers: waitUntil is not supported by Portico yet");
  }, "waitUntil");

  // lib/greet.ts
  function greet(name) {
    return { text: `hello ${name}` };
  }
  __name(greet, "greet");

  // index.ts
  var version = 3;
  var Admin = class extends WorkerEntrypoint {
    static {
      __name(this, "Admin");
    }
    ping() {
      return "pong " + this.env.NAME;
    }
  };
  var index_default = {
    async fetch(request) {
      const g = greet(env.NAME);
      return `${g.text} at ${request.url}`;
    }
  };
  return __toCommonJS(index_exports);
})();
