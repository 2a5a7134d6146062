// console output is captured per invocation, with its level and values.
console.log("top level");

export default {
  levels() {
    console.log("log");
    console.info("info");
    console.warn("warn");
    console.error("error");
    console.debug("debug");
    console.assert(1 === 1, "not logged");
    console.assert(1 === 2, "assertion", 2);
  },
  values() {
    const cyclic: Record<string, unknown> = { name: "cyclic" };
    cyclic.self = cyclic;
    console.log("text", 1.5, true, null, undefined, { a: [1, "two"] }, 10n, Symbol("sym"),
      function named() {}, new Date(0), /re/g, cyclic, NaN,
      { get boom() { throw new Error("getter"); } });
    console.log(new TypeError("logged error"));
  },
};
