import { double } from "./math.js";

export default {
  fetch() {
    return `twice 21 is ${double(21)}`;
  },
};
