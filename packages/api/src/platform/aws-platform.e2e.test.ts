import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Ec2Emulator, startEc2Emulator } from "@barrage/providers/aws-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTarget, type Target } from "../coordinator/platform.test-helpers.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import {
  createCloudRun,
  eventually,
  freePort,
  type GraphQLClient,
  graphqlClient,
  startE2ePlatform,
  waitForRunEnd,
  writeAgentStandIn,
} from "./platform-e2e.test-helpers.js";
import type { Platform, PlatformOptions } from "./start-platform.js";

// The SDK's notice that its 2027 releases need Node 22 (README of @barrage/providers): noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ASHBURN = "amazon:us:ashburn";
const DUBLIN = "amazon:ie:dublin";

let database: TestDatabase;
let stateDir: string;
let emulator: Ec2Emulator;
let platform: Platform;
let client: GraphQLClient;
let target: Target;
let noAgent: (on: boolean) => Promise<void>;
let options: PlatformOptions;
const logs: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ workerSchema: false });
  stateDir = await mkdtemp(join(tmpdir(), "barrage-aws-e2e-"));
  const standIn = await writeAgentStandIn(stateDir);
  noAgent = standIn.noAgent;
  emulator = await startEc2Emulator({ agentBin: standIn.path, killGraceMs: 3000 });
  options = {
    databaseUrl: database.url,
    stateDir,
    // Fixed, so that agents find the platform again after it restarts.
    agentPort: await freePort(),
    aws: {
      platformId: "barrage-e2e",
      regions: {
        "us-east-1": { imageId: "ami-0e2e0000000000001" },
        "eu-west-1": { imageId: "ami-0e2e0000000000002" },
      },
      clientConfig: emulator.clientConfig,
      pollIntervalMs: 50,
      retry: { baseDelayMs: 10, maxDelayMs: 50 },
      // Small instances, so that a few VUs already make several agents per zone.
      vusPerAgent: 2,
    },
    coordinatorTuning: { readyTimeoutMs: 12_000, recheckMs: 200 },
  };
  platform = await startE2ePlatform(options, logs);
  client = await graphqlClient(() => platform);
  target = await startTarget();
}, 60_000);

afterAll(async () => {
  await platform?.close();
  await emulator?.close();
  await target?.close();
  await database?.drop();
  await rm(stateDir, { recursive: true, force: true });
});

/** The platform's log and every instance's console, for a failure's message. */
async function context(): Promise<string> {
  const consoles = await Promise.all(
    emulator
      .instances()
      .map(
        async (i) =>
          `--- ${i.instanceId} ${i.region} ${i.state}\n${await emulator.consoleOutput(i.instanceId)}`,
      ),
  );
  return `${logs.join("\n")}\n${consoles.join("\n")}`;
}

/** The emulated instances of one run. */
function instancesOf(runId: number) {
  return emulator.instances().filter((i) => i.tags["barrage:run-id"] === String(runId));
}

/** Waits until every instance of the run is terminated: nothing runs, nothing is billed. */
async function expectAllTerminated(runId: number): Promise<void> {
  await eventually(
    `the instances of run ${runId} to be terminated`,
    async () => (instancesOf(runId).every((i) => i.state === "terminated") ? true : undefined),
    15_000,
    context,
  );
}

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
  const { rows } = await database.pool.query<{ instance_id: string; total: number }>(
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
    const { rows } = await database.pool.query(
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
    const before = target.hits.length;
    const script = `
import http from "k6/http";
export const options = {
  scenarios: { main: { executor: "per-vu-iterations", vus: 5, iterations: 20, maxDuration: "60s" } },
  cloud: { distribution: { us: { loadZone: "${ASHBURN}", percent: 60 }, eu: { loadZone: "${DUBLIN}", percent: 40 } } },
  thresholds: { iterations: ["count==100"] },
};
export default async function () { await http.get(__ENV.TARGET + "/hit"); }
`;
    const run = await createCloudRun(client, script, { TARGET: target.url });
    const end = await waitForRunEnd(database.pool, run.runId, 60_000, context);
    expect(end, await context()).toEqual({ status: "FINISHED", reason: null });

    // The plan: 3 VUs in Ashburn on two instances, 2 in Dublin on one, one sequence for all.
    const { rows: plan } = await database.pool.query(
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
    const instances = instancesOf(run.runId);
    expect(instances.map((i) => [i.region, i.instanceType]).sort()).toEqual([
      ["eu-west-1", "m7i.large"],
      ["us-east-1", "m7i.large"],
      ["us-east-1", "m7i.large"],
    ]);

    // Exact totals: what one runner does with 5 VUs x 20 iterations, no more, no less.
    expect(target.hits.length - before).toBe(100);
    expect(sum((await storedByInstance(run.runId, "iterations")).values())).toBe(100);
    const { testRun } = await client.request<RunResults>(RUN_RESULTS, { id: run.id, zone: DUBLIN });
    expect(testRun.stats?.httpRequests).toBe(100);
    // Every request is filed under the zone it came from, from the agents' certificates.
    expect(testRun.zones).toEqual([
      { zone: ASHBURN, requests: 60 },
      { zone: DUBLIN, requests: 40 },
    ]);
    expect(testRun.dublin.points.map((p) => p.sum)).toEqual([40]);
    expect(testRun.degraded).toBe(false);

    await expectAllTerminated(run.runId);
    console.info(`e2e: 60/40 over two regions took ${Date.now() - started} ms`);
  }, 90_000);

  it("ends a run ABORTED_BY_SYSTEM with the provider's reason when a region has no capacity, leaving nothing running", async () => {
    emulator.insufficientCapacity({ region: "eu-west-1" });
    try {
      const script = `
export const options = {
  vus: 4, iterations: 8,
  cloud: { distribution: { us: { loadZone: "${ASHBURN}", percent: 50 }, eu: { loadZone: "${DUBLIN}", percent: 50 } } },
};
export default function () {}
`;
      const run = await createCloudRun(client, script, {});
      const end = await waitForRunEnd(database.pool, run.runId, 30_000, context);
      expect(end.status).toBe("ABORTED_BY_SYSTEM");
      expect(end.reason).toMatch(
        /^InsufficientInstanceCapacity in eu-west-1: EC2 RunInstances: We currently do not have sufficient m7i\.large capacity .*; (no instance had started|\d started instance\(s\) terminated)$/,
      );
      // Whatever Ashburn had started is gone again, and no agent ever ran.
      await expectAllTerminated(run.runId);
      console.info(`e2e capacity: ${end.status}: ${end.reason}`);
      const { rows } = await database.pool.query(
        `select state, count(*)::int as n from run_instances where run_id = $1 group by 1`,
        [run.runId],
      );
      expect(rows).toEqual([{ state: "RELEASED", n: 2 }]);
    } finally {
      emulator.clearFaults();
    }
  }, 60_000);

  it("times out an instance whose agent never calls home at the ready deadline, and terminates it", async () => {
    await noAgent(true);
    let runId: number;
    try {
      const run = await createCloudRun(
        client,
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
          const [instance] = instancesOf(runId);
          const output = instance ? await emulator.consoleOutput(instance.instanceId) : "";
          return output.includes("stand-in: no agent on this instance") ? true : undefined;
        },
        20_000,
        context,
      );
    } finally {
      await noAgent(false);
    }
    const end = await waitForRunEnd(database.pool, runId, 40_000, context);
    expect(end.status).toBe("ABORTED_BY_SYSTEM");
    expect(end.reason).toMatch(
      new RegExp(`^not every agent was ready in time: instance \\d+ \\(${ASHBURN}\\) STARTING$`),
    );
    await expectAllTerminated(runId);
    console.info(`e2e no call-home: ${end.status}: ${end.reason}`);
  }, 60_000);
});
