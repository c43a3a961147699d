// handle-summary: replace the end-of-test summary with your own. handleSummary receives the
// summary data (the same numbers as the default summary) and returns what to write where:
// "stdout", "stderr", or a file path.
//
// Run:    barrage run -e BASE_URL=http://127.0.0.1:PORT examples/scripts/handle-summary.js
//         add -e SUMMARY_FILE=summary.json to also write the whole summary data as JSON.
// Expect: 10 iterations; instead of the default summary, one line such as
//         "handle-summary: 10 iterations, 10 requests, p(95) 12.3 ms, checks 10/10"; exit code 0.
import { check } from "k6";
import http from "k6/http";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";

export const options = {
  scenarios: { few: { executor: "shared-iterations", vus: 2, iterations: 10 } },
};

export default async function () {
  const res = await http.get(`${BASE_URL}/random?min=5&max=15`);
  check(res, { "status is 200": (r) => r.status === 200 });
}

export function handleSummary(data) {
  const m = data.metrics;
  const line =
    `handle-summary: ${m.iterations.values.count} iterations, ${m.http_reqs.values.count} requests, ` +
    `p(95) ${m.http_req_duration.values["p(95)"].toFixed(1)} ms, ` +
    `checks ${m.checks.values.passes}/${m.checks.values.passes + m.checks.values.fails}\n`;
  const outputs = { stdout: line };
  if (__ENV.SUMMARY_FILE) outputs[__ENV.SUMMARY_FILE] = JSON.stringify(data, null, 2);
  return outputs;
}
