import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../../db/test-database.test-helpers.js";
import { batch, counterPoint, ratePoint, trendPoint } from "../batches.test-helpers.js";
import { ingestBatch } from "../ingest/ingest-batch.js";
import { queryRunSummary } from "../queries/run-summary.js";
import { createMetricsDatabase, createRun, HDR_MODES } from "../runs.test-helpers.js";
import { evaluateRunThresholds } from "./evaluate-run-thresholds.js";

const T0 = Date.UTC(2025, 10, 28, 12, 0, 0);

describe.each(HDR_MODES)("evaluateRunThresholds (HDR mode %s)", (mode) => {
  let db: TestDatabase;
  let runId: number;

  beforeAll(async () => {
    db = await createMetricsDatabase(mode, T0);
    const run = await createRun(db.pool, 2);
    runId = run.runId;
    // Agent 1 is fast, agent 2 slow: p(95) over both is slow although agent 1 alone passes.
    const agents = [
      { instanceId: run.instanceIds[0] as number, durations: [10, 11, 12, 13, 14], failed: 0 },
      { instanceId: run.instanceIds[1] as number, durations: [300, 310, 320, 330, 340], failed: 1 },
    ];
    for (const { instanceId, durations, failed } of agents) {
      await ingestBatch(
        db.pool,
        { runId, instanceId },
        batch(1, T0 + 1000, [
          trendPoint("http_req_duration", { status: "200", name: "a" }, durations.slice(0, 4)),
          trendPoint("http_req_duration", { status: "500", name: "a" }, durations.slice(4)),
          counterPoint("http_reqs", { status: "200", name: "a" }, 5),
          ratePoint("http_req_failed", { name: "a" }, failed, 5),
        ]),
      );
    }
  });
  afterAll(() => db?.drop());

  it("passes and fails thresholds on the aggregate of all agents, sub-metrics by tags", async () => {
    const round = await evaluateRunThresholds(
      db.pool,
      runId,
      {
        http_req_duration: ["p(95)<100", "max<1000", "med<400"],
        "http_req_duration{status:500}": ["min>100"],
        http_reqs: ["count==10", "rate>=1"],
        http_req_failed: ["rate<0.2"],
        my_custom_trend: ["p(99)<1"],
      },
      10_000,
      "periodic",
    );
    const verdicts = round.results.map((r) => [r.name, r.source, r.ok, r.value]);
    expect(verdicts).toEqual([
      ["http_req_duration", "p(95)<100", false, expect.any(Number)],
      ["http_req_duration", "max<1000", true, 340],
      ["http_req_duration", "med<400", true, expect.any(Number)],
      ["http_req_duration{status:500}", "min>100", false, 14],
      ["http_reqs", "count==10", true, 10],
      ["http_reqs", "rate>=1", true, 1],
      ["http_req_failed", "rate<0.2", true, 0.1],
      // No agent sent this custom metric yet: no data, so it holds.
      ["my_custom_trend", "p(99)<1", true, null],
    ]);
    expect(round.results[0]?.value).toBeGreaterThan(300);
    expect(round.ok).toBe(false);
    expect(round.abort).toBeUndefined();
    const { rows } = await db.pool.query(
      "select name, source, ok, value from threshold_results where run_id = $1 order by id",
      [runId],
    );
    expect(rows.map((r) => [r.name, r.source, r.ok])).toEqual(verdicts.map(([n, s, ok]) => [n, s, ok]));
  });

  it("requests an abort for an abortOnFail threshold only after its delayAbortEval, never at the end", async () => {
    const thresholds = {
      http_req_duration: [{ threshold: "p(95)<100", abortOnFail: true, delayAbortEval: "10s" }],
    };
    const early = await evaluateRunThresholds(db.pool, runId, thresholds, 10_000, "periodic");
    expect(early.ok).toBe(false);
    expect(early.abort).toBeUndefined();
    const late = await evaluateRunThresholds(db.pool, runId, thresholds, 10_001, "periodic");
    expect(late.abort?.threshold).toMatchObject({ name: "http_req_duration", source: "p(95)<100" });
    expect(late.abort?.message).toBe(
      "thresholds on metrics 'http_req_duration' were crossed; at least one has abortOnFail enabled, stopping test prematurely",
    );
    const final = await evaluateRunThresholds(db.pool, runId, thresholds, 20_000, "final");
    expect(final.abort).toBeUndefined();
    expect(final.results[0]?.ok).toBe(false);
  });

  it("remembers between rounds that a threshold failed once", async () => {
    const thresholds = { http_reqs: ["rate>0.9"] };
    const failing = await evaluateRunThresholds(db.pool, runId, thresholds, 20_000, "periodic");
    expect(failing.results[0]).toMatchObject({ ok: false, value: 0.5, everFailed: true });
    const passing = await evaluateRunThresholds(db.pool, runId, thresholds, 10_000, "periodic");
    expect(passing.results[0]).toMatchObject({ ok: true, value: 1, everFailed: true });
  });

  it("shows the latest verdicts and the thresholds' sub-metrics in the run summary", async () => {
    const thresholds = { "http_req_duration{status:500}": ["min>100"], http_reqs: ["count==10"] };
    await evaluateRunThresholds(db.pool, runId, thresholds, 10_000, "final");
    const data = await queryRunSummary(db.pool, runId, { thresholds });
    expect(data.metrics["http_req_duration{status:500}"]).toMatchObject({
      type: "trend",
      contains: "time",
      values: { min: 14, max: 340 },
      thresholds: { "min>100": { ok: false } },
    });
    expect(data.metrics.http_reqs?.thresholds).toEqual({ "count==10": { ok: true } });
  });
});
