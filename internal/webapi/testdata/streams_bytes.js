// Byte streams (WHATWG Streams, type: "bytes"): BYOB readers, the byobRequest of a
// ReadableByteStreamController, reads of at least min elements, typed arrays wider than
// a byte, buffers transferred (detached) as the standard specifies, and tee.

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const bytes = (v) => Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));

function byteStream(extra = {}) {
  let controller;
  const rs = new ReadableStream({ type: "bytes", start(c) { controller = c; }, ...extra });
  return [rs, controller];
}

test("a BYOB read fills the reader's buffer, which is transferred", async () => {
  const [rs, c] = byteStream();
  const r = rs.getReader({ mode: "byob" });
  assert(r instanceof ReadableStreamBYOBReader, "reader class");
  const buf = new ArrayBuffer(8);
  const p = r.read(new Uint8Array(buf, 2, 4));
  assertEquals(buf.byteLength, 0, "the view's buffer is detached by read()");
  c.enqueue(new Uint8Array([1, 2, 3]));
  const { value, done } = await p;
  assertEquals(done, false);
  assert(value instanceof Uint8Array, "a Uint8Array like the view");
  assertEquals([value.byteOffset, value.byteLength, value.buffer.byteLength].join(), "2,3,8");
  assertEquals(bytes(value), [1, 2, 3]);
});

test("enqueue transfers the chunk's buffer", async () => {
  const [rs, c] = byteStream();
  const chunk = new Uint8Array([9, 8, 7]);
  c.enqueue(chunk);
  assertEquals(chunk.byteLength, 0, "the chunk is detached");
  assertEquals(chunk.buffer.byteLength, 0);
  const { value } = await rs.getReader().read();
  assertEquals(bytes(value), [9, 8, 7]);
});

test("a default reader of a byte stream reads Uint8Arrays over the enqueued bytes", async () => {
  const [rs, c] = byteStream();
  c.enqueue(new Uint8Array(new Uint8Array([0, 1, 2, 3]).buffer, 1, 2));
  c.close();
  const r = rs.getReader();
  const { value } = await r.read();
  assertEquals([value.constructor.name, value.byteOffset, value.byteLength].join(),
    "Uint8Array,1,2");
  assertEquals((await r.read()).done, true);
});

test("a BYOB read takes from the queue, keeping the rest", async () => {
  const [rs, c] = byteStream();
  c.enqueue(new Uint8Array([1, 2, 3, 4, 5]));
  c.close();
  const r = rs.getReader({ mode: "byob" });
  assertEquals(bytes((await r.read(new Uint8Array(2))).value), [1, 2]);
  assertEquals(bytes((await r.read(new Uint8Array(10))).value), [3, 4, 5]);
  const end = await r.read(new Uint8Array(3));
  assertEquals(end.done, true);
  assertEquals([end.value.byteLength, end.value.buffer.byteLength].join(), "0,3",
    "the end hands back the (empty) view");
});

test("byobRequest: the source writes into the reader's buffer", async () => {
  let request;
  const [rs] = byteStream({
    pull(c) {
      request = c.byobRequest;
      const v = request.view;
      assertEquals([v.constructor.name, v.byteOffset, v.byteLength].join(), "Uint8Array,0,4");
      v[0] = 7;
      v[1] = 8;
      request.respond(2);
    },
  });
  const r = rs.getReader({ mode: "byob" });
  const { value } = await r.read(new Uint8Array(4));
  assertEquals(bytes(value), [7, 8]);
  assertEquals(request.view, null, "an answered request has no view");
  assertThrows(() => request.respond(1), "TypeError", "respond twice");
  assert(request instanceof ReadableStreamBYOBRequest, "request class");
});

test("byobRequest is null without a pending read", async () => {
  const [rs, c] = byteStream();
  assertEquals(c.byobRequest, null);
  const p = rs.getReader({ mode: "byob" }).read(new Uint8Array(3));
  assert(c.byobRequest !== null, "a pending read has a request");
  assert(c.byobRequest === c.byobRequest, "the same request until answered");
  c.byobRequest.view.set([5]);
  c.byobRequest.respond(1);
  assertEquals(c.byobRequest, null);
  assertEquals(bytes((await p).value), [5]);
});

test("respondWithNewView", async () => {
  const [rs] = byteStream({
    pull(c) {
      const v = c.byobRequest.view;
      const mine = new Uint8Array(v.buffer, v.byteOffset, 3);
      mine.set([4, 5, 6]);
      c.byobRequest.respondWithNewView(mine);
    },
  });
  const { value } = await rs.getReader({ mode: "byob" }).read(new Uint8Array(8));
  assertEquals(bytes(value), [4, 5, 6]);
});

test("respondWithNewView checks the view", async () => {
  const [rs, c] = byteStream();
  rs.getReader({ mode: "byob" }).read(new Uint8Array(4));
  const req = c.byobRequest;
  assertThrows(() => req.respondWithNewView(new Uint8Array(new ArrayBuffer(8), 0, 4)), "RangeError",
    "a buffer of another length");
  assertThrows(() => req.respondWithNewView(new Uint8Array(req.view.buffer, 1, 1)), "RangeError",
    "another offset");
  assertThrows(() => req.respondWithNewView({}), "TypeError", "not a view");
  assertThrows(() => req.respond(0), "TypeError", "0 bytes while readable");
  assertThrows(() => req.respond(5), "RangeError", "more bytes than the view");
});

test("min waits for enough bytes", async () => {
  const [rs, c] = byteStream();
  const r = rs.getReader({ mode: "byob" });
  let result;
  r.read(new Uint8Array(4), { min: 3 }).then((x) => { result = x; });
  c.enqueue(new Uint8Array([1, 2]));
  await flush();
  assertEquals(result, undefined, "two bytes are not enough");
  c.enqueue(new Uint8Array([3, 4, 5]));
  await flush();
  assertEquals(bytes(result.value), [1, 2, 3, 4]);
  assertEquals(bytes((await r.read(new Uint8Array(4))).value), [5], "the rest stays queued");
});

test("readAtLeast is read with min", async () => {
  const [rs, c] = byteStream();
  const r = rs.getReader({ mode: "byob" });
  const p = r.readAtLeast(2, new Uint8Array(4));
  c.enqueue(new Uint8Array([1]));
  c.enqueue(new Uint8Array([2]));
  assertEquals(bytes((await p).value), [1, 2]);
});

test("typed arrays wider than a byte get whole elements", async () => {
  const [rs, c] = byteStream();
  const r = rs.getReader({ mode: "byob" });
  c.enqueue(new Uint8Array([1, 0, 2]));
  const a = await r.read(new Uint16Array(2));
  assert(a.value instanceof Uint16Array, "a Uint16Array");
  assertEquals(Array.from(a.value), [1], "one whole element; the odd byte waits");
  const p = r.read(new Uint16Array(2));
  c.enqueue(new Uint8Array([0]));
  assertEquals(Array.from((await p).value), [2]);
});

test("min counts elements of the view", async () => {
  const [rs, c] = byteStream();
  const r = rs.getReader({ mode: "byob" });
  const p = r.read(new Uint16Array(4), { min: 2 });
  c.enqueue(new Uint8Array([1, 0, 2]));
  await flush();
  c.enqueue(new Uint8Array([0, 3]));
  const { value } = await p;
  assertEquals(Array.from(value), [1, 2], "two elements; the odd byte stays");
  assertEquals(bytes((await r.read(new Uint8Array(4))).value), [3]);
});

test("a DataView read", async () => {
  const [rs, c] = byteStream();
  c.enqueue(new Uint8Array([0, 42]));
  const { value } = await rs.getReader({ mode: "byob" }).read(new DataView(new ArrayBuffer(4)));
  assert(value instanceof DataView, "a DataView");
  assertEquals(value.byteLength, 2);
  assertEquals(value.getUint16(0), 42);
});

test("closing with a partial element errors the stream", async () => {
  const [rs, c] = byteStream();
  const r = rs.getReader({ mode: "byob" });
  const p = r.read(new Uint16Array(1));
  c.byobRequest.view[0] = 1;
  c.byobRequest.respond(1);
  assertThrows(() => c.close(), "TypeError");
  await assertRejects(() => p, "TypeError");
});

test("a queue ending with a partial element errors the read", async () => {
  const [rs, c] = byteStream();
  c.enqueue(new Uint8Array([1]));
  c.close();
  await assertRejects(() => rs.getReader({ mode: "byob" }).read(new Uint16Array(1)), "TypeError");
});

test("closing with a BYOB read pending: the source answers it with respond(0)", async () => {
  const [rs] = byteStream({ pull(c) { c.close(); c.byobRequest.respond(0); } });
  const { value, done } = await rs.getReader({ mode: "byob" }).read(new Uint8Array(5));
  assertEquals(done, true);
  assertEquals([value.byteLength, value.buffer.byteLength].join(), "0,5");
});

test("autoAllocateChunkSize gives default reads a byobRequest", async () => {
  const seen = [];
  const rs = new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: 16,
    pull(c) {
      seen.push(c.byobRequest.view.byteLength);
      c.byobRequest.view.set([1, 2, 3]);
      c.byobRequest.respond(3);
    },
  });
  const { value } = await rs.getReader().read();
  assertEquals(bytes(value), [1, 2, 3]);
  assertEquals(seen, [16]);
  assertThrows(() => new ReadableStream({ type: "bytes", autoAllocateChunkSize: 0 }), "TypeError");
});

test("cancel resolves pending BYOB reads as done with no value", async () => {
  const [rs] = byteStream();
  const r = rs.getReader({ mode: "byob" });
  const p = r.read(new Uint8Array(2));
  await r.cancel();
  const x = await p;
  assertEquals(x.done, true);
  assertEquals(x.value, undefined);
});

test("releaseLock rejects pending BYOB reads", async () => {
  const [rs, c] = byteStream();
  const r = rs.getReader({ mode: "byob" });
  const p = r.read(new Uint8Array(2));
  r.releaseLock();
  await assertRejects(() => p, "TypeError");
  c.enqueue(new Uint8Array([1, 2, 3]));
  assertEquals(bytes((await rs.getReader().read()).value), [1, 2, 3],
    "bytes go to the next reader");
});

test("BYOB read argument checks", async () => {
  const [rs] = byteStream();
  const r = rs.getReader({ mode: "byob" });
  await assertRejects(() => r.read(), "TypeError", "no view");
  await assertRejects(() => r.read({}), "TypeError", "not a view");
  await assertRejects(() => r.read(new ArrayBuffer(4)), "TypeError", "a buffer is not a view");
  await assertRejects(() => r.read(new Uint8Array(0)), "TypeError", "empty view");
  await assertRejects(() => r.read(new Uint8Array(2), { min: 0 }), "TypeError", "min 0");
  await assertRejects(() => r.read(new Uint8Array(2), { min: 3 }), "RangeError", "min too large");
  await assertRejects(() => r.read(new Uint16Array(2), { min: 3 }), "RangeError", "min elements");
  await assertRejects(() => r.read(new Uint8Array(2), { min: -1 }), "TypeError", "min negative");
  await assertRejects(() => r.read(new Uint8Array(2), 1), "TypeError", "options not an object");
  const view = new Uint8Array(2);
  r.read(view);
  await assertRejects(() => r.read(view), "TypeError", "a detached view");
});

test("controller checks", async () => {
  const [rs, c] = byteStream();
  assert(c instanceof ReadableByteStreamController, "controller class");
  assertEquals(Object.prototype.toString.call(c), "[object ReadableByteStreamController]");
  assertThrows(() => c.enqueue(new Uint8Array(0)), "TypeError", "empty chunk");
  assertThrows(() => c.enqueue("text"), "TypeError", "not bytes");
  assertThrows(() => c.enqueue(new ArrayBuffer(2)), "TypeError", "a buffer is not a view");
  assertThrows(() => c.enqueue(), "TypeError");
  assertEquals(c.desiredSize, 0, "a byte stream's default high-water mark is 0");
  c.close();
  assertThrows(() => c.enqueue(new Uint8Array(1)), "TypeError", "after close");
  assertThrows(() => c.close(), "TypeError", "close twice");
  assertThrows(() => new ReadableByteStreamController(), "TypeError");
  assertThrows(() => new ReadableStreamBYOBRequest(), "TypeError");
  assertThrows(() => new ReadableStreamBYOBReader(new ReadableStream()), "TypeError");
  new ReadableStreamBYOBReader(byteStream()[0]);
});

test("errors reach BYOB reads", async () => {
  const [rs, c] = byteStream();
  const r = rs.getReader({ mode: "byob" });
  const p = r.read(new Uint8Array(1));
  const e = new Error("bytes failed");
  c.error(e);
  assert((await assertRejects(() => p)) === e, "the pending read");
  assert((await assertRejects(() => r.read(new Uint8Array(1)))) === e, "a new read");
  assertEquals(c.desiredSize, null);
});

test("tee of a byte stream: byte branches with their own copies", async () => {
  const [rs, c] = byteStream();
  c.enqueue(new Uint8Array([1, 2, 3]));
  c.close();
  const [a, b] = rs.tee();
  a.getReader({ mode: "byob" }).releaseLock();
  const ra = a.getReader(), rb = b.getReader();
  const [x, y] = await Promise.all([ra.read(), rb.read()]);
  assertEquals(bytes(x.value), [1, 2, 3]);
  assertEquals(bytes(y.value), [1, 2, 3]);
  assert(x.value.buffer !== y.value.buffer, "the second branch gets a copy");
  x.value[0] = 99;
  assertEquals(y.value[0], 1, "so changing one does not change the other");
  assertEquals((await ra.read()).done, true);
  assertEquals((await rb.read()).done, true);
});

test("tee of a byte stream: a branch's BYOB read reads the source with a BYOB reader", async () => {
  const seen = [];
  let n = 0;
  const rs = new ReadableStream({
    type: "bytes",
    pull(c) {
      n++;
      const req = c.byobRequest;
      seen.push(req ? "byob:" + req.view.byteLength : "default");
      if (req) {
        req.view[0] = n;
        req.respond(1);
      } else {
        c.enqueue(new Uint8Array([n]));
      }
    },
  });
  const [a, b] = rs.tee();
  const { value } = await a.getReader({ mode: "byob" }).read(new Uint8Array(4));
  assertEquals(bytes(value), [1]);
  const other = await b.getReader().read();
  assertEquals(bytes(other.value), [1], "the other branch gets a copy");
  assertEquals(seen[0], "byob:4", "the source saw the branch's buffer");
});

test("tee of a byte stream: cancel and errors", async () => {
  let reason;
  const [rs, c] = byteStream({ cancel(r) { reason = r; } });
  const [a, b] = rs.tee();
  const pa = a.cancel("a"), pb = b.cancel("b");
  await Promise.all([pa, pb]);
  assertEquals(reason, ["a", "b"]);
  const [rs2, c2] = byteStream();
  const [x, y] = rs2.tee();
  const e = new Error("e");
  c2.error(e);
  assert((await assertRejects(() => x.getReader().read())) === e, "branch 1");
  assert((await assertRejects(() => y.getReader({ mode: "byob" }).read(new Uint8Array(1)))) === e,
    "branch 2");
});

test("pipeTo and async iteration of a byte stream", async () => {
  const [rs, c] = byteStream();
  c.enqueue(new Uint8Array([1, 2]));
  c.enqueue(new Uint8Array([3]));
  c.close();
  const got = [];
  await rs.pipeTo(new WritableStream({ write(chunk) { got.push(...bytes(chunk)); } }));
  assertEquals(got, [1, 2, 3]);
  const [rs2, c2] = byteStream();
  c2.enqueue(new Uint8Array([4]));
  c2.close();
  const it = rs2[Symbol.asyncIterator]();
  assertEquals(bytes((await it.next()).value), [4]);
  assertEquals((await it.next()).done, true);
});

test("views detached by a stream read as empty elsewhere", async () => {
  const [rs, c] = byteStream();
  const chunk = new Uint8Array([104, 105]);
  const dv = new DataView(new ArrayBuffer(2));
  c.enqueue(chunk);
  rs.getReader({ mode: "byob" }).read(dv);
  assertEquals(new TextDecoder().decode(chunk), "");
  assertEquals(new TextDecoder().decode(dv), "");
  assertEquals(new TextEncoder().encodeInto("x", chunk).written, 0);
  assertEquals((await crypto.subtle.digest("SHA-256", chunk)).byteLength, 32);
});
