import { readFile } from "fs/promises";

export default { fetch: () => readFile("/etc/hostname") };
