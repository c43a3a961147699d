import { describe, expect, it } from "vitest";
import type { RunEvent, RunStatus } from "../../graphql/index.js";
import { runStages } from "./stages.js";

const at = (s: number) => new Date(Date.UTC(2025, 10, 28, 9, 30, s)).toISOString();
const events = (...statuses: RunStatus[]): RunEvent[] =>
  statuses.map((status, i) => ({ status, reason: null, at: at(i) }));
const states = (stages: ReturnType<typeof runStages>) => stages.map((s) => `${s.key}:${s.state}`);

describe("runStages", () => {
  it("maps each live status to its stage", () => {
    expect(states(runStages({ status: "CREATED", events: events("CREATED") }))).toEqual([
      "validating:active",
      "queued:pending",
      "allocating:pending",
      "starting:pending",
      "running:pending",
      "finishing:pending",
    ]);
    const queued = runStages({ status: "QUEUED", events: events("CREATED", "VALIDATED", "QUEUED") });
    expect(states(queued).slice(0, 3)).toEqual(["validating:done", "queued:active", "allocating:pending"]);
    expect(queued[1]?.at).toBe(at(1));
    const initializing = events("CREATED", "VALIDATED", "QUEUED", "INITIALIZING");
    expect(states(runStages({ status: "INITIALIZING", events: initializing }))[2]).toBe("allocating:active");
  });

  it("splits RUNNING into starting, running and finishing with the metrics", () => {
    const log = events("CREATED", "VALIDATED", "QUEUED", "INITIALIZING", "RUNNING");
    expect(states(runStages({ status: "RUNNING", events: log }))[3]).toBe("starting:active");
    const running = runStages({ status: "RUNNING", events: log, firstMetricsAt: at(6) });
    expect(states(running).slice(3)).toEqual(["starting:done", "running:active", "finishing:pending"]);
    expect(running[4]?.at).toBe(at(6));
    const finishing = runStages({
      status: "RUNNING",
      events: log,
      firstMetricsAt: at(6),
      finishingAt: at(9),
    });
    expect(states(finishing).slice(4)).toEqual(["running:done", "finishing:active"]);
  });

  it("shows a finished run with every stage done", () => {
    const log = events("CREATED", "VALIDATED", "QUEUED", "INITIALIZING", "RUNNING", "FINISHED");
    expect(runStages({ status: "FINISHED", events: log }).every((s) => s.state === "done")).toBe(true);
  });

  it("marks the stage a run failed in with the reason, and skips the rest", () => {
    const log: RunEvent[] = [
      { status: "CREATED", reason: null, at: at(0) },
      { status: "ABORTED_BY_SCRIPT_ERROR", reason: "script.js:3:7: x is not defined", at: at(1) },
    ];
    const stages = runStages({ status: "ABORTED_BY_SCRIPT_ERROR", events: log });
    expect(states(stages)).toEqual([
      "validating:failed",
      "queued:skipped",
      "allocating:skipped",
      "starting:skipped",
      "running:skipped",
      "finishing:skipped",
    ]);
    expect(stages[0]?.reason).toBe("script.js:3:7: x is not defined");
  });

  it("prefers the run's statusReason, and places a limit or a stop where it happened", () => {
    const limited = runStages({
      status: "ABORTED_BY_LIMIT",
      events: events("CREATED", "VALIDATED", "ABORTED_BY_LIMIT"),
      statusReason: "50 VUs is over the organization's limit of 10",
    });
    expect(limited[1]).toMatchObject({
      state: "failed",
      reason: "50 VUs is over the organization's limit of 10",
    });
    const stopped = runStages({
      status: "ABORTED_BY_USER",
      events: events("CREATED", "VALIDATED", "QUEUED", "INITIALIZING", "RUNNING", "ABORTED_BY_USER"),
      firstMetricsAt: at(6),
    });
    expect(states(stopped).slice(3)).toEqual(["starting:done", "running:failed", "finishing:skipped"]);
  });
});
