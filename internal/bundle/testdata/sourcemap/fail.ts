type Reason = string;

// Some lines so that the generated and the original line numbers differ.
export function fail(reason: Reason): never {
  throw new Error(`failed: ${reason}`); // FAIL-LINE
}
