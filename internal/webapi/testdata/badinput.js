// Calls every URL, encoding, crypto and fetch-family entry point with bad arguments and receivers.
// Each call must return, throw or reject with a JavaScript error: a Go panic would end
// the test binary instead.
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
