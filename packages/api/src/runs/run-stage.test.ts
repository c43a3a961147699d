import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../db/database.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { seedInstances } from "../graphql/run-traffic.test-helpers.js";
import { seedOrganization, seedRun } from "../test-fixtures.test-helpers.js";
import { queryRunStage } from "./run-stage.js";
import type { RunStatus } from "./status.js";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("queryRunStage", () => {
  it("follows a run from validation through allocation, start, running and finishing to its end", async () => {
    const db = createDb(database.pool);
    const run = await seedRun(db, await seedOrganization(db, "acme"));
    const pool = database.pool;
    const stage = (status: RunStatus) => queryRunStage(pool, { id: run.id, status });
    const instances = (state: string) =>
      pool.query("update run_instances set state = $2 where run_id = $1", [run.id, state]);
    const phase = (name: string) =>
      pool.query("update run_coordination set phase = $2 where run_id = $1", [run.id, name]);

    expect(await stage("CREATED")).toEqual({ stage: "VALIDATING", detail: null });
    expect(await stage("QUEUED")).toEqual({ stage: "QUEUED", detail: null });
    expect(await stage("INITIALIZING")).toEqual({ stage: "ALLOCATING", detail: "0 of 0 agents called home" });
    const [first] = await seedInstances(pool, run.id, 2);
    await pool.query(
      "insert into run_coordination (run_id, ready_deadline) values ($1, now() + interval '1 minute')",
      [run.id],
    );
    await pool.query("update run_instances set state = 'CALLED_HOME' where id = $1", [first]);
    expect(await stage("INITIALIZING")).toEqual({ stage: "ALLOCATING", detail: "1 of 2 agents called home" });
    await instances("CALLED_HOME");
    expect(await stage("INITIALIZING")).toEqual({ stage: "STARTING", detail: "0 of 2 agents ready" });
    await instances("READY");
    expect(await stage("INITIALIZING")).toEqual({ stage: "STARTING", detail: "agents ready" });
    await pool.query("update run_coordination set setup_instance_id = $2 where run_id = $1", [run.id, first]);
    expect(await stage("INITIALIZING")).toEqual({
      stage: "STARTING",
      detail: "setup() and the common start",
    });
    await phase("running");
    expect(await stage("RUNNING")).toEqual({ stage: "RUNNING", detail: null });
    await phase("teardown");
    expect(await stage("RUNNING")).toEqual({ stage: "FINISHING", detail: "teardown()" });
    expect(await stage("FINISHED")).toEqual({ stage: "ENDED", detail: null });
  });
});
