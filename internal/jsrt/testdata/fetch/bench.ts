// The handlers of the benchmarks: a prebuilt Response, and one awaited Go operation of
// 1 ms (POST) or one that completes at once (PUT).
type Env = { op<T>(ms: number, value: T): Promise<T> };

const prebuilt = new Response(null, { status: 204 });

export default {
  fetch(request: Request, env: Env) {
    switch (request.method) {
      case "POST":
        return env.op(1, prebuilt);
      case "PUT":
        return env.op(0, prebuilt);
    }
    return prebuilt;
  },
  call() {
    return 1;
  },
};
