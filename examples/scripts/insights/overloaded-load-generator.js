// overloaded-load-generator: each iteration does 200 ms of CPU work in the load generator itself
// (standing for heavy response processing: parsing big bodies, crypto, large loops), so the
// agent's event loop is busy all the time and its own timings stop being trustworthy.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/overloaded-load-generator.js
// Expect: 1 VU for 13 s, about 5 iterations a second. Insight: health_high_loadgen_cpu_usage
//         (the agent at 90% CPU or more for 10 s or longer), pointing at the agent's
//         barrage_agent_cpu gauge.
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = { vus: 1, duration: "13s" };

/** Spins for `ms` milliseconds and returns something, so the work cannot be optimised away. */
function work(ms) {
  const until = Date.now() + ms;
  let x = 0;
  while (Date.now() < until) x += Math.sqrt(x + 1);
  return x;
}

export default async function () {
  work(200);
  await http.get(`${BASE_URL}/fixed?ms=1`);
}
