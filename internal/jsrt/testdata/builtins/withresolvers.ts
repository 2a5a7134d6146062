// Promise.withResolvers (ES2024), which the engine lacks.
import { assert, assertEquals, assertThrows, test, tests } from "../harness";

test("resolve", async () => {
  const { promise, resolve, reject } = Promise.withResolvers<number>();
  assert(promise instanceof Promise);
  resolve(42);
  reject(new Error("ignored: already resolved"));
  assertEquals(await promise, 42);
});

test("reject", async () => {
  const { promise, reject } = Promise.withResolvers();
  reject(new TypeError("nope"));
  try {
    await promise;
    throw new Error("did not reject");
  } catch (e) {
    assertEquals((e as Error).message, "nope");
  }
});

test("this is the constructor", () => {
  class MyPromise<T> extends Promise<T> {}
  const { promise } = MyPromise.withResolvers();
  assert(promise instanceof MyPromise, "a subclass makes its own promises");
  assertThrows(() => Promise.withResolvers.call({} as never), "TypeError");
  assertEquals(Promise.withResolvers.length, 0);
  assertEquals(Promise.withResolvers.name, "withResolvers");
});

export default tests;
