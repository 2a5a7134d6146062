// Asks the origin's code for JSON; the answer comes through the middleware too.
fetch("/api/time")
  .then((r) => r.json())
  .then((data) => {
    document.getElementById("api").textContent = `The origin says it is ${data.time}.`;
  });
