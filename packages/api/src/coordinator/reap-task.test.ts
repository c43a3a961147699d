import type { AllocationRequest, LoadZoneProvider, ReapOptions } from "@barrage/providers";
import type { JobHelpers } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../db/database.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { seedInstances } from "../graphql/run-traffic.test-helpers.js";
import { type SeededOrganization, seedOrganization, seedRun } from "../test-fixtures.test-helpers.js";
import { reapTask } from "./reap-task.js";

let database: TestDatabase;
let acme: SeededOrganization;

beforeAll(async () => {
  database = await createTestDatabase();
  acme = await seedOrganization(createDb(database.pool), "acme");
});
afterAll(() => database.drop());

/** A provider that records releases and, like a cloud provider, asks which runs are live. */
function recordingProvider(cloudRunIds: string[]) {
  const released: string[] = [];
  const live = new Map<string, boolean>();
  const provider: LoadZoneProvider = {
    name: "local",
    allocate: async (_request: AllocationRequest) => [],
    status: async () => ({ state: "unknown" }),
    release: async (refs) => {
      released.push(...refs);
    },
    listZones: async () => [],
    reapInstances: async ({ isRunLive }: ReapOptions) => {
      for (const runId of cloudRunIds) live.set(runId, await isRunLive(runId));
      return { examined: cloudRunIds.length, terminated: [], kept: 0, errors: [] };
    },
  };
  return { provider, released, live };
}

const helpers = { logger: { info: () => {}, warn: () => {}, error: () => {} } } as unknown as JobHelpers;

/** A run in `status` that ended `endedSecondsAgo` ago, with one RUNNING instance referenced `ref`. */
async function runWithInstance(status: string, endedSecondsAgo: number | null, ref: string) {
  const run = await seedRun(createDb(database.pool), acme);
  const [instanceId] = await seedInstances(database.pool, run.id, 1);
  await database.pool.query(
    `update test_runs set status = $2, ended_at = case when $3::float8 is null then null else now() - make_interval(secs => $3) end where id = $1`,
    [run.id, status, endedSecondsAgo],
  );
  await database.pool.query("update run_instances set state = 'RUNNING', provider_ref = $2 where id = $1", [
    instanceId,
    ref,
  ]);
  return { runId: run.id, instanceId: instanceId as number };
}

async function stateOf(instanceId: number): Promise<string> {
  const { rows } = await database.pool.query("select state from run_instances where id = $1", [instanceId]);
  return rows[0].state;
}

describe("the reap task", () => {
  it("releases instances of runs that ended past the grace, and leaves running and recent ones alone", async () => {
    const old = await runWithInstance("ABORTED_BY_SYSTEM", 120, "ref-old");
    const recent = await runWithInstance("FINISHED", 5, "ref-recent");
    const running = await runWithInstance("RUNNING", null, "ref-running");
    const { provider, released, live } = recordingProvider([
      String(old.runId),
      String(running.runId),
      "999999",
      "x",
    ]);
    await reapTask({ pool: database.pool, providers: new Map([["local", provider]]), graceMs: 60_000 })(
      {},
      helpers,
    );
    expect(released).toEqual(["ref-old"]);
    expect(await stateOf(old.instanceId)).toBe("RELEASED");
    expect(await stateOf(recent.instanceId)).toBe("RUNNING");
    expect(await stateOf(running.instanceId)).toBe("RUNNING");
    // A cloud provider's reaper learns which runs are over, unknown or malformed.
    expect(Object.fromEntries(live)).toEqual({
      [String(old.runId)]: false,
      [String(running.runId)]: true,
      "999999": false,
      x: false,
    });
  });

  it("reports a provider that cannot release, after releasing what it could", async () => {
    const stuck = await runWithInstance("FINISHED", 300, "ref-stuck");
    const failing: LoadZoneProvider = {
      ...recordingProvider([]).provider,
      release: async () => {
        throw new Error("EC2 unavailable");
      },
    };
    await expect(
      reapTask({ pool: database.pool, providers: new Map([["local", failing]]) })({}, helpers),
    ).rejects.toThrow(/run \d+: could not release every instance/);
    expect(await stateOf(stuck.instanceId)).toBe("RUNNING");
  });
});
