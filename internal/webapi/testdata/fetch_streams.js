// Global fetch() with ReadableStream bodies: a loopback server at SERVER
// (fetch_network_test.go).

const collect = async (stream) => {
  const reader = stream.getReader();
  const chunks = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return chunks;
    chunks.push(new TextDecoder().decode(value));
  }
};

test("a response body streams chunk by chunk", async () => {
  const r = await fetch(SERVER + "/drip");
  assert(r.body instanceof ReadableStream);
  const chunks = await collect(r.body);
  assertEquals(chunks.join(""), "chunk0;chunk1;chunk2;chunk3;chunk4;");
  assert(chunks.length > 1, "more than one chunk: " + JSON.stringify(chunks));
  assertEquals(r.bodyUsed, true);
  await assertRejects(() => r.text(), "TypeError", "read twice");
});

test("async iteration of a fetched body", async () => {
  const r = await fetch(SERVER + "/big?n=200000");
  let n = 0;
  const reader = r.body.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    n += value.byteLength;
  }
  assertEquals(n, 200000);
});

test("a ReadableStream request body goes out chunked", async () => {
  const enc = new TextEncoder();
  let i = 0;
  const body = new ReadableStream({
    pull(c) {
      if (i === 3) { c.close(); return; }
      c.enqueue(enc.encode("part" + i++ + ";"));
    },
  });
  const r = await fetch(SERVER + "/echo", { method: "POST", body });
  const echo = await r.json();
  assertEquals(echo.body, "part0;part1;part2;");
  assertEquals(echo.contentLength, -1);
  assertEquals(echo.chunked, true);
  assert(body.locked, "the stream is locked to the fetch");
});

test("a request body stream that is not bytes fails the fetch", async () => {
  const body = new ReadableStream({ start(c) { c.enqueue("a string"); c.close(); } });
  await assertRejects(() => fetch(SERVER + "/echo", { method: "POST", body }), "TypeError");
});

test("an upstream body piped through a TransformStream", async () => {
  const upstream = await fetch(SERVER + "/drip");
  const upper = new TransformStream({ transform(chunk, c) { c.enqueue(chunk.toUpperCase()); } });
  const out = upstream.body.pipeThrough(new TextDecoderStream()).pipeThrough(upper)
    .pipeThrough(new TextEncoderStream());
  const res = new Response(out, upstream);
  assertEquals(await res.text(), "CHUNK0;CHUNK1;CHUNK2;CHUNK3;CHUNK4;");
});

test("an abort while the body streams errors the stream", async () => {
  const ac = new AbortController();
  const r = await fetch(SERVER + "/hang-body", { signal: ac.signal });
  const reader = r.body.getReader();
  const first = await reader.read();
  assertEquals(new TextDecoder().decode(first.value), "start;");
  const next = reader.read();
  ac.abort();
  await assertRejects(() => next, "TypeError", "the pending read fails");
});

test("new Request(url, request) streams the request's body", async () => {
  const src = new Request(SERVER + "/echo", { method: "PUT", body: "moved along" });
  const re = new Request(SERVER + "/echo", src);
  assertEquals(re.method, "PUT", "a Request as init gives its method");
  const echo = await (await fetch(re)).json();
  assertEquals(echo.body, "moved along");
  assertEquals(src.bodyUsed, true);
});
