/**
 * How long a round of insights takes on a 10-minute run: 2 agents, 50 VUs, 10 URLs with two
 * statuses each, one point per series per agent per second (24,000 agent-seconds of HTTP series).
 * Not part of the normal suite (ingesting the run takes a minute on 2 cores):
 *
 *   BARRAGE_INSIGHTS_BENCH=1 npx vitest run src/insights/compute-run-insights.bench
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../db/test-database.test-helpers.js";
import { latencies, seededRandom } from "../metrics/batches.test-helpers.js";
import { createMetricsDatabase, createRun } from "../metrics/runs.test-helpers.js";
import { computeRunInsights } from "./compute-run-insights.js";
import { ingestRunSecond, type RequestGroup } from "./insight-traffic.test-helpers.js";

const SECONDS = 600;
const URLS = 10;

describe.skipIf(!process.env.BARRAGE_INSIGHTS_BENCH)("a round of insights on a 10-minute run", () => {
  let db: TestDatabase;
  let runId: number;

  beforeAll(async () => {
    const start = Math.floor(Date.now() / 1000) * 1000 - (SECONDS + 60) * 1000;
    db = await createMetricsDatabase("extension", start);
    const run = await createRun(db.pool, 2);
    runId = run.runId;
    const random = seededRandom(1);
    for (let i = 0; i < SECONDS; i++) {
      await Promise.all(
        run.instanceIds.map((instanceId) => {
          const requests: RequestGroup[] = [];
          for (let u = 0; u < URLS; u++) {
            requests.push({ name: `/page/${u}`, latencies: latencies(random, 20, 20 + u) });
            requests.push({ name: `/page/${u}`, status: "503", latencies: latencies(random, 1, 5) });
          }
          return ingestRunSecond(
            db.pool,
            { runId, instanceId },
            {
              seq: i + 1,
              end: start + (i + 1) * 1000,
              vus: 25,
              iterations: 50,
              requests,
              agent: { cpu: 40, hostCpu: 50, memory: 2e8, memoryLimit: 2e9 },
            },
          );
        }),
      );
    }
  }, 600_000);
  afterAll(() => db?.drop());

  it.each(["live", "final"] as const)("%s round", async (phase) => {
    await computeRunInsights(db.pool, runId, phase); // warm: the series cache, the HDR mode
    const times: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      await computeRunInsights(db.pool, runId, phase);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${phase} round on a ${SECONDS} s run: median ${times[2]?.toFixed(0)} ms, max ${times[4]?.toFixed(0)} ms`,
    );
    expect(times[2]).toBeLessThan(5000);
  });
});
