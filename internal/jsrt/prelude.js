// Portico's JavaScript additions to an isolate's global scope, run once per isolate
// before the worker's script: builtins the engine lacks (cold paths only; anything a
// request does often is Go), the classes of "cloudflare:workers", the events of the
// service-worker syntax, and the RegExp constructor that handles named groups and
// property escapes. It is called with the Go hooks and returns what the runtime uses.
(function (go) {
  "use strict";

  const hidden = (value) => ({ value, writable: true, configurable: true, enumerable: false });
  const defineMethods = (target, methods) => {
    for (const name of Reflect.ownKeys(methods)) {
      Object.defineProperty(target, name, hidden(methods[name]));
    }
  };

  // Object.groupBy and Map.groupBy (ES2024).
  const requireCallback = (what, callback) => {
    if (typeof callback !== "function") {
      throw new TypeError(what + ": callback is not a function");
    }
  };
  defineMethods(Object, {
    groupBy: function groupBy(items, callback) {
      requireCallback("Object.groupBy", callback);
      const groups = Object.create(null);
      let i = 0;
      for (const item of items) {
        let key = callback(item, i++);
        if (typeof key !== "symbol") key = String(key);
        if (Object.prototype.hasOwnProperty.call(groups, key)) groups[key].push(item);
        else groups[key] = [item];
      }
      return groups;
    },
  });
  defineMethods(Map, {
    groupBy: function groupBy(items, callback) {
      requireCallback("Map.groupBy", callback);
      const groups = new Map();
      let i = 0;
      for (const item of items) {
        const key = callback(item, i++);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
      }
      return groups;
    },
  });

  // Promise.withResolvers (ES2024): this is the constructor, as with Promise.all.
  defineMethods(Promise, {
    withResolvers: function withResolvers() {
      let resolve, reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });

  // cloudflare:workers. A WorkerEntrypoint is constructed per invocation with the
  // invocation's ctx and env.
  class WorkerEntrypoint {
    constructor(ctx, env) {
      this.ctx = ctx;
      this.env = env;
    }
  }
  class RpcTarget {}

  // The events of the service-worker syntax: addEventListener("fetch", (event) =>
  // event.respondWith(...)) and addEventListener("scheduled", ...).
  class ExtendableEvent extends Event {
    #ctx;
    constructor(type, init) {
      super(type, init);
      this.#ctx = go.eventContext;
      go.eventContext = undefined;
    }
    waitUntil(promise) {
      if (this.#ctx === undefined) {
        throw new DOMException("waitUntil() is only available on events the runtime dispatches",
          "InvalidStateError");
      }
      this.#ctx.waitUntil(promise);
    }
    get _ctx() {
      return this.#ctx;
    }
  }
  const ctxOf = Object.getOwnPropertyDescriptor(ExtendableEvent.prototype, "_ctx").get;
  delete ExtendableEvent.prototype._ctx;

  class FetchEvent extends ExtendableEvent {
    #request;
    #responded = false;
    #response;
    constructor(type, init) {
      super(type, init);
      if (init === null || typeof init !== "object" || !("request" in init)) {
        throw new TypeError("FetchEvent: init.request is required");
      }
      this.#request = init.request;
    }
    get request() {
      return this.#request;
    }
    respondWith(response) {
      if (this.#responded) {
        throw new DOMException("respondWith() was already called", "InvalidStateError");
      }
      this.#responded = true;
      this.#response = response;
    }
    passThroughOnException() {
      ctxOf.call(this)?.passThroughOnException();
    }
    get _response() {
      return this.#responded ? { value: this.#response } : undefined;
    }
  }
  const responseOf = Object.getOwnPropertyDescriptor(FetchEvent.prototype, "_response").get;
  delete FetchEvent.prototype._response;

  class ScheduledEvent extends ExtendableEvent {
    #cron;
    #scheduledTime;
    constructor(type, init) {
      super(type, init);
      this.#cron = String(init?.cron ?? "");
      this.#scheduledTime = Number(init?.scheduledTime ?? Date.now());
    }
    get cron() {
      return this.#cron;
    }
    get scheduledTime() {
      return this.#scheduledTime;
    }
    noRetry() {}
  }

  for (const [name, cls] of [["ExtendableEvent", ExtendableEvent], ["FetchEvent", FetchEvent],
    ["ScheduledEvent", ScheduledEvent]]) {
    Object.defineProperty(globalThis, name, hidden(cls));
  }

  // The ScheduledController of a module worker's scheduled(controller, env, ctx).
  class ScheduledController {
    #cron;
    #scheduledTime;
    constructor(cron, scheduledTime) {
      this.#cron = cron;
      this.#scheduledTime = scheduledTime;
    }
    get cron() {
      return this.#cron;
    }
    get scheduledTime() {
      return this.#scheduledTime;
    }
    get type() {
      return "scheduled";
    }
    noRetry() {}
  }

  // RegExp. The engine drops named groups (.groups is undefined and the numbered
  // groups shift) and never matches \p{...}: a silent wrong answer. This constructor
  // translates such a pattern in Go (named groups become numbered ones, \p{...} an
  // explicit class) and gives the result exec, replace and matchAll that restore the
  // groups. The bundler turns regular expression literals that use either feature into
  // calls of this constructor.
  const NativeRegExp = globalThis.RegExp;
  const nativeExec = NativeRegExp.prototype.exec;
  const nativeReplace = NativeRegExp.prototype[Symbol.replace];
  const translated = Symbol("portico.regexp");

  const groupsOf = (names, captures) => {
    if (names.size === 0) return undefined;
    const groups = Object.create(null);
    for (const [name, index] of names) groups[name] = captures[index];
    return groups;
  };

  // substitute is the spec's GetSubstitution for a replacement string; args are what a
  // replacer function receives (match, captures..., position, string).
  const substitute = (template, args, names) => {
    const m = args.length - 3;
    const matched = args[0];
    const position = args[m + 1];
    const string = args[m + 2];
    let out = "";
    for (let i = 0; i < template.length; i++) {
      const c = template[i];
      if (c !== "$" || i + 1 === template.length) {
        out += c;
        continue;
      }
      const n = template[i + 1];
      if (n === "$") {
        out += "$";
        i++;
      } else if (n === "&") {
        out += matched;
        i++;
      } else if (n === "`") {
        out += string.slice(0, position);
        i++;
      } else if (n === "'") {
        out += string.slice(position + matched.length);
        i++;
      } else if (n >= "0" && n <= "9") {
        const two = template.slice(i + 1, i + 3);
        let index = /^\d\d$/.test(two) ? Number(two) : NaN;
        let width = 2;
        if (!(index >= 1 && index <= m)) {
          index = Number(n);
          width = 1;
        }
        if (index >= 1 && index <= m) {
          out += args[index] ?? "";
          i += width;
        } else {
          out += "$";
        }
      } else if (n === "<" && names.size > 0) {
        const end = template.indexOf(">", i + 2);
        if (end < 0) {
          out += "$<";
          i++;
        } else {
          const index = names.get(template.slice(i + 2, end));
          if (index !== undefined) out += args[index] ?? "";
          i = end;
        }
      } else {
        out += "$";
      }
    }
    return out;
  };

  const translatedProto = Object.create(NativeRegExp.prototype);
  defineMethods(translatedProto, {
    exec: function exec(string) {
      const m = nativeExec.call(this, string);
      if (m !== null) m.groups = groupsOf(this[translated].names, m);
      return m;
    },
    [Symbol.replace]: function (string, replaceValue) {
      const names = this[translated].names;
      const replacer = typeof replaceValue === "function"
        ? (...args) => (names.size > 0 ? replaceValue(...args, groupsOf(names, args)) : replaceValue(...args))
        : (...args) => substitute(String(replaceValue), args, names);
      return nativeReplace.call(this, string, replacer);
    },
    [Symbol.matchAll]: function (string) {
      const s = String(string);
      const matcher = new PorticoRegExp(this, this.flags);
      matcher.lastIndex = this.lastIndex;
      const global = matcher.global;
      const unicode = matcher.unicode;
      return (function* () {
        for (;;) {
          const m = matcher.exec(s);
          if (m === null) return;
          yield m;
          if (!global) return;
          if (m[0] === "") {
            const i = matcher.lastIndex;
            const wide = unicode && i < s.length && s.codePointAt(i) > 0xffff;
            matcher.lastIndex = i + (wide ? 2 : 1);
          }
        }
      })();
    },
  });
  Object.defineProperty(translatedProto, "source", {
    get() {
      return this[translated].source;
    },
    configurable: true,
  });

  const isRegExp = (v) => v !== null && typeof v === "object" && v[Symbol.match] !== undefined
    ? Boolean(v[Symbol.match])
    : v instanceof NativeRegExp;

  function PorticoRegExp(pattern, flags) {
    const patternIsRegExp = isRegExp(pattern);
    if (new.target === undefined && patternIsRegExp && flags === undefined &&
      pattern.constructor === PorticoRegExp) {
      return pattern;
    }
    let source;
    let flagString;
    if (pattern !== null && typeof pattern === "object" && translated in pattern) {
      source = pattern[translated].source;
      flagString = flags === undefined ? pattern.flags : String(flags);
    } else if (patternIsRegExp) {
      source = String(pattern.source);
      flagString = flags === undefined ? String(pattern.flags) : String(flags);
    } else {
      source = pattern === undefined ? "" : String(pattern);
      flagString = flags === undefined ? "" : String(flags);
    }
    const target = new.target === undefined || new.target === PorticoRegExp ? NativeRegExp : new.target;
    const t = go.translateRegExp(source, flagString);
    if (t === null) {
      return Reflect.construct(NativeRegExp, [source, flagString], target);
    }
    if (target !== NativeRegExp) {
      throw new SyntaxError("Invalid regular expression: /" + source + "/: named groups and " +
        "\\p{...} are not supported in a subclass of RegExp by Portico");
    }
    const re = new NativeRegExp(t.source, flagString);
    Object.setPrototypeOf(re, translatedProto);
    Object.defineProperty(re, translated, { value: { source, names: new Map(t.names) } });
    return re;
  }
  // A literal that the compiler rewrote (program.go): re is the translated literal.
  const fromLiteral = (re, source) => {
    const t = go.translateRegExp(source, re.flags);
    Object.setPrototypeOf(re, translatedProto);
    Object.defineProperty(re, translated, { value: { source, names: new Map(t.names) } });
    return re;
  };
  const literalError = (message) => {
    throw new SyntaxError(message);
  };
  Object.defineProperty(globalThis, "__porticoRegExp", { value: fromLiteral });
  Object.defineProperty(globalThis, "__porticoRegExpError", { value: literalError });

  Object.defineProperty(PorticoRegExp, "name", { value: "RegExp" });
  Object.defineProperty(PorticoRegExp, "prototype", { value: NativeRegExp.prototype, writable: false });
  Object.defineProperty(PorticoRegExp, Symbol.species, {
    get() {
      // The engine's fast paths (split) need its own constructor here.
      return this === PorticoRegExp ? NativeRegExp : this;
    },
    configurable: true,
  });
  Object.defineProperty(NativeRegExp.prototype, "constructor", hidden(PorticoRegExp));
  Object.defineProperty(globalThis, "RegExp", hidden(PorticoRegExp));

  return {
    WorkerEntrypoint,
    RpcTarget,
    ScheduledController,
    FetchEvent,
    ScheduledEvent,
    responseOf: (event) => responseOf.call(event),
  };
});
