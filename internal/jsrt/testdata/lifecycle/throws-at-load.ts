// A script whose top level throws.
const config: Record<string, string> = {};

export default {
  fetch() {
    return new Response(config.greeting);
  },
};

if (!config.greeting) {
  throw new Error("missing greeting"); // line 11
}
