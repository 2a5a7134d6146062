// pipeTo and pipeThrough (WHATWG Streams): chunks, closing and errors propagate forward
// and backward unless prevented, an abort signal stops the pipe, locks are released at
// the end, and the pipe respects the destination's backpressure.

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function source(chunks, extra = {}) {
  return new ReadableStream({
    start(c) { for (const x of chunks) c.enqueue(x); c.close(); },
    ...extra,
  });
}

function sink(log, extra = {}) {
  return new WritableStream({
    write(chunk) { log.push("write:" + chunk); },
    close() { log.push("close"); },
    abort(r) { log.push("abort:" + r); },
    ...extra,
  });
}

test("pipeTo copies every chunk and closes the destination", async () => {
  const log = [];
  const rs = source([1, 2, 3]);
  const ws = sink(log);
  const p = rs.pipeTo(ws);
  assert(rs.locked && ws.locked, "both streams are locked while piping");
  assertEquals(await p, undefined);
  assertEquals(log.join(), "write:1,write:2,write:3,close");
  assert(!rs.locked && !ws.locked, "the locks are released");
});

test("preventClose leaves the destination open", async () => {
  const log = [];
  const ws = sink(log);
  await source(["a"]).pipeTo(ws, { preventClose: true });
  const w = ws.getWriter();
  await w.write("b");
  assertEquals(log.join(), "write:a,write:b");
});

test("a source error aborts the destination and rejects the pipe", async () => {
  const log = [];
  const e = new Error("source failed");
  const rs = new ReadableStream({ start(c) { c.enqueue(1); c.error(e); } });
  const ws = sink(log, { abort(r) { log.push("abort:" + (r === e)); } });
  assert((await assertRejects(() => rs.pipeTo(ws))) === e, "the pipe rejects with the error");
  assertEquals(log.join(), "abort:true");
});

test("preventAbort keeps the destination", async () => {
  const log = [];
  const e = new Error("source failed");
  const rs = new ReadableStream({ start(c) { c.error(e); } });
  const ws = sink(log);
  assert((await assertRejects(() => rs.pipeTo(ws, { preventAbort: true }))) === e, "rejects");
  assertEquals(log.length, 0);
  const w = ws.getWriter();
  await w.write("still writable");
});

test("a destination error cancels the source", async () => {
  const e = new Error("sink failed");
  let canceled;
  const rs = new ReadableStream({ pull(c) { c.enqueue("x"); }, cancel(r) { canceled = r; } });
  const ws = new WritableStream({ write() { throw e; } });
  assert((await assertRejects(() => rs.pipeTo(ws))) === e, "rejects with the sink's error");
  assert(canceled === e, "the source is canceled with it");
});

test("preventCancel keeps the source", async () => {
  const e = new Error("sink failed");
  let canceled = false;
  const rs = new ReadableStream({ start(c) { c.enqueue("x"); }, cancel() { canceled = true; } });
  const ws = new WritableStream({ write() { throw e; } });
  assert((await assertRejects(() => rs.pipeTo(ws, { preventCancel: true }))) === e, "rejects");
  assert(!canceled, "not canceled");
  assert(!rs.locked, "the source is unlocked");
});

test("a closed destination cancels the source with a TypeError", async () => {
  let canceled;
  const rs = new ReadableStream({ cancel(r) { canceled = r; } });
  const ws = new WritableStream();
  await ws.close();
  await assertRejects(() => rs.pipeTo(ws), "TypeError");
  assert(canceled instanceof TypeError, "canceled with a TypeError");
});

test("an already aborted signal", async () => {
  const log = [];
  let canceled;
  const rs = new ReadableStream({ cancel(r) { canceled = r; } });
  const ws = sink(log);
  const signal = AbortSignal.abort();
  const e = await assertRejects(() => rs.pipeTo(ws, { signal }), "AbortError");
  assert(e === signal.reason, "rejects with the signal's reason");
  assert(canceled === signal.reason, "the source is canceled with it");
  assertEquals(log.length, 1);
  assert(log[0].startsWith("abort:"), log[0]);
  assert(!rs.locked && !ws.locked, "unlocked");
});

test("aborting the signal mid-pipe finishes the write in flight, then aborts", async () => {
  const log = [];
  let finish;
  const controller = new AbortController();
  const rs = new ReadableStream({ pull(c) { c.enqueue("chunk"); } });
  const ws = new WritableStream({
    write(chunk) { log.push("write"); return new Promise((r) => { finish = r; }); },
    abort(r) { log.push("abort:" + r); },
  });
  const p = rs.pipeTo(ws, { signal: controller.signal });
  await flush();
  assertEquals(log.join(), "write");
  controller.abort("enough");
  await flush();
  assertEquals(log.join(), "write", "the abort waits for the write in flight");
  finish();
  assertEquals(await p.catch((e) => "rejected:" + e), "rejected:enough");
  assertEquals(log.join(), "write,abort:enough");
});

test("the signal with preventAbort and preventCancel", async () => {
  const log = [];
  let canceled = false;
  const controller = new AbortController();
  const rs = new ReadableStream({ cancel() { canceled = true; } });
  const ws = sink(log);
  const p = rs.pipeTo(ws, { signal: controller.signal, preventAbort: true, preventCancel: true });
  controller.abort("x");
  assertEquals(await p.catch((e) => e), "x");
  assert(!canceled && log.length === 0, "neither side is touched");
});

test("an AbortSignal.timeout stops a pipe", async () => {
  const rs = new ReadableStream();
  const ws = new WritableStream();
  await assertRejects(() => rs.pipeTo(ws, { signal: AbortSignal.timeout(1) }), "TimeoutError");
});

test("the pipe follows the destination's backpressure", async () => {
  let pulls = 0;
  const pending = [];
  const rs = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); } }, { highWaterMark: 0 });
  const ws = new WritableStream({ write() { return new Promise((r) => pending.push(r)); } },
    { highWaterMark: 2 });
  rs.pipeTo(ws).catch(() => {});
  await flush();
  await flush();
  const first = pulls;
  assert(first <= 3, "pulls while the sink is stuck: " + first);
  pending.shift()();
  await flush();
  await flush();
  assert(pulls > first, "a finished write lets the pipe read again");
});

test("argument and lock checks", async () => {
  const rs = new ReadableStream();
  await assertRejects(() => rs.pipeTo({}), "TypeError", "not a WritableStream");
  await assertRejects(() => rs.pipeTo(), "TypeError", "no destination");
  await assertRejects(() => rs.pipeTo(new WritableStream(), { signal: {} }), "TypeError",
    "bad signal");
  const ws = new WritableStream();
  ws.getWriter();
  await assertRejects(() => rs.pipeTo(ws), "TypeError", "locked destination");
  const locked = new ReadableStream();
  locked.getReader();
  await assertRejects(() => locked.pipeTo(new WritableStream()), "TypeError", "locked source");
  assertThrows(() => rs.pipeThrough({}), "TypeError", "no readable and writable");
  assertThrows(() => rs.pipeThrough({ readable: new ReadableStream(), writable: {} }), "TypeError");
  assertThrows(() => rs.pipeThrough(), "TypeError");
  assertThrows(() => locked.pipeThrough(new TransformStream()), "TypeError", "locked source");
  const ts = new TransformStream();
  ts.writable.getWriter();
  assertThrows(() => rs.pipeThrough(ts), "TypeError", "locked writable");
});

test("pipeThrough returns the readable side, for a TransformStream or any pair", async () => {
  const ts = new TransformStream({ transform(c, ctl) { ctl.enqueue(c + "!"); } });
  const out = source(["a", "b"]).pipeThrough(ts);
  assert(out === ts.readable, "the pair's readable");
  const r = out.getReader();
  assertEquals((await r.read()).value, "a!");
  assertEquals((await r.read()).value, "b!");
  assertEquals((await r.read()).done, true);

  const log = [];
  const pair = { writable: sink(log), readable: new ReadableStream() };
  assert(source(["z"]).pipeThrough(pair) === pair.readable, "a plain pair");
  await flush();
  assertEquals(log.join(), "write:z,close");
});

test("a chain of transforms", async () => {
  const add = (n) => new TransformStream({ transform(c, ctl) { ctl.enqueue(c + n); } });
  const out = source([1, 2]).pipeThrough(add(10)).pipeThrough(add(100))
    .pipeThrough(new TransformStream());
  const got = [];
  await out.pipeTo(new WritableStream({ write(c) { got.push(c); } }));
  assertEquals(got, [111, 112]);
});

test("errors travel through a chain", async () => {
  const e = new Error("deep");
  const rs = new ReadableStream({ start(c) { c.error(e); } });
  const out = rs.pipeThrough(new TransformStream()).pipeThrough(new TransformStream());
  assert((await assertRejects(() => out.getReader().read())) === e, "the source's error");
  let canceled;
  const rs2 = new ReadableStream({ cancel(r) { canceled = r; } });
  const out2 = rs2.pipeThrough(new TransformStream()).pipeThrough(new TransformStream());
  await out2.cancel("downstream");
  await flush();
  await flush();
  assertEquals(canceled, "downstream", "a cancel travels back to the source");
});
