// ramping-vus: the number of VUs follows stages, like users arriving and leaving. The
// closed-model way to look for the load where latency starts to climb.
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/ramping-vus.js
// Expect: VUs ramp 0 -> 6 over 1 s, hold 6 for 2 s, ramp down to 0 over 1 s (about 4 s in all);
//         the vus gauge peaks at 6; exit code 0.
import { check, sleep } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  scenarios: {
    ramp: {
      executor: "ramping-vus",
      startVUs: 0,
      stages: [
        { duration: "1s", target: 6 },
        { duration: "2s", target: 6 },
        { duration: "1s", target: 0 },
      ],
      gracefulRampDown: "1s",
    },
  },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/fixed?ms=20`);
  check(res, { "status is 200": (r) => r.status === 200 });
  await sleep(0.2);
}
