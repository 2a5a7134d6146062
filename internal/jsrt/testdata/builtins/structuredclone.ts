// structuredClone, which the engine lacks (HTML's structured clone, within an isolate).
import { assert, assertEquals, assertThrows, test, tests } from "../harness";

test("primitives", () => {
  for (const v of [1, -0, NaN, "s", true, null, undefined, 10n]) {
    assert(Object.is(structuredClone(v), v), String(v));
  }
});

test("objects and arrays are deep copies", () => {
  const src = { a: [1, { b: "c" }], d: { e: null } };
  const copy = structuredClone(src);
  assertEquals(copy, src);
  assert(copy !== src && copy.a !== src.a && copy.a[1] !== src.a[1], "deep");
  const holes = [1, , 3] as unknown[] & { extra?: string };
  holes.extra = "x";
  const h = structuredClone(holes);
  assertEquals(h.length, 3);
  assert(!(1 in h), "a hole stays a hole");
  assertEquals(h.extra, "x");
});

test("cycles and shared references", () => {
  const shared = { n: 1 };
  const src: Record<string, unknown> = { x: shared, y: shared };
  src.self = src;
  const c = structuredClone(src);
  assert(c.self === c, "cycle");
  assert(c.x === c.y && c.x !== shared, "shared reference stays shared");
});

test("built-in types", () => {
  const d = structuredClone(new Date(86400000));
  assert(d instanceof Date && d.getTime() === 86400000, "Date");
  const m = structuredClone(new Map<unknown, unknown>([["k", { v: 1 }], [1, "one"]]));
  assert(m instanceof Map && m.get(1) === "one", "Map");
  assertEquals(m.get("k"), { v: 1 });
  const s = structuredClone(new Set([1, "two"]));
  assert(s instanceof Set && s.has("two"), "Set");
  const r = structuredClone(/a+b/gi);
  assert(r instanceof RegExp && r.source === "a+b" && r.flags === "gi", "RegExp");
  const named = structuredClone(/(?<word>\w+)/);
  assertEquals(named.exec("hi")!.groups!.word, "hi", "a named group survives");
  const wrapped = structuredClone(Object(5)) as Number;
  assert(typeof wrapped === "object" && wrapped.valueOf() === 5, "Number object");
});

test("binary data", () => {
  const buf = new ArrayBuffer(8);
  const bytes = new Uint8Array(buf);
  bytes.set([1, 2, 3, 4, 5, 6, 7, 8]);
  const view = new Int16Array(buf, 2, 2);
  const dv = new DataView(buf, 4, 4);
  const c = structuredClone({ bytes, view, dv, buf });
  assert(c.buf !== buf && c.bytes.buffer === c.buf && c.view.buffer === c.buf && c.dv.buffer === c.buf,
    "views share the cloned buffer");
  assertEquals([...c.bytes], [1, 2, 3, 4, 5, 6, 7, 8]);
  assertEquals([c.view.byteOffset, c.view.length], [2, 2]);
  assert(c.view instanceof Int16Array, "the view keeps its type");
  assertEquals(c.dv.getUint8(0), 5);
  bytes[0] = 9;
  assertEquals(c.bytes[0], 1, "a copy");
  const clamped = structuredClone(new Uint8ClampedArray([300]));
  assert(clamped instanceof Uint8ClampedArray, "Uint8ClampedArray stays clamped");
});

test("transfer", () => {
  const buf = new Uint8Array([1, 2, 3]).buffer;
  const c = structuredClone(buf, { transfer: [buf] });
  assertEquals(buf.byteLength, 0, "the original is detached");
  assertEquals([...new Uint8Array(c)], [1, 2, 3]);
  assertThrows(() => structuredClone(1, { transfer: [{} as ArrayBuffer] }), "DataCloneError");
});

test("errors", () => {
  const e = new RangeError("out", { cause: { why: "because" } });
  const c = structuredClone(e);
  assert(c instanceof RangeError && c !== e, "RangeError");
  assertEquals(c.message, "out");
  assertEquals(c.cause, { why: "because" });
  assert(typeof c.stack === "string", "stack kept");
  class Custom extends Error {}
  assert(structuredClone(new Custom("x")).constructor === Error, "another name becomes Error");
});

test("what is lost", () => {
  class Point {
    constructor(public x: number) {}
    get double() {
      return this.x * 2;
    }
  }
  const p = structuredClone(new Point(2));
  assertEquals(Object.getPrototypeOf(p), Object.prototype, "class instances become plain objects");
  assertEquals(p, { x: 2 });
  const o = Object.defineProperty({ a: 1 }, "hidden", { value: 2, enumerable: false });
  assertEquals(Object.keys(structuredClone(o)), ["a"]);
});

test("what cannot be cloned", () => {
  const e = assertThrows(() => structuredClone(() => 1), "DataCloneError");
  assert(e instanceof DOMException, "a DOMException");
  assertThrows(() => structuredClone({ f() {} }), "DataCloneError");
  assertThrows(() => structuredClone(Symbol("s")), "DataCloneError");
  assertThrows(() => structuredClone(new WeakMap()), "DataCloneError");
  assertThrows(() => structuredClone(Promise.resolve()), "DataCloneError");
  assertThrows(() => structuredClone(new Proxy({}, {})), "DataCloneError");
  assertThrows(() => (structuredClone as () => void)(), "TypeError");
});

test("a replaced global does not change a clone", () => {
  const saved = globalThis.Map;
  try {
    (globalThis as { Map: unknown }).Map = function Fake() {};
    const m = structuredClone(new saved([[1, 2]]));
    assert(m instanceof saved, "the intrinsic Map");
  } finally {
    globalThis.Map = saved;
  }
});

export default tests;
