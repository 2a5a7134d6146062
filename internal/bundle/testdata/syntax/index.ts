export default {
  fetch(request: Request) {
    const x: number = ;
    return x;
  },
};
