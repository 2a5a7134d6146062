// URL and URLSearchParams behaviour beyond the WPT data files, with expectations worked
// out from the WHATWG URL standard.
test("URL accessors and origin", () => {
  const u = new URL("HTTPS://user:pa ss@EXAMPLE.com:443/a/./b/../c?x=1&y=%20#frag");
  assertEquals(u.href, "https://user:pa%20ss@example.com/a/c?x=1&y=%20#frag");
  assertEquals(u.origin, "https://example.com");
  assertEquals(u.port, "");
  assertEquals(u.host, "example.com");
  assertEquals(String(u), u.href);
  assertEquals(JSON.stringify({u}), JSON.stringify({u: u.href}));
  assertEquals(Object.prototype.toString.call(u), "[object URL]");
  assertEquals(new URL("blob:https://a.example:8443/uuid").origin, "https://a.example:8443");
  assertEquals(new URL("blob:ftp://a.example/uuid").origin, "null");
  assertEquals(new URL("data:text/plain,hi").origin, "null");
  assertEquals(new URL("/x?q", "http://h.example/a/b").href, "http://h.example/x?q");
  assertEquals(new URL("../d", new URL("http://h.example/a/b/c")).href, "http://h.example/a/d");
});

test("URL errors", () => {
  assertThrows(() => new URL("not a url"), "TypeError");
  assertThrows(() => new URL("/x", "also not"), "TypeError");
  assertThrows(() => new URL(), "TypeError");
  const u = new URL("http://a.example/");
  assertThrows(() => { u.href = "nope"; }, "TypeError");
  assertEquals(u.href, "http://a.example/");
  const get = Object.getOwnPropertyDescriptor(URL.prototype, "href").get;
  assertThrows(() => get.call({}), "TypeError");
  assertThrows(() => URL.prototype.toString.call(new URLSearchParams()), "TypeError");
  assertEquals(URL.canParse("http://x"), true);
  assertEquals(URL.canParse("x", "http://y/"), true);
  assertEquals(URL.canParse("x"), false);
  assertEquals(URL.parse("x"), null);
  assertEquals(URL.parse("/p", "http://y/").href, "http://y/p");
  assert(URL.parse("http://z/") instanceof URL);
});

test("URL setters stay silent on bad values", () => {
  const u = new URL("https://a.example:8080/p");
  u.port = "x";
  assertEquals(u.port, "8080");
  u.port = "443";
  assertEquals(u.port, "");
  u.port = "444";
  u.protocol = "http";
  assertEquals(u.href, "http://a.example:444/p");
  u.protocol = "mailto"; // special to non-special: ignored
  u.hostname = "b.example";
  u.pathname = "q r";
  u.hash = "h";
  assertEquals(u.href, "http://b.example:444/q%20r#h");
});

test("searchParams is live both ways", () => {
  const u = new URL("https://a.example/?a=1&b=2&a=3");
  const sp = u.searchParams;
  assert(sp === u.searchParams, "same object");
  assertEquals(sp.get("a"), "1");
  assertEquals(sp.getAll("a"), ["1", "3"]);
  assertEquals(sp.size, 3);
  sp.append("c", "x y");
  assertEquals(u.search, "?a=1&b=2&a=3&c=x+y");
  u.search = "?z=%F0%9F%98%80";
  assertEquals(sp.get("z"), "😀");
  assertEquals(sp.get("a"), null);
  u.href = "https://b.example/?k=v";
  assertEquals(sp.get("k"), "v");
  sp.delete("k");
  assertEquals(u.href, "https://b.example/");
  sp.set("s", "1");
  sp.set("t", "");
  assertEquals(u.search, "?s=1&t=");
});

test("URLSearchParams constructor forms", () => {
  assertEquals(new URLSearchParams("?a=b&c").toString(), "a=b&c=");
  assertEquals(new URLSearchParams([["a", "1"], ["b", "2"]]).toString(), "a=1&b=2");
  assertEquals(new URLSearchParams({x: "1", "y z": "2"}).toString(), "x=1&y+z=2");
  assertEquals(new URLSearchParams(new Map([["m", "n"]])).toString(), "m=n");
  const orig = new URLSearchParams("a=1");
  const copy = new URLSearchParams(orig);
  copy.append("b", "2");
  assertEquals(orig.toString(), "a=1");
  assertEquals(new URLSearchParams(null).toString(), "null=");
  assertEquals(new URLSearchParams().toString(), "");
  assertThrows(() => new URLSearchParams([["a"]]), "TypeError");
  assertThrows(() => new URLSearchParams([["a", "b", "c"]]), "TypeError");
  assertThrows(() => new URLSearchParams([1]), "TypeError");
});

test("URLSearchParams methods", () => {
  const sp = new URLSearchParams("a=1&b=2&a=3&c=4");
  assertEquals(sp.has("a"), true);
  assertEquals(sp.has("a", "3"), true);
  assertEquals(sp.has("a", "9"), false);
  sp.delete("a", "1");
  assertEquals(sp.toString(), "b=2&a=3&c=4");
  sp.set("b", "x");
  sp.append("b", "y");
  sp.set("b", "z");
  assertEquals(sp.toString(), "b=z&a=3&c=4");
  assertThrows(() => sp.get(), "TypeError");
  assertThrows(() => URLSearchParams.prototype.get.call({}, "a"), "TypeError");
  assertEquals(new URLSearchParams("a=~!'()&b=é").toString(), "a=%7E%21%27%28%29&b=%C3%A9");
});

test("URLSearchParams sort uses UTF-16 code units, stably", () => {
  // U+FFFD (one unit 0xFFFD) sorts after U+1F600 (units 0xD83D 0xDE00) in UTF-16, though
  // its code point is smaller.
  const sp = new URLSearchParams("\uFFFD=x&\u{1F600}=y&b=1&a=2&b=0");
  sp.sort();
  assertEquals([...sp.keys()], ["a", "b", "b", "\u{1F600}", "\uFFFD"]);
  assertEquals([...sp.values()], ["2", "1", "0", "y", "x"]);
});

test("URLSearchParams iteration", () => {
  const sp = new URLSearchParams("a=1&b=2");
  const it = sp.entries();
  assertEquals(Object.prototype.toString.call(it), "[object URLSearchParams Iterator]");
  assertEquals(it[Symbol.iterator](), it);
  assertEquals(it.next(), {value: ["a", "1"], done: false});
  sp.append("c", "3"); // live: the iterator sees later entries
  assertEquals([...it], [["b", "2"], ["c", "3"]]);
  const seen = [];
  const thisArg = {};
  sp.forEach(function (v, k, obj) { seen.push(k + v + (obj === sp) + (this === thisArg)); },
    thisArg);
  assertEquals(seen, ["a1truetrue", "b2truetrue", "c3truetrue"]);
  assertEquals([...sp], [["a", "1"], ["b", "2"], ["c", "3"]]);
  assertThrows(() => sp.forEach(1), "TypeError");
});

test("lone surrogates become U+FFFD", () => {
  const sp = new URLSearchParams();
  sp.append("\uD800", "\uDC00x");
  assertEquals(sp.toString(), "%EF%BF%BD=%EF%BF%BDx");
  assertEquals(new URL("http://h/\uD800").pathname, "/%EF%BF%BD");
});

test("URL objects behave as ordinary objects", () => {
  const u = new URL("http://a.example/p?q=1");
  assertEquals(Object.keys(u), []);
  assertEquals(Object.getOwnPropertyNames(u), []);
  u.extra = 5;
  assertEquals(u.extra, 5);
  assertEquals(Object.keys(u), ["extra"]);
  assert(u instanceof URL, "instanceof");
  assertEquals(`${u}`, "http://a.example/p?q=1");
  class MyURL extends URL {
    get twice() { return this.pathname + this.pathname; }
  }
  const m = new MyURL("http://b.example/x");
  assert(m instanceof MyURL && m instanceof URL, "subclass instance");
  assertEquals(m.twice, "/x/x");
  assertEquals(typeof URL.prototype.toString, "function");
  assertEquals(URL.name, "URL");
  assertEquals(URL.length, 1);
  assertEquals(URLSearchParams.prototype[Symbol.iterator], URLSearchParams.prototype.entries);
  const desc = Object.getOwnPropertyDescriptor(URL.prototype, "href");
  assertEquals([typeof desc.get, typeof desc.set, desc.enumerable], ["function", "function", true]);
  assertEquals(Object.getOwnPropertyDescriptor(URL.prototype, "toJSON").enumerable, true);
  assertEquals(Object.getOwnPropertyDescriptor(URL, "canParse").enumerable, true);
  assertThrows(() => URL.prototype.href, "TypeError");
});
