import { NoSuchThing } from "cloudflare:workers";

export default { fetch: () => new NoSuchThing() };
