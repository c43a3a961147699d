// thresholds-abort: a threshold with abortOnFail stops the test as soon as it fails, instead
// of hammering a broken system for the full duration. delayAbortEval gives the metric time to
// collect enough samples before it may abort.
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/thresholds-abort.js
// Expect: half the requests fail (/error?rate=0.5), so http_req_failed's rate<0.1 fails at its
//         first evaluation after 1 s (thresholds are evaluated every 2 s): the test stops after
//         about 2 s of its 10, the summary marks the threshold failed, and the exit code is 99.
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  vus: 5,
  duration: "10s",
  thresholds: {
    http_req_failed: [{ threshold: "rate<0.1", abortOnFail: true, delayAbortEval: "1s" }],
  },
};

export default async function () {
  await http.get(`${BASE_URL}/error?rate=0.5`);
}
