// Response (Fetch standard, "Response class").

test("defaults of new Response()", () => {
  const r = new Response();
  assertEquals(r.status, 200);
  assertEquals(r.statusText, "");
  assertEquals(r.ok, true);
  assertEquals(r.type, "default");
  assertEquals(r.url, "");
  assertEquals(r.redirected, false);
  assertEquals(r.body, null);
  assertEquals(r.bodyUsed, false);
  assertEquals(r.webSocket, null);
  assertEquals(r.cf, undefined);
  assertEquals([...r.headers], []);
  assertEquals(Object.prototype.toString.call(r), "[object Response]");
});

test("bodies and Content-Type", async () => {
  const r = new Response("hi there", { status: 201, statusText: "Created", headers: { "X-A": "1" } });
  assertEquals(r.status, 201);
  assertEquals(r.statusText, "Created");
  assertEquals(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  assertEquals(r.headers.get("x-a"), "1");
  assertEquals(await r.text(), "hi there");
  const bytes = new Response(new Uint8Array([0xe2, 0x82, 0xac]));
  assertEquals(bytes.headers.get("content-type"), null);
  assertEquals(await bytes.text(), "€");
  assertEquals(await new Response(new Uint8Array([0xff, 0x41])).text(), "\uFFFDA", "invalid UTF-8");
  assertEquals(await new Response(null).text(), "");
  assertEquals(await new Response(undefined, { status: 404 }).text(), "");
});

test("status is checked: 200 to 599, else RangeError", () => {
  for (const s of [200, 204, 299, 300, 404, 599, "201", 201.9]) {
    new Response(null, { status: s });
  }
  assertEquals(new Response(null, { status: "201" }).status, 201);
  assertEquals(new Response(null, { status: 201.9 }).status, 201);
  assertEquals(new Response(null, { status: 65536 + 200 }).status, 200, "unsigned short wraps");
  for (const s of [0, 100, 101, 199, 600, 999, -200, NaN, "abc"]) {
    assertThrows(() => new Response(null, { status: s }), "RangeError", "status " + s);
  }
  assertEquals(new Response(null, { status: 299 }).ok, true);
  assertEquals(new Response(null, { status: 300 }).ok, false);
  assertEquals(new Response(null, { status: 199 + 1 }).ok, true);
});

test("statusText must be a reason phrase", () => {
  assertEquals(new Response(null, { statusText: "Très bien" }).statusText, "Très bien");
  for (const t of ["a\nb", "a\rb", "\u0000", "\u0100", "\u007f"]) {
    assertThrows(() => new Response(null, { statusText: t }), "TypeError", JSON.stringify(t));
  }
});

test("null body statuses refuse a body", () => {
  for (const s of [204, 205, 304]) {
    assertThrows(() => new Response("x", { status: s }), "TypeError", "status " + s);
    assertThrows(() => new Response("", { status: s }), "TypeError", "empty string, status " + s);
    assertEquals(new Response(null, { status: s }).status, s);
  }
});

test("init is checked", () => {
  assertThrows(() => new Response(null, 5), "TypeError", "init not an object");
  assertThrows(() => new Response(null, { headers: [["a"]] }), "TypeError", "bad headers");
  assertThrows(() => new Response(null, { headers: { "a b": "1" } }), "TypeError", "bad header name");
  assertThrows(() => new Response(null, { encodeBody: "gzip" }), "TypeError", "encodeBody");
  assertThrows(() => new Response(null, { webSocket: {} }), "TypeError", "webSocket");
  const cf = { cacheTtl: 1 };
  assert(new Response(null, { cf }).cf === cf, "cf");
  new Response(null, { encodeBody: "manual" });
});

test("Response.json", async () => {
  const r = Response.json({ a: [1, "x"], b: null });
  assertEquals(r.status, 200);
  assertEquals(r.headers.get("content-type"), "application/json");
  assertEquals(await r.text(), '{"a":[1,"x"],"b":null}');
  const s = Response.json("é", { status: 202, headers: { "content-type": "application/vnd+json" } });
  assertEquals(s.status, 202);
  assertEquals(s.headers.get("content-type"), "application/vnd+json", "an explicit type stays");
  assertEquals(await s.json(), "é");
  s.headers.set("x", "mutable");
  assertThrows(() => Response.json(undefined), "TypeError", "undefined");
  assertThrows(() => Response.json(() => 1), "TypeError", "a function");
  assertThrows(() => Response.json(Symbol("s")), "TypeError", "a symbol");
  assertThrows(() => Response.json(1n), "TypeError", "a BigInt");
  assertThrows(() => Response.json({}, { status: 204 }), "TypeError", "null body status");
  assertThrows(() => Response.json({}, { status: 700 }), "RangeError", "bad status");
  const cyclic = {};
  cyclic.self = cyclic;
  assertThrows(() => Response.json(cyclic), "TypeError", "cyclic");
  assertEquals(Response.json.length, 1);
});

test("Response.redirect takes a string or a URL", () => {
  const r = Response.redirect("https://example.com/a b");
  assertEquals(r.status, 302);
  assertEquals(r.headers.get("location"), "https://example.com/a%20b");
  assertEquals(r.body, null);
  assertEquals(r.type, "default");
  const u = Response.redirect(new URL("/new-path", "https://x.test/old-path"), 301);
  assertEquals(u.status, 301);
  assertEquals(u.headers.get("Location"), "https://x.test/new-path");
  for (const s of [301, 302, 303, 307, 308]) {
    assertEquals(Response.redirect("https://x.test/", s).status, s);
  }
  for (const s of [200, 300, 304, 399, 0]) {
    assertThrows(() => Response.redirect("https://x.test/", s), "RangeError", "status " + s);
  }
  assertThrows(() => Response.redirect("/relative"), "TypeError", "relative URL");
  assertThrows(() => Response.redirect(), "TypeError", "no URL");
  assertThrows(() => r.headers.set("location", "x"), "TypeError", "immutable headers");
});

test("Response.error", () => {
  const e = Response.error();
  assertEquals(e.type, "error");
  assertEquals(e.status, 0);
  assertEquals(e.ok, false);
  assertEquals(e.statusText, "");
  assertEquals(e.body, null);
  assertThrows(() => e.headers.append("a", "b"), "TypeError", "immutable");
  assert(e.clone().type === "error", "clone keeps the type");
});

test("a body can be read once; clone reads twice", async () => {
  const r = new Response("abc", { headers: { a: "1" } });
  const c = r.clone();
  c.headers.set("a", "2");
  assertEquals(r.headers.get("a"), "1", "clone has its own headers");
  assertEquals(await r.text(), "abc");
  assertEquals(r.bodyUsed, true);
  await assertRejects(() => r.arrayBuffer(), "TypeError", "second read");
  assertThrows(() => r.clone(), "TypeError", "clone after read");
  assertEquals(c.bodyUsed, false);
  assertEquals(await c.text(), "abc");
  assertEquals(new Response().bodyUsed, false);
  const clonedRedirect = Response.redirect("https://x.test/").clone();
  assertThrows(() => clonedRedirect.headers.set("a", "b"), "TypeError", "guard survives clone");
});

test("blob and formData", async () => {
  const b = await new Response("x", { headers: { "Content-Type": "Image/PNG" } }).blob();
  assertEquals(b.type, "image/png");
  assertEquals(b.size, 1);
  const noType = await new Response(new Uint8Array(2)).blob();
  assertEquals(noType.type, "");
  const fd = new FormData();
  fd.append("k", "v");
  const round = await new Response(fd).formData();
  assertEquals(round.get("k"), "v");
});

test("subclasses", async () => {
  class JSONResponse extends Response {
    #data;
    constructor(data, init) {
      super(JSON.stringify(data), { ...init, headers: { "content-type": "application/json" } });
      this.#data = data;
    }
    get data() { return this.#data; }
  }
  const j = new JSONResponse({ ok: true }, { status: 418 });
  assert(j instanceof Response);
  assertEquals(j.status, 418);
  assertEquals(j.data, { ok: true });
  assertEquals(await j.json(), { ok: true });
  assertThrows(() => Object.getOwnPropertyDescriptor(Response.prototype, "status").get.call({}),
    "TypeError", "receiver");
  assertThrows(() => Response.prototype.clone.call(new Request("https://x.test/")), "TypeError");
});

test("bytes handed out are the script's own", async () => {
  const r = new Response("abc");
  const c = r.clone();
  const blob = await c.clone().blob();
  const ab = await r.arrayBuffer();
  new Uint8Array(ab)[0] = 0x7a;
  const u8 = await c.bytes();
  u8[1] = 0x7a;
  assertEquals(await blob.text(), "abc", "the clones and the Blob keep their bytes");
  const src = new Uint8Array([1, 2, 3]);
  const fromBytes = new Response(src);
  src[0] = 9;
  assertEquals([...await fromBytes.bytes()], [1, 2, 3], "the body copies its source");
});
