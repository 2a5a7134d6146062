// Runs the Web Platform Tests URL data (testdata/wpt/*.json) through the URL and
// URLSearchParams classes, the way the WPT harness files url-constructor.any.js,
// url-setters.any.js, toascii.window.js and urlencoded-parser.any.js use them. Each
// runner returns the failing cases as [key, detail] pairs; url_wpt_test.go compares the
// keys with testdata/wpt/url-expected-failures.txt.
"use strict";

const urlFields = ["href", "protocol", "username", "password", "host", "hostname", "port",
  "pathname", "search", "hash"];

function key(...parts) { return parts.map((p) => JSON.stringify(p)).join(" "); }

function describe(e) { return e && e.name ? e.name + ": " + e.message : String(e); }

globalThis.wptURLTestData = (text) => {
  const failures = [];
  for (const c of JSON.parse(text)) {
    if (typeof c === "string") continue;
    const k = key("urltestdata", c.input, c.base);
    const base = c.base === null ? undefined : c.base;
    let url;
    try {
      url = base === undefined ? new URL(c.input) : new URL(c.input, base);
    } catch (e) {
      if (!c.failure) failures.push([k, "threw " + describe(e)]);
      else if (!(e instanceof TypeError)) failures.push([k, "threw non-TypeError " + describe(e)]);
      continue;
    }
    if (c.failure) {
      failures.push([k, "parsed as " + url.href + ", want failure"]);
      continue;
    }
    if (URL.canParse(c.input, base) !== true) failures.push([k, "canParse is false"]);
    const want = Object.assign({}, c);
    const bad = urlFields.filter((f) => url[f] !== want[f]);
    if ("origin" in c && url.origin !== c.origin) bad.push("origin");
    if ("searchParams" in c && url.searchParams.toString() !== c.searchParams) {
      bad.push("searchParams");
    }
    if (bad.length) {
      failures.push([k, bad.map((f) => `${f}: got ${JSON.stringify(f === "searchParams" ?
        url.searchParams.toString() : url[f])}, want ${JSON.stringify(c[f])}`).join("; ")]);
    }
  }
  return failures;
};

globalThis.wptURLFailureAPIs = (text) => {
  // url-constructor's failure cases also go through URL.canParse and URL.parse.
  const failures = [];
  for (const c of JSON.parse(text)) {
    if (typeof c === "string" || !c.failure) continue;
    const base = c.base === null ? undefined : c.base;
    const k = key("urltestdata-failure-apis", c.input, c.base);
    if (URL.canParse(c.input, base) !== false) failures.push([k, "canParse is true"]);
    if (URL.parse(c.input, base) !== null) failures.push([k, "parse is not null"]);
  }
  return failures;
};

globalThis.wptSetters = (text) => {
  const failures = [];
  const data = JSON.parse(text);
  for (const attr of Object.keys(data)) {
    if (attr === "comment") continue;
    for (const c of data[attr]) {
      const k = key("setters", attr, c.href, c.new_value);
      try {
        const url = new URL(c.href);
        url[attr] = c.new_value;
        const bad = Object.keys(c.expected).filter((f) => url[f] !== c.expected[f]);
        if (bad.length) {
          failures.push([k, bad.map((f) =>
            `${f}: got ${JSON.stringify(url[f])}, want ${JSON.stringify(c.expected[f])}`).join("; ")]);
        }
      } catch (e) {
        failures.push([k, "threw " + describe(e)]);
      }
    }
  }
  return failures;
};

globalThis.wptToASCII = (text) => {
  const failures = [];
  for (const c of JSON.parse(text)) {
    if (typeof c === "string") continue;
    const k = key("toascii", c.input);
    try {
      const url = new URL("https://" + c.input + "/x");
      if (c.output === null) failures.push([k, "parsed host " + url.host + ", want failure"]);
      else if (url.host !== c.output) failures.push([k, `host ${url.host}, want ${c.output}`]);
    } catch (e) {
      if (c.output !== null) failures.push([k, "threw " + describe(e)]);
    }
    for (const attr of ["host", "hostname"]) {
      const url = new URL("https://x/x");
      url[attr] = c.input;
      const want = c.output === null ? "x" : c.output;
      if (url[attr] !== want) {
        failures.push([key("toascii", attr, c.input), `${attr} ${url[attr]}, want ${want}`]);
      }
    }
  }
  return failures;
};

globalThis.wptURLEncoded = (text) => {
  const failures = [];
  for (const c of JSON.parse(text)) {
    const k = key("urlencoded-parser", c.input);
    const got = [...new URLSearchParams(c.input)];
    if (JSON.stringify(got) !== JSON.stringify(c.output)) {
      failures.push([k, `got ${JSON.stringify(got)}, want ${JSON.stringify(c.output)}`]);
    }
    const viaURL = [...new URL("https://example.com/?" + c.input).searchParams];
    if (JSON.stringify(viaURL) !== JSON.stringify(c.output)) {
      failures.push([key("urlencoded-parser", "url", c.input), `got ${JSON.stringify(viaURL)}`]);
    }
  }
  return failures;
};

globalThis.wptPercentEncoding = (text) => {
  // Only the utf-8 output applies: URL and URLSearchParams always encode as UTF-8 (the
  // other encodings are reachable only through HTML forms and documents).
  const failures = [];
  for (const c of JSON.parse(text)) {
    if (typeof c === "string") continue;
    const k = key("percent-encoding", c.input);
    const want = c.output["utf-8"];
    const url = new URL("https://doesnotmatter.invalid/?" + c.input + "#" + c.input);
    if (url.search !== "?" + want) failures.push([k, `search ${url.search}, want ?${want}`]);
    if (url.hash !== "#" + want) failures.push([key("percent-encoding", "hash", c.input),
      `hash ${url.hash}, want #${want}`]);
  }
  return failures;
};
