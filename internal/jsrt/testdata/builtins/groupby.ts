// Object.groupBy and Map.groupBy (ES2024), which the engine lacks.
import { assert, assertEquals, assertThrows, test, tests } from "../harness";

const inventory = [
  { name: "asparagus", type: "vegetables", quantity: 5 },
  { name: "bananas", type: "fruit", quantity: 0 },
  { name: "goat", type: "meat", quantity: 23 },
  { name: "cherries", type: "fruit", quantity: 5 },
];

test("Object.groupBy groups by key", () => {
  const g = Object.groupBy(inventory, ({ type }) => type);
  assertEquals(Object.keys(g), ["vegetables", "fruit", "meat"]);
  assertEquals(g.fruit!.map((i) => i.name), ["bananas", "cherries"]);
  assertEquals(Object.getPrototypeOf(g), null, "null prototype");
});

test("Object.groupBy keys are property keys", () => {
  const g = Object.groupBy([1, 2, 3, 4], (n, i) => (i % 2 === 0 ? 0 : "odd"));
  assertEquals(Object.keys(g), ["0", "odd"]);
  const sym = Symbol("s");
  const s = Object.groupBy([1], () => sym);
  assertEquals(s[sym], [1]);
});

test("Object.groupBy takes any iterable", () => {
  function* gen() {
    yield "a";
    yield "bb";
    yield "cc";
  }
  assertEquals(Object.groupBy(gen(), (s) => s.length), { 1: ["a"], 2: ["bb", "cc"] });
  assertEquals(Object.groupBy(new Set([1, 2]), () => "all"), { all: [1, 2] });
});

test("Object.groupBy has the spec's shape", () => {
  assertEquals(Object.groupBy.length, 2);
  assertEquals(Object.groupBy.name, "groupBy");
  assert(!Object.keys(Object).includes("groupBy"), "not enumerable");
  assertThrows(() => Object.groupBy([1], "x" as never), "TypeError");
  assertThrows(() => Object.groupBy(null as never, () => 1), "TypeError");
});

test("Map.groupBy uses SameValueZero keys", () => {
  const restock = { restock: true };
  const sufficient = { restock: false };
  const m = Map.groupBy(inventory, ({ quantity }) => (quantity < 6 ? restock : sufficient));
  assert(m instanceof Map);
  assertEquals(m.get(restock)!.length, 3);
  assertEquals(m.get(sufficient)!.map((i) => i.name), ["goat"]);
  const z = Map.groupBy([-0, 0, NaN, NaN], (x) => x);
  assertEquals([...z.keys()].map(String), ["0", "NaN"]);
  assert(Object.is([...z.keys()][0], 0), "-0 is normalised");
  assertEquals(Map.groupBy.length, 2);
});

export default tests;
