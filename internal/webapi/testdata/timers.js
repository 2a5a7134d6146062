// Timers (HTML, with workerd's choices: numeric ids, no string handlers), workerd's
// scheduler.wait, performance and navigator.

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test("setTimeout runs later, with its arguments", async () => {
  const seen = [];
  const id = setTimeout(function (a, b) { seen.push([a, b, this === globalThis].join()); }, 0, "x", 2);
  assertEquals(typeof id, "number");
  assert(id > 0 && Number.isInteger(id), "a positive integer id");
  assertEquals(seen.length, 0, "not synchronously");
  await sleep(5);
  assertEquals(seen.join(), "x,2,true");
});

test("shorter delays first", async () => {
  const seen = [];
  setTimeout(() => seen.push("late"), 30);
  setTimeout(() => seen.push("soon"), 0);
  await sleep(60);
  assertEquals(seen.join(), "soon,late");
});

test("clearTimeout cancels; ids are distinct", async () => {
  let ran = false;
  const a = setTimeout(() => { ran = true; }, 5);
  const b = setTimeout(() => {}, 5);
  assert(a !== b, "distinct ids");
  clearTimeout(a);
  clearTimeout(a);
  clearTimeout();
  clearTimeout(undefined);
  clearTimeout("not a number");
  clearTimeout(1e9);
  clearTimeout({});
  await sleep(20);
  assertEquals(ran, false);
});

test("setInterval repeats until cleared", async () => {
  let n = 0;
  const id = setInterval((step) => { n += step; if (n >= 3) clearInterval(id); }, 1, 1);
  await sleep(60);
  assertEquals(n, 3);
  let m = 0;
  const j = setInterval(() => { m++; }, 1);
  await sleep(10);
  clearTimeout(j);
  const seen = m;
  assert(seen >= 1, "ran at least once");
  await sleep(10);
  assertEquals(m, seen, "clearTimeout clears an interval too");
  let z = 0;
  const k = setInterval(() => { if (++z === 2) clearInterval(k); }, 0);
  await sleep(30);
  assertEquals(z, 2, "a zero interval repeats");
});

test("delays convert like a Web IDL long", async () => {
  const seen = [];
  setTimeout(() => seen.push("negative"), -100);
  setTimeout(() => seen.push("nan"), NaN);
  setTimeout(() => seen.push("string"), "1");
  setTimeout(() => seen.push("wrapped"), 2 ** 32 + 1);
  setTimeout(() => seen.push("int32 overflow"), 2 ** 31);
  setTimeout(() => seen.push("infinity"), Infinity);
  setTimeout(() => seen.push("object"), {valueOf() { return 2; }});
  await sleep(40);
  assertEquals(seen.sort().join(), "infinity,int32 overflow,nan,negative,object,string,wrapped");
});

test("timer bad input", () => {
  assertThrows(() => setTimeout(), "TypeError");
  assertThrows(() => setTimeout("globalThis.evaluated = true", 0), "TypeError", "string handler");
  assertThrows(() => setInterval("1"), "TypeError");
  assertThrows(() => setTimeout({}, 0), "TypeError");
  assertThrows(() => setTimeout(null), "TypeError");
  assertThrows(() => setTimeout(() => {}, Symbol()), "TypeError", "symbol delay");
  assertEquals(globalThis.evaluated, undefined);
  assertEquals(setTimeout.length, 1);
  assertEquals(setTimeout.name, "setTimeout");
  assert(!Object.keys(globalThis).includes("setTimeout"), "globals are not enumerable");
});

test("scheduler.wait", async () => {
  const t0 = performance.now();
  const r = await scheduler.wait(10);
  assertEquals(r, undefined);
  assert(performance.now() - t0 >= 9, "waited");
  const c = new AbortController();
  c.abort("stop");
  const e = await assertRejects(() => scheduler.wait(10, {signal: c.signal}));
  assertEquals(e, "stop");
  const c2 = new AbortController();
  const p = scheduler.wait(10000, {signal: c2.signal});
  setTimeout(() => c2.abort(), 1);
  const e2 = await assertRejects(() => p, "AbortError");
  assert(e2 instanceof DOMException, "the default reason");
  await scheduler.wait(-5);
  await scheduler.wait(NaN);
  assertThrows(() => scheduler.wait(), "TypeError");
  assertThrows(() => scheduler.wait(1, 5), "TypeError");
  assertThrows(() => scheduler.wait(1, {signal: {}}), "TypeError");
  assertThrows(() => scheduler.wait.call({}, 1), "TypeError");
  assertEquals(typeof Scheduler, "undefined", "no global class, as in workerd");
});

test("performance", async () => {
  const a = performance.now();
  assertEquals(typeof a, "number");
  assert(a >= 0, "after the time origin");
  await sleep(5);
  const b = performance.now();
  assert(b - a >= 4, "the clock runs: " + (b - a));
  assert(Math.abs(performance.timeOrigin + performance.now() - Date.now()) < 50,
    "timeOrigin is the origin as Unix time");
  assertEquals(performance.toJSON().timeOrigin, performance.timeOrigin);
  assert(performance instanceof Performance, "instanceof");
  assertEquals(Object.prototype.toString.call(performance), "[object Performance]");
  assertThrows(() => Performance.prototype.now.call({}), "TypeError");
  assertThrows(() => new Performance(), "TypeError");
});

test("navigator", () => {
  assertEquals(navigator.userAgent, "Cloudflare-Workers");
  assertEquals(navigator.hardwareConcurrency, 1);
  assertEquals(Object.prototype.toString.call(navigator), "[object Navigator]");
  assertThrows(() => Object.getOwnPropertyDescriptor(Navigator.prototype, "userAgent").get.call({}),
    "TypeError");
});

test("queueMicrotask", async () => {
  const seen = [];
  setTimeout(() => seen.push("timer"), 0);
  queueMicrotask(() => seen.push("micro1"));
  Promise.resolve().then(() => seen.push("promise"));
  queueMicrotask(() => seen.push("micro2"));
  seen.push("sync");
  await sleep(5);
  assertEquals(seen.join(), "sync,micro1,promise,micro2,timer");
  assertThrows(() => queueMicrotask(), "TypeError");
  assertThrows(() => queueMicrotask("code"), "TypeError");
  assertThrows(() => queueMicrotask({}), "TypeError");
});
