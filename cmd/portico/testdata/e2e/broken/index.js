export default {
  fetch(request) {
    return new Response("never built" ;
  },
};
