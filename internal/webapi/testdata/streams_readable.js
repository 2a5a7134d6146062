// ReadableStream with a default controller, its default reader, queuing strategies,
// tee, async iteration and ReadableStream.from (WHATWG Streams). Orders of events are
// the ones the standard's algorithms give: a promise "resolved with" a value reacts one
// microtask later, ReadableStreamClose resolves reader.closed before the pending reads.

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const decode = (u8) => new TextDecoder().decode(u8);

async function readAll(stream) {
  const r = stream.getReader();
  const out = [];
  for (;;) {
    const { value, done } = await r.read();
    if (done) return out;
    out.push(value);
  }
}

test("start runs in the constructor, pull one microtask after start settles", async () => {
  const log = [];
  new ReadableStream({
    start() { log.push("start"); },
    pull() { log.push("pull"); },
  });
  log.push("constructed");
  await Promise.resolve();
  log.push("tick");
  await flush();
  assertEquals(log.join(), "start,constructed,pull,tick");
});

test("pull waits for a start promise", async () => {
  const log = [];
  let go;
  new ReadableStream({
    start() { return new Promise((r) => { go = r; }); },
    pull() { log.push("pull"); },
  });
  await flush();
  assertEquals(log.length, 0, "no pull before start settles");
  go();
  await flush();
  assertEquals(log.join(), "pull");
});

test("pull fills the queue up to the high-water mark, then stops", async () => {
  let n = 0, controller;
  new ReadableStream({
    start(c) { controller = c; },
    pull(c) { c.enqueue(n++); },
  }, { highWaterMark: 3 });
  await flush();
  assertEquals(n, 3, "pulls");
  assertEquals(controller.desiredSize, 0);
});

test("a pull that enqueues nothing is not repeated", async () => {
  let pulls = 0;
  new ReadableStream({ pull() { pulls++; } });
  await flush();
  await flush();
  assertEquals(pulls, 1);
});

test("reads return chunks in order, then done", async () => {
  const rs = new ReadableStream({
    start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); },
  });
  const r = rs.getReader();
  assertEquals(await r.read(), { value: "a", done: false });
  assertEquals(await r.read(), { value: "b", done: false });
  const end = await r.read();
  assertEquals(end.done, true);
  assert(end.value === undefined && "value" in end, "done result has value undefined");
  assertEquals((await r.read()).done, true, "reads after the end stay done");
  assertEquals(await r.closed, undefined);
});

test("a pending read gets the next enqueued chunk", async () => {
  let c;
  const rs = new ReadableStream({ start(ctrl) { c = ctrl; } });
  const r = rs.getReader();
  const p = r.read();
  c.enqueue(42);
  assertEquals(await p, { value: 42, done: false });
});

test("closing resolves reader.closed before the pending reads", async () => {
  let c;
  const r = new ReadableStream({ start(ctrl) { c = ctrl; } }).getReader();
  const log = [];
  r.read().then((x) => log.push("read:" + x.done));
  r.closed.then(() => log.push("closed"));
  c.close();
  await flush();
  assertEquals(log.join(), "closed,read:true");
});

test("erroring rejects reader.closed before the pending reads", async () => {
  let c;
  const r = new ReadableStream({ start(ctrl) { c = ctrl; } }).getReader();
  const log = [];
  const boom = new Error("boom");
  r.read().catch((e) => log.push("read:" + (e === boom)));
  r.closed.catch((e) => log.push("closed:" + (e === boom)));
  c.error(boom);
  await flush();
  assertEquals(log.join(), "closed:true,read:true");
  await assertRejects(() => r.read(), "Error");
  assertEquals(c.desiredSize, null, "desiredSize of an errored stream");
});

test("close with queued chunks: the stream closes after the last read", async () => {
  let c;
  const rs = new ReadableStream({ start(ctrl) { c = ctrl; c.enqueue(1); c.enqueue(2); } });
  c.close();
  assertEquals(c.desiredSize, -1, "the queue still holds two chunks");
  assertThrows(() => c.enqueue(3), "TypeError", "enqueue after close");
  assertThrows(() => c.close(), "TypeError", "close twice");
  const chunks = await readAll(rs);
  assertEquals(chunks, [1, 2]);
  assertEquals(c.desiredSize, 0, "desiredSize of a closed stream");
});

test("the controller and its members", async () => {
  let c;
  const rs = new ReadableStream({ start(ctrl) { c = ctrl; } });
  assert(c instanceof ReadableStreamDefaultController, "controller class");
  assertEquals(Object.prototype.toString.call(c), "[object ReadableStreamDefaultController]");
  assertEquals(c.desiredSize, 1);
  assertThrows(() => new ReadableStreamDefaultController(), "TypeError", "not constructible");
  assertEquals(Object.prototype.toString.call(rs), "[object ReadableStream]");
  assertEquals(typeof ReadableStream.prototype.getReader, "function");
  assertEquals(ReadableStream.length, 0);
  assertEquals(ReadableStreamDefaultReader.length, 1);
});

test("start that throws makes the constructor throw", () => {
  const e = new SyntaxError("in start");
  let thrown;
  try {
    new ReadableStream({ start() { throw e; } });
  } catch (x) {
    thrown = x;
  }
  assert(thrown === e, "the same exception");
});

test("a rejected start or pull errors the stream", async () => {
  const e1 = new Error("start");
  const r1 = new ReadableStream({ start() { return Promise.reject(e1); } }).getReader();
  assert((await assertRejects(() => r1.read(), "Error")) === e1, "start rejection");
  const e2 = new Error("pull");
  const r2 = new ReadableStream({ pull() { throw e2; } }).getReader();
  assert((await assertRejects(() => r2.closed, "Error")) === e2, "pull exception");
});

test("locking", async () => {
  const rs = new ReadableStream();
  assertEquals(rs.locked, false);
  const r = rs.getReader();
  assertEquals(rs.locked, true);
  assertThrows(() => rs.getReader(), "TypeError", "second reader");
  assertThrows(() => new ReadableStreamDefaultReader(rs), "TypeError", "reader constructor");
  await assertRejects(() => rs.cancel(), "TypeError", "cancel of a locked stream");
  assertThrows(() => rs.tee(), "TypeError", "tee of a locked stream");
  assertThrows(() => rs.values(), "TypeError", "values of a locked stream");
  const pending = r.read();
  r.releaseLock();
  assertEquals(rs.locked, false);
  await assertRejects(() => pending, "TypeError", "pending read after releaseLock");
  await assertRejects(() => r.closed, "TypeError", "closed after releaseLock");
  await assertRejects(() => r.read(), "TypeError", "read after releaseLock");
  await assertRejects(() => r.cancel(), "TypeError", "cancel after releaseLock");
  r.releaseLock(); // a second release does nothing
  const r2 = new ReadableStreamDefaultReader(rs);
  assert(rs.locked && r2 instanceof ReadableStreamDefaultReader, "constructed reader locks");
});

test("a reader of a closed or errored stream", async () => {
  const closed = new ReadableStream({ start(c) { c.close(); } });
  await closed.getReader().closed;
  const e = new Error("x");
  const errored = new ReadableStream({ start(c) { c.error(e); } });
  const r = errored.getReader();
  assert((await assertRejects(() => r.closed, "Error")) === e, "closed rejects with the error");
  r.releaseLock();
  await assertRejects(() => errored.getReader().closed, "Error");
});

test("cancel calls the source's cancel and resolves with undefined", async () => {
  const log = [];
  const rs = new ReadableStream({
    start(c) { c.enqueue("queued"); },
    cancel(reason) { log.push("cancel:" + reason); return "ignored"; },
  });
  const r = rs.getReader();
  const closed = r.closed.then(() => log.push("closed"));
  assertEquals(await r.cancel("why"), undefined);
  await closed;
  assertEquals(log.join(), "cancel:why,closed");
  assertEquals((await r.read()).done, true, "queued chunks are dropped");
  r.releaseLock();
  assertEquals(await rs.cancel(), undefined, "cancel of a canceled stream");
});

test("cancel rejects with the source's error", async () => {
  const e = new Error("cancel failed");
  const rs = new ReadableStream({ cancel() { throw e; } });
  assert((await assertRejects(() => rs.cancel(), "Error")) === e, "same error");
  const errored = new ReadableStream({ start(c) { c.error(e); } });
  assert((await assertRejects(() => errored.cancel(), "Error")) === e, "stored error");
});

test("pending reads resolve done when the stream is canceled", async () => {
  const r = new ReadableStream().getReader();
  const p = r.read();
  await r.cancel();
  assertEquals((await p).done, true);
});

test("queuing strategies", async () => {
  const b = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
  assertEquals(b.highWaterMark, 16);
  assertEquals(b.size(new Uint8Array(5)), 5);
  assertEquals(b.size({ byteLength: 7 }), 7);
  assert(b.size === new ByteLengthQueuingStrategy({ highWaterMark: 1 }).size, "shared size");
  assertEquals(b.size.name, "size");
  assertThrows(() => b.size(undefined), "TypeError");
  const n = new CountQueuingStrategy({ highWaterMark: 2 });
  assertEquals(n.highWaterMark, 2);
  assertEquals(n.size("anything"), 1);
  assertThrows(() => new CountQueuingStrategy(), "TypeError", "init is required");
  assertThrows(() => new ByteLengthQueuingStrategy({}), "TypeError", "highWaterMark is required");
  assertEquals(new CountQueuingStrategy({ highWaterMark: "4" }).highWaterMark, 4, "converted");

  let c;
  new ReadableStream({ start(ctrl) { c = ctrl; } },
    new ByteLengthQueuingStrategy({ highWaterMark: 10 }));
  c.enqueue(new Uint8Array(4));
  assertEquals(c.desiredSize, 6);
  c.enqueue(new ArrayBuffer(8));
  assertEquals(c.desiredSize, -2);
});

test("a custom size function", async () => {
  let c;
  const sizes = [];
  new ReadableStream({ start(ctrl) { c = ctrl; } }, {
    highWaterMark: 10,
    size(chunk) { "use strict"; sizes.push(this); return chunk.length; },
  });
  c.enqueue("abc");
  assertEquals(c.desiredSize, 7);
  assert(sizes[0] === undefined, "size is called with this undefined");
});

test("invalid sizes error the stream", async () => {
  for (const bad of [-1, NaN, Infinity, "x"]) {
    let c;
    const rs = new ReadableStream({ start(ctrl) { c = ctrl; } }, { size: () => bad });
    assertThrows(() => c.enqueue("chunk"), "RangeError", String(bad));
    await assertRejects(() => rs.getReader().closed, "RangeError");
  }
  const e = new EvalError("size");
  let c;
  const rs = new ReadableStream({ start(ctrl) { c = ctrl; } }, { size() { throw e; } });
  let thrown;
  try { c.enqueue(1); } catch (x) { thrown = x; }
  assert(thrown === e, "enqueue rethrows the size error");
  assert((await assertRejects(() => rs.getReader().closed)) === e, "and errors the stream");
});

test("a size function is not used for a pending read", async () => {
  let c, calls = 0;
  const rs = new ReadableStream({ start(ctrl) { c = ctrl; } }, { size() { calls++; return 1; } });
  const p = rs.getReader().read();
  c.enqueue("direct");
  assertEquals((await p).value, "direct");
  assertEquals(calls, 0);
});

test("constructor argument checks", () => {
  assertThrows(() => new ReadableStream(1), "TypeError", "source not an object");
  assertThrows(() => new ReadableStream({ start: 1 }), "TypeError", "start not callable");
  assertThrows(() => new ReadableStream({ pull: {} }), "TypeError", "pull not callable");
  assertThrows(() => new ReadableStream({ type: "text" }), "TypeError", "bad type");
  assertThrows(() => new ReadableStream({}, { highWaterMark: -1 }), "RangeError");
  assertThrows(() => new ReadableStream({}, { highWaterMark: NaN }), "RangeError");
  assertThrows(() => new ReadableStream({}, { size: 3 }), "TypeError", "size not callable");
  assertThrows(() => new ReadableStream({}, 5), "TypeError", "strategy not an object");
  assertThrows(() => new ReadableStream({ type: "bytes" }, { size() { return 1; } }), "RangeError");
  new ReadableStream(null);
  new ReadableStream(undefined, null);
  new ReadableStream({ type: undefined });
  assertThrows(() => new ReadableStream().getReader({ mode: "text" }), "TypeError", "bad mode");
  assertThrows(() => new ReadableStream().getReader({ mode: "byob" }), "TypeError",
    "byob reader of a default stream");
});

test("members are read in Web IDL order: strategy, then the source alphabetically", () => {
  const log = [];
  const spy = (name, v) => ({ get() { log.push(name); return v; } });
  const source = Object.defineProperties({}, {
    type: spy("type", undefined), start: spy("start", undefined), pull: spy("pull", undefined),
    cancel: spy("cancel", undefined),
    autoAllocateChunkSize: spy("autoAllocateChunkSize", undefined),
  });
  const strategy = Object.defineProperties({}, {
    size: spy("size", undefined), highWaterMark: spy("highWaterMark", 1),
  });
  new ReadableStream(source, strategy);
  assertEquals(log.join(), "highWaterMark,size,autoAllocateChunkSize,cancel,pull,start,type");
});

test("the source's methods are called with the source as this", async () => {
  const seen = [];
  const source = {
    start() { seen.push(this === source); },
    pull(c) { seen.push(this === source); c.close(); },
    cancel() { seen.push(this === source); },
  };
  const rs = new ReadableStream(source);
  await rs.getReader().read();
  assertEquals(seen, [true, true]);
  const rs2 = new ReadableStream(source);
  await rs2.cancel();
  assertEquals(seen, [true, true, true, true]);
});

test("subclasses", async () => {
  class Numbers extends ReadableStream {
    #n = 3;
    constructor() {
      super({ pull: (c) => { if (this.#n === 0) c.close(); else c.enqueue(this.#n--); } });
    }
    get left() { return this.#n; }
  }
  const s = new Numbers();
  assert(s instanceof Numbers && s instanceof ReadableStream, "instanceof");
  assertEquals(await readAll(s), [3, 2, 1]);
  assertEquals(s.left, 0);
});

test("tee: both branches get every chunk", async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue(1); c.enqueue(2); c.close(); } });
  const [a, b] = rs.tee();
  assert(rs.locked, "the source is locked");
  assertEquals(await readAll(a), [1, 2]);
  assertEquals(await readAll(b), [1, 2]);
});

test("tee: chunks are not copied", async () => {
  const chunk = { id: 1 };
  const [a, b] = new ReadableStream({ start(c) { c.enqueue(chunk); c.close(); } }).tee();
  const [[x], [y]] = await Promise.all([readAll(a), readAll(b)]);
  assert(x === chunk && y === chunk, "the same object in both branches");
});

test("tee: the source is canceled once both branches are, with both reasons", async () => {
  let reason;
  const rs = new ReadableStream({ cancel(r) { reason = r; } });
  const [a, b] = rs.tee();
  const p1 = a.cancel("first");
  await flush();
  assertEquals(reason, undefined, "one branch does not cancel the source");
  const p2 = b.cancel("second");
  await Promise.all([p1, p2]);
  assertEquals(reason, ["first", "second"]);
});

test("tee: an error reaches both branches", async () => {
  let c;
  const e = new Error("source");
  const [a, b] = new ReadableStream({ start(ctrl) { c = ctrl; } }).tee();
  c.error(e);
  assert((await assertRejects(() => a.getReader().closed)) === e, "branch 1");
  assert((await assertRejects(() => b.getReader().closed)) === e, "branch 2");
});

test("tee: a canceled branch stops receiving, the other goes on", async () => {
  let c;
  const [a, b] = new ReadableStream({ start(ctrl) { c = ctrl; } }).tee();
  // A branch's cancel settles when both branches are canceled or the source ends.
  let settled = false;
  const canceled = a.cancel().then(() => { settled = true; });
  await flush();
  assert(!settled, "one branch's cancel waits for the source");
  c.enqueue("x");
  c.close();
  assertEquals(await readAll(b), ["x"]);
  await canceled;
});

test("tee: reading one branch pulls for both", async () => {
  let pulls = 0;
  const rs = new ReadableStream({
    pull(c) { pulls++; c.enqueue(pulls); if (pulls === 3) c.close(); },
  }, { highWaterMark: 0 });
  const [a, b] = rs.tee();
  assertEquals(await readAll(a), [1, 2, 3]);
  assertEquals(await readAll(b), [1, 2, 3], "branch 2 queued what branch 1 pulled");
  assertEquals(pulls, 3);
});

test("async iteration", async () => {
  const rs = new ReadableStream({ start(c) { c.enqueue("a"); c.enqueue("b"); c.close(); } });
  assert(ReadableStream.prototype[Symbol.asyncIterator] === ReadableStream.prototype.values,
    "[Symbol.asyncIterator] is values");
  const it = rs[Symbol.asyncIterator]();
  assert(it[Symbol.asyncIterator]() === it, "the iterator is async iterable");
  assertEquals(Object.prototype.toString.call(it), "[object ReadableStream AsyncIterator]");
  assert(rs.locked, "iterating locks the stream");
  assertEquals(await it.next(), { value: "a", done: false });
  assertEquals(await it.next(), { value: "b", done: false });
  assertEquals((await it.next()).done, true);
  assert(!rs.locked, "the end releases the lock");
  assertEquals((await it.next()).done, true, "next after the end");
});

test("async iteration: next() calls queue behind each other", async () => {
  let c;
  const rs = new ReadableStream({ start(ctrl) { c = ctrl; } });
  const it = rs.values();
  const p1 = it.next(), p2 = it.next(), p3 = it.next();
  c.enqueue(1);
  c.enqueue(2);
  c.close();
  const results = [await p1, await p2, await p3];
  assertEquals(results.map((r) => r.done ? "done" : r.value).join(), "1,2,done");
});

test("async iteration: return() cancels, unless preventCancel", async () => {
  let canceled = null;
  const rs = new ReadableStream({ start(c) { c.enqueue(1); }, cancel(r) { canceled = r; } });
  const it = rs.values();
  await it.next();
  assertEquals(await it.return("stop"), { value: "stop", done: true });
  assertEquals(canceled, "stop");
  assert(!rs.locked, "return releases the lock");
  assertEquals((await it.next()).done, true, "next after return");

  canceled = null;
  const rs2 = new ReadableStream({ start(c) { c.enqueue(1); }, cancel(r) { canceled = r; } });
  const it2 = rs2.values({ preventCancel: true });
  await it2.return();
  assertEquals(canceled, null, "preventCancel keeps the stream");
  assert(!rs2.locked, "the lock is released");
  assertEquals((await rs2.getReader().read()).value, 1, "the chunk is still there");
});

test("async iteration: an error rejects next()", async () => {
  const e = new TypeError("bad");
  const it = new ReadableStream({ start(c) { c.error(e); } }).values();
  assert((await assertRejects(() => it.next(), "TypeError")) === e, "the stream's error");
  assertEquals((await it.next()).done, true, "then the iterator is finished");
});

test("async iteration: bad receivers reject", async () => {
  const it = new ReadableStream().values();
  await assertRejects(() => it.next.call({}), "TypeError");
  await assertRejects(() => it.return.call(undefined), "TypeError");
});

test("ReadableStream.from an array, a sync and an async iterable", async () => {
  assertEquals(await readAll(ReadableStream.from([1, 2, 3])), [1, 2, 3]);
  assertEquals(await readAll(ReadableStream.from(new Set(["a"]))), ["a"]);
  assertEquals(await readAll(ReadableStream.from([Promise.resolve("awaited")])), ["awaited"]);
  let i = 0;
  const asyncIterable = {
    [Symbol.asyncIterator]() {
      return { next: () => Promise.resolve(i < 2 ? { value: i++, done: false } : { done: true }) };
    },
  };
  assertEquals(await readAll(ReadableStream.from(asyncIterable)), [0, 1]);
  assertThrows(() => ReadableStream.from(1), "TypeError");
  assertThrows(() => ReadableStream.from({}), "TypeError");
  assertThrows(() => ReadableStream.from(), "TypeError");
});

test("ReadableStream.from: cancel calls the iterator's return", async () => {
  let returned = null;
  const iterable = {
    [Symbol.asyncIterator]() {
      return {
        next: () => Promise.resolve({ value: "x", done: false }),
        return: (r) => { returned = r; return Promise.resolve({ done: true }); },
      };
    },
  };
  const rs = ReadableStream.from(iterable);
  const r = rs.getReader();
  assertEquals((await r.read()).value, "x");
  await r.cancel("bye");
  assertEquals(returned, "bye");
});

test("ReadableStream.from: a bad iterator result errors the stream", async () => {
  const iterable = { [Symbol.asyncIterator]() { return { next: () => Promise.resolve(42) }; } };
  await assertRejects(() => ReadableStream.from(iterable).getReader().read(), "TypeError");
});
