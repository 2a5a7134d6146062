// Request (Fetch standard, "Request class"), with workerd's cf.

test("defaults of new Request(url)", () => {
  const r = new Request("https://example.com/a?b=1#frag");
  assertEquals(r.url, "https://example.com/a?b=1#frag");
  assertEquals(r.method, "GET");
  assertEquals(r.mode, "cors");
  assertEquals(r.credentials, "same-origin");
  assertEquals(r.cache, "default");
  assertEquals(r.redirect, "follow");
  assertEquals(r.referrer, "about:client");
  assertEquals(r.referrerPolicy, "");
  assertEquals(r.integrity, "");
  assertEquals(r.destination, "");
  assertEquals(r.duplex, "half");
  assertEquals(r.keepalive, false);
  assertEquals(r.isReloadNavigation, false);
  assertEquals(r.isHistoryNavigation, false);
  assertEquals(r.body, null);
  assertEquals(r.bodyUsed, false);
  assertEquals([...r.headers], []);
  assert(r.headers === r.headers, "the same Headers object each time");
  assert(r.signal instanceof AbortSignal, "signal");
  assert(!r.signal.aborted, "not aborted");
  assert(r.signal === r.signal, "the same signal each time");
  assertEquals(r.cf, undefined);
  assertEquals(Object.prototype.toString.call(r), "[object Request]");
});

test("the URL is parsed and serialised", () => {
  assertEquals(new Request("HTTPS://EXAMPLE.com:443/a/../b").url, "https://example.com/b");
  assertEquals(new Request(new URL("http://x.test/p?q")).url, "http://x.test/p?q");
  assertEquals(new Request("http://x.test").url, "http://x.test/");
  assertThrows(() => new Request("/relative"), "TypeError", "relative URL");
  assertThrows(() => new Request("http://"), "TypeError", "invalid URL");
  assertThrows(() => new Request("https://user:pass@example.com/"), "TypeError", "credentials");
  assertThrows(() => new Request(), "TypeError", "no argument");
});

test("methods are checked and normalised", () => {
  const m = (method) => new Request("https://x.test/", { method }).method;
  assertEquals(m("post"), "POST");
  assertEquals(m("Delete"), "DELETE");
  assertEquals(m("options"), "OPTIONS");
  assertEquals(m("patch"), "patch", "PATCH is not normalised");
  assertEquals(m("PROPFIND"), "PROPFIND");
  for (const bad of ["", "a b", "GET\n", "é", "CONNECT", "trace", "Track"]) {
    assertThrows(() => m(bad), "TypeError", "method " + JSON.stringify(bad));
  }
});

test("a body on GET or HEAD throws", () => {
  assertThrows(() => new Request("https://x.test/", { body: "x" }), "TypeError", "GET");
  assertThrows(() => new Request("https://x.test/", { method: "HEAD", body: "x" }), "TypeError", "HEAD");
  assertEquals(new Request("https://x.test/", { body: null }).body, null, "a null body is fine");
  const post = new Request("https://x.test/", { method: "POST", body: "x" });
  assertThrows(() => new Request(post, { method: "GET" }), "TypeError", "GET from a request with a body");
});

test("body types and their Content-Type", async () => {
  const url = "https://x.test/";
  const post = (body, headers) => new Request(url, { method: "POST", body, headers });
  let r = post("héllo");
  assertEquals(r.headers.get("content-type"), "text/plain;charset=UTF-8");
  assertEquals(await r.text(), "héllo");
  r = post(new URLSearchParams("a=1&b=2 3"));
  assertEquals(r.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  assertEquals(await r.text(), "a=1&b=2+3");
  r = post(new Blob(["blob"], { type: "Text/X" }));
  assertEquals(r.headers.get("content-type"), "text/x");
  assertEquals(await r.text(), "blob");
  r = post(new Blob(["untyped"]));
  assertEquals(r.headers.get("content-type"), null, "a Blob without type sets none");
  const buf = new Uint8Array([1, 2, 3, 4]);
  r = post(buf.subarray(1, 3));
  assertEquals(r.headers.get("content-type"), null);
  buf[1] = 9;
  assertEquals([...new Uint8Array(await r.arrayBuffer())], [2, 3], "the view's bytes, copied");
  r = post(buf.buffer);
  assertEquals([...await r.bytes()], [1, 9, 3, 4]);
  r = post("x", { "Content-Type": "application/custom" });
  assertEquals(r.headers.get("content-type"), "application/custom", "an explicit type stays");
  r = post(42);
  assertEquals(await r.text(), "42", "other values are strings");
  r = post({ toString() { return "obj"; } });
  assertEquals(await r.text(), "obj");
});

test("body mixins", async () => {
  const mk = (body, type) => new Request("https://x.test/", {
    method: "PUT", body, headers: type ? { "content-type": type } : {},
  });
  assertEquals(await mk('{"a":[1,2]}').json(), { a: [1, 2] });
  await assertRejects(() => mk("{nope").json(), "SyntaxError", "bad JSON");
  assertEquals(await mk("\uFEFFbom").text(), "bom", "a UTF-8 BOM is dropped");
  const b = await mk("blob me", "Text/Plain; Charset=UTF-8").blob();
  assert(b instanceof Blob, "blob()");
  assertEquals(b.type, "text/plain; charset=utf-8");
  assertEquals(await b.text(), "blob me");
  const ab = await mk("abc").arrayBuffer();
  assert(ab instanceof ArrayBuffer, "arrayBuffer()");
  assertEquals(ab.byteLength, 3);
  const u8 = await mk("abc").bytes();
  assert(u8 instanceof Uint8Array, "bytes()");
  assertEquals([...u8], [97, 98, 99]);
  const fd = await mk("a=1&a=2&b=%C3%A9", "application/x-www-form-urlencoded").formData();
  assertEquals(fd.getAll("a"), ["1", "2"]);
  assertEquals(fd.get("b"), "é");
  await assertRejects(() => mk("x", "text/plain").formData(), "TypeError", "formData of text");
  assertEquals(await new Request("https://x.test/").text(), "", "a null body reads as empty");
  assertEquals(await new Request("https://x.test/").arrayBuffer().then((x) => x.byteLength), 0);
});

test("a body can be read once", async () => {
  const r = new Request("https://x.test/", { method: "POST", body: "once" });
  assertEquals(r.bodyUsed, false);
  const p = r.text();
  assertEquals(r.bodyUsed, true, "used as soon as reading starts");
  await assertRejects(() => r.text(), "TypeError", "second read");
  await assertRejects(() => r.json(), "TypeError", "second read, json");
  assertEquals(await p, "once");
  assertThrows(() => r.clone(), "TypeError", "clone of a used body");
  assertThrows(() => new Request(r), "TypeError", "new Request of a used body");
  await assertRejects(() => fetch(r), "TypeError", "fetch of a used body");
  const empty = new Request("https://x.test/");
  await empty.text();
  assertEquals(empty.bodyUsed, false, "a null body is never used");
  await empty.text();
});

test("init fields", () => {
  const ac = new AbortController();
  const cf = { cacheTtl: 5 };
  const r = new Request("https://x.test/", {
    method: "POST", body: "b", headers: { a: "1" }, redirect: "manual", mode: "same-origin",
    credentials: "include", cache: "no-store", referrer: "https://ref.test/x",
    referrerPolicy: "origin", integrity: "sha256-abc", keepalive: true, signal: ac.signal,
    duplex: "half", priority: "high", cf, window: null,
  });
  assertEquals(r.redirect, "manual");
  assertEquals(r.mode, "same-origin");
  assertEquals(r.credentials, "include");
  assertEquals(r.cache, "no-store");
  assertEquals(r.referrer, "https://ref.test/x");
  assertEquals(r.referrerPolicy, "origin");
  assertEquals(r.integrity, "sha256-abc");
  assertEquals(r.keepalive, true);
  assert(r.cf === cf, "cf is the init object");
  assertEquals(r.headers.get("a"), "1");
  assertEquals(new Request("https://x.test/", { referrer: "" }).referrer, "");
  for (const [field, value] of [["mode", "navigate"], ["mode", "x"], ["redirect", "never"],
    ["credentials", "all"], ["cache", "sometimes"], ["referrerPolicy", "bogus"],
    ["duplex", "full"], ["priority", "urgent"], ["referrer", "not a url"],
    ["cache", "only-if-cached"], ["window", {}], ["signal", {}], ["headers", 5]]) {
    assertThrows(() => new Request("https://x.test/", { [field]: value }), "TypeError",
      field + "=" + JSON.stringify(value));
  }
  assertEquals(new Request("https://x.test/", { cache: "only-if-cached", mode: "same-origin" }).cache,
    "only-if-cached");
  assertThrows(() => new Request("https://x.test/", 5), "TypeError", "init not an object");
});

test("signals follow init.signal and the input request", () => {
  const ac = new AbortController();
  const r = new Request("https://x.test/", { signal: ac.signal });
  assert(r.signal !== ac.signal, "a signal of its own");
  const derived = new Request(r);
  const cloned = r.clone();
  const unlinked = new Request(r, { signal: null });
  ac.abort("why");
  assert(r.signal.aborted, "follows init.signal");
  assertEquals(r.signal.reason, "why");
  assert(derived.signal.aborted, "new Request(request) follows");
  assert(cloned.signal.aborted, "clone follows");
  assert(!unlinked.signal.aborted, "signal: null unlinks");
  const pre = new Request("https://x.test/", { signal: AbortSignal.abort("early") });
  assert(pre.signal.aborted && pre.signal.reason === "early", "an aborted signal");
});

test("new Request(request) copies and takes the body", async () => {
  const src = new Request("https://x.test/p", {
    method: "POST", body: "payload", headers: { a: "1" }, cf: { c: 1 }, redirect: "error",
  });
  const copy = new Request(src);
  assertEquals(copy.url, "https://x.test/p");
  assertEquals(copy.method, "POST");
  assertEquals(copy.redirect, "error");
  assertEquals(copy.cf.c, 1);
  copy.headers.set("a", "2");
  assertEquals(src.headers.get("a"), "1", "headers are copied");
  assertEquals(src.bodyUsed, true, "the input's body moved");
  assertEquals(await copy.text(), "payload");
  const src2 = new Request("https://x.test/", { method: "POST", body: "keep" });
  const other = new Request(src2, { body: "new" });
  assertEquals(src2.bodyUsed, false, "a new body leaves the input's alone");
  assertEquals(await other.text(), "new");
  assertEquals(await src2.text(), "keep");
  const h = new Request("https://x.test/", { headers: { a: "1" } });
  assertEquals(new Request(h, { headers: { b: "2" } }).headers.get("a"), null,
    "init.headers replaces the input's headers");
});

test("clone", async () => {
  const r = new Request("https://x.test/", { method: "POST", body: "twice", headers: { a: "1" } });
  const c = r.clone();
  assert(c !== r && c instanceof Request);
  c.headers.set("a", "2");
  assertEquals(r.headers.get("a"), "1");
  assertEquals(await c.text(), "twice");
  assertEquals(await r.text(), "twice");
});

test("subclasses", async () => {
  class Tagged extends Request {
    #tag;
    constructor(url, tag) { super(url); this.#tag = tag; }
    get tag() { return this.#tag; }
  }
  const t = new Tagged("https://x.test/", "t1");
  assertEquals(t.tag, "t1");
  assertEquals(t.url, "https://x.test/");
  assert(t instanceof Request);
  assertThrows(() => Request.prototype.clone.call({}), "TypeError", "receiver");
  assertThrows(() => Object.getOwnPropertyDescriptor(Request.prototype, "url").get.call(new Response()),
    "TypeError", "a Response is not a Request");
  await assertRejects(() => Request.prototype.text.call({}), "TypeError", "body mixin receiver");
});
