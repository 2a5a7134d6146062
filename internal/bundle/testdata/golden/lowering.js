if (typeof Symbol.asyncIterator !== "symbol") Object.defineProperty(Symbol, "asyncIterator", { value: Symbol.for("Symbol.asyncIterator") });
var __porticoWorker = (() => {
  var __defProp = Object.defineProperty;
  var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
  var __getOwnPropNames = Object.getOwnPropertyNames;
  var __hasOwnProp = Object.prototype.hasOwnProperty;
  var __knownSymbol = (name, symbol) => (symbol = Symbol[name]) ? symbol : /* @__PURE__ */ Symbol.for("Symbol." + name);
  var __defNormalProp = (obj, key, value) => key in obj ? __defProp(obj, key, { enumerable: true, configurable: true, writable: true, value }) : obj[key] = value;
  var __name = (target, value) => __defProp(target, "name", { value, configurable: true });
  var __esm = (fn, res, err) => function __init() {
    if (err) throw err[0];
    try {
      return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
    } catch (e) {
      throw err = [e], e;
    }
  };
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
  var __publicField = (obj, key, value) => __defNormalProp(obj, typeof key !== "symbol" ? key + "" : key, value);
  var __await = function(promise, isYieldStar) {
    this[0] = promise;
    this[1] = isYieldStar;
  };
  var __asyncGenerator = (__this, __arguments, generator) => {
    var resume = (k, v, yes, no) => {
      try {
        var x = generator[k](v), isAwait = (v = x.value) instanceof __await, done = x.done;
        Promise.resolve(isAwait ? v[0] : v).then((y) => isAwait ? resume(k === "return" ? k : "next", v[1] ? { done: y.done, value: y.value } : y, yes, no) : yes({ value: y, done })).catch((e) => resume("throw", e, yes, no));
      } catch (e) {
        no(e);
      }
    }, method = (k, call, wait, clear) => it[k] = (x) => (call = new Promise((yes, no, run2) => (run2 = () => resume(k, x, yes, no), q ? q.then(run2) : run2())), clear = () => q === wait && (q = 0), q = wait = call.then(clear, clear), call), q, it = {};
    return generator = generator.apply(__this, __arguments), it[__knownSymbol("asyncIterator")] = () => it, method("next"), method("throw"), method("return"), it;
  };
  var __forAwait = (obj, it, method) => (it = obj[__knownSymbol("asyncIterator")]) ? it.call(obj) : (obj = obj[__knownSymbol("iterator")](), it = {}, method = (key, fn) => (fn = obj[key]) && (it[key] = (arg) => new Promise((yes, no, done) => (arg = fn.call(obj, arg), done = arg.done, Promise.resolve(arg.value).then((value) => yes({ value, done }), no)))), method("next"), method("return"), it);

  // later.ts
  var later_exports = {};
  __export(later_exports, {
    later: () => later
  });
  var later;
  var init_later = __esm({
    "later.ts"() {
      later = "loaded later";
    }
  });

  // index.ts
  var index_exports = {};
  __export(index_exports, {
    indices: () => indices,
    lazy: () => lazy,
    run: () => run
  });
  var _Accessors = class _Accessors {
    constructor() {
      __publicField(this, "get", "g");
      __publicField(this, "set", "s");
      __publicField(this, "async", "a");
    }
  };
  __name(_Accessors, "Accessors");
  __publicField(_Accessors, "get", "G");
  __publicField(_Accessors, "set", "S");
  __publicField(_Accessors, "async", "A");
  var Accessors = _Accessors;
  function countTo(n) {
    return __asyncGenerator(this, null, function* () {
      for (let i = 1; i <= n; i++) {
        yield i;
      }
    });
  }
  __name(countTo, "countTo");
  var Stream = class {
    static {
      __name(this, "Stream");
    }
    [Symbol.asyncIterator]() {
      return __asyncGenerator(this, null, function* () {
        yield "x";
        yield "y";
      });
    }
  };
  async function run() {
    const a = new Accessors();
    let sum = 0;
    try {
      for (var iter = __forAwait(countTo(4)), more, temp, error; more = !(temp = await iter.next()).done; more = false) {
        const v = temp.value;
        sum += v;
      }
    } catch (temp) {
      error = [temp];
    } finally {
      try {
        more && (temp = iter.return) && await temp.call(iter);
      } finally {
        if (error)
          throw error[0];
      }
    }
    let joined = "";
    try {
      for (var iter2 = __forAwait(new Stream()), more2, temp2, error2; more2 = !(temp2 = await iter2.next()).done; more2 = false) {
        const s = temp2.value;
        joined += s;
      }
    } catch (temp2) {
      error2 = [temp2];
    } finally {
      try {
        more2 && (temp2 = iter2.return) && await temp2.call(iter2);
      } finally {
        if (error2)
          throw error2[0];
      }
    }
    return [a.get, a.set, a.async, Accessors.get, Accessors.set, Accessors.async, sum, joined].join(",");
  }
  __name(run, "run");
  async function lazy() {
    const m = await Promise.resolve().then(() => (init_later(), later_exports));
    return m.later;
  }
  __name(lazy, "lazy");
  function indices() {
    return new RegExp("b", "d").exec("ab")?.indices?.[0]?.join(",");
  }
  __name(indices, "indices");
  return __toCommonJS(index_exports);
})();
