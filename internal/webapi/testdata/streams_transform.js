// TransformStream (WHATWG Streams): transform, flush, start and cancel of a transformer,
// the controller's enqueue, error and terminate, backpressure between the two sides,
// and the identity transform.

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function readAll(stream) {
  const r = stream.getReader();
  const out = [];
  for (;;) {
    const { value, done } = await r.read();
    if (done) return out;
    out.push(value);
  }
}

test("the identity transform", async () => {
  const ts = new TransformStream();
  const w = ts.writable.getWriter();
  w.write("a");
  w.write("b");
  w.close();
  assertEquals(await readAll(ts.readable), ["a", "b"]);
  assert(ts.readable instanceof ReadableStream && ts.writable instanceof WritableStream, "sides");
  assert(ts.readable === ts.readable, "the same readable each time");
  assertEquals(Object.prototype.toString.call(ts), "[object TransformStream]");
});

test("transform and flush", async () => {
  const log = [];
  const ts = new TransformStream({
    start(c) { log.push("start"); },
    transform(chunk, c) {
      log.push("transform:" + chunk);
      c.enqueue(chunk * 2);
      c.enqueue(chunk * 3);
    },
    flush(c) { log.push("flush"); c.enqueue("end"); },
  });
  const w = ts.writable.getWriter();
  w.write(1);
  w.write(2);
  w.close();
  assertEquals(await readAll(ts.readable), [2, 3, 4, 6, "end"]);
  assertEquals(log.join(), "start,transform:1,transform:2,flush");
});

test("the transformer's methods get it as this", async () => {
  const seen = [];
  const transformer = {
    start() { seen.push(this === transformer); },
    transform(chunk, c) { seen.push(this === transformer); c.enqueue(chunk); },
    flush() { seen.push(this === transformer); },
  };
  const ts = new TransformStream(transformer);
  const w = ts.writable.getWriter();
  w.write(1);
  w.close();
  await readAll(ts.readable);
  assertEquals(seen, [true, true, true]);
});

test("backpressure: no transform until the readable side is read", async () => {
  const log = [];
  const ts = new TransformStream({ transform(chunk, c) { log.push(chunk); c.enqueue(chunk); } });
  const w = ts.writable.getWriter();
  assertEquals(w.desiredSize, 1);
  w.write("a");
  await flush();
  assertEquals(log.length, 0, "the readable side has a high-water mark of 0");
  assertEquals(w.desiredSize, 0);
  const r = ts.readable.getReader();
  const p = r.read();
  await flush();
  assertEquals(log.join(), "a");
  assertEquals((await p).value, "a");
});

test("a readable high-water mark lets transforms run ahead", async () => {
  const log = [];
  const ts = new TransformStream({ transform(chunk, c) { log.push(chunk); c.enqueue(chunk); } },
    undefined, { highWaterMark: 2 });
  const w = ts.writable.getWriter();
  w.write(1);
  w.write(2);
  w.write(3);
  await flush();
  assertEquals(log.join(), "1,2", "two chunks fill the readable queue");
});

test("controller.desiredSize is the readable side's", async () => {
  let c;
  const ts = new TransformStream({ start(ctrl) { c = ctrl; } }, undefined, { highWaterMark: 3 });
  assert(c instanceof TransformStreamDefaultController, "controller class");
  assertEquals(c.desiredSize, 3);
  c.enqueue("x");
  assertEquals(c.desiredSize, 2);
  c.error(new Error("e"));
  assertEquals(c.desiredSize, null);
});

test("controller.error errors both sides", async () => {
  let c;
  const ts = new TransformStream({ start(ctrl) { c = ctrl; } });
  const w = ts.writable.getWriter();
  const r = ts.readable.getReader();
  const e = new Error("boom");
  c.error(e);
  assert((await assertRejects(() => r.closed)) === e, "readable");
  assert((await assertRejects(() => w.closed)) === e, "writable");
  assert((await assertRejects(() => w.write(1))) === e, "write");
});

test("a throwing transform errors both sides", async () => {
  const e = new Error("transform failed");
  const ts = new TransformStream({ transform() { throw e; } });
  const w = ts.writable.getWriter();
  const r = ts.readable.getReader();
  const write = w.write(1);
  r.read().catch(() => {});
  assert((await assertRejects(() => write)) === e, "the write rejects");
  assert((await assertRejects(() => r.closed)) === e, "readable errored");
});

test("a throwing flush errors the readable side and close()", async () => {
  const e = new Error("flush failed");
  const ts = new TransformStream({ flush() { throw e; } });
  const w = ts.writable.getWriter();
  const r = ts.readable.getReader();
  assert((await assertRejects(() => w.close())) === e, "close rejects");
  assert((await assertRejects(() => r.closed)) === e, "readable errored");
});

test("terminate closes the readable side and errors the writable side", async () => {
  let c;
  const ts = new TransformStream({ start(ctrl) { c = ctrl; } });
  const w = ts.writable.getWriter();
  c.enqueue("last");
  c.terminate();
  assertThrows(() => c.enqueue("more"), "TypeError", "enqueue after terminate");
  assertEquals(await readAll(ts.readable), ["last"]);
  await assertRejects(() => w.write("x"), "TypeError");
  await assertRejects(() => w.closed, "TypeError");
});

test("canceling the readable side runs the transformer's cancel, errors the writable", async () => {
  const log = [];
  const ts = new TransformStream({
    cancel(r) { log.push("cancel:" + r); },
    flush() { log.push("flush"); },
  });
  const w = ts.writable.getWriter();
  await ts.readable.cancel("gone");
  assertEquals(log.join(), "cancel:gone");
  assertEquals(await w.closed.catch((e) => "closed:" + e), "closed:gone");
});

test("aborting the writable side runs the transformer's cancel, errors the readable", async () => {
  const log = [];
  const ts = new TransformStream({ cancel(r) { log.push("cancel:" + r); } });
  const r = ts.readable.getReader();
  await ts.writable.abort("stop");
  assertEquals(log.join(), "cancel:stop");
  assertEquals(await r.closed.catch((e) => "closed:" + e), "closed:stop");
});

test("transform results are awaited", async () => {
  const log = [];
  let resolveFirst;
  const ts = new TransformStream({
    transform(chunk, c) {
      log.push("transform:" + chunk);
      if (chunk === 1) {
        return new Promise((r) => { resolveFirst = () => { c.enqueue(chunk); r(); }; });
      }
      c.enqueue(chunk);
    },
  }, undefined, { highWaterMark: 10 });
  const w = ts.writable.getWriter();
  w.write(1);
  w.write(2);
  await flush();
  assertEquals(log.join(), "transform:1", "the second transform waits");
  resolveFirst();
  await flush();
  assertEquals(log.join(), "transform:1,transform:2");
});

test("constructor checks and strategies", async () => {
  assertThrows(() => new TransformStream({ readableType: "bytes" }), "RangeError");
  assertThrows(() => new TransformStream({ writableType: "bytes" }), "RangeError");
  assertThrows(() => new TransformStream({ transform: 1 }), "TypeError");
  assertThrows(() => new TransformStream(1), "TypeError");
  assertThrows(() => new TransformStream({}, { highWaterMark: -1 }), "RangeError");
  assertThrows(() => new TransformStreamDefaultController(), "TypeError");
  const e = new Error("start");
  let thrown;
  try { new TransformStream({ start() { throw e; } }); } catch (x) { thrown = x; }
  assert(thrown === e, "start's exception");
  const ts = new TransformStream({}, { highWaterMark: 4 });
  assertEquals(ts.writable.getWriter().desiredSize, 4);
});

test("a start promise delays the first transform", async () => {
  const log = [];
  let go;
  const ts = new TransformStream({
    start() { return new Promise((r) => { go = r; }); },
    transform(chunk, c) { log.push(chunk); c.enqueue(chunk); },
  });
  const w = ts.writable.getWriter();
  const r = ts.readable.getReader();
  w.write("x");
  const p = r.read();
  await flush();
  assertEquals(log.length, 0);
  go();
  assertEquals((await p).value, "x");
});

test("subclasses", async () => {
  class Upper extends TransformStream {
    #count = 0;
    constructor() {
      super({ transform: (s, c) => { this.#count++; c.enqueue(s.toUpperCase()); } });
    }
    get count() { return this.#count; }
  }
  const u = new Upper();
  const w = u.writable.getWriter();
  w.write("a");
  w.write("b");
  w.close();
  assertEquals(await readAll(u.readable), ["A", "B"]);
  assertEquals(u.count, 2);
});
