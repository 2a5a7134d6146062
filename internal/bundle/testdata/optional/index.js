// A package that only tries Node.js built-ins, inside try/catch, still loads: each
// require throws when it runs.
let fs = "unset";
try {
  fs = require("node:fs");
} catch (e) {
  fs = "node:fs threw";
}
let path = "unset";
try {
  path = require("path");
} catch (e) {
  path = "path threw";
}

export const tried = [fs, path];
