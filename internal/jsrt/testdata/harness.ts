// The helpers of the JavaScript tests in testdata: test(name, fn) registers a test (fn
// may be async); a script exports `tests` as its default export, whose names() and
// run(name) the Go side calls, one subtest per name.
type Fn = () => unknown;
const registry = new Map<string, Fn>();

export function test(name: string, fn: Fn) {
  if (registry.has(name)) throw new Error(`duplicate test ${name}`);
  registry.set(name, fn);
}

export const tests = {
  names: () => [...registry.keys()],
  run: async (name: string) => {
    await registry.get(name)!();
  },
};

const show = (v: unknown) => {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "object" && v !== null && !(v instanceof RegExp)) {
    try {
      return JSON.stringify(v);
    } catch {
      return String(v);
    }
  }
  return String(v);
};

export function assert(cond: unknown, msg = ""): asserts cond {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

export function assertEquals(got: unknown, want: unknown, msg = "") {
  if (show(got) !== show(want) || typeof got !== typeof want) {
    throw new Error(`${msg ? msg + ": " : ""}got ${show(got)} (${typeof got}), want ${show(want)} (${typeof want})`);
  }
}

export function assertThrows(fn: () => unknown, name: string, includes = ""): Error {
  try {
    fn();
  } catch (e) {
    const err = e as Error;
    if (err.name !== name || !String(err.message).includes(includes)) {
      throw new Error(`threw ${err.name}: ${err.message}; want ${name} with "${includes}"`);
    }
    return err;
  }
  throw new Error(`did not throw; want ${name}`);
}
