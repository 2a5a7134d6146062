// WritableStream, its default writer and controller (WHATWG Streams): writes run one
// at a time in order, backpressure shows in desiredSize and ready, close waits for the
// queue, abort waits for the write in flight, errors reject what is pending.

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function recordingSink(log, extra = {}) {
  return {
    start(c) { log.push("start"); },
    write(chunk) { log.push("write:" + chunk); },
    close() { log.push("close"); },
    abort(r) { log.push("abort:" + r); },
    ...extra,
  };
}

test("writes reach the sink in order, then close", async () => {
  const log = [];
  const ws = new WritableStream(recordingSink(log));
  const w = ws.getWriter();
  await w.write("a");
  await w.write("b");
  await w.close();
  await w.closed;
  assertEquals(log.join(), "start,write:a,write:b,close");
});

test("an idle started stream calls write synchronously", async () => {
  const log = [];
  const w = new WritableStream(recordingSink(log)).getWriter();
  await flush();
  w.write("now");
  assertEquals(log.join(), "start,write:now");
});

test("writes wait for start", async () => {
  const log = [];
  let started;
  const w = new WritableStream(recordingSink(log, {
    start() { log.push("start"); return new Promise((r) => { started = r; }); },
  })).getWriter();
  w.write("x");
  await flush();
  assertEquals(log.join(), "start");
  started();
  await flush();
  assertEquals(log.join(), "start,write:x");
});

test("one write at a time", async () => {
  const log = [];
  const pending = [];
  const w = new WritableStream({
    write(chunk) { log.push("write:" + chunk); return new Promise((r) => pending.push(r)); },
  }).getWriter();
  const p1 = w.write(1), p2 = w.write(2);
  await flush();
  assertEquals(log.join(), "write:1");
  pending.shift()();
  await p1;
  await flush();
  assertEquals(log.join(), "write:1,write:2");
  pending.shift()();
  await p2;
});

test("the sink's methods get the sink as this, write gets the controller", async () => {
  let controller;
  const seen = [];
  const sink = {
    start(c) { controller = c; seen.push(this === sink); },
    write(chunk, c) { seen.push(this === sink && c === controller); },
    close() { seen.push(this === sink); },
  };
  const w = new WritableStream(sink).getWriter();
  await w.write(1);
  await w.close();
  assertEquals(seen, [true, true, true]);
  assert(controller instanceof WritableStreamDefaultController, "controller class");
  assert(controller.signal instanceof AbortSignal, "controller.signal");
});

test("desiredSize and ready follow the queue", async () => {
  const pending = [];
  const ws = new WritableStream({ write() { return new Promise((r) => pending.push(r)); } },
    { highWaterMark: 2 });
  const w = ws.getWriter();
  await flush();
  assertEquals(w.desiredSize, 2);
  w.write("a");
  assertEquals(w.desiredSize, 1, "the chunk in flight still counts");
  w.write("b");
  assertEquals(w.desiredSize, 0);
  let ready = false;
  w.ready.then(() => { ready = true; });
  await flush();
  assert(!ready, "ready waits while the queue is full");
  pending.shift()();
  await flush();
  assert(ready, "ready resolves once a write finished");
  assertEquals(w.desiredSize, 1);
});

test("a write promise resolves before ready", async () => {
  let finish;
  const w = new WritableStream({ write() { return new Promise((r) => { finish = r; }); } })
    .getWriter();
  await flush();
  const log = [];
  w.write("x").then(() => log.push("write"));
  w.ready.then(() => log.push("ready"));
  finish();
  await flush();
  assertEquals(log.join(), "write,ready");
});

test("a high-water mark of 0 starts with backpressure", async () => {
  const ws = new WritableStream({}, { highWaterMark: 0 });
  const w = ws.getWriter();
  assertEquals(w.desiredSize, 0);
  let ready = false;
  w.ready.then(() => { ready = true; });
  await flush();
  assert(!ready, "ready is pending");
});

test("a size function counts chunks", async () => {
  const w = new WritableStream({ write() { return new Promise(() => {}); } },
    { highWaterMark: 10, size: (chunk) => chunk.length }).getWriter();
  await flush();
  w.write("abcd");
  assertEquals(w.desiredSize, 6);
  const bad = new WritableStream({}, { size: () => -1 }).getWriter();
  await flush();
  await assertRejects(() => bad.write("x"), "RangeError");
  await assertRejects(() => bad.closed, "RangeError", "an invalid size errors the stream");
  const e = new Error("size threw");
  const thrower = new WritableStream({}, { size() { throw e; } }).getWriter();
  await flush();
  assert((await assertRejects(() => thrower.write("x"))) === e, "size's exception");
});

test("close: writes before it finish first; writes after it reject", async () => {
  const log = [];
  const w = new WritableStream(recordingSink(log)).getWriter();
  w.write(1);
  const closing = w.close();
  await assertRejects(() => w.write(2), "TypeError");
  await assertRejects(() => w.close(), "TypeError", "close twice");
  await closing;
  assertEquals(log.join(), "start,write:1,close");
  assertEquals(w.desiredSize, 0, "desiredSize of a closed stream");
});

test("close resolves close() before writer.closed", async () => {
  const w = new WritableStream().getWriter();
  const log = [];
  w.closed.then(() => log.push("closed"));
  w.close().then(() => log.push("close"));
  await flush();
  assertEquals(log.join(), "close,closed");
});

test("a failing close errors the stream", async () => {
  const e = new Error("close failed");
  const w = new WritableStream({ close() { throw e; } }).getWriter();
  assert((await assertRejects(() => w.close())) === e, "close() rejects");
  assert((await assertRejects(() => w.closed)) === e, "closed rejects");
});

test("a failing write errors the stream", async () => {
  const e = new Error("write failed");
  const log = [];
  const w = new WritableStream({ write() { throw e; }, close() { log.push("close"); } })
    .getWriter();
  const p1 = w.write(1), p2 = w.write(2);
  assert((await assertRejects(() => p1)) === e, "the failed write");
  assert((await assertRejects(() => p2)) === e, "the queued write");
  assert((await assertRejects(() => w.closed)) === e, "closed");
  assert((await assertRejects(() => w.ready)) === e, "ready");
  assertEquals(w.desiredSize, null, "desiredSize of an errored stream");
  assertEquals(log.length, 0, "close is never called");
});

test("controller.error errors the stream", async () => {
  let c;
  const w = new WritableStream({ start(ctrl) { c = ctrl; } }).getWriter();
  await flush();
  const e = new Error("from the sink");
  c.error(e);
  assert((await assertRejects(() => w.write(1))) === e, "write");
  assert((await assertRejects(() => w.closed)) === e, "closed");
  c.error(new Error("ignored")); // a second error does nothing
  assert((await assertRejects(() => w.closed)) === e, "the first error stays");
});

test("abort: the signal aborts at once, the sink's abort after the write in flight", async () => {
  const log = [];
  let finishWrite, controller;
  const ws = new WritableStream({
    start(c) { controller = c; },
    write(chunk) { log.push("write:" + chunk); return new Promise((r) => { finishWrite = r; }); },
    abort(r) { log.push("abort:" + r); },
  });
  const w = ws.getWriter();
  await flush();
  const inFlight = w.write("a");
  const queued = w.write("b");
  const aborting = w.abort("stop");
  assert(controller.signal.aborted, "the signal aborts synchronously");
  assertEquals(controller.signal.reason, "stop");
  assertEquals(w.desiredSize, null, "an erroring stream");
  await flush();
  assertEquals(log.join(), "write:a", "abort waits for the write in flight");
  finishWrite();
  assertEquals(await inFlight, undefined, "the write in flight completes");
  assertEquals(await queued.catch((e) => "rejected:" + e), "rejected:stop");
  assertEquals(await aborting, undefined);
  assertEquals(log.join(), "write:a,abort:stop");
  assertEquals(await w.closed.catch((e) => "closed:" + e), "closed:stop");
  assertEquals(await w.abort("again"), undefined, "abort of an errored stream");
});

test("abort calls of one erroring stream share a promise", async () => {
  let finish;
  const w = new WritableStream({ write() { return new Promise((r) => { finish = r; }); } })
    .getWriter();
  await flush();
  w.write(1);
  const a = w.abort(1), b = w.abort(2);
  finish();
  await Promise.all([a, b]);
});

test("a failing abort rejects abort()", async () => {
  const e = new Error("abort failed");
  const w = new WritableStream({ abort() { throw e; } }).getWriter();
  assert((await assertRejects(() => w.abort("x"))) === e, "abort rejects with the sink's error");
  assertEquals(await w.closed.catch((x) => x), "x", "closed rejects with the abort reason");
});

test("abort listeners run, and their exceptions do not stop the abort", async () => {
  let c;
  const ws = new WritableStream({ start(ctrl) { c = ctrl; } });
  await flush();
  const seen = [];
  c.signal.addEventListener("abort", () => { seen.push(c.signal.reason); });
  await ws.abort("r");
  assertEquals(seen, ["r"]);
});

test("locking", async () => {
  const ws = new WritableStream();
  const w = ws.getWriter();
  assert(ws.locked, "locked");
  assertThrows(() => ws.getWriter(), "TypeError");
  assertThrows(() => new WritableStreamDefaultWriter(ws), "TypeError");
  await assertRejects(() => ws.abort(), "TypeError");
  await assertRejects(() => ws.close(), "TypeError");
  w.releaseLock();
  assert(!ws.locked, "unlocked");
  await assertRejects(() => w.closed, "TypeError", "closed after release");
  await assertRejects(() => w.ready, "TypeError", "ready after release");
  await assertRejects(() => w.write(1), "TypeError", "write after release");
  await assertRejects(() => w.close(), "TypeError", "close after release");
  await assertRejects(() => w.abort(), "TypeError", "abort after release");
  assertThrows(() => w.desiredSize, "TypeError", "desiredSize after release");
  w.releaseLock();
  const w2 = new WritableStreamDefaultWriter(ws);
  assert(ws.locked && w2 instanceof WritableStreamDefaultWriter, "constructed writer");
  await w2.close();
  const w3 = (w2.releaseLock(), ws.getWriter());
  await w3.closed;
  await w3.ready;
});

test("close and abort on the stream itself", async () => {
  const log = [];
  const ws = new WritableStream(recordingSink(log));
  await ws.close();
  await assertRejects(() => ws.close(), "TypeError", "close of a closed stream");
  const ws2 = new WritableStream(recordingSink(log));
  await ws2.abort("why");
  assertEquals(log.join(), "start,close,start,abort:why");
});

test("a writer of an errored stream", async () => {
  const e = new Error("x");
  const ws = new WritableStream({ start(c) { c.error(e); } });
  await flush();
  const w = ws.getWriter();
  assert((await assertRejects(() => w.ready)) === e, "ready");
  assert((await assertRejects(() => w.closed)) === e, "closed");
});

test("constructor argument checks", () => {
  assertThrows(() => new WritableStream(1), "TypeError");
  assertThrows(() => new WritableStream({ write: 1 }), "TypeError");
  assertThrows(() => new WritableStream({ type: "bytes" }), "RangeError");
  assertThrows(() => new WritableStream({}, { highWaterMark: -1 }), "RangeError");
  assertThrows(() => new WritableStreamDefaultWriter({}), "TypeError");
  assertThrows(() => new WritableStreamDefaultController(), "TypeError");
  new WritableStream(null);
  const log = [];
  const spy = (name) => ({ get() { log.push(name); return undefined; } });
  new WritableStream(Object.defineProperties({}, {
    write: spy("write"), type: spy("type"), start: spy("start"), close: spy("close"),
    abort: spy("abort"),
  }), Object.defineProperties({}, { size: spy("size"), highWaterMark: spy("highWaterMark") }));
  assertEquals(log.join(), "highWaterMark,size,abort,close,start,type,write");
});

test("subclasses", async () => {
  class Collect extends WritableStream {
    #chunks = [];
    constructor() { super({ write: (c) => { this.#chunks.push(c); } }); }
    get chunks() { return this.#chunks; }
  }
  const s = new Collect();
  const w = s.getWriter();
  await w.write(1);
  await w.write(2);
  assertEquals(s.chunks, [1, 2]);
});
