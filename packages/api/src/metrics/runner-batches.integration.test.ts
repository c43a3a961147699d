/**
 * End to end with the real runner: one script split into four execution segments, each run by the
 * runner as one agent would, its metric stream ingested; the store's summary of the run must equal
 * the runners' own numbers added up and their histograms merged.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeHistogram, fromUnits, type Histogram } from "@barrage/hdr-native";
import { type MetricOutput, pointToJson, prepareTest, type RunResult, TestRun } from "@barrage/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../db/test-database.test-helpers.js";
import type { BatchJson } from "./batches.test-helpers.js";
import { clampToRange } from "./clamp.js";
import { ingestBatch } from "./ingest/ingest-batch.js";
import { queryRunSummary } from "./queries/run-summary.js";
import { createMetricsDatabase, createRun, HDR_MODES } from "./runs.test-helpers.js";

const SCRIPT = `
import http from "k6/http";
import { check, group } from "k6";
export const options = {
  scenarios: { s: { executor: "shared-iterations", vus: 8, iterations: 160 } },
  thresholds: { http_req_duration: ["p(95)<5000"], "http_req_duration{name:slow}": ["max<5000"] },
};
export default async function () {
  await group("api", async () => {
    const slow = __ITER % 4 === 0;
    const res = await http.get(__ENV.URL + "/?ms=" + (slow ? 6 : 1), { tags: { name: slow ? "slow" : "fast" } });
    check(res, { "status is 200": (r) => r.status === 200 });
  });
}
`;

const SEGMENTS = ["0:1/4", "1/4:1/2", "1/2:3/4", "3/4:1"];
const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** Runs one segment of the script, keeping its metric stream as an agent would send it. */
async function runSegment(scriptPath: string, url: string, segment: string) {
  const batches: BatchJson[] = [];
  const output: MetricOutput = {
    write: (b) => batches.push({ seq: b.seq, start: b.start, end: b.end, points: b.points.map(pointToJson) }),
    close: async () => {},
  };
  const prepared = await prepareTest({
    scriptPath,
    env: { URL: url },
    logger: silent,
    overrides: { executionSegment: segment, executionSegmentSequence: "0,1/4,1/2,3/4,1" },
  });
  const result = await new TestRun(prepared, { logger: silent, outputs: [output] }).run();
  return { batches, result };
}

describe("a run of the real runner in four segments", () => {
  let agents: { batches: BatchJson[]; result: RunResult }[];

  beforeAll(async () => {
    const server = createServer((req, res) => {
      const ms = Number(new URL(req.url ?? "/", "http://x").searchParams.get("ms"));
      setTimeout(() => res.end("ok"), ms);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = await mkdtemp(path.join(tmpdir(), "barrage-metrics-"));
    const scriptPath = path.join(dir, "test.js");
    await writeFile(scriptPath, SCRIPT);
    try {
      agents = await Promise.all(SEGMENTS.map((segment) => runSegment(scriptPath, url, segment)));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  describe.each(HDR_MODES)("stored in HDR mode %s", (mode) => {
    let db: TestDatabase;
    let runId: number;

    beforeAll(async () => {
      db = await createMetricsDatabase(mode);
      const run = await createRun(db.pool, SEGMENTS.length);
      runId = run.runId;
      await Promise.all(
        agents.map(async ({ batches }, i) => {
          for (const b of batches)
            await ingestBatch(db.pool, { runId, instanceId: run.instanceIds[i] as number }, b);
        }),
      );
    });
    afterAll(() => db?.drop());

    it("summarizes exactly what the four runners measured", async () => {
      const data = await queryRunSummary(db.pool, runId, {
        thresholds: { "http_req_duration{name:slow}": ["max<5000"] },
      });
      const total = (name: string) =>
        agents.reduce((sum, { result }) => {
          const sink = result.sink(name);
          return sum + (sink?.type === "counter" ? sink.count : 0);
        }, 0);
      expect(total("iterations")).toBe(160);
      expect(data.metrics.iterations?.values.count).toBe(160);
      expect(data.metrics.http_reqs?.values.count).toBe(total("http_reqs"));
      expect(data.metrics.data_received?.values.count).toBe(total("data_received"));

      for (const [name, keep] of [
        ["http_req_duration", () => true],
        ["http_req_duration{name:slow}", (tags: Record<string, string>) => tags.name === "slow"],
      ] as const) {
        const expected = merged(
          agents.flatMap((a) => a.batches),
          "http_req_duration",
          keep,
        );
        const values = data.metrics[name]?.values ?? {};
        expect(values.min).toBe(expected.min);
        expect(values.max).toBe(expected.max);
        expect(values.med).toBe(expected.percentile(0.5));
        expect(values["p(90)"]).toBe(expected.percentile(0.9));
        expect(values["p(95)"]).toBe(expected.percentile(0.95));
      }
      const slow = data.metrics["http_req_duration{name:slow}"]?.values ?? {};
      // The slow route waits 6 ms with a timer, which Node may fire up to a millisecond early.
      expect(slow.min).toBeGreaterThanOrEqual(5);

      const checks = data.root_group.groups.find((g) => g.name === "api")?.checks ?? [];
      expect(checks).toEqual([expect.objectContaining({ name: "status is 200", passes: 160, fails: 0 })]);
      expect(data.metrics.checks?.values).toEqual({ rate: 1, passes: 160, fails: 0 });
    });
  });
});

/** The merged statistics of a trend over every batch, as the runners' sinks would report them. */
function merged(batches: BatchJson[], metric: string, keep: (tags: Record<string, string>) => boolean) {
  let hist: Histogram | undefined;
  let [min, max] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const p of batches.flatMap((b) => b.points)) {
    if (p.metric !== metric || !keep(p.tags)) continue;
    const h = decodeHistogram(Buffer.from(p.data.hdr as string, "base64"));
    if (hist) hist.merge(h);
    else hist = h;
    min = Math.min(min, p.data.min as number);
    max = Math.max(max, p.data.max as number);
  }
  return { min, max, percentile: (q: number) => clampToRange(fromUnits(hist?.percentile(q) ?? 0), min, max) };
}
