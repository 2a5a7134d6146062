export default {
  fetch(request: Request): string {
    if (typeof request === "nope") return "never";
    return "ok";
  },
};
