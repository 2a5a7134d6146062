// DOMException (Web IDL) and AbortController / AbortSignal (DOM standard), with the
// messages workerd uses for the default reasons.

const assertSame = (got, want, msg) => assert(Object.is(got, want), msg || "not the same value");

test("DOMException construction and legacy codes", () => {
  const e = new DOMException("boom", "AbortError");
  assertEquals(e.name, "AbortError");
  assertEquals(e.message, "boom");
  assertEquals(e.code, 20);
  assertEquals(DOMException.ABORT_ERR, 20);
  assertEquals(e.ABORT_ERR, 20);
  assertEquals(DOMException.INDEX_SIZE_ERR, 1);
  assertEquals(DOMException.DATA_CLONE_ERR, 25);
  assertEquals(DOMException.VALIDATION_ERR, 16);
  assertEquals(new DOMException("x", "TimeoutError").code, 23);
  assertEquals(new DOMException("x", "SyntaxError").code, 12);
  assertEquals(new DOMException("x", "OperationError").code, 0, "no legacy code");
  assertEquals(new DOMException("x", "NoSuchName").code, 0);
  const d = new DOMException();
  assertEquals(d.name, "Error");
  assertEquals(d.message, "");
  assertEquals(d.code, 0);
  assertEquals(new DOMException(undefined, undefined).name, "Error");
  assertEquals(new DOMException(42, null).message, "42");
  assertEquals(new DOMException(42, null).name, "null");
  assertThrows(() => new DOMException(Symbol("x")), "TypeError", "symbol message");
  assertThrows(() => new DOMException("", Symbol("x")), "TypeError", "symbol name");
});

test("DOMException is an Error", () => {
  const e = new DOMException("boom", "NotFoundError");
  assert(e instanceof DOMException, "instanceof DOMException");
  assert(e instanceof Error, "instanceof Error");
  assertSame(Object.getPrototypeOf(DOMException.prototype), Error.prototype);
  assertEquals(Object.prototype.toString.call(e), "[object DOMException]");
  assertEquals(String(e), "NotFoundError: boom");
  assertEquals(typeof e.stack, "string");
  assert(e.stack.startsWith("NotFoundError: boom"), e.stack);
  assert(!Object.prototype.hasOwnProperty.call(e, "name"), "name is not own");
  assert(!Object.prototype.hasOwnProperty.call(e, "message"), "message is not own");
  assertEquals(DOMException.length, 0);
  assertEquals(DOMException.name, "DOMException");
  const desc = Object.getOwnPropertyDescriptor(DOMException, "ABORT_ERR");
  assertEquals(desc.writable, false);
  assertEquals(desc.configurable, false);
  assertEquals(desc.enumerable, true);
  try {
    throw new DOMException("thrown", "DataError");
  } catch (err) {
    assertEquals(err.name, "DataError");
  }
});

test("DOMException receivers and subclasses", () => {
  const get = (p) => Object.getOwnPropertyDescriptor(DOMException.prototype, p).get;
  assertThrows(() => get("name").call({}), "TypeError");
  assertThrows(() => get("code").call(new Error("x")), "TypeError");
  assertThrows(() => get("message").call(Object.create(new DOMException("a"))), "TypeError",
    "inherits from an instance");
  class MyError extends DOMException {
    constructor(msg) { super(msg, "InvalidStateError"); this.extra = 1; }
  }
  const m = new MyError("sub");
  assert(m instanceof MyError && m instanceof DOMException && m instanceof Error, "chain");
  assertEquals(m.name, "InvalidStateError");
  assertEquals(m.code, 11);
  assertEquals(m.extra, 1);
  assert(typeof m.stack === "string", "stack");
});

test("DOMException from Go (crypto) is the real class", async () => {
  const e = await assertRejects(() => crypto.subtle.digest("SHA-3", new Uint8Array(1)),
    "NotSupportedError");
  assert(e instanceof DOMException, "instanceof");
  assertEquals(e.code, 9);
  globalThis.DOMException = function Fake() {};
  try {
    const e2 = await assertRejects(() => crypto.subtle.digest("SHA-3", new Uint8Array(1)),
      "NotSupportedError");
    assertEquals(Object.prototype.toString.call(e2), "[object DOMException]");
  } finally {
    globalThis.DOMException = Object.getPrototypeOf(e).constructor;
  }
});

test("AbortController aborts its signal once", () => {
  const c = new AbortController();
  const s = c.signal;
  assert(s instanceof AbortSignal && s instanceof EventTarget, "signal is an EventTarget");
  assertSame(c.signal, s, "same signal each time");
  assertEquals(s.aborted, false);
  assertEquals(s.reason, undefined);
  s.throwIfAborted();
  const seen = [];
  s.onabort = (e) => seen.push("onabort:" + e.type + ":" + e.isTrusted + ":" + (e.target === s));
  s.addEventListener("abort", function (e) { seen.push("listener:" + (this === s)); });
  c.abort();
  assertEquals(s.aborted, true);
  assert(s.reason instanceof DOMException, "default reason");
  assertEquals(s.reason.name, "AbortError");
  assertEquals(s.reason.message, "The operation was aborted");
  const first = s.reason;
  c.abort("again");
  assertSame(s.reason, first, "a second abort changes nothing");
  assertEquals(seen.join(), "onabort:abort:true:true,listener:true");
  const thrown = assertThrows(() => s.throwIfAborted(), "AbortError");
  assertSame(thrown, first);
});

test("abort reasons", () => {
  const c = new AbortController();
  c.abort("why");
  assertEquals(c.signal.reason, "why");
  try { c.signal.throwIfAborted(); assert(false, "did not throw"); } catch (e) { assertEquals(e, "why"); }
  const c2 = new AbortController();
  c2.abort(null);
  assertEquals(c2.signal.reason, null, "null is a reason");
  const c3 = new AbortController();
  c3.abort(undefined);
  assertEquals(c3.signal.reason.name, "AbortError", "undefined means the default");
  const err = new Error("mine");
  assertSame(AbortSignal.abort(err).reason, err);
  const s = AbortSignal.abort();
  assertEquals(s.aborted, true);
  assertEquals(s.reason.name, "AbortError");
  assertEquals(s.reason.code, 20);
});

test("onabort handler attribute", () => {
  const c = new AbortController();
  const s = c.signal;
  assertEquals(s.onabort, null);
  const order = [];
  s.addEventListener("abort", () => order.push("a"));
  const h = () => order.push("h");
  s.onabort = h;
  assertSame(s.onabort, h);
  s.addEventListener("abort", () => order.push("b"));
  s.onabort = () => order.push("h2");
  s.onabort = 5;
  assertEquals(s.onabort, null, "a non-object is null");
  s.onabort = () => order.push("h3");
  c.abort();
  assertEquals(order.join(), "a,b,h3", "the handler's place is where it was set last from null");
});

test("AbortSignal cannot be constructed; receivers are checked", () => {
  assertThrows(() => new AbortSignal(), "TypeError");
  const get = (p) => Object.getOwnPropertyDescriptor(AbortSignal.prototype, p).get;
  assertThrows(() => get("aborted").call({}), "TypeError");
  assertThrows(() => get("reason").call(new EventTarget()), "TypeError");
  assertThrows(() => AbortSignal.prototype.throwIfAborted.call(null), "TypeError");
  assertThrows(() => Object.getOwnPropertyDescriptor(AbortController.prototype, "signal").get.call({}),
    "TypeError");
  assertThrows(() => AbortController.prototype.abort.call(new AbortController().signal), "TypeError");
  assertEquals(Object.prototype.toString.call(new AbortController()), "[object AbortController]");
  assertEquals(Object.prototype.toString.call(AbortSignal.abort()), "[object AbortSignal]");
  assertSame(Object.getPrototypeOf(AbortSignal), EventTarget);
  const fake = {};
  const s = AbortSignal.abort();
  for (const sym of Object.getOwnPropertySymbols(s)) Object.defineProperty(fake, sym, {value: s[sym]});
  assertThrows(() => get("aborted").call(fake), "TypeError", "a copied slot is not an instance");
});

test("AbortSignal.timeout", async () => {
  const s = AbortSignal.timeout(5);
  assertEquals(s.aborted, false);
  const ev = await new Promise((resolve) => s.addEventListener("abort", resolve));
  assertEquals(ev.type, "abort");
  assertEquals(s.aborted, true);
  assert(s.reason instanceof DOMException, "reason is a DOMException");
  assertEquals(s.reason.name, "TimeoutError");
  assertEquals(s.reason.code, 23);
  assertEquals(s.reason.message, "The operation was aborted due to timeout");
  assertThrows(() => AbortSignal.timeout(-1), "TypeError", "negative");
  assertThrows(() => AbortSignal.timeout(NaN), "TypeError", "NaN");
  assertThrows(() => AbortSignal.timeout(Infinity), "TypeError", "Infinity");
  assertThrows(() => AbortSignal.timeout(2 ** 53), "TypeError", "too large");
  assertThrows(() => AbortSignal.timeout(), "TypeError", "missing");
  assertThrows(() => AbortSignal.timeout(Symbol()), "TypeError", "symbol");
  const z = AbortSignal.timeout(0.9);
  await new Promise((resolve) => { z.onabort = resolve; });
  assertEquals(z.reason.name, "TimeoutError", "0.9 truncates to 0");
});

test("AbortSignal.any", () => {
  const a = new AbortController(), b = new AbortController();
  const any = AbortSignal.any([a.signal, b.signal]);
  assertEquals(any.aborted, false);
  const seen = [];
  any.onabort = () => seen.push("any");
  a.signal.onabort = () => seen.push("a");
  b.abort("b-reason");
  assertEquals(any.aborted, true);
  assertEquals(any.reason, "b-reason");
  assertEquals(a.signal.aborted, false, "a source does not follow");
  a.abort("a-reason");
  assertEquals(any.reason, "b-reason", "the first reason stays");
  assertEquals(seen.join(), "any,a");

  const done = AbortSignal.abort("early");
  const x = AbortSignal.any([new AbortController().signal, done]);
  assertEquals(x.aborted, true);
  assertEquals(x.reason, "early");

  const never = AbortSignal.any([]);
  assertEquals(never.aborted, false);

  // A dependent of a dependent follows the original sources.
  const c = new AbortController();
  const inner = AbortSignal.any([c.signal]);
  const outer = AbortSignal.any([inner]);
  const order = [];
  inner.onabort = () => order.push("inner");
  outer.onabort = () => order.push("outer");
  c.abort("c");
  assertEquals(outer.reason, "c");
  assertEquals(order.join(), "inner,outer");

  const set = new Set([new AbortController().signal]);
  assertEquals(AbortSignal.any(set).aborted, false, "any iterable");
  assertThrows(() => AbortSignal.any(), "TypeError");
  assertThrows(() => AbortSignal.any(5), "TypeError");
  assertThrows(() => AbortSignal.any([{}]), "TypeError");
  assertThrows(() => AbortSignal.any([c.signal, "x"]), "TypeError");
});

test("abort listeners that throw", () => {
  const c = new AbortController();
  const seen = [];
  c.signal.addEventListener("abort", () => { throw new Error("listener failed"); });
  c.signal.addEventListener("abort", () => seen.push("second"));
  const dep = AbortSignal.any([c.signal]);
  const e = assertThrows(() => c.abort(), "Error");
  assertEquals(e.message, "listener failed");
  assertEquals(c.signal.aborted, true, "aborted anyway");
  assertEquals(dep.aborted, true, "dependent aborted anyway");
  assertEquals(seen.join(), "", "the dispatch stopped, as in workerd");
});

test("signal option of addEventListener", () => {
  const t = new EventTarget();
  const c = new AbortController();
  let n = 0;
  t.addEventListener("x", () => n++, {signal: c.signal});
  t.dispatchEvent(new Event("x"));
  c.abort();
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1, "removed on abort");
  t.addEventListener("x", () => n++, {signal: c.signal});
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 1, "an aborted signal adds nothing");
  assertThrows(() => t.addEventListener("x", () => {}, {signal: {}}), "TypeError");
  assertThrows(() => t.addEventListener("x", () => {}, {signal: null}), "TypeError");
  t.addEventListener("x", () => n++, {signal: undefined});
  t.dispatchEvent(new Event("x"));
  assertEquals(n, 2);
});
