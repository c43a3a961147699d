// constant-arrival-rate: iterations start at a fixed rate whatever the server does (the open
// model). When no VU is free at an iteration's start time, the iteration is dropped and
// counted in dropped_iterations, a sign that the load generator had too few VUs.
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/constant-arrival-rate.js
// Expect: 20 iterations/s for 3 s = 60 iterations, none dropped; exit code 0.
//
// Provoke drops: -e MAX_VUS=1 -e LATENCY_MS=200 leaves one VU that can finish only 5
// iterations a second, so about 45 of the 60 are dropped (the dropped_iterations threshold
// below then fails: exit code 99).
import { check } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";
const MAX_VUS = Number(__ENV.MAX_VUS || 10);
const LATENCY_MS = Number(__ENV.LATENCY_MS || 20);

export const options = {
  scenarios: {
    steady: {
      executor: "constant-arrival-rate",
      rate: 20,
      timeUnit: "1s",
      duration: "3s",
      preAllocatedVUs: Math.min(5, MAX_VUS),
      maxVUs: MAX_VUS,
    },
  },
  thresholds: {
    dropped_iterations: ["count==0"],
  },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/fixed?ms=${LATENCY_MS}`);
  check(res, { "status is 200": (r) => r.status === 200 });
}
