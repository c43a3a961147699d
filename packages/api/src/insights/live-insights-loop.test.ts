import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../db/test-database.test-helpers.js";
import { latencies, seededRandom } from "../metrics/batches.test-helpers.js";
import { createMetricsDatabase, createRun } from "../metrics/runs.test-helpers.js";
import { ingestRun } from "./insight-traffic.test-helpers.js";
import { startLiveInsights } from "./live-insights-loop.js";
import { queryRunInsights } from "./query-run-insights.js";

let db: TestDatabase;

beforeAll(async () => {
  db = await createMetricsDatabase("extension");
});
afterAll(() => db?.drop());

/** A 30 s run of 10 VUs where 30% of the requests fail from the start, in `status`. */
async function failingRun(status: string): Promise<number> {
  const { runId, instanceIds } = await createRun(db.pool, 1);
  const random = seededRandom(runId);
  const start = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  await ingestRun(db.pool, { runId, instanceId: instanceIds[0] as number }, start, 30, () => ({
    vus: 10,
    iterations: 20,
    requests: [
      { name: "/api", latencies: latencies(random, 14, 20) },
      { name: "/api", status: "503", latencies: latencies(random, 6, 5) },
    ],
  }));
  await db.pool.query("update test_runs set status = $2 where id = $1", [runId, status]);
  return runId;
}

describe("startLiveInsights", () => {
  it("stores the live insights of running runs, and leaves ended runs to their final round", async () => {
    const running = await failingRun("RUNNING");
    const ended = await failingRun("FINISHED");
    const logged: string[] = [];
    const live = startLiveInsights({ pool: db.pool, intervalMs: 50, log: (line) => logged.push(line) });
    try {
      await expect
        .poll(async () => (await queryRunInsights(db.pool, running)).map((i) => i.id), { timeout: 10_000 })
        .toContain("http_load_high_http_failure_rate");
    } finally {
      await live.close();
    }
    expect(await queryRunInsights(db.pool, ended)).toEqual([]);
    expect(logged).toEqual([]);
  });
});
