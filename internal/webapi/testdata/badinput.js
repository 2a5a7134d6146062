// Calls every URL, encoding, crypto, fetch-family and streams entry point with bad
// arguments and receivers. Each call must return, throw or reject with a JavaScript
// error: a Go panic would end the test binary instead.
const bad = [undefined, null, 0, -1, 2 ** 53, NaN, "", "x", {}, [], [[]], [["a"]], Symbol("s"),
  () => 1, new ArrayBuffer(3), new Uint8Array(5), new Float64Array(1), new DataView(new ArrayBuffer(2)),
  {name: "HMAC"}, {name: "AES-GCM", iv: 1}, {name: "ECDSA", namedCurve: {}}, {kty: "EC"},
  {get name() { throw new Error("getter"); }}, new Proxy({}, {get() { throw new RangeError("trap"); }})];

function targets() {
  const out = [];
  const add = (label, obj, names) => {
    for (const n of names) if (typeof obj[n] === "function") out.push([label + "." + n, obj, obj[n]]);
  };
  add("URL", URL, ["canParse", "parse"]);
  add("url", new URL("http://a.example/?a=1"), ["toString", "toJSON"]);
  add("params", new URLSearchParams("a=1"), ["append", "delete", "get", "getAll", "has", "set",
    "sort", "forEach", "entries", "keys", "values", "toString"]);
  add("encoder", new TextEncoder(), ["encode", "encodeInto"]);
  add("decoder", new TextDecoder(), ["decode"]);
  add("global", globalThis, ["atob", "btoa"]);
  add("crypto", crypto, ["getRandomValues", "randomUUID"]);
  add("subtle", crypto.subtle, ["digest", "encrypt", "decrypt", "sign", "verify", "generateKey",
    "deriveBits", "deriveKey", "importKey", "exportKey", "timingSafeEqual"]);
  const bodyMethods = ["arrayBuffer", "blob", "bytes", "formData", "json", "text", "clone"];
  add("headers", new Headers({ a: "1" }), ["append", "delete", "get", "getAll", "getSetCookie",
    "has", "set", "forEach", "entries", "keys", "values"]);
  add("request", new Request("https://a.example/", { method: "POST", body: "x" }), bodyMethods);
  add("response", new Response("x"), bodyMethods);
  add("Response", Response, ["error", "redirect", "json"]);
  add("blob", new Blob(["abc"]), ["slice", "text", "arrayBuffer", "bytes"]);
  add("file", new File(["abc"], "f"), ["slice", "text"]);
  add("formdata", new FormData(), ["append", "delete", "get", "getAll", "has", "set", "forEach",
    "entries", "keys", "values"]);
  add("global", globalThis, ["fetch"]);
  add("fetcher", FETCHER, ["fetch"]);
  add("iterator", new Headers().keys(), ["next"]);
  add("iterator", new FormData().keys(), ["next"]);
  return out;
}

test("bad arguments never crash", async () => {
  let calls = 0;
  for (const [label, obj, fn] of targets()) {
    for (const a of bad) {
      for (const args of [[a], [a, a], ["raw", a, a, a, a], ["SHA-256", a], [a, a, a, a, a]]) {
        for (const self of [obj, a]) {
          calls++;
          try {
            const r = fn.apply(self, args);
            if (r && typeof r.then === "function") await r.catch((e) => assert(e instanceof Object, label));
          } catch (e) {
            assert(typeof e === "object" && e !== null, label + " threw a non-object");
          }
        }
      }
    }
  }
  assert(calls > 1000, "calls made: " + calls);
});

test("bad accessors never crash", () => {
  const protos = [URL.prototype, URLSearchParams.prototype, TextEncoder.prototype,
    TextDecoder.prototype, CryptoKey.prototype, Crypto.prototype, Headers.prototype,
    Request.prototype, Response.prototype, Blob.prototype, File.prototype, FormData.prototype];
  for (const proto of protos) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const d = Object.getOwnPropertyDescriptor(proto, name);
      for (const self of bad) {
        if (d.get) assertThrows(() => d.get.call(self), "TypeError", name);
        if (d.set) assertThrows(() => d.set.call(self, "x"), "TypeError", name);
      }
    }
  }
  for (const Ctor of [URL, URLSearchParams, TextEncoder, TextDecoder, Headers, Request, Response,
    Blob, File, FormData]) {
    for (const a of bad) {
      try { new Ctor(a, a); } catch (e) { assert(typeof e === "object", Ctor.name); }
    }
  }
});

// Streams: a promise a stream method returns may stay pending (a read of an empty
// stream), so the sweep does not wait for them; it lets them settle at the end.
const flushStreams = () => new Promise((resolve) => setTimeout(resolve, 0));

function streamTargets() {
  const out = [];
  const add = (label, obj, names) => {
    for (const n of names) if (typeof obj[n] === "function") out.push([label + "." + n, obj, obj[n]]);
  };
  let dc, bc, bc2, wc, tc;
  new ReadableStream({ start(c) { dc = c; } });
  new ReadableStream({ type: "bytes", start(c) { bc = c; } });
  const withRequest = new ReadableStream({ type: "bytes", start(c) { bc2 = c; } });
  withRequest.getReader({ mode: "byob" }).read(new Uint8Array(4)).catch(() => {});
  new WritableStream({ start(c) { wc = c; } });
  new TransformStream({ start(c) { tc = c; } });
  add("ReadableStream", ReadableStream, ["from"]);
  add("readable", new ReadableStream({ pull(c) { c.enqueue(1); } }),
    ["cancel", "getReader", "pipeThrough", "pipeTo", "tee", "values"]);
  add("bytes", new ReadableStream({ type: "bytes" }), ["getReader", "tee", "pipeTo"]);
  add("defaultController", dc, ["close", "enqueue", "error"]);
  add("byteController", bc, ["close", "enqueue", "error"]);
  add("byobRequest", bc2.byobRequest, ["respond", "respondWithNewView"]);
  add("defaultReader", new ReadableStream().getReader(), ["read", "releaseLock", "cancel"]);
  add("byobReader", new ReadableStream({ type: "bytes" }).getReader({ mode: "byob" }),
    ["read", "readAtLeast", "releaseLock", "cancel"]);
  add("iterator", new ReadableStream().values(), ["next", "return"]);
  add("writable", new WritableStream(), ["abort", "close", "getWriter"]);
  add("writer", new WritableStream().getWriter(), ["abort", "close", "releaseLock", "write"]);
  add("writableController", wc, ["error"]);
  add("transformController", tc, ["enqueue", "error", "terminate"]);
  const sizes = { byteLength: new ByteLengthQueuingStrategy({ highWaterMark: 1 }).size,
    count: new CountQueuingStrategy({ highWaterMark: 1 }).size };
  add("strategy", sizes, ["byteLength", "count"]);
  return out;
}

const streamClasses = [ReadableStream, WritableStream, TransformStream, ReadableStreamDefaultReader,
  ReadableStreamBYOBReader, ReadableStreamDefaultController, ReadableByteStreamController,
  ReadableStreamBYOBRequest, WritableStreamDefaultWriter, WritableStreamDefaultController,
  TransformStreamDefaultController, ByteLengthQueuingStrategy, CountQueuingStrategy,
  TextEncoderStream, TextDecoderStream, CompressionStream, DecompressionStream];

test("streams: bad arguments and receivers never crash", async () => {
  let calls = 0;
  for (const [label, obj, fn] of streamTargets()) {
    for (const a of bad) {
      for (const args of [[a], [a, a], [a, a, a]]) {
        for (const self of [obj, a]) {
          calls++;
          try {
            const r = fn.apply(self, args);
            if (r && typeof r.then === "function") r.then(() => {}, () => {});
          } catch (e) {
            assert(typeof e === "object" && e !== null, label + " threw a non-object");
          }
        }
      }
    }
  }
  await flushStreams();
  await flushStreams();
  assert(calls > 1000, "calls made: " + calls);
});

test("streams: bad accessors and constructors never crash", async () => {
  for (const C of streamClasses) {
    for (const name of Object.getOwnPropertyNames(C.prototype)) {
      const d = Object.getOwnPropertyDescriptor(C.prototype, name);
      for (const self of bad) {
        if (d.get) {
          try {
            const r = d.get.call(self);
            // Attributes of a promise type reject instead of throwing.
            assert(r && typeof r.then === "function", C.name + "." + name + " did not throw");
            await assertRejects(() => r, "TypeError", C.name + "." + name);
          } catch (e) {
            assertEquals(e.name, "TypeError", C.name + "." + name);
          }
        }
      }
    }
    for (const a of bad) {
      try { new C(a, a, a); } catch (e) { assert(typeof e === "object", C.name); }
    }
  }
});

test("streams: callbacks returning and throwing bad values never crash", async () => {
  for (const a of bad) {
    const thrower = () => { throw a; };
    const giver = () => a;
    for (const cb of [thrower, giver]) {
      try {
        const rs = new ReadableStream({ pull: cb, cancel: cb }, { size: cb, highWaterMark: 2 });
        const r = rs.getReader();
        r.read().catch(() => {});
        r.cancel(a).catch(() => {});
      } catch (e) { /* size or start */ }
      try {
        const bytes = new ReadableStream({ type: "bytes", pull: cb, cancel: cb, autoAllocateChunkSize: 8 });
        bytes.getReader().read().catch(() => {});
      } catch (e) { /* start */ }
      try {
        const ws = new WritableStream({ write: cb, close: cb, abort: cb }, { size: cb });
        const w = ws.getWriter();
        w.write(a).catch(() => {});
        w.close().catch(() => {});
        w.abort(a).catch(() => {});
      } catch (e) { /* start */ }
      try {
        const ts = new TransformStream({ transform: cb, flush: cb, cancel: cb }, { size: cb },
          { size: cb });
        ts.writable.getWriter().write(a).catch(() => {});
        ts.readable.getReader().read().catch(() => {});
        ReadableStream.from([a, a]).pipeThrough(new TransformStream({ transform: cb }))
          .pipeTo(new WritableStream({ write: cb })).catch(() => {});
      } catch (e) { /* start */ }
      try {
        ReadableStream.from({ [Symbol.asyncIterator]: () => ({ next: cb, return: cb }) })
          .getReader().read().catch(() => {});
      } catch (e) { /* not iterable */ }
    }
    for (const Ctor of [TextDecoderStream, DecompressionStream]) {
      const s = Ctor === TextDecoderStream ? new Ctor() : new Ctor("gzip");
      s.writable.getWriter().write(a).catch(() => {});
      s.readable.getReader().read().catch(() => {});
    }
  }
  await flushStreams();
  await flushStreams();
});
