// TextEncoderStream, TextDecoderStream (Encoding standard) and CompressionStream,
// DecompressionStream (Compression standard). The compressed fixtures were made with
// Python's gzip and zlib modules, not with the code under test.

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const fromBase64 = (s) => {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};

// run writes chunks into a transform-like pair and collects what comes out.
async function run(pair, chunks) {
  const w = pair.writable.getWriter();
  const r = pair.readable.getReader();
  const out = [];
  const reading = (async () => {
    for (;;) {
      const { value, done } = await r.read();
      if (done) return;
      out.push(value);
    }
  })();
  for (const c of chunks) w.write(c);
  await w.close();
  await reading;
  return out;
}

const concat = (chunks) => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let i = 0;
  for (const c of chunks) { out.set(c, i); i += c.byteLength; }
  return out;
};

test("TextEncoderStream encodes strings as UTF-8", async () => {
  const es = new TextEncoderStream();
  assertEquals(es.encoding, "utf-8");
  assertEquals(Object.prototype.toString.call(es), "[object TextEncoderStream]");
  const out = await run(es, ["hé", "", 42]);
  assert(out.every((c) => c instanceof Uint8Array), "Uint8Array chunks");
  assertEquals(out.map((c) => Array.from(c)), [[104, 195, 169], [52, 50]],
    "an empty string enqueues nothing; a number is converted");
});

test("TextEncoderStream joins a surrogate pair split between chunks", async () => {
  const out = await run(new TextEncoderStream(), ["a\uD83D", "\uDE00b"]);
  assertEquals(out.map((c) => Array.from(c)), [[97], [0xF0, 0x9F, 0x98, 0x80, 98]]);
});

test("TextEncoderStream replaces lone surrogates", async () => {
  const lead = await run(new TextEncoderStream(), ["x\uD800"]);
  assertEquals(lead.map((c) => Array.from(c)), [[120], [0xEF, 0xBF, 0xBD]], "a lead at the end");
  const broken = await run(new TextEncoderStream(), ["\uD800", "y", "\uDC00"]);
  assertEquals(broken.map((c) => Array.from(c)), [[0xEF, 0xBF, 0xBD, 121], [0xEF, 0xBF, 0xBD]]);
});

test("TextEncoderStream rejects a chunk that is no string", async () => {
  const es = new TextEncoderStream();
  const w = es.writable.getWriter();
  const r = es.readable.getReader();
  // The write waits for a read: the readable side has a high-water mark of 0.
  const reading = r.read();
  await assertRejects(() => w.write(Symbol("s")), "TypeError");
  await assertRejects(() => reading, "TypeError");
  await assertRejects(() => r.closed, "TypeError");
});

test("TextDecoderStream decodes across chunk boundaries", async () => {
  const ds = new TextDecoderStream();
  assertEquals([ds.encoding, ds.fatal, ds.ignoreBOM].join(), "utf-8,false,false");
  const out = await run(ds, [new Uint8Array([0x61, 0xE2, 0x82]), new Uint8Array([0xAC]),
    new ArrayBuffer(0), new DataView(new Uint8Array([0x62]).buffer)]);
  assertEquals(out, ["a", "€", "b"]);
});

test("TextDecoderStream: replacement, fatal, BOM, labels", async () => {
  assertEquals(await run(new TextDecoderStream(), [new Uint8Array([0xFF, 0x61])]), ["\uFFFDa"]);
  assertEquals(await run(new TextDecoderStream(), [new Uint8Array([0x61, 0xE2])]), ["a", "\uFFFD"],
    "an unfinished sequence at the end");
  const fatal = new TextDecoderStream("utf-8", { fatal: true });
  assertEquals(fatal.fatal, true);
  await assertRejects(() => run(fatal, [new Uint8Array([0xFF])]), "TypeError");
  await assertRejects(() => run(new TextDecoderStream("utf-8", { fatal: true }),
    [new Uint8Array([0xE2])]), "TypeError", "fatal at the end");
  const bom = new Uint8Array([0xEF, 0xBB, 0xBF, 0x61]);
  assertEquals(await run(new TextDecoderStream(), [bom]), ["a"]);
  const keep = new TextDecoderStream("utf-8", { ignoreBOM: true });
  assertEquals(await run(keep, [new Uint8Array([0xEF, 0xBB, 0xBF, 0x61])]), ["\uFEFFa"]);
  const latin = new TextDecoderStream("latin1");
  assertEquals(latin.encoding, "windows-1252");
  assertEquals(await run(latin, [new Uint8Array([0xE9])]), ["é"]);
  assertEquals(await run(new TextDecoderStream("utf-16le"), [new Uint8Array([0x41]),
    new Uint8Array([0x00, 0x42, 0x00])]), ["AB"], "A's second byte arrives with B");
  assertThrows(() => new TextDecoderStream("no-such-encoding"), "RangeError");
  assertThrows(() => new TextDecoderStream("utf-8", 1), "TypeError");
});

test("TextDecoderStream rejects a chunk that is no BufferSource", async () => {
  await assertRejects(() => run(new TextDecoderStream(), ["text"]), "TypeError");
});

test("text streams in a pipe", async () => {
  const rs = new ReadableStream({
    start(c) { c.enqueue("grüße "); c.enqueue("🌍"); c.close(); },
  });
  const r = rs.pipeThrough(new TextEncoderStream()).pipeThrough(new TextDecoderStream())
    .getReader();
  let s = "";
  for (;;) { const { value, done } = await r.read(); if (done) break; s += value; }
  assertEquals(s, "grüße 🌍");
});

test("DecompressionStream reads what other implementations wrote", async () => {
  const fixtures = {
    "gzip": "H4sIAAAAAAACA8tIzcnJ11EoLilKTcwtBgB7TbklDgAAAA==",
    "deflate": "eJzLSM3JyddRKC4pSk3MLQYAJ5AFYA==",
    "deflate-raw": "y0jNycnXUSguKUpNzC0GAA==",
  };
  for (const [format, b64] of Object.entries(fixtures)) {
    const out = await run(new DecompressionStream(format), [fromBase64(b64)]);
    assertEquals(new TextDecoder().decode(concat(out)), "hello, streams", format);
  }
});

test("DecompressionStream takes its input a byte at a time", async () => {
  const input = fromBase64("H4sIAAAAAAACA8tIzcnJ11EoLilKTcwtBgB7TbklDgAAAA==");
  const chunks = Array.from(input, (b) => new Uint8Array([b]));
  const out = await run(new DecompressionStream("gzip"), chunks);
  assertEquals(new TextDecoder().decode(concat(out)), "hello, streams");
});

test("CompressionStream and DecompressionStream round trip", async () => {
  const text = "The quick brown fox jumps over the lazy dog. ".repeat(2000);
  const input = new TextEncoder().encode(text);
  const chunks = [];
  for (let i = 0; i < input.length; i += 7000) chunks.push(input.subarray(i, i + 7000));
  for (const format of ["gzip", "deflate", "deflate-raw"]) {
    const compressed = concat(await run(new CompressionStream(format), chunks));
    assert(compressed.length < input.length / 10, format + " compresses");
    if (format === "gzip") assertEquals([compressed[0], compressed[1]], [0x1F, 0x8B], "gzip magic");
    if (format === "deflate") assertEquals(compressed[0] & 0x0F, 8, "zlib: deflate method");
    const out = concat(await run(new DecompressionStream(format), [compressed]));
    assertEquals(new TextDecoder().decode(out) === text, true, format + " round trip");
  }
});

test("compressing nothing gives a valid empty stream", async () => {
  for (const format of ["gzip", "deflate", "deflate-raw"]) {
    const compressed = concat(await run(new CompressionStream(format), []));
    assert(compressed.length > 0, format + " writes a header or an end block");
    assertEquals(concat(await run(new DecompressionStream(format), [compressed])).length, 0);
  }
});

test("bad compressed data is a TypeError", async () => {
  await assertRejects(() => run(new DecompressionStream("gzip"), [new Uint8Array([1, 2, 3, 4])]),
    "TypeError", "not gzip");
  await assertRejects(() => run(new DecompressionStream("deflate"), [new Uint8Array(10)]),
    "TypeError", "not zlib");
  const whole = fromBase64("H4sIAAAAAAACA8tIzcnJ11EoLilKTcwtBgB7TbklDgAAAA==");
  await assertRejects(() => run(new DecompressionStream("gzip"), [whole.subarray(0, 12)]),
    "TypeError", "truncated");
  const trailing = concat([whole, new Uint8Array([0])]);
  await assertRejects(() => run(new DecompressionStream("gzip"), [trailing]),
    "TypeError", "data after the end");
  await assertRejects(() => run(new DecompressionStream("gzip"),
    [fromBase64("H4sIAAAAAAACA0sEAEO+t+gBAAAAH4sIAAAAAAACA0sCAPnvvnEBAAAA")]), "TypeError",
    "a second gzip member is data after the end");
  await assertRejects(() => run(new DecompressionStream("deflate-raw"), []), "TypeError",
    "no input");
  await assertRejects(() => run(new DecompressionStream("gzip"), ["not bytes"]), "TypeError");
  await assertRejects(() => run(new CompressionStream("gzip"), [42]), "TypeError");
});

test("compression formats", () => {
  for (const Ctor of [CompressionStream, DecompressionStream]) {
    assertThrows(() => new Ctor("brotli"), "TypeError");
    assertThrows(() => new Ctor("GZIP"), "TypeError");
    assertThrows(() => new Ctor(), "TypeError");
    const s = new Ctor("deflate-raw");
    assert(s.readable instanceof ReadableStream && s.writable instanceof WritableStream, Ctor.name);
  }
  const getReadable = Object.getOwnPropertyDescriptor(CompressionStream.prototype, "readable").get;
  assertThrows(() => getReadable.call(new DecompressionStream("gzip")), "TypeError",
    "a DecompressionStream is not a CompressionStream");
});

test("canceling a DecompressionStream ends its decoder", async () => {
  const ds = new DecompressionStream("gzip");
  const w = ds.writable.getWriter();
  const whole = fromBase64("H4sIAAAAAAACA8tIzcnJ11EoLilKTcwtBgB7TbklDgAAAA==");
  w.write(whole.subarray(0, 5));
  await flush();
  await ds.readable.cancel("stop");
  await assertRejects(() => w.write(whole.subarray(5)));
});
