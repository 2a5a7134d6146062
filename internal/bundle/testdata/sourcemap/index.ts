import { fail } from "./fail";

interface Padding {
  a: number;
  b: string;
}

export default {
  fetch(): never {
    const p: Padding = { a: 1, b: "two" };
    return fail(p.b);
  },
};
