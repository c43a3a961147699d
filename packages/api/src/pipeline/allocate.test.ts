import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queuedJobs } from "../db/worker-jobs.test-helpers.js";
import { transitionRun } from "../runs/status.js";
import {
  constantVusScript,
  createScriptRun,
  eventsOf,
  instancesOf,
  makeJobsDue,
  makeLastAttempt,
  type PipelineFixture,
  pipelineFixture,
  runJobs,
  runRow,
} from "./pipeline.test-helpers.js";

let fixture: PipelineFixture;
beforeAll(async () => {
  fixture = await pipelineFixture();
});
afterAll(() => fixture.close());
beforeEach(() => {
  fixture.provider.requests.length = 0;
  fixture.provider.failWith = undefined;
  fixture.provider.allocatesAcrossZones = false;
  fixture.zonesAsked.length = 0;
});

/** A zone of a run's distribution; given a provider, it is created for the run's organization. */
interface ZoneShare {
  name: string;
  percent: number;
  created?: { provider: string; vusPerAgent: number };
}

/**
 * A run split over `zones`, admitted; by default 1500 VUs split 50/50 over `local` and the
 * organization's own `lab` zone.
 */
async function admittedRun(
  vus = 1500,
  zones: readonly ZoneShare[] = [
    { name: "local", percent: 50 },
    { name: "lab", percent: 50, created: { provider: "private", vusPerAgent: 1000 } },
  ],
): Promise<number> {
  const distribution = zones
    .map((zone, i) => `z${i}: { loadZone: "${zone.name}", percent: ${zone.percent} }`)
    .join(", ");
  const { runId, organization } = await createScriptRun(
    fixture,
    constantVusScript(vus, "1m", `cloud: { distribution: { ${distribution} } }`),
  );
  for (const { name, created } of zones) {
    if (!created) continue;
    await fixture.database.pool.query(
      "insert into load_zones (organization_id, name, provider, vus_per_agent) values ($1, $2, $3, $4)",
      [organization.organizationId, name, created.provider, created.vusPerAgent],
    );
  }
  await runJobs(fixture, ["validate", "archive", "plan", "admit"]);
  expect((await runRow(fixture.db, runId)).status).toBe("QUEUED");
  return runId;
}

/** A 10-VU run split 60/40 over two new zones of `provider` (500 VUs per agent), admitted. */
const admittedTwoZoneRun = (provider: string, first: string, second: string) =>
  admittedRun(10, [
    { name: first, percent: 60, created: { provider, vusPerAgent: 500 } },
    { name: second, percent: 40, created: { provider, vusPerAgent: 500 } },
  ]);

async function keysOf(runId: number): Promise<string[]> {
  return (await queuedJobs(fixture.database.pool))
    .filter((job) => (job.payload as { runId: number }).runId === runId)
    .map((job) => job.key ?? "");
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("allocate", () => {
  it("boots every zone's instances with one-time tokens, moves to INITIALIZING and hands over to coordinate", async () => {
    const runId = await admittedRun();
    await runJobs(fixture, ["allocate"]);
    expect((await runRow(fixture.db, runId)).status).toBe("INITIALIZING");
    expect(fixture.zonesAsked.map((zone) => [zone.name, zone.provider])).toEqual([
      ["local", "local"],
      ["lab", "private"],
    ]);
    const instances = await instancesOf(fixture.db, runId);
    expect(instances.map((i) => [i.state, i.providerRef])).toEqual([
      ["STARTING", `fake-${instances[0]?.id}`],
      ["STARTING", `fake-${instances[1]?.id}`],
    ]);
    const [local, lab] = fixture.provider.requests;
    expect(local).toMatchObject({
      runId: String(runId),
      zone: "local",
      apiUrl: "https://127.0.0.1:1",
      instances: [{ instanceId: String(instances[0]?.id) }],
    });
    expect(lab?.zone).toBe("lab");
    // Only the hash of each token is stored, and each instance has its own.
    const tokens = [...(local?.instances ?? []), ...(lab?.instances ?? [])].map((i) => i.bootstrapToken);
    expect(new Set(tokens).size).toBe(2);
    expect(instances.map((i) => i.bootstrapTokenHash)).toEqual(tokens.map(sha256));
    expect(await keysOf(runId)).toEqual([`coordinate:${runId}`]);
  });

  it("retries a zone that failed with new tokens, leaving booted zones alone", async () => {
    const runId = await admittedRun();
    let calls = 0;
    const flaky = {
      ...fixture.deps,
      providerFor: (zone: Parameters<typeof fixture.deps.providerFor>[0]) => {
        calls++;
        if (zone.name === "lab" && calls < 3) throw new Error("lab is down");
        return fixture.deps.providerFor(zone);
      },
    };
    await runJobs(fixture, ["allocate"], flaky);
    expect((await runRow(fixture.db, runId)).status).toBe("INITIALIZING");
    const [booted, failed] = await instancesOf(fixture.db, runId);
    expect([booted?.state, failed?.state]).toEqual(["STARTING", "REQUESTED"]);
    const firstHash = failed?.bootstrapTokenHash;
    expect(await keysOf(runId)).toEqual([`allocate:${runId}`]);

    await makeJobsDue(fixture);
    await runJobs(fixture, ["allocate"], flaky);
    const after = await instancesOf(fixture.db, runId);
    expect(after.map((i) => i.state)).toEqual(["STARTING", "STARTING"]);
    expect(after[1]?.bootstrapTokenHash).not.toBe(firstHash);
    expect(fixture.provider.requests.map((request) => request.zone)).toEqual(["local", "lab"]);
    expect(await keysOf(runId)).toEqual([`coordinate:${runId}`]);
  });

  it("records the provider's reference of an instance that called home before the provider answered", async () => {
    const runId = await admittedRun();
    const provider = fixture.provider;
    const racing = {
      ...fixture.deps,
      providerFor: () => ({
        ...provider,
        name: provider.name,
        allocate: async (request: Parameters<typeof provider.allocate>[0]) => {
          const ids = request.instances.map((i) => Number(i.instanceId));
          await fixture.database.pool.query(
            "update run_instances set state = 'CALLED_HOME' where id = any($1)",
            [ids],
          );
          return provider.allocate(request);
        },
      }),
    };
    await runJobs(fixture, ["allocate"], racing);
    const instances = await instancesOf(fixture.db, runId);
    expect(instances.map((i) => [i.state, i.providerRef])).toEqual(
      instances.map((i) => ["CALLED_HOME", `fake-${i.id}`]),
    );
  });

  it("ends the run ABORTED_BY_SYSTEM with the provider's reason at once, and hands the release to coordinate", async () => {
    const runId = await admittedRun();
    fixture.provider.failWith = new Error("InsufficientInstanceCapacity in local: no room; 0 started");
    await runJobs(fixture, ["allocate"]);
    const run = await runRow(fixture.db, runId);
    expect(run.status).toBe("ABORTED_BY_SYSTEM");
    expect(run.statusReason).toBe("InsufficientInstanceCapacity in local: no room; 0 started");
    expect((await eventsOf(fixture.db, runId)).at(-1)?.detail).toMatchObject({
      step: "allocate",
      provider: "local",
      zones: ["local"],
    });
    // The first zone's refusal: the second was never asked, and coordinate releases what exists.
    expect(fixture.provider.requests.map((r) => r.zone)).toEqual(["local"]);
    expect(await keysOf(runId)).toEqual([`coordinate:${runId}`]);
  });

  it("ends the run after the step's last attempt when the provider cannot even be found", async () => {
    const runId = await admittedRun();
    const unconfigured = {
      ...fixture.deps,
      providerFor: () => {
        throw new Error('no "private" provider plugin is configured');
      },
    };
    await runJobs(fixture, ["allocate"], unconfigured);
    await makeLastAttempt(fixture, "allocate", runId);
    await runJobs(fixture, ["allocate"], unconfigured);
    const run = await runRow(fixture.db, runId);
    expect(run.status).toBe("ABORTED_BY_SYSTEM");
    expect(run.statusReason).toBe(
      'the allocate step failed 5 times: no "private" provider plugin is configured',
    );
  });

  it("asks a provider that allocates across zones once for all its zones, with each instance's zone and the plan's VUs", async () => {
    const runId = await admittedTwoZoneRun("aws", "east", "west");
    fixture.provider.allocatesAcrossZones = true;
    await runJobs(fixture, ["allocate"]);
    expect((await runRow(fixture.db, runId)).status).toBe("INITIALIZING");
    const [east, west] = await instancesOf(fixture.db, runId);
    expect(fixture.provider.requests).toHaveLength(1);
    expect(fixture.provider.requests[0]).toMatchObject({
      zone: "east",
      // The plan's 6 VUs of the bigger share, not the zones' 500: the smallest machine that fits.
      vusPerInstance: 6,
      instances: [
        { instanceId: String(east?.id), zone: "east" },
        { instanceId: String(west?.id), zone: "west" },
      ],
    });
  });

  it("asks other providers zone by zone, each with its own VUs per instance", async () => {
    const runId = await admittedTwoZoneRun("private", "north", "south");
    await runJobs(fixture, ["allocate"]);
    expect((await runRow(fixture.db, runId)).status).toBe("INITIALIZING");
    expect(
      fixture.provider.requests.map((r) => [r.zone, r.vusPerInstance, r.instances.map((i) => i.zone)]),
    ).toEqual([
      ["north", 6, [undefined]],
      ["south", 4, [undefined]],
    ]);
  });

  it("allocates nothing for a run stopped before its turn, and never twice for one that is allocated", async () => {
    const stopped = await admittedRun();
    await transitionRun(fixture.db, stopped, "ABORTED_BY_USER", "changed my mind");
    await runJobs(fixture, ["allocate"]);
    expect(fixture.provider.requests).toEqual([]);
    expect((await eventsOf(fixture.db, stopped)).at(-1)?.status).toBe("ABORTED_BY_USER");

    const runId = await admittedRun();
    await runJobs(fixture, ["allocate"]);
    await fixture.database.pool.query(
      "select graphile_worker.add_job('allocate', json_build_object('runId', $1::bigint), job_key := 'allocate-again')",
      [runId],
    );
    await runJobs(fixture, ["allocate"]);
    expect(fixture.provider.requests).toHaveLength(2);
    expect(await keysOf(runId)).toEqual([`coordinate:${runId}`]);
  });
});
