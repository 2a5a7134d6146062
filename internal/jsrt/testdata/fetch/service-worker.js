// fetch handlers in the service-worker syntax.
addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.pathname === "/none") return;
  if (url.pathname === "/throw") {
    event.passThroughOnException();
    throw new Error("listener failed");
  }
  event.waitUntil(Promise.resolve().then(() => console.log("waited")));
  event.respondWith(
    (async () => new Response(`sw ${NAME} ${url.pathname} ${event instanceof FetchEvent}`))(),
  );
});
