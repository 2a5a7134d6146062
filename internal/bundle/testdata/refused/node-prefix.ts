import { readFileSync } from "node:fs";

export default { fetch: () => readFileSync("/etc/hostname") };
