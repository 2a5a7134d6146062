// A worker with a default export that handles nothing.
export default {};
