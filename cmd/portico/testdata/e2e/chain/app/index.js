export default {
  fetch(request) {
    return new Response(`seen: ${request.headers.get("X-Seen")}`);
  },
};
