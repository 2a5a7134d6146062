// A tail consumer: it receives the trace items of producers' invocations.
export default {
  tail(events: TraceItem[], env: unknown, ctx: ExecutionContext) {
    ctx.waitUntil(
      (async () => {
        await null;
        for (const e of events) {
          const ev = e.event as TraceItemFetchEventInfo & { rpcMethod?: string };
          console.log(JSON.stringify({
            script: e.scriptName,
            outcome: e.outcome,
            logs: e.logs.map((l) => [l.level, ...l.message]),
            exceptions: e.exceptions.map((x) => `${x.name}: ${x.message}`),
            event: ev.request
              ? { url: ev.request.url, headers: ev.request.headers, status: ev.response?.status,
                  raw: ev.request.getUnredacted().headers.authorization }
              : ev,
            times: typeof e.eventTimestamp === "number" && e.cpuTime >= 0 && e.wallTime >= e.cpuTime,
          }));
        }
      })(),
    );
  },
};
