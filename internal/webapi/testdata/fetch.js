// Global fetch() to the network: a loopback server at SERVER (fetch_network_test.go);
// CLOSED is an address where nothing listens.

test("a plain GET", async () => {
  const r = await fetch(SERVER + "/text");
  assert(r instanceof Response);
  assertEquals(r.status, 200);
  assertEquals(r.statusText, "OK");
  assertEquals(r.ok, true);
  assertEquals(r.type, "default");
  assertEquals(r.url, SERVER + "/text");
  assertEquals(r.redirected, false);
  assertEquals(r.headers.get("content-type"), "text/plain; charset=utf-8");
  assertEquals(r.headers.get("x-custom"), "yes");
  assertEquals(r.bodyUsed, false);
  assertEquals(await r.text(), "hello");
  assertEquals(r.bodyUsed, true);
});

test("responses from the network have immutable headers", async () => {
  const r = await fetch(SERVER + "/text");
  assertThrows(() => r.headers.set("x", "1"), "TypeError", "set");
  assertThrows(() => r.headers.append("x", "1"), "TypeError", "append");
  assertThrows(() => r.headers.delete("x-custom"), "TypeError", "delete");
  const copy = new Response("re-wrapped", r);
  copy.headers.set("x", "1");
  assertEquals(copy.headers.get("x-custom"), "yes", "new Response(body, response) copies them");
  await r.text();
});

test("request method, headers and body reach the server", async () => {
  const r = await fetch(SERVER + "/echo?q=1", {
    method: "POST", body: JSON.stringify({ a: 1 }),
    headers: { "Content-Type": "application/json", "X-Test": "t" },
  });
  const got = await r.json();
  assertEquals(got.method, "POST");
  assertEquals(got.path, "/echo?q=1");
  assertEquals(got.body, '{"a":1}');
  assertEquals(got.contentType, "application/json");
  assertEquals(got.x, "t");
  assertEquals(got.contentLength, 7, "a known length is sent");
  const viaRequest = await fetch(new Request(SERVER + "/echo", { method: "PUT", body: "from a Request" }));
  const v = await viaRequest.json();
  assertEquals(v.method, "PUT");
  assertEquals(v.body, "from a Request");
  assertEquals(v.contentType, "text/plain;charset=UTF-8");
  const fd = new FormData();
  fd.append("f", new File(["up"], "u.txt"));
  const mp = await (await fetch(SERVER + "/echo", { method: "POST", body: fd })).json();
  assert(mp.contentType.startsWith("multipart/form-data; boundary="), mp.contentType);
  assert(mp.body.includes('filename="u.txt"'), mp.body);
  const init = await fetch(new URL(SERVER + "/echo"), { method: "DELETE" });
  assertEquals((await init.json()).method, "DELETE", "a URL object as input");
});

test("redirect: follow", async () => {
  const r = await fetch(SERVER + "/redirect?n=3");
  assertEquals(r.status, 200);
  assertEquals(r.redirected, true);
  assertEquals(r.url, SERVER + "/text");
  assertEquals(await r.text(), "hello");
  const post = await fetch(SERVER + "/redirect307", { method: "POST", body: "replayed" });
  const echoed = await post.json();
  assertEquals(echoed.method, "POST", "307 keeps the method");
  assertEquals(echoed.body, "replayed", "and the body");
  await assertRejects(() => fetch(SERVER + "/redirect?n=25"), "TypeError", "more than 20 redirects");
});

test("redirect: manual returns the redirect", async () => {
  const r = await fetch(SERVER + "/redirect?n=1", { redirect: "manual" });
  assertEquals(r.status, 302);
  assertEquals(r.headers.get("location"), "/text");
  assertEquals(r.redirected, false);
  assertEquals(r.url, SERVER + "/redirect?n=1");
  await r.text();
});

test("redirect: error rejects", async () => {
  const e = await assertRejects(() => fetch(SERVER + "/redirect?n=1", { redirect: "error" }), "TypeError");
  assert(e.message.includes("redirect"), e.message);
  const ok = await fetch(SERVER + "/text", { redirect: "error" });
  assertEquals(await ok.text(), "hello", "no redirect, no error");
});

test("abort before, during and after", async () => {
  const early = await assertRejects(() => fetch(SERVER + "/text", { signal: AbortSignal.abort() }), "AbortError");
  assert(early instanceof DOMException, "the default reason is a DOMException");
  await assertRejects(() => fetch(SERVER + "/text", { signal: AbortSignal.abort(new RangeError("mine")) }),
    "RangeError", "the signal's own reason");
  const ac = new AbortController();
  const p = fetch(SERVER + "/slow", { signal: ac.signal });
  setTimeout(() => ac.abort(), 20);
  await assertRejects(() => p, "AbortError", "during");
  const ac2 = new AbortController();
  const r = await fetch(SERVER + "/hang-body", { signal: ac2.signal });
  assertEquals(r.status, 200);
  const body = r.text();
  setTimeout(() => ac2.abort(), 20);
  await assertRejects(() => body, "TypeError", "the body fails once aborted");
  const req = new Request(SERVER + "/slow", { signal: AbortSignal.timeout(30) });
  await assertRejects(() => fetch(req), "TimeoutError", "a Request's signal");
});

test("timeouts with AbortSignal.timeout", async () => {
  const started = Date.now();
  const e = await assertRejects(() => fetch(SERVER + "/slow", { signal: AbortSignal.timeout(50) }),
    "TimeoutError");
  assert(e instanceof DOMException);
  assert(Date.now() - started < 2000, "rejected at the timeout, not when the server answered");
  // The timer stays pending in the test loop until it fires: keep it short.
  const fast = await fetch(SERVER + "/text", { signal: AbortSignal.timeout(300) });
  assertEquals(await fast.text(), "hello");
});

test("streamed response bodies arrive whole", async () => {
  const r = await fetch(SERVER + "/drip");
  assertEquals(await r.text(), "chunk0;chunk1;chunk2;chunk3;chunk4;");
  const big = await fetch(SERVER + "/big?n=1048576");
  assertEquals(big.headers.get("content-length"), "1048576");
  assertEquals((await big.arrayBuffer()).byteLength, 1048576);
});

test("clone of a network response", async () => {
  const r = await fetch(SERVER + "/drip");
  const c = r.clone();
  assertThrows(() => c.headers.set("x", "1"), "TypeError", "the clone's headers are immutable too");
  const [a, b] = await Promise.all([r.text(), c.text()]);
  assertEquals(a, "chunk0;chunk1;chunk2;chunk3;chunk4;");
  assertEquals(b, a);
});

test("status codes, cookies, HEAD and no-content", async () => {
  const nf = await fetch(SERVER + "/status/404");
  assertEquals(nf.status, 404);
  assertEquals(nf.ok, false);
  assertEquals(nf.statusText, "Not Found");
  const se = await fetch(SERVER + "/status/503");
  assertEquals(se.status, 503);
  const c = await fetch(SERVER + "/cookies");
  assertEquals(c.headers.getSetCookie(), ["a=1; Path=/", "b=2, c=3"]);
  const head = await fetch(SERVER + "/text", { method: "HEAD" });
  assertEquals(head.headers.get("x-custom"), "yes");
  assertEquals(await head.text(), "");
  const nc = await fetch(SERVER + "/status/204");
  assertEquals(nc.status, 204);
  assertEquals(await nc.text(), "");
});

test("content encoding", async () => {
  const z = await fetch(SERVER + "/gzip");
  assertEquals(await z.text(), "unzipped", "decoded when the script did not ask for an encoding");
  const raw = await fetch(SERVER + "/gzip", { headers: { "Accept-Encoding": "gzip" } });
  assertEquals(raw.headers.get("content-encoding"), "gzip", "left alone when it did");
  const bytes = await raw.bytes();
  assertEquals(bytes[0], 0x1f);
  assertEquals(bytes[1], 0x8b);
});

test("network errors and bad input reject with TypeError", async () => {
  const e = await assertRejects(() => fetch(CLOSED + "/x"), "TypeError", "connection refused");
  assert(e.message.includes(CLOSED), e.message);
  await assertRejects(() => fetch("ftp://example.com/"), "TypeError", "ftp");
  await assertRejects(() => fetch("data:text/plain,hi"), "TypeError", "data:");
  await assertRejects(() => fetch("/relative"), "TypeError", "relative URL");
  await assertRejects(() => fetch(), "TypeError", "no argument");
  await assertRejects(() => fetch(SERVER, { method: "GET", body: "x" }), "TypeError", "GET with a body");
  await assertRejects(() => fetch(SERVER, { headers: { "a b": "c" } }), "TypeError", "bad header");
  await assertRejects(() => fetch(SERVER, { redirect: "sometimes" }), "TypeError", "bad redirect mode");
  assertEquals(fetch.length, 1);
  assertEquals(fetch.name, "fetch");
});
