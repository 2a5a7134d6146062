// A worker as a Workers project writes one: its fetch handler parses JSON, proxies to
// an upstream with fetch(), signs and verifies JWTs (HS256 and EdDSA), and reads a
// FormData upload. worker_test.go drives it through NewRequest and ResponseOf, the way
// the runtime does.

const enc = new TextEncoder();
const dec = new TextDecoder();

function b64url(bytes) {
  let s = "";
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function unb64url(s) {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  // Not Uint8Array.from(bin, ...): this goja version's TypedArray.from rejects a string.
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function signJWT(payload, alg, key) {
  const head = b64url(enc.encode(JSON.stringify({ alg, typ: "JWT" })));
  const body = b64url(enc.encode(JSON.stringify(payload)));
  const input = head + "." + body;
  const algo = alg === "HS256" ? "HMAC" : "Ed25519";
  const sig = await crypto.subtle.sign(algo, key, enc.encode(input));
  return input + "." + b64url(sig);
}

async function verifyJWT(token, key) {
  const [head, body, sig] = token.split(".");
  const { alg } = JSON.parse(dec.decode(unb64url(head)));
  const algo = alg === "HS256" ? "HMAC" : "Ed25519";
  const ok = await crypto.subtle.verify(algo, key, unb64url(sig), enc.encode(head + "." + body));
  return ok ? JSON.parse(dec.decode(unb64url(body))) : null;
}

async function sha256Hex(data) {
  const d = await crypto.subtle.digest("SHA-256", data);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

globalThis.worker = {
  async fetch(request, env) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case "/json": {
        const data = await request.json();
        const sum = data.values.reduce((a, b) => a + b, 0);
        return Response.json({ name: data.name, sum }, { status: 201 });
      }
      case "/proxy": {
        const upstream = await fetch(env.UPSTREAM + "/drip", { headers: { "X-Test": "proxy" } });
        // Returned as is: the body streams from the upstream to the client unread.
        return upstream;
      }
      case "/proxy-rewrap": {
        const upstream = await fetch(env.UPSTREAM + "/text");
        const res = new Response((await upstream.text()).toUpperCase(), upstream);
        res.headers.set("X-Proxied", "1");
        return res;
      }
      case "/jwt": {
        const claims = await request.json();
        const hmacKey = await crypto.subtle.importKey("raw", enc.encode(env.SECRET),
          { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
        const edKeys = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
        const hs = await signJWT(claims, "HS256", hmacKey);
        const ed = await signJWT(claims, "EdDSA", edKeys.privateKey);
        const tampered = hs.slice(0, -2) + (hs.endsWith("A") ? "BB" : "AA");
        return Response.json({
          hs256: hs,
          eddsa: ed,
          edPublic: b64url(await crypto.subtle.exportKey("raw", edKeys.publicKey)),
          hsVerified: await verifyJWT(hs, hmacKey),
          edVerified: await verifyJWT(ed, edKeys.publicKey),
          tamperedVerified: await verifyJWT(tampered, hmacKey),
          crossVerified: await verifyJWT(ed.split(".").slice(0, 2).join(".") + "." +
            hs.split(".")[2], edKeys.publicKey),
        });
      }
      case "/upload": {
        const form = await request.formData();
        const file = form.get("file");
        if (!(file instanceof File)) return new Response("no file", { status: 400 });
        return Response.json({
          title: form.get("title"),
          tags: form.getAll("tag"),
          name: file.name,
          type: file.type,
          size: file.size,
          sha256: await sha256Hex(await file.arrayBuffer()),
        });
      }
    }
    return new Response("not found", { status: 404 });
  },
};
