import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/database.js";
import { runEvents, testRuns } from "../db/schema/runs.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { type SeededOrganization, seedOrganization, seedRun } from "../test-fixtures.test-helpers.js";
import {
  canTransition,
  IllegalRunTransitionError,
  isTerminal,
  nextStatuses,
  RUN_STATUS_CODES,
  RUN_STATUSES,
  type RunStatus,
  transitionRun,
} from "./status.js";

/** Consecutive pairs of a path of statuses. */
function steps(path: readonly RunStatus[]): [RunStatus, RunStatus][] {
  return path.slice(1).map((to, index) => [path[index] as RunStatus, to]);
}

describe("the run status machine", () => {
  it("numbers the statuses as k6 Cloud does", () => {
    expect(RUN_STATUSES.map((status) => RUN_STATUS_CODES[status])).toEqual([
      -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(RUN_STATUS_CODES.ABORTED_BY_SCRIPT_ERROR).toBe(7);
  });

  it("lets a run take the happy path and makes every status from FINISHED on final", () => {
    const path = ["CREATED", "VALIDATED", "QUEUED", "INITIALIZING", "RUNNING", "FINISHED"] as const;
    for (const [from, to] of steps(path)) expect(canTransition(from, to)).toBe(true);
    const terminal = RUN_STATUSES.filter(isTerminal);
    expect(terminal).toEqual(RUN_STATUSES.filter((status) => RUN_STATUS_CODES[status] >= 3));
    for (const status of terminal) expect(nextStatuses(status)).toEqual([]);
  });

  it("lets users stop a run at any point before it ends, but not skip steps or go back", () => {
    for (const status of RUN_STATUSES.filter((status) => !isTerminal(status))) {
      expect(canTransition(status, "ABORTED_BY_USER")).toBe(true);
    }
    expect(canTransition("CREATED", "RUNNING")).toBe(false);
    expect(canTransition("RUNNING", "QUEUED")).toBe(false);
    expect(canTransition("RUNNING", "RUNNING")).toBe(false);
    expect(canTransition("QUEUED", "ABORTED_BY_THRESHOLD")).toBe(false);
  });
});

describe("transitionRun", () => {
  let database: TestDatabase;
  let db: Db;
  let organization: SeededOrganization;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.pool);
    organization = await seedOrganization(db, "acme");
  });
  afterAll(() => database.drop());

  async function events(runId: number) {
    return db
      .select({ status: runEvents.status, reason: runEvents.reason, detail: runEvents.detail })
      .from(runEvents)
      .where(eq(runEvents.runId, runId))
      .orderBy(asc(runEvents.id));
  }

  async function run(runId: number) {
    const [row] = await db.select().from(testRuns).where(eq(testRuns.id, runId));
    if (!row) throw new Error(`run ${runId} vanished`);
    return row;
  }

  it("updates the run, records one event per transition and stamps start and end", async () => {
    const { id } = await seedRun(db, organization);
    for (const status of ["VALIDATED", "QUEUED", "INITIALIZING"] as const) {
      expect(await transitionRun(db, id, status, null)).toMatchObject({ changed: true, to: status });
    }
    expect((await run(id)).startedAt).toBeNull();
    await transitionRun(db, id, "RUNNING", null);
    expect((await run(id)).startedAt).toBeInstanceOf(Date);
    expect((await run(id)).endedAt).toBeNull();
    const result = await transitionRun(db, id, "ABORTED_BY_THRESHOLD", "p(95)<500 failed", {
      metric: "http_req_duration",
    });
    expect(result).toEqual({ changed: true, from: "RUNNING", to: "ABORTED_BY_THRESHOLD" });
    const after = await run(id);
    expect(after).toMatchObject({ status: "ABORTED_BY_THRESHOLD", statusReason: "p(95)<500 failed" });
    expect(after.endedAt).toBeInstanceOf(Date);
    expect(Number(after.endedAt)).toBeGreaterThanOrEqual(Number(after.startedAt));
    expect(await events(id)).toEqual([
      { status: "CREATED", reason: null, detail: null },
      { status: "VALIDATED", reason: null, detail: null },
      { status: "QUEUED", reason: null, detail: null },
      { status: "INITIALIZING", reason: null, detail: null },
      { status: "RUNNING", reason: null, detail: null },
      { status: "ABORTED_BY_THRESHOLD", reason: "p(95)<500 failed", detail: { metric: "http_req_duration" } },
    ]);
  });

  it("treats the same transition again as a no-op", async () => {
    const { id } = await seedRun(db, organization);
    await transitionRun(db, id, "ABORTED_BY_SCRIPT_ERROR", "test.js:1:1 SyntaxError");
    expect(await transitionRun(db, id, "ABORTED_BY_SCRIPT_ERROR", "test.js:1:1 SyntaxError")).toEqual({
      changed: false,
      from: "ABORTED_BY_SCRIPT_ERROR",
      to: "ABORTED_BY_SCRIPT_ERROR",
    });
    expect((await events(id)).map((event) => event.status)).toEqual(["CREATED", "ABORTED_BY_SCRIPT_ERROR"]);
  });

  it("refuses an illegal transition with a typed error and changes nothing", async () => {
    const { id } = await seedRun(db, organization);
    await transitionRun(db, id, "ABORTED_BY_USER", "stopped");
    const attempt = transitionRun(db, id, "RUNNING", null);
    await expect(attempt).rejects.toBeInstanceOf(IllegalRunTransitionError);
    await expect(attempt).rejects.toMatchObject({
      code: "CONFLICT",
      from: "ABORTED_BY_USER",
      to: "RUNNING",
      message: expect.stringMatching(/cannot go from ABORTED_BY_USER to RUNNING: it has ended/),
    });
    expect((await run(id)).status).toBe("ABORTED_BY_USER");
    expect(await events(id)).toHaveLength(2);
  });

  it("answers NOT_FOUND for an unknown run", async () => {
    await expect(transitionRun(db, 987654, "VALIDATED", null)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lets exactly one of two racing transitions win, under the row lock", async () => {
    const { id } = await seedRun(db, organization);
    const results = await Promise.allSettled([
      transitionRun(db, id, "VALIDATED", null),
      transitionRun(db, id, "ABORTED_BY_USER", "stopped"),
      transitionRun(db, id, "VALIDATED", null),
    ]);
    const statuses = (await events(id)).map((event) => event.status);
    expect(statuses[0]).toBe("CREATED");
    // Whatever the order, the log is a legal path and the run holds its last status.
    for (const [from, to] of steps(statuses)) expect(canTransition(from, to)).toBe(true);
    expect((await run(id)).status).toBe(statuses.at(-1));
    expect(results.filter((result) => result.status === "fulfilled" && result.value.changed)).toHaveLength(
      statuses.length - 1,
    );
  });

  it("rolls back with the caller's transaction, since it nests as a savepoint", async () => {
    const { id } = await seedRun(db, organization);
    await expect(
      db.transaction(async (tx) => {
        await transitionRun(tx, id, "VALIDATED", null);
        throw new Error("caller failed later");
      }),
    ).rejects.toThrow("caller failed later");
    expect((await run(id)).status).toBe("CREATED");
    expect(await events(id)).toHaveLength(1);
  });

  it("notifies barrage_run listeners on commit only", async () => {
    const { id } = await seedRun(db, organization);
    const listener = await database.pool.connect();
    const received: string[] = [];
    listener.on("notification", (message) => received.push(message.payload ?? ""));
    await listener.query("listen barrage_run");
    try {
      await db
        .transaction(async (tx) => {
          await transitionRun(tx, id, "VALIDATED", null);
          throw new Error("rolled back");
        })
        .catch(() => {});
      await transitionRun(db, id, "ABORTED_BY_SYSTEM", "agent lost");
      await expect.poll(() => received.length).toBe(1);
      expect(JSON.parse(received[0] ?? "")).toEqual({
        runId: id,
        organizationId: organization.organizationId,
        status: "ABORTED_BY_SYSTEM",
      });
    } finally {
      await listener.query("unlisten barrage_run");
      listener.release();
    }
  });
});
