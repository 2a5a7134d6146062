// Event, CustomEvent and EventTarget, against the DOM standard (with no tree: the event
// path is the target alone) and workerd where Portico follows it.

const assertSame = (got, want, msg) => assert(Object.is(got, want), msg || "not the same value");

test("Event construction", () => {
  const e = new Event("ping");
  assertEquals(e.type, "ping");
  assertEquals(e.bubbles, false);
  assertEquals(e.cancelable, false);
  assertEquals(e.composed, false);
  assertEquals(e.defaultPrevented, false);
  assertEquals(e.isTrusted, false);
  assertEquals(e.eventPhase, Event.NONE);
  assertEquals(e.target, null);
  assertEquals(e.currentTarget, null);
  assertEquals(e.srcElement, null);
  assertEquals(e.returnValue, true);
  assertEquals(e.cancelBubble, false);
  assertEquals(e.composedPath().length, 0);
  assertEquals(typeof e.timeStamp, "number");
  assert(e.timeStamp >= 0 && e.timeStamp <= performance.now(), "timeStamp is on performance.now's clock");
  const f = new Event("pong", {bubbles: 1, cancelable: "yes", composed: true});
  assertEquals(f.bubbles, true);
  assertEquals(f.cancelable, true);
  assertEquals(f.composed, true);
  assertEquals(new Event(42).type, "42");
  assertEquals(new Event("x", null).bubbles, false);
  assertEquals(Event.AT_TARGET, 2);
  assertEquals(e.BUBBLING_PHASE, 3);
  assertEquals(Event.CAPTURING_PHASE, 1);
  assertEquals(Event.length, 1);
  assertEquals(Object.prototype.toString.call(e), "[object Event]");
  assertThrows(() => new Event(), "TypeError", "type is required");
  assertThrows(() => new Event(Symbol("s")), "TypeError", "symbol type");
  assertThrows(() => new Event("x", 5), "TypeError", "init is not a dictionary");
});

test("preventDefault and returnValue", () => {
  const e = new Event("x", {cancelable: true});
  e.preventDefault();
  assertEquals(e.defaultPrevented, true);
  assertEquals(e.returnValue, false);
  const n = new Event("x");
  n.preventDefault();
  assertEquals(n.defaultPrevented, false, "not cancelable");
  const r = new Event("x", {cancelable: true});
  r.returnValue = true;
  assertEquals(r.defaultPrevented, false);
  r.returnValue = false;
  assertEquals(r.defaultPrevented, true);
  r.returnValue = true;
  assertEquals(r.defaultPrevented, true, "returnValue = true does not undo");
  const c = new Event("x");
  c.cancelBubble = true;
  assertEquals(c.cancelBubble, true);
  c.cancelBubble = false;
  assertEquals(c.cancelBubble, true, "cancelBubble = false does not undo");
});

test("Event receivers", () => {
  const get = (p) => Object.getOwnPropertyDescriptor(Event.prototype, p).get;
  assertThrows(() => get("type").call({}), "TypeError");
  assertThrows(() => get("target").call(new EventTarget()), "TypeError");
  assertThrows(() => Event.prototype.preventDefault.call({}), "TypeError");
  assertThrows(() => Event.prototype.stopPropagation.call(undefined), "TypeError");
  assertThrows(() => Event.prototype.initEvent.call(null, "x"), "TypeError");
  assertThrows(() => get("type").call(Object.create(new Event("x"))), "TypeError");
});

test("dispatchEvent at the target", () => {
  const t = new EventTarget();
  const e = new Event("go", {cancelable: true});
  const seen = [];
  t.addEventListener("go", function (ev) {
    seen.push([ev === e, this === t, ev.target === t, ev.currentTarget === t,
      ev.eventPhase, ev.composedPath().length, ev.composedPath()[0] === t].join());
  });
  t.addEventListener("other", () => seen.push("wrong type"));
  const ok = t.dispatchEvent(e);
  assertEquals(ok, true);
  assertEquals(seen.join("|"), "true,true,true,true,2,1,true");
  assertEquals(e.eventPhase, 0, "phase after dispatch");
  assertEquals(e.currentTarget, null, "currentTarget after dispatch");
  assertSame(e.target, t, "target stays");
  assertEquals(e.isTrusted, false);
  t.addEventListener("go", (ev) => ev.preventDefault());
  assertEquals(t.dispatchEvent(e), false, "canceled");
  assertEquals(e.defaultPrevented, true);
  assertEquals(new EventTarget().dispatchEvent(new Event("none")), true, "no listeners");
});

test("listener identity: type, callback, capture", () => {
  const t = new EventTarget();
  const seen = [];
  const f = () => seen.push("f");
  t.addEventListener("x", f);
  t.addEventListener("x", f);
  t.addEventListener("x", f, false);
  t.addEventListener("x", f, {once: true});
  t.addEventListener("x", f, true);
  t.addEventListener("x", f, {capture: true});
  t.dispatchEvent(new Event("x"));
  assertEquals(seen.length, 2, "one bubbling and one capture entry");
  t.removeEventListener("x", f, true);
  seen.length = 0;
  t.dispatchEvent(new Event("x"));
  assertEquals(seen.length, 1);
  t.removeEventListener("x", f, {capture: false});
  seen.length = 0;
  t.dispatchEvent(new Event("x"));
  assertEquals(seen.length, 0);
  t.removeEventListener("x", f);
  t.removeEventListener("nothing", f);
  t.removeEventListener("x", null);
  t.addEventListener("x", null);
  t.addEventListener("x", undefined);
});

test("capture listeners run first at the target", () => {
  const t = new EventTarget();
  const seen = [];
  t.addEventListener("x", () => seen.push("bubble1"));
  t.addEventListener("x", (e) => seen.push("capture:" + e.eventPhase), {capture: true});
  t.addEventListener("x", () => seen.push("bubble2"));
  t.dispatchEvent(new Event("x"));
  assertEquals(seen.join(), "capture:2,bubble1,bubble2");
  seen.length = 0;
  const u = new EventTarget();
  u.addEventListener("x", (e) => { seen.push("c"); e.stopPropagation(); }, true);
  u.addEventListener("x", () => seen.push("b"));
  u.dispatchEvent(new Event("x"));
  assertEquals(seen.join(), "c", "stopPropagation in a capture listener skips the others");
});

test("once, stopImmediatePropagation, removal during dispatch", () => {
  const t = new EventTarget();
  const seen = [];
  t.addEventListener("x", () => seen.push("once"), {once: true});
  t.dispatchEvent(new Event("x"));
  t.dispatchEvent(new Event("x"));
  assertEquals(seen.join(), "once");

  seen.length = 0;
  const u = new EventTarget();
  const second = () => seen.push("second");
  u.addEventListener("x", () => { seen.push("first"); u.removeEventListener("x", second); });
  u.addEventListener("x", second);
  u.addEventListener("x", () => { seen.push("third"); u.addEventListener("x", () => seen.push("late")); });
  u.dispatchEvent(new Event("x"));
  assertEquals(seen.join(), "first,third", "removed before its turn, added ones wait");
  seen.length = 0;
  u.dispatchEvent(new Event("x"));
  assertEquals(seen.join(), "first,third,late");

  seen.length = 0;
  const v = new EventTarget();
  v.addEventListener("x", (e) => { seen.push("a"); e.stopImmediatePropagation(); });
  v.addEventListener("x", () => seen.push("b"));
  const e = new Event("x");
  v.dispatchEvent(e);
  assertEquals(seen.join(), "a");
  assertEquals(e.cancelBubble, false, "flags are cleared after the dispatch");
  v.dispatchEvent(e);
  assertEquals(seen.join(), "a,a", "an event can be dispatched again");
});

test("handleEvent objects", () => {
  const t = new EventTarget();
  const seen = [];
  const obj = { handleEvent(e) { seen.push([this === obj, e.type].join()); } };
  t.addEventListener("x", obj);
  t.addEventListener("x", obj);
  t.dispatchEvent(new Event("x"));
  assertEquals(seen.join("|"), "true,x");
  obj.handleEvent = function () { seen.push("replaced"); };
  t.dispatchEvent(new Event("x"));
  assertEquals(seen[1], "replaced", "handleEvent is looked up at each call");
  t.removeEventListener("x", obj);
  t.dispatchEvent(new Event("x"));
  assertEquals(seen.length, 2);
  t.addEventListener("y", {});
  assertThrows(() => t.dispatchEvent(new Event("y")), "TypeError", "no handleEvent");
});

test("passive listeners cannot cancel", () => {
  const t = new EventTarget();
  t.addEventListener("x", (e) => e.preventDefault(), {passive: true});
  const e = new Event("x", {cancelable: true});
  assertEquals(t.dispatchEvent(e), true);
  assertEquals(e.defaultPrevented, false);
  t.addEventListener("x", (e) => { e.returnValue = false; });
  assertEquals(t.dispatchEvent(e), false, "a non-passive one can");
});

test("dispatch errors", () => {
  const t = new EventTarget();
  assertThrows(() => t.dispatchEvent(), "TypeError");
  assertThrows(() => t.dispatchEvent({type: "x"}), "TypeError", "not an Event");
  assertThrows(() => t.dispatchEvent(null), "TypeError");
  const e = new Event("x");
  t.addEventListener("x", () => {
    const err = assertThrows(() => t.dispatchEvent(e), "InvalidStateError");
    assert(err instanceof DOMException, "a DOMException");
    assertEquals(err.code, 11);
  });
  t.dispatchEvent(e);
  const u = new EventTarget();
  const seen = [];
  u.addEventListener("x", () => { throw new RangeError("listener"); });
  u.addEventListener("x", () => seen.push("after"));
  const ev = new Event("x");
  assertThrows(() => u.dispatchEvent(ev), "RangeError", "a listener's exception propagates");
  assertEquals(seen.length, 0);
  assertEquals(ev.eventPhase, 0, "the dispatch state is reset");
  u.dispatchEvent(new Event("y"));
});

test("addEventListener bad input", () => {
  const t = new EventTarget();
  assertThrows(() => t.addEventListener(), "TypeError");
  assertThrows(() => t.addEventListener("x"), "TypeError");
  assertThrows(() => t.addEventListener("x", 5), "TypeError");
  assertThrows(() => t.addEventListener("x", "code"), "TypeError");
  assertThrows(() => t.addEventListener(Symbol(), () => {}), "TypeError");
  assertThrows(() => t.removeEventListener("x", 5), "TypeError");
  assertThrows(() => EventTarget.prototype.addEventListener.call({}, "x", () => {}), "TypeError");
  assertThrows(() => EventTarget.prototype.dispatchEvent.call(5, new Event("x")), "TypeError");
  t.addEventListener("x", () => {}, 1);
  t.addEventListener("x", () => {}, "");
});

test("initEvent", () => {
  const e = new Event("a");
  e.initEvent("b", true, true);
  assertEquals(e.type, "b");
  assertEquals(e.bubbles, true);
  assertEquals(e.cancelable, true);
  assertThrows(() => e.initEvent(), "TypeError");
  const t = new EventTarget();
  t.addEventListener("b", (ev) => { ev.initEvent("c"); assertEquals(ev.type, "b", "no-op while dispatching"); });
  t.dispatchEvent(e);
});

test("CustomEvent", () => {
  const e = new CustomEvent("note", {detail: {n: 1}, cancelable: true});
  assert(e instanceof Event, "an Event");
  assertEquals(e.detail.n, 1);
  assertEquals(e.cancelable, true);
  assertEquals(new CustomEvent("x").detail, null);
  assert(Object.getPrototypeOf(CustomEvent.prototype) === Event.prototype, "prototype chain");
  const get = Object.getOwnPropertyDescriptor(CustomEvent.prototype, "detail").get;
  assertThrows(() => get.call(new Event("x")), "TypeError");
  const t = new EventTarget();
  let got;
  t.addEventListener("note", (ev) => { got = ev.detail; });
  t.dispatchEvent(e);
  assertEquals(got.n, 1);
  assertThrows(() => new CustomEvent(), "TypeError");
});

test("subclassing EventTarget and Event", () => {
  class Bus extends EventTarget {
    #count = 0;
    static kind = "bus";
    emit(type) { this.#count++; return this.dispatchEvent(new Event(type)); }
    get count() { return this.#count; }
  }
  const b = new Bus();
  assert(b instanceof Bus && b instanceof EventTarget, "chain");
  let got = null;
  b.addEventListener("x", (e) => { got = e.target; });
  b.emit("x");
  assertSame(got, b);
  assertEquals(b.count, 1);
  Object.defineProperty(b, "fixed", {value: 1, writable: false});
  assertEquals(b.fixed, 1);
  b[Symbol.for("tag")] = "t";
  assertEquals(b[Symbol.for("tag")], "t");
  Object.freeze(b);
  b.emit("x");

  class Ping extends Event {
    #n;
    constructor(n) { super("ping", {cancelable: true}); this.#n = n; }
    get n() { return this.#n; }
  }
  const p = new Ping(7);
  assertEquals(p.type, "ping");
  assertEquals(p.n, 7);
  const t = new EventTarget();
  t.addEventListener("ping", (e) => { got = e.n; e.preventDefault(); });
  assertEquals(t.dispatchEvent(p), false);
  assertEquals(got, 7);

  function Old() { EventTarget.call(this); }
  Old.prototype = Object.create(EventTarget.prototype);
  const o = new Old();
  o.addEventListener("x", () => { got = "old"; });
  o.dispatchEvent(new Event("x"));
  assertEquals(got, "old", "old-style inheritance through call");
});

// Every entry point of the events part with bad arguments and receivers: each call must
// return or throw a JavaScript error (a Go panic would end the test binary).
const bad = [undefined, null, 0, -1, 2 ** 53, NaN, Infinity, "", "x", "abort", {}, [], [[]],
  Symbol("s"), () => 1, {handleEvent: 1}, {capture: true, once: true, signal: {}},
  {signal: AbortSignal.abort()}, new Event("x"), new EventTarget(), AbortSignal.abort("r"),
  {get once() { throw new Error("getter"); }},
  new Proxy({}, {get() { throw new RangeError("trap"); }})];

test("bad input never crashes", async () => {
  const ids = [];
  const ctl = new AbortController();
  const entries = [
    ["EventTarget", new EventTarget(), ["addEventListener", "removeEventListener", "dispatchEvent"]],
    ["Event", new Event("x"), ["composedPath", "stopPropagation", "stopImmediatePropagation",
      "preventDefault", "initEvent"]],
    ["AbortSignal", AbortSignal, ["abort", "timeout", "any"]],
    ["signal", ctl.signal, ["throwIfAborted", "addEventListener", "dispatchEvent"]],
    ["controller", ctl, ["abort"]],
    ["global", globalThis, ["setTimeout", "setInterval", "clearTimeout", "clearInterval"]],
    ["scheduler", scheduler, ["wait"]],
    ["performance", performance, ["now", "toJSON"]],
  ];
  let calls = 0;
  for (const [label, obj, names] of entries) {
    for (const n of names) {
      const fn = obj[n];
      for (const a of bad) {
        for (const args of [[], [a], [a, a], ["x", a], ["x", () => {}, a], [a, a, a]]) {
          for (const self of [obj, a]) {
            // A wait of 2^53 ms or forever would outlive the test.
            if (n === "wait" && (args[0] === 2 ** 53 || args[0] === Infinity)) continue;
            calls++;
            try {
              const r = fn.apply(self, args);
              if (typeof r === "number" && n.startsWith("set")) ids.push(r);
              if (r && typeof r.then === "function") {
                await Promise.race([r.catch((e) => e), Promise.resolve()]);
              }
            } catch (e) {
              assert(e instanceof Error || e === "r", label + "." + n + " threw " + String(e));
            }
          }
        }
      }
    }
  }
  for (const id of ids) clearInterval(id);
  assert(calls > 2000, "calls made: " + calls);
});

test("bad accessors and constructors never crash", () => {
  for (const proto of [Event.prototype, CustomEvent.prototype, AbortSignal.prototype,
    AbortController.prototype, DOMException.prototype, Performance.prototype,
    Navigator.prototype, Object.getPrototypeOf(scheduler), EventTarget.prototype]) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      for (const self of bad) {
        if (self instanceof Event || self instanceof EventTarget) continue;
        if (d.get) assertThrows(() => d.get.call(self), "TypeError", name);
        if (d.set) assertThrows(() => d.set.call(self, "x"), "TypeError", name);
      }
    }
  }
  for (const Ctor of [Event, CustomEvent, EventTarget, AbortController, DOMException]) {
    for (const a of bad) {
      try { new Ctor(a, a); } catch (e) { assert(e instanceof Error, Ctor.name); }
      try { Ctor.call(a, a, a); } catch (e) { assert(e instanceof Error, Ctor.name); }
    }
  }
  for (const Ctor of [AbortSignal, Performance, Navigator, scheduler.constructor]) {
    assertThrows(() => new Ctor(), "TypeError", Ctor.name);
  }
});

test("the global object is an event target", () => {
  const seen = [];
  const f = (e) => seen.push(e.type + ":" + (e.target === globalThis));
  addEventListener("custom", f);
  assertEquals(dispatchEvent(new Event("custom")), true);
  globalThis.dispatchEvent(new Event("custom"));
  EventTarget.prototype.dispatchEvent.call(globalThis, new Event("custom"));
  removeEventListener("custom", f);
  dispatchEvent(new Event("custom"));
  assertEquals(seen.join(), "custom:true,custom:true,custom:true");
  assertEquals(addEventListener.length, 2);
  assertThrows(() => addEventListener("x"), "TypeError");
  assertThrows(() => dispatchEvent.call({}, new Event("x")), "TypeError");
});
