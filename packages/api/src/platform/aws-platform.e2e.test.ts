import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ASHBURN, type AwsE2e, DUBLIN, startAwsE2e } from "./aws-e2e.test-helpers.js";
import { createCloudRun, eventually, waitForRunEnd } from "./platform-e2e.test-helpers.js";

let aws: AwsE2e;

beforeAll(async () => {
  aws = await startAwsE2e("aws-e2e", 12000);
}, 60_000);

afterAll(() => aws?.close());

const RUN_RESULTS = `query ($id: ID!, $zone: String!) {
  testRun(id: $id) {
    status statusReason degraded
    zones { zone requests }
    stats { httpRequests }
    dublin: timeSeries(metric: "http_reqs", resolutionSeconds: 3600, filter: { zone: $zone }) { points { sum } }
  }
}`;

interface RunResults {
  testRun: {
    status: string;
    statusReason: string | null;
    degraded: boolean;
    zones: { zone: string; requests: number }[];
    stats: { httpRequests: number } | null;
    dublin: { points: { sum: number }[] };
  };
}

/** The stored total of a counter of a run, by instance. */
async function storedByInstance(runId: number, metric: string): Promise<Map<number, number>> {
  const { rows } = await aws.database.pool.query<{ instance_id: string; total: number }>(
    `select p.instance_id, sum(p.counter_sum)::float8 as total
       from metric_points p join metric_series s on s.id = p.series_id
      where s.run_id = $1 and s.metric = $2 group by 1`,
    [runId, metric],
  );
  return new Map(rows.map((r) => [Number(r.instance_id), r.total]));
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

describe("the platform with the aws provider (EC2 emulator, real agents)", () => {
  it("seeds the configured regions' zones as built-in load zones, idempotently", async () => {
    const { rows } = await aws.database.pool.query(
      `select name, provider, vus_per_agent from load_zones where organization_id is null order by name`,
    );
    expect(rows).toEqual([
      { name: DUBLIN, provider: "aws", vus_per_agent: 2 },
      { name: ASHBURN, provider: "aws", vus_per_agent: 2 },
      { name: "local", provider: "local", vus_per_agent: 1000 },
    ]);
  });

  it("splits a run 60/40 over two regions: exact totals, per-zone requests in the ratio, instances terminated", async () => {
    const started = Date.now();
    const before = aws.target.hits.length;
    const script = `
import http from "k6/http";
export const options = {
  scenarios: { main: { executor: "per-vu-iterations", vus: 5, iterations: 20, maxDuration: "60s" } },
  cloud: { distribution: { us: { loadZone: "${ASHBURN}", percent: 60 }, eu: { loadZone: "${DUBLIN}", percent: 40 } } },
  thresholds: { iterations: ["count==100"] },
};
export default async function () { await http.get(__ENV.TARGET + "/hit"); }
`;
    const run = await createCloudRun(aws.client, script, { TARGET: aws.target.url });
    const end = await waitForRunEnd(aws.database.pool, run.runId, 60_000, aws.context);
    expect(end, await aws.context()).toEqual({ status: "FINISHED", reason: null });

    // The plan: 3 VUs in Ashburn on two instances, 2 in Dublin on one, one sequence for all.
    const { rows: plan } = await aws.database.pool.query(
      `select z.name, count(*)::int as instances, min(i.sequence) as sequence
         from run_instances i join load_zones z on z.id = i.load_zone_id where i.run_id = $1 group by 1 order by 1`,
      [run.runId],
    );
    expect(plan.map((p) => [p.name, p.instances])).toEqual([
      [DUBLIN, 1],
      [ASHBURN, 2],
    ]);
    expect(new Set(plan.map((p) => p.sequence)).size).toBe(1);
    // One all-or-nothing allocation across both regions, each instance in its zone's region and
    // sized by its VUs (2 at most: the smallest type).
    const instances = aws.instancesOf(run.runId);
    expect(instances.map((i) => [i.region, i.instanceType]).sort()).toEqual([
      ["eu-west-1", "m7i.large"],
      ["us-east-1", "m7i.large"],
      ["us-east-1", "m7i.large"],
    ]);

    // Exact totals: what one runner does with 5 VUs x 20 iterations, no more, no less.
    expect(aws.target.hits.length - before).toBe(100);
    expect(sum((await storedByInstance(run.runId, "iterations")).values())).toBe(100);
    const { testRun } = await aws.client.request<RunResults>(RUN_RESULTS, { id: run.id, zone: DUBLIN });
    expect(testRun.stats?.httpRequests).toBe(100);
    // Every request is filed under the zone it came from, from the agents' certificates.
    expect(testRun.zones).toEqual([
      { zone: ASHBURN, requests: 60 },
      { zone: DUBLIN, requests: 40 },
    ]);
    expect(testRun.dublin.points.map((p) => p.sum)).toEqual([40]);
    expect(testRun.degraded).toBe(false);

    await aws.expectAllTerminated(run.runId);
    console.info(`e2e: 60/40 over two regions took ${Date.now() - started} ms`);
  }, 90_000);

  it("ends a run ABORTED_BY_SYSTEM with the provider's reason when a region has no capacity, leaving nothing running", async () => {
    aws.emulator.insufficientCapacity({ region: "eu-west-1" });
    try {
      const script = `
export const options = {
  vus: 4, iterations: 8,
  cloud: { distribution: { us: { loadZone: "${ASHBURN}", percent: 50 }, eu: { loadZone: "${DUBLIN}", percent: 50 } } },
};
export default function () {}
`;
      const run = await createCloudRun(aws.client, script, {});
      const end = await waitForRunEnd(aws.database.pool, run.runId, 30_000, aws.context);
      expect(end.status).toBe("ABORTED_BY_SYSTEM");
      expect(end.reason).toMatch(
        /^InsufficientInstanceCapacity in eu-west-1: EC2 RunInstances: We currently do not have sufficient m7i\.large capacity .*; (no instance had started|\d started instance\(s\) terminated)$/,
      );
      // Whatever Ashburn had started is gone again, and no agent ever ran.
      await aws.expectAllTerminated(run.runId);
      console.info(`e2e capacity: ${end.status}: ${end.reason}`);
      const { rows } = await aws.database.pool.query(
        `select state, count(*)::int as n from run_instances where run_id = $1 group by 1`,
        [run.runId],
      );
      expect(rows).toEqual([{ state: "RELEASED", n: 2 }]);
    } finally {
      aws.emulator.clearFaults();
    }
  }, 60_000);

  it("times out an instance whose agent never calls home at the ready deadline, and terminates it", async () => {
    await aws.noAgent(true);
    let runId: number;
    try {
      const run = await createCloudRun(
        aws.client,
        `export const options = { vus: 1, iterations: 1, cloud: { distribution: { us: { loadZone: "${ASHBURN}", percent: 100 } } } };
export default function () {}
`,
        {},
      );
      runId = run.runId;
      // Until its stand-in has looked at the switch.
      await eventually(
        "the instance to boot without an agent",
        async () => {
          const [instance] = aws.instancesOf(runId);
          const output = instance ? await aws.emulator.consoleOutput(instance.instanceId) : "";
          return output.includes("stand-in: no agent on this instance") ? true : undefined;
        },
        20_000,
        aws.context,
      );
    } finally {
      await aws.noAgent(false);
    }
    const end = await waitForRunEnd(aws.database.pool, runId, 40_000, aws.context);
    expect(end.status).toBe("ABORTED_BY_SYSTEM");
    expect(end.reason).toMatch(
      new RegExp(`^not every agent was ready in time: instance \\d+ \\(${ASHBURN}\\) STARTING$`),
    );
    await aws.expectAllTerminated(runId);
    console.info(`e2e no call-home: ${end.status}: ${end.reason}`);
  }, 60_000);
});
