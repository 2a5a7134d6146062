// A helper in another file, so a stack has frames in two source files.
export function validate(n: number): number {
  if (n < 0) {
    throw new RangeError(`negative: ${n}`); // line 4
  }
  return n;
}
