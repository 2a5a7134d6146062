// A runaway handler, and state that shows the isolate is still usable after it was
// stopped.
let spins = 0;

export default {
  scheduled() {
    spins++;
    for (;;) {}
  },
  async spinLater() {
    await new Promise((r) => setTimeout(r, 1));
    spins++;
    for (;;) {}
  },
  spins() {
    return spins;
  },
  // Fifty 10 ms slices: well under a 200 ms limit each, but 500 ms in all.
  async manySlices() {
    for (let i = 0; i < 50; i++) {
      const end = Date.now() + 10;
      while (Date.now() < end) {}
      await new Promise((r) => setTimeout(r, 0));
    }
    return "finished";
  },
};
