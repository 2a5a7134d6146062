// Headers (Fetch standard, "Headers class"), with workerd's getAll.

test("names are case-insensitive and values combine", () => {
  const h = new Headers();
  h.append("Accept", "text/html");
  h.append("accept", "application/json");
  assertEquals(h.get("ACCEPT"), "text/html, application/json");
  assert(h.has("aCcEpT"), "has");
  h.set("Accept", "*/*");
  assertEquals(h.get("accept"), "*/*");
  h.delete("ACCEPT");
  assertEquals(h.get("accept"), null);
  assert(!h.has("accept"), "deleted");
  h.delete("never-there");
});

test("values are normalised: leading and trailing HTTP whitespace goes", () => {
  const h = new Headers({ "X-A": " \t padded \r\n" });
  assertEquals(h.get("x-a"), "padded");
  h.set("x-b", "in  side");
  assertEquals(h.get("x-b"), "in  side", "inner whitespace stays");
  h.append("x-c", "");
  assertEquals(h.get("x-c"), "", "an empty value is a value");
  assert(h.has("x-c"));
});

test("constructor takes records, sequences and Headers", () => {
  const rec = new Headers({ b: "2", A: "1" });
  assertEquals([...rec], [["a", "1"], ["b", "2"]]);
  const seq = new Headers([["x", "1"], ["X", "2"], ["y", "3"]]);
  assertEquals(seq.get("x"), "1, 2");
  const copy = new Headers(seq);
  copy.append("x", "3");
  assertEquals(seq.get("x"), "1, 2", "the copy is independent");
  assertEquals(copy.get("x"), "1, 2, 3");
  const fromMap = new Headers(new Map([["k", "v"]]));
  assertEquals(fromMap.get("k"), "v");
  const gen = new Headers((function* () { yield ["g", "1"]; })());
  assertEquals(gen.get("g"), "1");
  assertEquals([...new Headers()], []);
  assertEquals([...new Headers(undefined)], []);
  const numbers = new Headers({ n: 42 });
  assertEquals(numbers.get("n"), "42", "values convert with ToString");
});

test("constructor rejects bad inits", () => {
  assertThrows(() => new Headers(null), "TypeError", "null");
  assertThrows(() => new Headers("a"), "TypeError", "string");
  assertThrows(() => new Headers(5), "TypeError", "number");
  assertThrows(() => new Headers([["a"]]), "TypeError", "pair of one");
  assertThrows(() => new Headers([["a", "b", "c"]]), "TypeError", "pair of three");
  assertThrows(() => new Headers([1]), "TypeError", "entry not a sequence");
  assertThrows(() => new Headers({ [Symbol.iterator]: 1 }), "TypeError", "iterator not a function");
});

test("invalid names and values throw TypeError", () => {
  const h = new Headers();
  for (const name of ["", "a b", "a:b", "é", "a\n", "(x)", "a\u0000", "\u0100"]) {
    assertThrows(() => h.append(name, "v"), "TypeError", "append " + JSON.stringify(name));
    assertThrows(() => h.get(name), "TypeError", "get " + JSON.stringify(name));
    assertThrows(() => h.has(name), "TypeError", "has " + JSON.stringify(name));
    assertThrows(() => h.delete(name), "TypeError", "delete " + JSON.stringify(name));
    assertThrows(() => h.set(name, "v"), "TypeError", "set " + JSON.stringify(name));
  }
  for (const value of ["a\nb", "a\rb", "a\u0000b", "\u0100", "😀"]) {
    assertThrows(() => h.append("x", value), "TypeError", "value " + JSON.stringify(value));
    assertThrows(() => h.set("x", value), "TypeError", "set value " + JSON.stringify(value));
    assertThrows(() => new Headers({ x: value }), "TypeError", "init value " + JSON.stringify(value));
  }
  // Token characters are all valid in names.
  h.append("!#$%&'*+-.^_`|~09azAZ", "ok");
  assertEquals(h.get("!#$%&'*+-.^_`|~09AZAZ"), "ok");
  assertThrows(() => h.append("x"), "TypeError", "missing value");
  assertThrows(() => h.get(), "TypeError", "missing name");
});

test("values are byte strings: Latin-1 round-trips", () => {
  const h = new Headers({ x: "café ÿ" });
  assertEquals(h.get("x"), "café ÿ");
  assertEquals([...h][0][1], "café ÿ");
});

test("iteration is sorted, lower-case and combined", () => {
  const h = new Headers();
  h.append("Zeta", "z");
  h.append("alpha", "1");
  h.append("Beta", "b");
  h.append("ALPHA", "2");
  assertEquals([...h.keys()], ["alpha", "beta", "zeta"]);
  assertEquals([...h.values()], ["1, 2", "b", "z"]);
  assertEquals([...h.entries()], [["alpha", "1, 2"], ["beta", "b"], ["zeta", "z"]]);
  assert(h[Symbol.iterator] === h.entries, "@@iterator is entries");
  const it = h.keys();
  assertEquals(Object.prototype.toString.call(it), "[object Headers Iterator]");
  assertEquals(it.next().value, "alpha");
  h.append("aaa", "first");
  assertEquals(it.next().value, "alpha", "iteration is live over the sorted list");
  const seen = [];
  h.forEach(function (value, key, obj) {
    seen.push(key + "=" + value);
    assert(obj === h, "third argument");
    assertEquals(this.tag, "t", "thisArg");
  }, { tag: "t" });
  assertEquals(seen, ["aaa=first", "alpha=1, 2", "beta=b", "zeta=z"]);
  assertThrows(() => h.forEach(1), "TypeError", "forEach callback");
});

test("Set-Cookie is never combined in iteration; getSetCookie and getAll", () => {
  const h = new Headers([["Set-Cookie", "a=1"], ["set-cookie", "b=2, c=3"], ["x", "y"]]);
  assertEquals(h.get("set-cookie"), "a=1, b=2, c=3", "get combines");
  assertEquals(h.getSetCookie(), ["a=1", "b=2, c=3"]);
  assertEquals(h.getAll("Set-Cookie"), ["a=1", "b=2, c=3"]);
  assertThrows(() => h.getAll("x"), "TypeError", "getAll of another name");
  assertEquals([...h], [["set-cookie", "a=1"], ["set-cookie", "b=2, c=3"], ["x", "y"]]);
  assertEquals(new Headers().getSetCookie(), []);
});

test("immutable headers throw on every change", () => {
  const h = Response.redirect("https://example.com/", 301).headers;
  assertEquals(h.get("location"), "https://example.com/");
  assertThrows(() => h.set("x", "1"), "TypeError", "set");
  assertThrows(() => h.append("x", "1"), "TypeError", "append");
  assertThrows(() => h.delete("location"), "TypeError", "delete");
  assertEquals(h.get("location"), "https://example.com/", "unchanged");
  const e = Response.error().headers;
  assertThrows(() => e.set("x", "1"), "TypeError", "error response");
});

test("request and response guards let every header through (as workerd)", () => {
  const req = new Request("https://example.com/", { headers: { Host: "h", "Content-Length": "3" } });
  req.headers.set("Cookie", "a=1");
  assertEquals(req.headers.get("cookie"), "a=1");
  assertEquals(req.headers.get("host"), "h");
  const res = new Response("x", { headers: { "Set-Cookie": "s=1" } });
  res.headers.append("Set-Cookie", "t=2");
  assertEquals(res.headers.getSetCookie(), ["s=1", "t=2"]);
});

test("class shape", () => {
  assertEquals(Object.prototype.toString.call(new Headers()), "[object Headers]");
  assertEquals(Headers.name, "Headers");
  assertEquals(Headers.prototype.append.length, 2);
  class MyHeaders extends Headers {
    #secret = 1;
    get secret() { return this.#secret; }
  }
  const m = new MyHeaders({ a: "1" });
  assertEquals(m.get("a"), "1");
  assertEquals(m.secret, 1, "private fields work on subclasses");
  assert(m instanceof Headers);
  assertThrows(() => Headers.prototype.get.call({}, "a"), "TypeError", "receiver");
  assertThrows(() => Headers.prototype.keys.call(new Map()), "TypeError", "iterator receiver");
  const it = new Headers().keys();
  assertThrows(() => it.next.call(new FormData().keys()), "TypeError", "iterator of another class");
  Object.freeze(m);
  assertEquals(m.get("a"), "1", "a frozen Headers still reads");
});
