// Which files package.json "exports" conditions pick, as wrangler resolves them.
import { picked } from "cond-pkg";
import { picked as pickedSub } from "cond-pkg/sub";
import { EventEmitter } from "events";
import { fsKeys } from "uses-fs";

const required = require("cond-pkg/req");

export const result = {
  picked,
  pickedSub,
  required: required.picked,
  events: typeof EventEmitter,
  fsKeys,
};
