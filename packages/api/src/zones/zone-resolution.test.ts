import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  constantVusScript,
  createScriptRun,
  instancesOf,
  type PipelineFixture,
  pipelineFixture,
  runJobs,
  runRow,
} from "../pipeline/pipeline.test-helpers.js";
import { createPrivateLoadZone } from "./create-private-load-zone.js";

let fixture: PipelineFixture;
beforeAll(async () => {
  fixture = await pipelineFixture();
});
afterAll(() => fixture.close());

const toZone = (zone: string) =>
  constantVusScript(4, "1m", `cloud: { distribution: { main: { loadZone: "${zone}", percent: 100 } } }`);

describe("zone names resolve within the run's organization", () => {
  it("plans a run into its own organization's private zone, never another's of the same name", async () => {
    const mine = await createScriptRun(fixture, toZone("office"));
    const theirs = await createScriptRun(fixture, toZone("office"));
    const myZone = await createPrivateLoadZone(fixture.db, mine.organization.organizationId, {
      name: "office",
      vusPerAgent: 2,
    });
    const theirZone = await createPrivateLoadZone(fixture.db, theirs.organization.organizationId, {
      name: "office",
      vusPerAgent: 4,
    });
    await runJobs(fixture, ["validate", "archive", "plan"]);
    const planned = await instancesOf(fixture.db, mine.runId);
    expect(planned.map((i) => i.loadZoneId)).toEqual([myZone.zone.id, myZone.zone.id]);
    const other = await instancesOf(fixture.db, theirs.runId);
    expect(other.map((i) => i.loadZoneId)).toEqual([theirZone.zone.id]);
  });

  it("ends a run naming another organization's private zone ABORTED_BY_SCRIPT_ERROR, without naming it", async () => {
    const owner = await createScriptRun(fixture, constantVusScript(1));
    await createPrivateLoadZone(fixture.db, owner.organization.organizationId, {
      name: "secret-lab",
      vusPerAgent: 2,
    });
    const { runId } = await createScriptRun(fixture, toZone("secret-lab"));
    await runJobs(fixture, ["validate", "archive", "plan"]);
    expect(await runRow(fixture.db, runId)).toMatchObject({
      status: "ABORTED_BY_SCRIPT_ERROR",
      statusReason:
        'options.cloud.distribution.main.loadZone: there is no load zone "secret-lab"; the zones are local',
    });
    expect(await instancesOf(fixture.db, runId)).toEqual([]);
  });
});
