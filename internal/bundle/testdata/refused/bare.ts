import * as path from "path";

export default { fetch: () => path.join("a", "b") };
