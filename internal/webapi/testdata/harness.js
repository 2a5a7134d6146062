// Checks the test harness itself: sync and async tests, and the loop's timers.
test("sync assertion", () => {
  assertEquals(1 + 1, 2);
  assertThrows(() => { throw new TypeError("x"); }, "TypeError");
});

test("async test settles", async () => {
  const v = await Promise.resolve(42);
  assertEquals(v, 42);
});
