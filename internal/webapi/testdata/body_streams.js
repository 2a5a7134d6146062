// Bodies as ReadableStreams (Fetch standard): .body of a Request, a Response and
// Blob.stream() are byte streams; a ReadableStream is a body; reading either way marks
// the body used.

const bytesOf = async (stream) => {
  const r = stream.getReader();
  const parts = [];
  for (;;) {
    const { value, done } = await r.read();
    if (done) break;
    parts.push(...value);
  }
  return parts;
};
const text = async (stream) => new TextDecoder().decode(new Uint8Array(await bytesOf(stream)));

test("Response.body is a byte stream over the body", async () => {
  const r = new Response("héllo");
  const body = r.body;
  assert(body instanceof ReadableStream, "a ReadableStream");
  assert(r.body === body, "the same stream each time");
  assertEquals(r.bodyUsed, false);
  const reader = body.getReader({ mode: "byob" });
  const { value } = await reader.read(new Uint8Array(2));
  assertEquals(Array.from(value), [104, 195]);
  assertEquals(r.bodyUsed, true, "reading the stream uses the body");
  await assertRejects(() => r.text(), "TypeError", "text() after the stream was read");
  reader.releaseLock();
  assertEquals(await bytesOf(body), [169, 108, 108, 111], "the rest of the body");
});

test("a null body has no stream", () => {
  assertEquals(new Response(null).body, null);
  assertEquals(new Request("https://x.test/").body, null);
});

test("a ReadableStream as a body", async () => {
  const rs = new ReadableStream({
    start(c) {
      c.enqueue(new TextEncoder().encode("from "));
      c.enqueue(new TextEncoder().encode("a stream"));
      c.close();
    },
  });
  const r = new Response(rs);
  assert(r.body === rs, "the body is the stream itself");
  assertEquals(await r.text(), "from a stream");
  assert(rs.locked, "reading the body locks the stream");
  assertEquals(r.bodyUsed, true);
  const locked = new ReadableStream();
  locked.getReader();
  assertThrows(() => new Response(locked), "TypeError", "a locked stream");
  const req = new Request("https://x.test/", { method: "POST", body: new Response("req").body });
  assertEquals(await req.text(), "req");
});

test("a stream of strings is not a body", async () => {
  const r = new Response(new ReadableStream({ start(c) { c.enqueue("text"); c.close(); } }));
  await assertRejects(() => r.text(), "TypeError");
});

test("the stream of a body read whole is locked and disturbed", async () => {
  const r = new Response("done");
  assertEquals(await r.text(), "done");
  assert(r.body instanceof ReadableStream, "a stream");
  assert(r.body.locked, "locked");
  await assertRejects(() => r.arrayBuffer(), "TypeError");
});

test("a body piped through a TransformStream", async () => {
  const upper = new TransformStream({
    transform(chunk, c) { c.enqueue(chunk.toUpperCase()); },
  });
  const out = new Response("shout")
    .body.pipeThrough(new TextDecoderStream())
    .pipeThrough(upper)
    .pipeThrough(new TextEncoderStream());
  assertEquals(await new Response(out).text(), "SHOUT");
});

test("clone of a streamed body", async () => {
  const r = new Response(new ReadableStream({
    start(c) { c.enqueue(new Uint8Array([1, 2])); c.close(); },
  }));
  const c = r.clone();
  assertEquals(Array.from(new Uint8Array(await r.arrayBuffer())), [1, 2]);
  assertEquals(Array.from(new Uint8Array(await c.arrayBuffer())), [1, 2]);
});

test("Blob.stream()", async () => {
  const blob = new Blob(["ab", new Uint8Array([99])]);
  assertEquals(await text(blob.stream()), "abc");
  assertEquals(await text(blob.stream()), "abc", "a new stream each time");
  const copy = await bytesOf(blob.stream());
  copy[0] = 0;
  assertEquals(await blob.text(), "abc", "reading the stream does not share the blob's bytes");
});

test("compression of a body", async () => {
  const big = "portico ".repeat(1000);
  const gz = new Response(big).body.pipeThrough(new CompressionStream("gzip"));
  const back = new Response(gz).body.pipeThrough(new DecompressionStream("gzip"));
  assertEquals(await new Response(back).text(), big);
});
