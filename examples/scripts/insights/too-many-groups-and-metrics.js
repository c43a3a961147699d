// too-many-groups-and-metrics: a group and a custom metric per step of a long journey. Groups are
// meant for a journey's few stages and metrics for the figures you will chart; hundreds of each
// make results hard to read and cost storage for every one of them.
//
// Run:    barrage cloud -e BASE_URL=http://127.0.0.1:PORT examples/scripts/insights/too-many-groups-and-metrics.js
// Expect: one iteration through 101 groups, each adding 1 to a counter of its own. Insights:
//         best_practice_too_many_groups (101 groups) and best_practice_too_many_metrics (the 101
//         counters and the built-in metrics, more than 100 names).
import { group } from "k6";
import http from "k6/http";
import { Counter } from "k6/metrics";

const BASE_URL = __ENV.BASE_URL || "http://127.0.0.1:3000";
const STEPS = 101;
const done = Array.from({ length: STEPS }, (_, step) => new Counter(`step_${step}_done`));

export const options = { vus: 1, iterations: 1 };

export default async function () {
  await http.get(`${BASE_URL}/fixed?ms=1`);
  for (let step = 0; step < STEPS; step++) {
    await group(`step ${step}`, async () => {
      done[step]?.add(1);
    });
  }
}
