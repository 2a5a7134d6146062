// Web Crypto against known-answer vectors: FIPS 180 digests, RFC 4231 (HMAC), RFC 5869
// (HKDF), RFC 6070 (PBKDF2), the GCM spec's test cases, NIST SP 800-38A (CBC), RFC 8032
// and RFC 8037 (Ed25519), RFC 6979 (ECDSA P-256), and an RSA key and signature made with
// OpenSSL/pyca outside this project.
const subtle = crypto.subtle;
const enc = (s) => new TextEncoder().encode(s);
const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (s) => new Uint8Array(s.match(/../g).map((h) => parseInt(h, 16)));
const b64 = (s) => {
  const bin = atob(s);
  const u = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
  return u;
};
const b64url = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)))
  .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const fromB64url = (s) => b64(s.replace(/-/g, "+").replace(/_/g, "/"));
const repeat = (byte, n) => new Uint8Array(n).fill(byte);

test("digest", async () => {
  assertEquals(hex(await subtle.digest("SHA-1", enc("abc"))), "a9993e364706816aba3e25717850c26c9cd0d89d");
  assertEquals(hex(await subtle.digest("SHA-256", enc("abc"))),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assertEquals(hex(await subtle.digest({name: "sha-384"}, enc("abc"))),
    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
  assertEquals(hex(await subtle.digest("SHA-512", enc("abc").buffer)),
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  assertEquals(hex(await subtle.digest("SHA-256", new DataView(new ArrayBuffer(0)))),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assertEquals(hex(await subtle.digest("MD5", enc("abc"))), "900150983cd24fb0d6963f7d28e17f72");
  const out = await subtle.digest("SHA-256", enc(""));
  assert(out instanceof ArrayBuffer, "ArrayBuffer result");
  await assertRejects(() => subtle.digest("SHA-3", enc("")), "NotSupportedError");
  await assertRejects(() => subtle.digest({}, enc("")), "TypeError");
  await assertRejects(() => subtle.digest("SHA-256", "abc"), "TypeError");
  await assertRejects(() => subtle.digest.call({}, "SHA-256", enc("")), "TypeError");
});

test("HMAC RFC 4231", async () => {
  const key = await subtle.importKey("raw", repeat(0x0b, 20), {name: "HMAC", hash: "SHA-256"},
    false, ["sign", "verify"]);
  assertEquals(key.type, "secret");
  assertEquals(key.extractable, false);
  assertEquals(key.algorithm, {name: "HMAC", length: 160, hash: {name: "SHA-256"}});
  assert(key.algorithm === key.algorithm, "algorithm is cached");
  assertEquals(key.usages, ["sign", "verify"]);
  assertEquals(Object.prototype.toString.call(key), "[object CryptoKey]");
  const sig = await subtle.sign("HMAC", key, enc("Hi There"));
  assertEquals(hex(sig), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  assertEquals(await subtle.verify("HMAC", key, sig, enc("Hi There")), true);
  assertEquals(await subtle.verify("HMAC", key, sig, enc("Hi there")), false);
  for (const [hash, want] of [
    ["SHA-384", "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"],
    ["SHA-512", "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"],
  ]) {
    const k = await subtle.importKey("raw", repeat(0x0b, 20), {name: "HMAC", hash}, false, ["sign"]);
    assertEquals(hex(await subtle.sign("HMAC", k, enc("Hi There"))), want, hash);
  }
  const jefe = await subtle.importKey("raw", enc("Jefe"), {name: "HMAC", hash: {name: "SHA-256"}},
    true, ["sign"]);
  assertEquals(hex(await subtle.sign({name: "hmac"}, jefe, enc("what do ya want for nothing?"))),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  assertEquals(await subtle.exportKey("jwk", jefe),
    {kty: "oct", k: "SmVmZQ", alg: "HS256", key_ops: ["sign"], ext: true});
  assertEquals(hex(await subtle.exportKey("raw", jefe)), "4a656665");
});

test("HMAC errors", async () => {
  const raw = repeat(1, 16);
  const hs = {name: "HMAC", hash: "SHA-256"};
  await assertRejects(() => subtle.importKey("raw", raw, {name: "HMAC"}, false, ["sign"]), "TypeError");
  await assertRejects(() => subtle.importKey("raw", raw, hs, false, ["encrypt"]), "SyntaxError");
  await assertRejects(() => subtle.importKey("raw", raw, hs, false, []), "SyntaxError");
  await assertRejects(() => subtle.importKey("raw", raw, hs, false, ["bogus"]), "TypeError");
  await assertRejects(() => subtle.importKey("raw", new Uint8Array(0), hs, false, ["sign"]), "DataError");
  await assertRejects(() => subtle.importKey("raw", raw, {...hs, length: 200}, false, ["sign"]), "DataError");
  await assertRejects(() => subtle.importKey("spki", raw, hs, false, ["sign"]), "NotSupportedError");
  await assertRejects(() => subtle.importKey("pem", raw, hs, false, ["sign"]), "TypeError");
  const key = await subtle.importKey("raw", raw, hs, false, ["verify"]);
  await assertRejects(() => subtle.sign("HMAC", key, enc("x")), "InvalidAccessError");
  await assertRejects(() => subtle.exportKey("raw", key), "InvalidAccessError");
  await assertRejects(() => subtle.sign("HMAC", {}, enc("x")), "TypeError");
  const k2 = await subtle.importKey("raw", raw, hs, false, ["sign"]);
  await assertRejects(() => subtle.sign("Ed25519", k2, enc("x")), "InvalidAccessError");
  await assertRejects(() => subtle.importKey("jwk", {kty: "oct", k: "AQID", alg: "HS512"}, hs, false,
    ["sign"]), "DataError");
  await assertRejects(() => subtle.importKey("jwk", {kty: "oct", k: "AQID", ext: false}, hs, true,
    ["sign"]), "DataError");
  await assertRejects(() => subtle.importKey("jwk", {kty: "oct", k: "AQID", key_ops: ["verify"]}, hs,
    false, ["sign"]), "DataError");
  const gen = await subtle.generateKey({name: "HMAC", hash: "SHA-512"}, true, ["sign"]);
  assertEquals(gen.algorithm.length, 1024);
  assertEquals((await subtle.exportKey("raw", gen)).byteLength, 128);
  assertThrows(() => new CryptoKey(), "TypeError");
});

test("JWT with HMAC (HS256)", async () => {
  // The well-known example token: signed with the secret "your-256-bit-secret".
  const jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ." +
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  const key = await subtle.importKey("raw", enc("your-256-bit-secret"),
    {name: "HMAC", hash: "SHA-256"}, false, ["sign", "verify"]);
  const [h, p, s] = jwt.split(".");
  assertEquals(await subtle.verify("HMAC", key, fromB64url(s), enc(h + "." + p)), true);
  const claims = JSON.parse(new TextDecoder().decode(fromB64url(p)));
  assertEquals(claims.name, "John Doe");
  const sig = await subtle.sign("HMAC", key, enc(h + "." + p));
  assertEquals(b64url(sig), s);
  const forged = b64url(enc(JSON.stringify({...claims, admin: true})));
  assertEquals(await subtle.verify("HMAC", key, fromB64url(s), enc(h + "." + forged)), false);
});

test("JWT with Ed25519 (RFC 8037 A.4)", async () => {
  const jwk = {kty: "OKP", crv: "Ed25519", d: "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
    x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"};
  const priv = await subtle.importKey("jwk", jwk, "Ed25519", true, ["sign"]);
  const pub = await subtle.importKey("jwk", {kty: "OKP", crv: "Ed25519", x: jwk.x}, {name: "Ed25519"},
    true, ["verify"]);
  assertEquals(priv.type, "private");
  assertEquals(pub.type, "public");
  assertEquals(pub.algorithm, {name: "Ed25519"});
  const signingInput = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
  const want = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
  assertEquals(b64url(await subtle.sign("Ed25519", priv, enc(signingInput))), want);
  assertEquals(await subtle.verify("Ed25519", pub, fromB64url(want), enc(signingInput)), true);
  assertEquals(await subtle.verify("Ed25519", pub, fromB64url(want), enc(signingInput + "x")), false);
  assertEquals(b64url(await subtle.exportKey("raw", pub)), jwk.x);
  const exported = await subtle.exportKey("jwk", priv);
  assertEquals([exported.kty, exported.crv, exported.d, exported.x], ["OKP", "Ed25519", jwk.d, jwk.x]);
  await assertRejects(() => subtle.importKey("jwk", {...jwk, x: "AAAA"}, "Ed25519", true, ["sign"]),
    "DataError");
  await assertRejects(() => subtle.importKey("jwk", jwk, "Ed25519", true, ["verify"]), "SyntaxError");
});

test("Ed25519 RFC 8032 test 1, raw, spki, pkcs8 and generateKey", async () => {
  const pub = await subtle.importKey("raw",
    unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), "Ed25519", true, ["verify"]);
  const sig = unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  assertEquals(await subtle.verify("Ed25519", pub, sig, new Uint8Array(0)), true);
  const spki = await subtle.exportKey("spki", pub);
  const again = await subtle.importKey("spki", spki, "Ed25519", true, ["verify"]);
  assertEquals(await subtle.verify("Ed25519", again, sig, new Uint8Array(0)), true);
  const pair = await subtle.generateKey("Ed25519", false, ["sign", "verify"]);
  assertEquals(pair.privateKey.usages, ["sign"]);
  assertEquals(pair.publicKey.usages, ["verify"]);
  assertEquals(pair.publicKey.extractable, true);
  assertEquals(pair.privateKey.extractable, false);
  const s = await subtle.sign("Ed25519", pair.privateKey, enc("m"));
  assertEquals(await subtle.verify("Ed25519", pair.publicKey, s, enc("m")), true);
  await assertRejects(() => subtle.exportKey("pkcs8", pair.privateKey), "InvalidAccessError");
  const p2 = await subtle.generateKey({name: "Ed25519"}, true, ["sign", "verify"]);
  const pk8 = await subtle.exportKey("pkcs8", p2.privateKey);
  const priv2 = await subtle.importKey("pkcs8", pk8, "Ed25519", false, ["sign"]);
  assertEquals(await subtle.verify("Ed25519", p2.publicKey, await subtle.sign("Ed25519", priv2, enc("z")),
    enc("z")), true);
  await assertRejects(() => subtle.exportKey("raw", p2.privateKey), "InvalidAccessError");
});

test("ECDSA P-256 RFC 6979 A.2.5", async () => {
  const x = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
  const y = "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
  const alg = {name: "ECDSA", namedCurve: "P-256"};
  const pub = await subtle.importKey("raw", unhex("04" + x + y), alg, true, ["verify"]);
  assertEquals(pub.algorithm, {name: "ECDSA", namedCurve: "P-256"});
  const sig = unhex("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716" +
    "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
  const params = {name: "ECDSA", hash: "SHA-256"};
  assertEquals(await subtle.verify(params, pub, sig, enc("sample")), true);
  assertEquals(await subtle.verify(params, pub, sig, enc("samplf")), false);
  assertEquals(await subtle.verify(params, pub, sig.slice(1), enc("sample")), false);
  await assertRejects(() => subtle.verify({name: "ECDSA"}, pub, sig, enc("sample")), "TypeError");
  const jwk = {kty: "EC", crv: "P-256", x: b64url(unhex(x)), y: b64url(unhex(y)),
    d: b64url(unhex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"))};
  const priv = await subtle.importKey("jwk", jwk, alg, true, ["sign"]);
  const mine = await subtle.sign(params, priv, enc("sample"));
  assertEquals(mine.byteLength, 64);
  assertEquals(await subtle.verify(params, pub, mine, enc("sample")), true);
  const back = await subtle.exportKey("jwk", priv);
  assertEquals([back.kty, back.crv, back.x, back.y, back.d], ["EC", "P-256", jwk.x, jwk.y, jwk.d]);
  await assertRejects(() => subtle.importKey("raw", unhex("04" + x + y), {name: "ECDSA",
    namedCurve: "P-384"}, true, ["verify"]), "DataError");
  await assertRejects(() => subtle.importKey("raw", unhex("04" + x + y), {name: "ECDSA",
    namedCurve: "P-999"}, true, ["verify"]), "NotSupportedError");
  const pair = await subtle.generateKey(alg, true, ["sign", "verify"]);
  const spki = await subtle.exportKey("spki", pair.publicKey);
  const pub2 = await subtle.importKey("spki", spki, alg, true, ["verify"]);
  const pk8 = await subtle.exportKey("pkcs8", pair.privateKey);
  const priv2 = await subtle.importKey("pkcs8", pk8, alg, true, ["sign"]);
  const s2 = await subtle.sign({name: "ECDSA", hash: "SHA-384"}, priv2, enc("m"));
  assertEquals(await subtle.verify({name: "ECDSA", hash: "SHA-384"}, pub2, s2, enc("m")), true);
  await assertRejects(() => subtle.importKey("spki", spki, "Ed25519", true, ["verify"]), "DataError");
});

const rsaPKCS8 = b64(
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC8H8o+3cnWAa+mEL51PE6iAlpVUa/776sa" +
  "wB1A+1G2b3z2nHPCXUJS0lXbYfC1Ub74DkbCBT7QOIfL9oRzdMTlvYjxcjmOPYEuPn0d5JLfrOC4gC2kT/dk" +
  "w3ZxxyZSUydC46s4vyil1UMsqEjJ8vZ63jOgg93ZFAmYQGJaHF/hFMTUFoTQjAnmsO7g70SApLlA1cmu+F/5" +
  "61cfsrOe/ek645MY6drLktOsjbwze9w9oS8zZtE0SdcnvXAwEzaUi3c17tcVIqZGVKi3ONR03YQT5RJthAbM" +
  "a4FPjixy2IOlED/IdYaZabRdrQaXWolwc6N9T/koXUr4J3Ko5w597T31AgMBAAECggEAAddn0eS24I7kqsH4" +
  "M0qTVHekbbheeh9W8+yUfLnZC2mc9gcDBRCHoSro5zxWsFesAF6XZ7fIbR5YifEQS9cFRGBuEjr1gERu2saG" +
  "z/+YRnM5QeUTTUvxFn3pT2TNJbolpLx4xRXt7m2fejTtfXiQ3BQHulcAGWteSqy6qbokYB4hIIUzk4y0bJBf" +
  "2o6djn9A5RJq3atbl8yMs3aE2rDUjBO7PyIkaNFR6R3qTzI+fAM5G5wlDOMSmm4pamAm81p9UjhuDiEluh3t" +
  "QrmAUK0wA5b49iKDjuvXy6PciaKRfHEAvSqQ8HRSKu8HZ4Ttn/v8u9TLJGo8ZVz1UxiuQyNMkQKBgQDjoWbV" +
  "GJaCRTcJDpFSEdVMZT5S79XxD1wZSlp4MjvpWN92nufsteEA8GXfRZVty4Z5t3bRqsKlkF8nATug/YHKH9CP" +
  "0fOipXbtvnSKsS1odq9g5e+6wvDD3C/SgWgcFiryGCpfYZ0rffk+5UplqHtGjflbi47slC7iZXfNnnAmjQKB" +
  "gQDTke6AITMyH6k4QYTPeEOYoAGjzmjDdJQ61dr/rlSPlUjSGt/+EDc4H2SM31AciPe+IXLT07R9z7ruLmqC" +
  "bsGTQ0/aGDQPS5q8gfDEmvt0fq/Jbj+eRS3VZrxCmWctfYpxvIr2H/NlDlB6Qf4f00x6icP4UQhO/KveQjw6" +
  "wogvCQKBgBma8kJOPb/xoTs3lEkzEFdDnDsgF2TCYY3Gu16B6BNbl+d0AIqz+tdsM0lmPmTXXA0dAhSbrMGK" +
  "9+kfTmHRomPmKEPFTi6hhjtADUP8oir6DshLlSfg/cxKXGbFf7yJEdOhvEJ2bIOT7BGTIUdGKHfLSJ1vmWgr" +
  "UwrMdyl+BQeRAoGAfuSY4nqHJTn+GYKacIEWMdVOBnxHM2uZeAxJ9G4Pw6pq6bE6xTvekqepfCB4ARVZWczf" +
  "/RKNv6O23yIxuZdKPNPzccBwgPf8j7Fzwceep4lQT4TzXS7qxYJ/yYYObydLwNmvkt0o82R5ekpYa6gkx54X" +
  "TrjzPcSoJH8fdrK0UVkCgYEAxIyH9HXCD1g1Uf0WFIIzAaLQK8uTMDtF030W87UEtCg28axJOpS1BdvQCe9g" +
  "PCNAzxMKVti24H9usw1CH4By5C50+2/wXJ/fyH7FzH7Sp3StviIgnK4Mp4PbKrJ0wjkNOYe7dtj9zIFRn2WK" +
  "WIBQ5pDDXwJQNwsBrmMVyTkOiyY=");
const rsaSPKI = b64(
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvB/KPt3J1gGvphC+dTxOogJaVVGv+++rGsAdQPtR" +
  "tm989pxzwl1CUtJV22HwtVG++A5GwgU+0DiHy/aEc3TE5b2I8XI5jj2BLj59HeSS36zguIAtpE/3ZMN2cccm" +
  "UlMnQuOrOL8opdVDLKhIyfL2et4zoIPd2RQJmEBiWhxf4RTE1BaE0IwJ5rDu4O9EgKS5QNXJrvhf+etXH7Kz" +
  "nv3pOuOTGOnay5LTrI28M3vcPaEvM2bRNEnXJ71wMBM2lIt3Ne7XFSKmRlSotzjUdN2EE+USbYQGzGuBT44s" +
  "ctiDpRA/yHWGmWm0Xa0Gl1qJcHOjfU/5KF1K+CdyqOcOfe099QIDAQAB");
const rsaSig = b64(
  "KU1NoCZXliPqZaQ5IbZJWxNly3H6wLbqY1dLb5V2VPTU4OeXoJ9V1PiulBrGIEEwr1KQm78Mx2g0GpJIi1xm" +
  "rEPuRtXM0FsMUFjQMkwPPzp4c3mbCoxrxhsjYbIJRY4NPYRwL/OSoMmwUVMZiu9vFZ2vv6KCnVGq7AymZeUM" +
  "OEP1Rw2syPzzzQP9gk+8Ihy3L9OY0ciH1OHUkrePZ/r+1OACTNkBVbZ6GjdI+IxTJ47RojF0qNuvEpmivz3E" +
  "pAwZMz3bjAwa1ITp7A6KiqZqavCXf7K8MmY+U81lKq0Oz0LnEKIiqHDeJq0ONYmX3PucTuPyUDePMkc3bx97" +
  "+Tnmeg==");

test("RSASSA-PKCS1-v1_5 with an OpenSSL-made key", async () => {
  const alg = {name: "RSASSA-PKCS1-v1_5", hash: "SHA-256"};
  const pub = await subtle.importKey("spki", rsaSPKI, alg, true, ["verify"]);
  assertEquals(pub.algorithm.modulusLength, 2048);
  assertEquals(Array.from(pub.algorithm.publicExponent), [1, 0, 1]);
  assertEquals(pub.algorithm.hash, {name: "SHA-256"});
  assertEquals(await subtle.verify("RSASSA-PKCS1-v1_5", pub, rsaSig, enc("hello portico")), true);
  assertEquals(await subtle.verify("RSASSA-PKCS1-v1_5", pub, rsaSig, enc("hello portic0")), false);
  const priv = await subtle.importKey("pkcs8", rsaPKCS8, alg, true, ["sign"]);
  // PKCS #1 v1.5 signatures are deterministic: the same bytes as the outside tool made.
  assertEquals(b64url(await subtle.sign("RSASSA-PKCS1-v1_5", priv, enc("hello portico"))),
    b64url(rsaSig));
  const jwk = await subtle.exportKey("jwk", priv);
  assertEquals([jwk.kty, jwk.alg, jwk.e], ["RSA", "RS256", "AQAB"]);
  const priv2 = await subtle.importKey("jwk", jwk, alg, false, ["sign"]);
  assertEquals(b64url(await subtle.sign("RSASSA-PKCS1-v1_5", priv2, enc("hello portico"))),
    b64url(rsaSig));
  const pubJWK = await subtle.exportKey("jwk", pub);
  assertEquals(pubJWK.d, undefined);
  await assertRejects(() => subtle.importKey("jwk", jwk, {...alg, hash: "SHA-1"}, false, ["sign"]),
    "DataError");
  await assertRejects(() => subtle.importKey("raw", rsaSPKI, alg, true, ["verify"]), "NotSupportedError");
  await assertRejects(() => subtle.importKey("spki", rsaSPKI, {name: "ECDSA", namedCurve: "P-256"},
    true, ["verify"]), "DataError");
});

test("RSASSA-PKCS1-v1_5 generateKey runs off the loop", async () => {
  const pair = await subtle.generateKey({name: "RSASSA-PKCS1-v1_5", modulusLength: 1024,
    publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256"}, false, ["sign", "verify"]);
  assertEquals(pair.publicKey.algorithm.modulusLength, 1024);
  const sig = await subtle.sign("RSASSA-PKCS1-v1_5", pair.privateKey, enc("x"));
  assertEquals(await subtle.verify("RSASSA-PKCS1-v1_5", pair.publicKey, sig, enc("x")), true);
  await assertRejects(() => subtle.generateKey({name: "RSASSA-PKCS1-v1_5", modulusLength: 1024,
    publicExponent: new Uint8Array([3]), hash: "SHA-256"}, false, ["sign"]), "OperationError");
});

test("AES-GCM test cases 2, 3 and 4", async () => {
  const zero = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", true, ["encrypt", "decrypt"]);
  assertEquals(zero.algorithm, {name: "AES-GCM", length: 128});
  assertEquals(hex(await subtle.encrypt({name: "AES-GCM", iv: new Uint8Array(12)}, zero, new Uint8Array(16))),
    "0388dace60b6a392f328c2b971b2fe78" + "ab6e47d42cec13bdf53a67b21257bddf");
  const key = await subtle.importKey("raw", unhex("feffe9928665731c6d6a8f9467308308"), {name: "AES-GCM"},
    false, ["encrypt", "decrypt"]);
  const iv = unhex("cafebabefacedbaddecaf888");
  const p3 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
  const c3 = "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
  assertEquals(hex(await subtle.encrypt({name: "AES-GCM", iv}, key, unhex(p3))),
    c3 + "4d5c2af327cd64a62cf35abd2ba6fab4");
  const aad = unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  const p4 = p3.slice(0, 120), c4 = c3.slice(0, 120) + "5bc94fbc3221a5db94fae95ae7121a47";
  assertEquals(hex(await subtle.encrypt({name: "AES-GCM", iv, additionalData: aad}, key, unhex(p4))), c4);
  assertEquals(hex(await subtle.decrypt({name: "AES-GCM", iv, additionalData: aad}, key, unhex(c4))), p4);
  const tampered = unhex(c4);
  tampered[0] ^= 1;
  await assertRejects(() => subtle.decrypt({name: "AES-GCM", iv, additionalData: aad}, key, tampered),
    "OperationError");
  await assertRejects(() => subtle.decrypt({name: "AES-GCM", iv}, key, unhex(c4)), "OperationError");
  const short = await subtle.encrypt({name: "AES-GCM", iv, additionalData: aad, tagLength: 96},
    key, unhex(p4));
  assertEquals(hex(short), c4.slice(0, -8));
  await assertRejects(() => subtle.encrypt({name: "AES-GCM", iv, tagLength: 100}, key, unhex(p4)),
    "OperationError");
  const t32 = {name: "AES-GCM", iv, additionalData: aad, tagLength: 32};
  assertEquals(hex(await subtle.encrypt(t32, key, unhex(p4))), c4.slice(0, -24));
  assertEquals(hex(await subtle.decrypt(t32, key, unhex(c4.slice(0, -24)))), p4);
  await assertRejects(() => subtle.decrypt(t32, key, unhex(c4.slice(0, -26) + "00")), "OperationError");
  // A 60-byte iv with a 64-bit tag; expected bytes made with pyca/cryptography.
  const long = {name: "AES-GCM", iv: new Uint8Array(60).map((_, i) => i),
    additionalData: enc("portico"), tagLength: 64};
  const sealed = "ca7d5929be6ebffdac8b80dbad93f34a54a83998fa88239d0193b0274ee800564f" + "32359330a0cb35d1";
  assertEquals(hex(await subtle.encrypt(long, key, enc("sixty-byte iv, sixty-four-bit tag"))), sealed);
  assertEquals(new TextDecoder().decode(await subtle.decrypt(long, key, unhex(sealed))),
    "sixty-byte iv, sixty-four-bit tag");
  await assertRejects(() => subtle.decrypt({...long, additionalData: enc("other")}, key, unhex(sealed)),
    "OperationError");
  await assertRejects(() => subtle.decrypt(long, key, new Uint8Array(7)), "OperationError");
  await assertRejects(() => subtle.encrypt({name: "AES-GCM"}, key, unhex(p4)), "TypeError");
  await assertRejects(() => subtle.encrypt({name: "AES-CBC", iv: new Uint8Array(16)}, key, unhex(p4)),
    "InvalidAccessError");
  await assertRejects(() => subtle.importKey("raw", new Uint8Array(15), "AES-GCM", false, ["encrypt"]),
    "DataError");
});

test("AES-CBC NIST SP 800-38A F.2.1 and padding", async () => {
  const key = await subtle.importKey("raw", unhex("2b7e151628aed2a6abf7158809cf4f3c"), "AES-CBC", true,
    ["encrypt", "decrypt"]);
  const iv = unhex("000102030405060708090a0b0c0d0e0f");
  const pt = unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
  const ct = await subtle.encrypt({name: "AES-CBC", iv}, key, pt);
  assertEquals(ct.byteLength, 48, "a full block of padding is added");
  assertEquals(hex(ct).slice(0, 64), "7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2");
  assertEquals(hex(await subtle.decrypt({name: "AES-CBC", iv}, key, ct)), hex(pt));
  assertEquals(new TextDecoder().decode(await subtle.decrypt({name: "AES-CBC", iv}, key,
    await subtle.encrypt({name: "AES-CBC", iv}, key, enc("odd length")))), "odd length");
  await assertRejects(() => subtle.decrypt({name: "AES-CBC", iv}, key, new Uint8Array(15)), "OperationError");
  await assertRejects(() => subtle.encrypt({name: "AES-CBC", iv: new Uint8Array(8)}, key, pt), "OperationError");
  const jwk = await subtle.exportKey("jwk", key);
  assertEquals([jwk.kty, jwk.alg, jwk.k], ["oct", "A128CBC", "K34VFiiu0qar9xWICc9PPA"]);
  const gen = await subtle.generateKey({name: "AES-CBC", length: 256}, true, ["encrypt"]);
  assertEquals((await subtle.exportKey("raw", gen)).byteLength, 32);
  await assertRejects(() => subtle.generateKey({name: "AES-CBC", length: 100}, true, ["encrypt"]),
    "OperationError");
  await assertRejects(() => subtle.generateKey({name: "AES-CBC"}, true, ["encrypt"]), "TypeError");
});

test("HKDF RFC 5869 cases 1 and 3", async () => {
  const ikm = await subtle.importKey("raw", repeat(0x0b, 22), "HKDF", false, ["deriveBits", "deriveKey"]);
  const salt = unhex("000102030405060708090a0b0c"), info = unhex("f0f1f2f3f4f5f6f7f8f9");
  assertEquals(hex(await subtle.deriveBits({name: "HKDF", hash: "SHA-256", salt, info}, ikm, 42 * 8)),
    "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  assertEquals(hex(await subtle.deriveBits({name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0),
    info: new Uint8Array(0)}, ikm, 42 * 8)),
    "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
  await assertRejects(() => subtle.deriveBits({name: "HKDF", hash: "SHA-256", salt, info}, ikm, 42 * 8 + 1),
    "OperationError");
  await assertRejects(() => subtle.deriveBits({name: "HKDF", hash: "SHA-256", salt, info}, ikm, 256 * 32 * 8),
    "OperationError");
  await assertRejects(() => subtle.deriveBits({name: "HKDF", hash: "SHA-256", salt}, ikm, 8), "TypeError");
  await assertRejects(() => subtle.importKey("raw", repeat(1, 4), "HKDF", true, ["deriveBits"]), "SyntaxError");
  const aes = await subtle.deriveKey({name: "HKDF", hash: "SHA-256", salt, info}, ikm,
    {name: "AES-GCM", length: 128}, true, ["encrypt"]);
  assertEquals(hex(await subtle.exportKey("raw", aes)), "3cb25f25faacd57a90434f64d0362f2a");
});

test("PBKDF2 RFC 6070", async () => {
  const pw = await subtle.importKey("raw", enc("password"), "PBKDF2", false, ["deriveBits"]);
  const bits = (iterations, hash, len) => subtle.deriveBits({name: "PBKDF2", salt: enc("salt"),
    iterations, hash}, pw, len * 8).then(hex);
  assertEquals(await bits(1, "SHA-1", 20), "0c60c80f961f0e71f3a9b524af6012062fe037a6");
  assertEquals(await bits(2, "SHA-1", 20), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
  assertEquals(await bits(4096, "SHA-1", 20), "4b007901b765489abead49d926f721d065a429c1");
  assertEquals(await bits(4096, "SHA-256", 32),
    "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a");
  const long = await subtle.importKey("raw", enc("passwordPASSWORDpassword"), "PBKDF2", false,
    ["deriveBits"]);
  assertEquals(hex(await subtle.deriveBits({name: "PBKDF2", salt: enc("saltSALTsaltSALTsaltSALTsaltSALTsalt"),
    iterations: 4096, hash: "SHA-1"}, long, 25 * 8)), "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
  await assertRejects(() => bits(0, "SHA-1", 20), "OperationError");
  await assertRejects(() => subtle.deriveBits({name: "PBKDF2", salt: enc("salt"), iterations: 1,
    hash: "SHA-1"}, pw), "OperationError");
  await assertRejects(() => subtle.deriveBits({name: "PBKDF2", salt: enc("s"), iterations: -1,
    hash: "SHA-1"}, pw, 8), "TypeError");
  await assertRejects(() => subtle.deriveKey({name: "PBKDF2", salt: enc("s"), iterations: 1,
    hash: "SHA-1"}, pw, {name: "AES-GCM", length: 128}, false, ["encrypt"]), "InvalidAccessError");
});

test("PBKDF2 above the inline limit runs through the loop", async () => {
  // 10001 iterations (over pbkdf2InlineIterations), checked against the definition:
  // T1 = U1 xor ... xor Uc, U1 = HMAC(P, S || INT(1)), Ui = HMAC(P, Ui-1).
  const c = 10001;
  const pw = await subtle.importKey("raw", enc("password"), "PBKDF2", false, ["deriveKey"]);
  const key = await subtle.deriveKey({name: "PBKDF2", salt: enc("salt"), iterations: c, hash: "SHA-1"},
    pw, {name: "HMAC", hash: "SHA-1", length: 160}, true, ["sign"]);
  const mac = await subtle.importKey("raw", enc("password"), {name: "HMAC", hash: "SHA-1"}, false, ["sign"]);
  let u = new Uint8Array(await subtle.sign("HMAC", mac, new Uint8Array([...enc("salt"), 0, 0, 0, 1])));
  const t = u.slice();
  for (let i = 1; i < c; i++) {
    u = new Uint8Array(await subtle.sign("HMAC", mac, u));
    for (let j = 0; j < t.length; j++) t[j] ^= u[j];
  }
  assertEquals(hex(await subtle.exportKey("raw", key)), hex(t));
  assertEquals(hex(t), "450facd14decfafbd72467f46497de55bc03c361");
});

test("timingSafeEqual", () => {
  assertEquals(subtle.timingSafeEqual(enc("abc"), enc("abc")), true);
  assertEquals(subtle.timingSafeEqual(enc("abc").buffer, new Uint8Array([97, 98, 100])), false);
  assertEquals(subtle.timingSafeEqual(new ArrayBuffer(0), new ArrayBuffer(0)), true);
  assertThrows(() => subtle.timingSafeEqual(enc("a"), enc("ab")), "TypeError");
  assertThrows(() => subtle.timingSafeEqual("a", "a"), "TypeError");
});

test("getRandomValues and randomUUID", () => {
  const a = new Uint8Array(64);
  assert(crypto.getRandomValues(a) === a, "returns its argument");
  assert(a.some((b) => b !== 0), "filled");
  const words = crypto.getRandomValues(new Uint32Array(4));
  assertEquals(words.length, 4);
  crypto.getRandomValues(new BigUint64Array(2));
  crypto.getRandomValues(new Uint8Array(65536));
  assertThrows(() => crypto.getRandomValues(new Uint8Array(65537)), "QuotaExceededError");
  assertThrows(() => crypto.getRandomValues(new Float64Array(2)), "TypeMismatchError");
  assertThrows(() => crypto.getRandomValues(new DataView(new ArrayBuffer(2))), "TypeMismatchError");
  assertThrows(() => crypto.getRandomValues([1, 2]), "TypeError");
  assertThrows(() => crypto.getRandomValues.call({}, a), "TypeError");
  const seen = new Set();
  for (let i = 0; i < 100; i++) {
    const id = crypto.randomUUID();
    assert(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id), id);
    seen.add(id);
  }
  assertEquals(seen.size, 100);
  assert(crypto.subtle === crypto.subtle, "one SubtleCrypto");
  assert(crypto.subtle instanceof SubtleCrypto, "instanceof SubtleCrypto");
  assert(crypto instanceof Crypto, "instanceof Crypto");
  assertThrows(() => new SubtleCrypto(), "TypeError");
});

test("resource bounds", async () => {
  const pw = await subtle.importKey("raw", enc("pw"), "PBKDF2", false, ["deriveBits"]);
  await assertRejects(() => subtle.deriveBits({name: "PBKDF2", salt: enc("s"), iterations: 100001,
    hash: "SHA-256"}, pw, 256), "NotSupportedError");
  await assertRejects(() => subtle.deriveBits({name: "PBKDF2", salt: enc("s"), iterations: 1,
    hash: "SHA-256"}, pw, 2 ** 31), "OperationError");
  assertEquals((await subtle.deriveBits({name: "PBKDF2", salt: enc("s"), iterations: 1,
    hash: "SHA-256"}, pw, 0)).byteLength, 0);
  await assertRejects(() => subtle.generateKey({name: "RSASSA-PKCS1-v1_5", modulusLength: 65536,
    publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256"}, false, ["sign"]), "OperationError");
  await assertRejects(() => subtle.importKey("jwk", {kty: "RSA", n: "AQAB", e: "AQAB"},
    {name: "RSASSA-PKCS1-v1_5", hash: "SHA-256"}, true, ["verify"]), "DataError");
  await assertRejects(() => subtle.importKey("jwk", {kty: "EC", crv: "P-999", x: "AA", y: "AA"},
    {name: "ECDSA", namedCurve: "P-999"}, true, ["verify"]), "NotSupportedError");
});
