// Syntax the engine does not parse, which the bundle must lower: class fields named get,
// set and async (instance and static), async generators, for await, import() and RegExp
// literals with the d flag.
class Accessors {
  get = "g";
  set = "s";
  async = "a";
  static get = "G";
  static set = "S";
  static async = "A";
}

async function* countTo(n: number): AsyncGenerator<number> {
  for (let i = 1; i <= n; i++) {
    yield i;
  }
}

class Stream {
  async *[Symbol.asyncIterator]() {
    yield "x";
    yield "y";
  }
}

export async function run(): Promise<string> {
  const a = new Accessors();
  let sum = 0;
  for await (const v of countTo(4)) sum += v;
  let joined = "";
  for await (const s of new Stream()) joined += s;
  return [a.get, a.set, a.async, Accessors.get, Accessors.set, Accessors.async, sum, joined].join(",");
}

export async function lazy(): Promise<string> {
  const m = await import("./later");
  return m.later;
}

// The engine has no d flag: this throws when called, but the script still loads.
export function indices(): string | undefined {
  return /b/d.exec("ab")?.indices?.[0]?.join(",");
}
