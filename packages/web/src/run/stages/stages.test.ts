import { describe, expect, it } from "vitest";
import type { RunEvent, RunStatus } from "../../graphql/index.js";
import { runStages } from "./stages.js";

const at = (s: number) => new Date(Date.UTC(2025, 10, 28, 9, 30, s)).toISOString();
const events = (...statuses: RunStatus[]): RunEvent[] =>
  statuses.map((status, i) => ({ status, reason: null, at: at(i) }));
const states = (stages: ReturnType<typeof runStages>) => stages.map((s) => `${s.key}:${s.state}`);
const LIVE = events("CREATED", "VALIDATED", "QUEUED", "INITIALIZING");

describe("runStages", () => {
  it("shows the API's stage as the active one, with what it waits for", () => {
    expect(states(runStages({ status: "CREATED", stage: "VALIDATING", events: events("CREATED") }))).toEqual([
      "validating:active",
      "queued:pending",
      "allocating:pending",
      "starting:pending",
      "running:pending",
      "finishing:pending",
    ]);
    const starting = runStages({
      status: "INITIALIZING",
      stage: "STARTING",
      stageDetail: "3 of 4 agents ready",
      events: LIVE,
    });
    expect(states(starting).slice(2, 5)).toEqual(["allocating:done", "starting:active", "running:pending"]);
    expect(starting[3]?.detail).toBe("3 of 4 agents ready");
    expect(starting.filter((s) => s.detail)).toHaveLength(1);
  });

  it("splits a status in two stages by the API's stage, not by the metrics", () => {
    const log = [...LIVE, ...events("RUNNING").map((e) => ({ ...e, at: at(10) }))];
    expect(states(runStages({ status: "INITIALIZING", stage: "ALLOCATING", events: LIVE }))[2]).toBe(
      "allocating:active",
    );
    expect(states(runStages({ status: "RUNNING", stage: "RUNNING", events: log })).slice(3)).toEqual([
      "starting:done",
      "running:active",
      "finishing:pending",
    ]);
    expect(states(runStages({ status: "RUNNING", stage: "FINISHING", events: log })).slice(4)).toEqual([
      "running:done",
      "finishing:active",
    ]);
  });

  it("dates stages from the event log and from the changes the page watched, and times them", () => {
    const log = [...LIVE, { status: "RUNNING" as const, reason: null, at: at(10) }];
    const stages = runStages({
      status: "RUNNING",
      stage: "FINISHING",
      events: log,
      seenAt: { starting: at(6), finishing: at(20) },
    });
    expect(stages.map((s) => s.at)).toEqual([at(0), at(1), at(3), at(6), at(10), at(20)]);
    expect(stages.map((s) => s.took)).toEqual([1000, 2000, 3000, 4000, 10_000, undefined]);
  });

  it("leaves a stage untimed when the next one's start is unknown, rather than lumping two together", () => {
    const log = [...events("CREATED", "VALIDATED", "QUEUED", "INITIALIZING", "RUNNING", "FINISHED")];
    const stages = runStages({ status: "FINISHED", stage: "ENDED", events: log, endedAt: at(9) });
    expect(stages.every((s) => s.state === "done")).toBe(true);
    // Allocating ran until starting began, and running until finishing began: neither was watched.
    expect(stages.map((s) => s.took)).toEqual([1000, 2000, undefined, undefined, undefined, undefined]);
  });

  it("marks the stage a run failed in with the reason, and skips the rest", () => {
    const log: RunEvent[] = [
      { status: "CREATED", reason: null, at: at(0) },
      { status: "ABORTED_BY_SCRIPT_ERROR", reason: "script.js:3:7: x is not defined", at: at(1) },
    ];
    const stages = runStages({
      status: "ABORTED_BY_SCRIPT_ERROR",
      stage: "ENDED",
      events: log,
      endedAt: at(1),
    });
    expect(states(stages)).toEqual([
      "validating:failed",
      "queued:skipped",
      "allocating:skipped",
      "starting:skipped",
      "running:skipped",
      "finishing:skipped",
    ]);
    expect(stages[0]).toMatchObject({ reason: "script.js:3:7: x is not defined", took: 1000 });
  });

  it("prefers the run's statusReason, and places a limit where it happened", () => {
    const limited = runStages({
      status: "ABORTED_BY_LIMIT",
      stage: "ENDED",
      events: events("CREATED", "VALIDATED", "ABORTED_BY_LIMIT"),
      statusReason: "50 VUs is over the organization's limit of 10",
    });
    expect(limited[1]).toMatchObject({
      state: "failed",
      reason: "50 VUs is over the organization's limit of 10",
    });
  });

  it("places a stop in the running stage, even after the page saw the finishing it caused", () => {
    const stopped = runStages({
      status: "ABORTED_BY_USER",
      stage: "ENDED",
      events: events("CREATED", "VALIDATED", "QUEUED", "INITIALIZING", "RUNNING", "ABORTED_BY_USER"),
      lastSeen: "finishing",
    });
    expect(states(stopped).slice(3)).toEqual(["starting:done", "running:failed", "finishing:skipped"]);
  });

  it("places a failure while initialising in the stage the page last saw, allocating without it", () => {
    const log = events("CREATED", "VALIDATED", "QUEUED", "INITIALIZING", "ABORTED_BY_SYSTEM");
    const unseen = runStages({ status: "ABORTED_BY_SYSTEM", stage: "ENDED", events: log });
    expect(states(unseen)[2]).toBe("allocating:failed");
    const seen = runStages({
      status: "ABORTED_BY_SYSTEM",
      stage: "ENDED",
      events: log,
      lastSeen: "starting",
    });
    expect(states(seen).slice(2, 4)).toEqual(["allocating:done", "starting:failed"]);
    // A stage seen under another status says nothing about where this one ended.
    const stale = runStages({ status: "ABORTED_BY_SYSTEM", stage: "ENDED", events: log, lastSeen: "queued" });
    expect(states(stale)[2]).toBe("allocating:failed");
  });
});
