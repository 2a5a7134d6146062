// Blob and File (File API).

test("Blob from parts", async () => {
  const b = new Blob(["ab", new Uint8Array([99, 100]), new Blob(["ef"]), new Uint16Array([0x6867]).buffer,
    new DataView(new Uint8Array([105]).buffer)]);
  assertEquals(b.size, 9);
  assertEquals(b.type, "");
  assertEquals(await b.text(), "abcdefghi");
  assertEquals(new Blob().size, 0);
  assertEquals(new Blob([]).size, 0);
  assertEquals(await new Blob(["é"]).text(), "é");
  assertEquals(new Blob(["é"]).size, 2, "strings are UTF-8");
  assertEquals(await new Blob(["\ud800"]).text(), "\ufffd", "lone surrogates become U+FFFD");
  assertEquals(await new Blob([1, null, { toString: () => "o" }]).text(), "1nullo");
  assertEquals(await new Blob(new Set(["s", "t"])).text(), "st", "any iterable");
});

test("Blob options", async () => {
  assertEquals(new Blob([], { type: "Text/HTML;Charset=UTF-8" }).type, "text/html;charset=utf-8");
  assertEquals(new Blob([], { type: "a\u0000b" }).type, "", "a control character empties the type");
  assertEquals(new Blob([], { type: "é" }).type, "");
  assertEquals(await new Blob(["a\r\nb\rc\n"], { endings: "native" }).text(), "a\nb\nc\n");
  assertEquals(await new Blob(["a\r\nb"], { endings: "transparent" }).text(), "a\r\nb");
  assertEquals(await new Blob([new Uint8Array([13, 10])], { endings: "native" }).bytes().then((u) => u.length), 2,
    "endings apply to strings only");
  assertThrows(() => new Blob([], { endings: "unix" }), "TypeError", "bad endings");
  assertThrows(() => new Blob("abc"), "TypeError", "a string is not a sequence");
  assertThrows(() => new Blob(5), "TypeError", "a number");
  assertThrows(() => new Blob({}), "TypeError", "not iterable");
  assertThrows(() => new Blob([], 5), "TypeError", "options not an object");
});

test("slice", async () => {
  const b = new Blob(["0123456789"], { type: "text/plain" });
  const t = async (...args) => b.slice(...args).text();
  assertEquals(await t(), "0123456789");
  assertEquals(b.slice().type, "", "slice drops the type unless given");
  assertEquals(await t(2), "23456789");
  assertEquals(await t(2, 5), "234");
  assertEquals(await t(-3), "789");
  assertEquals(await t(-3, -1), "78");
  assertEquals(await t(5, 2), "", "end before start");
  assertEquals(await t(-100, 100), "0123456789");
  assertEquals(await t(NaN, 3), "012");
  assertEquals(await t(1.9, 3.9), "12", "indexes truncate");
  assertEquals(b.slice(0, 1, "X/Y").type, "x/y");
  const s = b.slice(2, 8).slice(1, 3);
  assertEquals(await s.text(), "34", "a slice of a slice");
});

test("reading", async () => {
  const b = new Blob(["abc"]);
  const ab = await b.arrayBuffer();
  assert(ab instanceof ArrayBuffer);
  new Uint8Array(ab)[0] = 0x7a;
  assertEquals(await b.text(), "abc", "arrayBuffer() is a copy");
  const u8 = await b.bytes();
  assert(u8 instanceof Uint8Array);
  assertEquals([...u8], [97, 98, 99]);
  const src = new Uint8Array([1, 2]);
  const copy = new Blob([src]);
  src[0] = 9;
  assertEquals([...await copy.bytes()], [1, 2], "the constructor copies");
  await assertRejects(() => Blob.prototype.text.call({}), "TypeError", "text receiver");
});

test("File", async () => {
  const before = Date.now();
  const f = new File(["data"], "name.txt", { type: "Text/Plain" });
  assert(f instanceof Blob && f instanceof File);
  assertEquals(f.name, "name.txt");
  assertEquals(f.type, "text/plain");
  assertEquals(f.size, 4);
  assert(f.lastModified >= before && f.lastModified <= Date.now(), "lastModified defaults to now");
  assertEquals(new File([], "x", { lastModified: 42 }).lastModified, 42);
  assertEquals(await f.text(), "data");
  assertEquals(Object.prototype.toString.call(f), "[object File]");
  assert(Object.getPrototypeOf(File) === Blob, "File's constructor inherits from Blob");
  assert(Object.getPrototypeOf(File.prototype) === Blob.prototype);
  assertEquals(File.length, 2);
  assertThrows(() => new File(["x"]), "TypeError", "a name is required");
  assertThrows(() => Object.getOwnPropertyDescriptor(File.prototype, "name").get.call(new Blob()),
    "TypeError", "a Blob is not a File");
  assertEquals(f.slice(1).constructor, Blob, "slice of a File is a Blob");
  assertEquals(new File(["a"], "é/x\n").name, "é/x\n", "names are kept as given");
});

test("subclasses", async () => {
  class Tagged extends Blob {
    #tag = "t";
    get tag() { return this.#tag; }
  }
  const t = new Tagged(["x"]);
  assertEquals(t.tag, "t");
  assertEquals(await t.text(), "x");
  assertEquals(Object.prototype.toString.call(new Blob()), "[object Blob]");
});
