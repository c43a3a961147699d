import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../../db/test-database.test-helpers.js";
import { BatchRejected } from "../batch/batch-rejected.js";
import { batch, counterPoint, gaugePoint, trendPoint } from "../batches.test-helpers.js";
import { queryHttpBreakdown } from "../queries/http-breakdown.js";
import { queryTimeSeries } from "../queries/time-series.js";
import { queryPercentiles } from "../queries/window-percentiles.js";
import { createMetricsDatabase, createRun } from "../runs.test-helpers.js";
import { ingestBatch } from "./ingest-batch.js";

const T0 = Date.UTC(2025, 10, 28, 12, 0, 0);

let db: TestDatabase;
beforeAll(async () => {
  db = await createMetricsDatabase("extension", T0);
});
afterAll(() => db?.drop());

/** One second of an agent: `requests` hits of `home`, each taking `ms`, and its own CPU gauge. */
function second(seq: number, requests: number, ms: number, ownTags: Record<string, string> = {}) {
  return batch(seq, T0 + seq * 1000, [
    counterPoint("http_reqs", { name: "home", status: "200", ...ownTags }, requests),
    trendPoint("http_req_duration", { name: "home", status: "200", ...ownTags }, Array(requests).fill(ms)),
    gaugePoint("barrage_agent_cpu", { instance_id: "claimed-by-the-agent", load_zone: "x" }, [40]),
  ]);
}

describe("ingest from the agent port (a source with a zone)", () => {
  it("tags every point with the agent's zone, keeps one series per zone, and stays idempotent", async () => {
    const { runId, instanceIds } = await createRun(db.pool, 3);
    const [a, b, c] = instanceIds as [number, number, number];
    const ashburn = "amazon:us:ashburn";
    const dublin = "amazon:ie:dublin";
    await ingestBatch(db.pool, { runId, instanceId: a, zone: ashburn }, second(1, 6, 10));
    await ingestBatch(db.pool, { runId, instanceId: b, zone: ashburn }, second(1, 6, 20));
    // A script's own load_zone tag is replaced: the certificate says where the agent is.
    await ingestBatch(
      db.pool,
      { runId, instanceId: c, zone: dublin },
      second(1, 4, 30, { load_zone: "fake" }),
    );
    // A resend: the same series, and nothing stored twice.
    expect(await ingestBatch(db.pool, { runId, instanceId: c, zone: dublin }, second(1, 4, 30))).toEqual({
      accepted: true,
      duplicate: true,
    });

    const { rows: series } = await db.pool.query(
      `select metric, tags from metric_series where run_id = $1 order by metric, tags_key`,
      [runId],
    );
    expect(series).toEqual([
      // The agent's own gauge keeps instance_id, rewritten to the authenticated instance.
      { metric: "barrage_agent_cpu", tags: { instance_id: String(a), load_zone: ashburn } },
      { metric: "barrage_agent_cpu", tags: { instance_id: String(b), load_zone: ashburn } },
      { metric: "barrage_agent_cpu", tags: { instance_id: String(c), load_zone: dublin } },
      { metric: "http_req_duration", tags: { name: "home", status: "200", load_zone: dublin } },
      { metric: "http_req_duration", tags: { name: "home", status: "200", load_zone: ashburn } },
      { metric: "http_reqs", tags: { name: "home", status: "200", load_zone: dublin } },
      { metric: "http_reqs", tags: { name: "home", status: "200", load_zone: ashburn } },
    ]);

    // Compared by zone...
    const zones = await queryHttpBreakdown(db.pool, runId, "load_zone");
    expect(zones.map((z) => [z.key, z.requests, z.p95])).toEqual([
      [ashburn, 12, 20],
      [dublin, 4, 30],
    ]);
    const dublinOnly = await queryTimeSeries(db.pool, {
      runId,
      metric: "http_reqs",
      resolutionSeconds: 10,
      filter: { zone: dublin },
    });
    expect(dublinOnly.points.map((p) => ("sum" in p ? p.sum : null))).toEqual([4]);
    // ...and by agent, through the points' own instance column.
    const agentB = await queryPercentiles(db.pool, {
      runId,
      metric: "http_req_duration",
      quantiles: [0.5],
      filter: { tags: { instance_id: String(b) } },
    });
    expect([agentB.count, agentB.percentiles]).toEqual([6, [20]]);
    const agentBInDublin = await queryPercentiles(db.pool, {
      runId,
      metric: "http_req_duration",
      quantiles: [0.5],
      filter: { zone: dublin, tags: { instance_id: String(b) } },
    });
    expect(agentBInDublin.count).toBe(0);
  });

  it("refuses a batch whose series collapse into one once the zone is set, naming why", async () => {
    const { runId, instanceIds } = await createRun(db.pool);
    const doc = batch(1, T0 + 1000, [
      counterPoint("http_reqs", { name: "home", load_zone: "a" }, 1),
      counterPoint("http_reqs", { name: "home", load_zone: "b" }, 1),
    ]);
    const refused = await ingestBatch(
      db.pool,
      { runId, instanceId: instanceIds[0] as number, zone: "local" },
      doc,
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BatchRejected);
    expect((refused as BatchRejected).field).toBe("points[1].tags");
    expect((refused as Error).message).toMatch(
      /appears twice in the batch \(once the platform set its own tags/,
    );
    // Without a zone (a prepared batch in a test), the tags are the document's.
    await expect(
      ingestBatch(db.pool, { runId, instanceId: instanceIds[0] as number }, doc),
    ).resolves.toMatchObject({ duplicate: false });
  });
});
