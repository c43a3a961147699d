// not-enough-data: a smoke test of 3 iterations. Fine for checking that a script works, but too
// little to judge the system: the insights need 100 completed iterations to learn what normal
// looks like before they can tell that something changed.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/not-enough-data.js
// Expect: 3 iterations, all 200. Insight: best_practice_not_enough_training_data.
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = { vus: 1, iterations: 3 };

export default async function () {
  await http.get(`${BASE_URL}/fixed?ms=5`);
}
