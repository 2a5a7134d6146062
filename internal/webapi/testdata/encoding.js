// TextEncoder, TextDecoder, atob and btoa against values worked out from the Encoding
// standard and the Infra standard's forgiving-base64.
const bytes = (...b) => new Uint8Array(b);
const arr = (u8) => Array.from(u8);

test("TextEncoder.encode", () => {
  const te = new TextEncoder();
  assertEquals(te.encoding, "utf-8");
  const out = te.encode("a€😀");
  assert(out instanceof Uint8Array, "Uint8Array");
  assertEquals(arr(out), [0x61, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80]);
  assertEquals(arr(te.encode()), []);
  assertEquals(arr(te.encode("\uD800")), [0xEF, 0xBF, 0xBD], "lone surrogate");
  assertEquals(arr(te.encode(12)), [0x31, 0x32]);
  assertThrows(() => TextEncoder.prototype.encode.call({}, "x"), "TypeError");
});

test("TextEncoder.encodeInto", () => {
  const te = new TextEncoder();
  const dst = new Uint8Array(5);
  // "a" (1 byte) + "😀" (4 bytes, 2 units) fit; "€" (3 bytes) does not.
  assertEquals(te.encodeInto("a😀€", dst), {read: 3, written: 5});
  assertEquals(arr(dst), [0x61, 0xF0, 0x9F, 0x98, 0x80]);
  const big = new Uint8Array(8);
  assertEquals(te.encodeInto("é", big.subarray(2)), {read: 1, written: 2});
  assertEquals(arr(big.slice(0, 4)), [0, 0, 0xC3, 0xA9]);
  assertThrows(() => te.encodeInto("x", new Uint16Array(4)), "TypeError");
  assertThrows(() => te.encodeInto("x", new ArrayBuffer(4)), "TypeError");
  assertThrows(() => te.encodeInto("x"), "TypeError");
});

test("TextDecoder utf-8 with replacement", () => {
  const td = new TextDecoder();
  assertEquals(td.encoding, "utf-8");
  assertEquals(td.fatal, false);
  assertEquals(td.ignoreBOM, false);
  assertEquals(td.decode(bytes(0x68, 0xC3, 0xA9)), "hé");
  // Maximal subparts: E2 82 is one error; C0 and 80 are one each; ED A0 80 (a
  // surrogate) is three.
  assertEquals(td.decode(bytes(0xE2, 0x82, 0x41)), "\uFFFDA");
  assertEquals(td.decode(bytes(0xC0, 0x80)), "\uFFFD\uFFFD");
  assertEquals(td.decode(bytes(0xED, 0xA0, 0x80)), "\uFFFD\uFFFD\uFFFD");
  assertEquals(td.decode(bytes(0xF0, 0x9F, 0x98)), "\uFFFD");
  assertEquals(td.decode(), "");
  assertEquals(td.decode(new Uint8Array([0x61, 0x62, 0x63]).buffer), "abc");
  assertEquals(td.decode(new DataView(new Uint8Array([0x7A, 0x61]).buffer, 1)), "a");
  assertEquals(td.decode(new Uint16Array([0x6968])), "hi");
  assertThrows(() => td.decode("abc"), "TypeError");
  assertThrows(() => td.decode(bytes(1), 5), "TypeError");
});

test("TextDecoder BOM handling", () => {
  assertEquals(new TextDecoder().decode(bytes(0xEF, 0xBB, 0xBF, 0x41)), "A");
  assertEquals(new TextDecoder("utf-8", {ignoreBOM: true}).decode(bytes(0xEF, 0xBB, 0xBF, 0x41)),
    "\uFEFFA");
  const td = new TextDecoder();
  // Only the first BOM of a stream is dropped; a new stream starts after a flush.
  assertEquals(td.decode(bytes(0xEF, 0xBB), {stream: true}), "");
  assertEquals(td.decode(bytes(0xBF, 0xEF, 0xBB, 0xBF), {stream: true}), "\uFEFF");
  assertEquals(td.decode(bytes(0xEF, 0xBB, 0xBF, 0x42)), "\uFEFFB", "same stream, flushed");
  assertEquals(td.decode(bytes(0xEF, 0xBB, 0xBF, 0x43)), "C", "a new stream");
  assertEquals(new TextDecoder("utf-16le").decode(bytes(0xFF, 0xFE, 0x41, 0)), "A");
  assertEquals(new TextDecoder("windows-1252").decode(bytes(0xEF, 0xBB, 0xBF)), "ï»¿");
});

test("TextDecoder fatal", () => {
  const td = new TextDecoder("utf-8", {fatal: true});
  assertEquals(td.fatal, true);
  assertThrows(() => td.decode(bytes(0xFF)), "TypeError");
  assertThrows(() => td.decode(bytes(0xE2, 0x82)), "TypeError");
  assertEquals(td.decode(bytes(0xE2, 0x82), {stream: true}), "");
  assertEquals(td.decode(bytes(0xAC)), "€");
  assertThrows(() => new TextDecoder("utf-16be", {fatal: true}).decode(bytes(0xDC, 0)), "TypeError");
  assertThrows(() => new TextDecoder("shift_jis", {fatal: true}).decode(bytes(0xA0)), "TypeError");
  assertThrows(() => new TextDecoder("utf-8", 1), "TypeError");
});

test("TextDecoder streaming splits code points", () => {
  const td = new TextDecoder();
  const all = new TextEncoder().encode("€😀x");
  let s = "";
  for (const b of all) s += td.decode(bytes(b), {stream: true});
  s += td.decode();
  assertEquals(s, "€😀x");
  const u16 = new TextDecoder("utf-16be");
  assertEquals(u16.decode(bytes(0xD8, 0x3D, 0xDE), {stream: true}), "");
  assertEquals(u16.decode(bytes(0x00)), "😀");
  assertEquals(u16.decode(bytes(0xD8, 0x3D, 0x00, 0x41)), "\uFFFDA");
  assertEquals(u16.decode(bytes(0x00)), "\uFFFD");
});

test("TextDecoder labels", () => {
  assertEquals(new TextDecoder(" UTF8 ").encoding, "utf-8");
  assertEquals(new TextDecoder("unicode-1-1-utf-8").encoding, "utf-8");
  assertEquals(new TextDecoder("utf-16").encoding, "utf-16le");
  assertEquals(new TextDecoder("latin1").encoding, "windows-1252");
  assertEquals(new TextDecoder("ascii").encoding, "windows-1252");
  assertEquals(new TextDecoder("sjis").encoding, "shift_jis");
  assertEquals(new TextDecoder("gbk").encoding, "gbk");
  assertEquals(new TextDecoder("latin1").decode(bytes(0x80, 0xE9)), "€é");
  assertEquals(new TextDecoder("iso-8859-2").decode(bytes(0xA1)), "Ą");
  assertEquals(new TextDecoder("shift_jis").decode(bytes(0x82, 0xA0)), "あ");
  assertEquals(new TextDecoder("euc-kr").decode(bytes(0xB0, 0xA1)), "가");
  assertThrows(() => new TextDecoder("nope"), "RangeError");
  assertThrows(() => new TextDecoder("iso-2022-kr"), "RangeError", "replacement encoding");
  assertThrows(() => TextDecoder.prototype.decode.call(new TextEncoder()), "TypeError");
});

test("atob and btoa", () => {
  assertEquals(btoa(""), "");
  assertEquals(btoa("f"), "Zg==");
  assertEquals(btoa("fo"), "Zm8=");
  assertEquals(btoa("foobar"), "Zm9vYmFy");
  assertEquals(btoa("\xFF\xFE"), "//4=");
  assertEquals(atob("Zm9vYmFy"), "foobar");
  assertEquals(atob(" Zm9v\nYg== "), "foob");
  assertEquals(atob("Zm9vYg"), "foob", "padding optional");
  assertEquals(atob("Zh=="), "f", "non-zero padding bits are ignored");
  assertEquals(atob("//4="), "\xFF\xFE");
  assertEquals(atob(""), "");
  assertThrows(() => atob("Zm9vY"), "InvalidCharacterError", "length 1 mod 4");
  assertThrows(() => atob("Zm9v=YmFy"), "InvalidCharacterError", "inner padding");
  assertThrows(() => atob("Zg="), "InvalidCharacterError", "bad padding");
  assertThrows(() => atob("Zm-v"), "InvalidCharacterError", "url alphabet");
  assertThrows(() => btoa("€"), "InvalidCharacterError");
  assertThrows(() => btoa("\uD800"), "InvalidCharacterError");
  assertThrows(() => atob(), "TypeError");
  assertEquals(atob(btoa("\x00\x01\x80")), "\x00\x01\x80");
});
