// FormData (XMLHttpRequest standard), its multipart/form-data serialisation (HTML) and
// parsing (Fetch, formData()).

test("entry list", () => {
  const fd = new FormData();
  fd.append("a", "1");
  fd.append("b", "2");
  fd.append("a", "3");
  assertEquals(fd.get("a"), "1");
  assertEquals(fd.getAll("a"), ["1", "3"]);
  assertEquals(fd.get("missing"), null);
  assertEquals(fd.getAll("missing"), []);
  assert(fd.has("b") && !fd.has("c"));
  fd.set("a", "x");
  assertEquals([...fd], [["a", "x"], ["b", "2"]], "set replaces the first and drops the rest");
  fd.set("c", "new");
  assertEquals([...fd.keys()], ["a", "b", "c"]);
  fd.delete("b");
  assertEquals([...fd.values()], ["x", "new"]);
  fd.append("n", 5);
  assertEquals(fd.get("n"), "5", "values are strings");
  fd.append("\ud800", "\udc00");
  assertEquals(fd.get("\ufffd"), "\ufffd", "USVStrings");
  const seen = [];
  fd.forEach((v, k, obj) => { seen.push(k + "=" + v); assert(obj === fd); });
  assertEquals(seen.length, 4);
  assert(fd[Symbol.iterator] === fd.entries);
  assertEquals(Object.prototype.toString.call(fd.entries()), "[object FormData Iterator]");
});

test("Blob and File entries", () => {
  const fd = new FormData();
  const blob = new Blob(["b"], { type: "text/x" });
  fd.append("blob", blob);
  const f = fd.get("blob");
  assert(f instanceof File, "a Blob becomes a File");
  assertEquals(f.name, "blob");
  assertEquals(f.type, "text/x");
  const file = new File(["f"], "orig.txt", { lastModified: 7 });
  fd.append("file", file);
  assert(fd.get("file") === file, "a File is kept as is");
  fd.append("renamed", file, "new.txt");
  assertEquals(fd.get("renamed").name, "new.txt");
  assertEquals(fd.get("renamed").lastModified, 7);
  assert(fd.get("renamed") !== file);
  fd.set("blob", blob, "named.bin");
  assertEquals(fd.get("blob").name, "named.bin");
  assertThrows(() => fd.append("x", "string", "filename"), "TypeError", "a filename needs a Blob");
  assertThrows(() => fd.append("x"), "TypeError", "missing value");
  assertThrows(() => new FormData({}), "TypeError", "no form elements");
});

test("multipart/form-data round trip", async () => {
  const fd = new FormData();
  fd.append("text", "héllo\nworld");
  fd.append('we"ird\nname', "v");
  fd.append("file", new File(["file body\r\n--not a boundary"], "a\"b.txt", { type: "text/plain" }));
  fd.append("bin", new Blob([new Uint8Array([0, 255, 1])]));
  const r = new Response(fd);
  const ct = r.headers.get("content-type");
  assert(ct.startsWith("multipart/form-data; boundary="), ct);
  const boundary = ct.slice("multipart/form-data; boundary=".length);
  const raw = await r.clone().text();
  assert(raw.startsWith("--" + boundary + "\r\n"), "starts with the boundary");
  assert(raw.endsWith("--" + boundary + "--\r\n"), "ends with the closing boundary");
  assert(raw.includes('name="text"\r\n\r\nhéllo\r\nworld\r\n'), "LF becomes CRLF in values");
  assert(raw.includes('name="we%22ird%0D%0Aname"'), "names are escaped: " + raw);
  assert(raw.includes('filename="a%22b.txt"\r\nContent-Type: text/plain\r\n'), "file part");
  assert(raw.includes('filename="blob"\r\nContent-Type: application/octet-stream\r\n'), "blob part");
  const back = await r.formData();
  assertEquals(back.get("text"), "héllo\r\nworld");
  assertEquals(back.get('we"ird\r\nname'), "v");
  const f = back.get("file");
  assert(f instanceof File);
  assertEquals(f.name, 'a"b.txt');
  assertEquals(f.type, "text/plain");
  assertEquals(await f.text(), "file body\r\n--not a boundary");
  assertEquals([...await back.get("bin").bytes()], [0, 255, 1]);
  assertEquals(back.get("bin").type, "application/octet-stream");
  const again = new Response(fd).headers.get("content-type");
  assert(again !== ct, "each serialisation has a fresh boundary");
});

test("parsing multipart written by hand", async () => {
  const body = [
    "preamble",
    "--XyZ",
    'Content-Disposition: form-data; name="field"',
    "",
    "value one",
    "--XyZ",
    'Content-Disposition: form-data; name="upload"; filename="notes.md"',
    "",
    "# notes",
    "--XyZ",
    'Content-Disposition: form-data; name="typed"; filename="p.png"',
    "Content-Type: IMAGE/PNG",
    "",
    "\x89PNG",
    "--XyZ--",
    "epilogue",
  ].join("\r\n");
  const fd = await new Response(body, { headers: { "content-type": 'multipart/form-data; boundary="XyZ"' } }).formData();
  assertEquals(fd.get("field"), "value one");
  const up = fd.get("upload");
  assertEquals(up.name, "notes.md");
  assertEquals(up.type, "text/plain", "a file part without Content-Type is text/plain");
  assertEquals(await up.text(), "# notes");
  assertEquals(fd.get("typed").type, "image/png");
  const mk = (b, ct) => new Response(b, { headers: { "content-type": ct } }).formData();
  await assertRejects(() => mk(body, "multipart/form-data"), "TypeError", "no boundary");
  await assertRejects(() => mk("--XyZ\r\nContent-Disposition: attachment\r\n\r\nx\r\n--XyZ--",
    "multipart/form-data; boundary=XyZ"), "TypeError", "not form-data");
  await assertRejects(() => mk("--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--",
    "multipart/form-data; boundary=XyZ"), "TypeError", "no name");
  await assertRejects(() => mk("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nunterminated",
    "multipart/form-data; boundary=XyZ"), "TypeError", "truncated");
  await assertRejects(() => mk("x", "application/json"), "TypeError", "another type");
  await assertRejects(() => new Response("x").formData(), "TypeError", "text/plain");
  const empty = await mk("", "application/x-www-form-urlencoded");
  assertEquals([...empty], []);
});

test("urlencoded bodies", async () => {
  const r = new Request("https://x.test/", { method: "POST", body: new URLSearchParams({ q: "a b", r: "é&" }) });
  const fd = await r.formData();
  assertEquals(fd.get("q"), "a b");
  assertEquals(fd.get("r"), "é&");
});
