import { describe, expect, it } from "vitest";
import { nextStep, TEARDOWN_FINISHED } from "./next-step.js";
import type { AgentReport, InstanceView, RunView } from "./run-view.js";
import { DEFAULT_TUNING } from "./tuning.js";

const NOW = 1_000_000;
const tuning = DEFAULT_TUNING;

function instance(id: number, state: InstanceView["state"], more: Partial<InstanceView> = {}): InstanceView {
  return {
    id,
    zone: "local",
    provider: "local",
    providerRef: `local:${id}`,
    state,
    silentMs: ["REQUESTED", "STARTING"].includes(state) ? null : 300,
    ended: undefined,
    lastReport: undefined,
    ...more,
  };
}

function finished(
  id: number,
  report: Partial<AgentReport> = {},
  more: Partial<InstanceView> = {},
): InstanceView {
  const ended: AgentReport = { state: "finished", exitCode: 0, atMs: NOW - 100, ...report };
  return instance(id, ended.state === "failed" ? "FAILED" : "FINISHED", {
    ended,
    lastReport: ended,
    ...more,
  });
}

function view(more: Partial<RunView>): RunView {
  return {
    runId: 5,
    status: "INITIALIZING",
    statusReason: null,
    thresholds: undefined,
    maxDurationMs: null,
    nowMs: NOW,
    phase: "initializing",
    readyDeadlineMs: NOW + 60_000,
    setup: { instanceId: null, requestedAtMs: null, result: null },
    startAtMs: null,
    thresholdsEvaluatedAtMs: null,
    end: null,
    teardown: { instanceId: null, requestedAtMs: null },
    instances: [],
    ...more,
  };
}

/** A run that was started 10 s ago on instances 1 and 2 with setup data. */
function runningView(more: Partial<RunView>): RunView {
  return view({
    status: "RUNNING",
    phase: "running",
    setup: { instanceId: 1, requestedAtMs: NOW - 12_000, result: { data: { token: "t" } } },
    startAtMs: NOW - 10_000,
    instances: [instance(1, "RUNNING"), instance(2, "RUNNING")],
    ...more,
  });
}

describe("nextStep while initializing", () => {
  it("waits for agents until the deadline, then gives up naming the missing ones and stopping the rest", () => {
    const instances = [instance(1, "READY"), instance(2, "CALLED_HOME"), instance(3, "STARTING")];
    expect(nextStep(view({ instances }), tuning)).toEqual({ kind: "wait", recheckInMs: tuning.recheckMs });
    expect(nextStep(view({ instances, readyDeadlineMs: NOW + 100 }), tuning)).toEqual({
      kind: "wait",
      recheckInMs: 100,
    });
    expect(nextStep(view({ instances, readyDeadlineMs: NOW }), tuning)).toEqual({
      kind: "end",
      status: "ABORTED_BY_SYSTEM",
      reason:
        "not every agent was ready in time: instance 2 (local) CALLED_HOME, instance 3 (local) STARTING",
      detail: { instances: [2, 3] },
      stop: [1, 2, 3],
    });
  });

  it("asks one agent for setup(), hands its data to all and starts them together", () => {
    const instances = [instance(1, "READY"), instance(2, "READY")];
    expect(nextStep(view({ instances }), tuning)).toEqual({ kind: "request-setup", instanceId: 1 });
    const asked = { instanceId: 1, requestedAtMs: NOW - 1000, result: null };
    expect(nextStep(view({ instances, setup: asked }), tuning).kind).toBe("wait");
    expect(
      nextStep(view({ instances, setup: { ...asked, result: { data: { token: "t" } } } }), tuning),
    ).toEqual({
      kind: "start",
      atEpochMs: NOW + tuning.startDelayMs,
      data: { token: "t" },
      instanceIds: [1, 2],
    });
  });

  it("ends the run with the error of setup(), or when setup() never answers", () => {
    const instances = [instance(1, "READY"), instance(2, "READY")];
    const failed = {
      instanceId: 1,
      requestedAtMs: NOW - 1000,
      result: { error: "Error: login refused at setup (test.js:4:9)" },
    };
    expect(nextStep(view({ instances, setup: failed }), tuning)).toMatchObject({
      kind: "end",
      status: "ABORTED_BY_SCRIPT_ERROR",
      reason: "setup() failed on instance 1: Error: login refused at setup (test.js:4:9)",
      stop: [1, 2],
    });
    const silent = { instanceId: 1, requestedAtMs: NOW - tuning.setupTimeoutMs - 1, result: null };
    expect(nextStep(view({ instances, setup: silent }), tuning)).toMatchObject({
      kind: "end",
      status: "ABORTED_BY_SYSTEM",
      reason: "setup() gave no result within 120.0 s on instance 1",
    });
  });

  it("takes an agent that failed to prepare as a script error when the script is at fault", () => {
    const instances = [
      instance(1, "READY"),
      finished(2, {
        state: "failed",
        exitCode: 107,
        detail: "ReferenceError: x is not defined at test.js:3:1",
      }),
    ];
    expect(nextStep(view({ instances }), tuning)).toMatchObject({
      kind: "end",
      status: "ABORTED_BY_SCRIPT_ERROR",
      reason: "instance 2 (local) failed: ReferenceError: x is not defined at test.js:3:1",
      stop: [1],
    });
    const agentError = [
      instance(1, "READY"),
      finished(2, { state: "failed", exitCode: 1, detail: "archive corrupt" }),
    ];
    expect(nextStep(view({ instances: agentError }), tuning)).toMatchObject({ status: "ABORTED_BY_SYSTEM" });
  });
});

describe("nextStep while running", () => {
  it("sets RUNNING when the start was commanded but the status did not follow", () => {
    expect(nextStep(runningView({ status: "INITIALIZING" }), tuning)).toEqual({ kind: "mark-running" });
  });

  it("evaluates the thresholds every interval once the test started", () => {
    const thresholds = { http_req_failed: ["rate<0.01"] };
    expect(nextStep(runningView({ thresholds }), tuning)).toEqual({
      kind: "evaluate-thresholds",
      elapsedMs: 10_000,
      stop: [1, 2],
    });
    expect(nextStep(runningView({ thresholds, thresholdsEvaluatedAtMs: NOW - 1800 }), tuning)).toEqual({
      kind: "wait",
      recheckInMs: 200,
    });
    expect(nextStep(runningView({ thresholds, startAtMs: NOW + 800 }), tuning)).toEqual({
      kind: "wait",
      recheckInMs: 500,
    });
    expect(nextStep(runningView({}), tuning)).toEqual({ kind: "wait", recheckInMs: tuning.recheckMs });
  });

  it("finishes when every agent finished, waiting for the last one", () => {
    expect(nextStep(runningView({ instances: [finished(1), instance(2, "RUNNING")] }), tuning).kind).toBe(
      "wait",
    );
    expect(
      nextStep(runningView({ instances: [finished(1), finished(2, { exitCode: 99 })] }), tuning),
    ).toEqual({
      kind: "end",
      status: "FINISHED",
      reason: null,
      detail: {},
      stop: [],
    });
  });

  it("ends ABORTED_BY_SYSTEM naming an agent silent for longer than the heartbeat timeout, stopping the others", () => {
    const instances = [
      instance(1, "RUNNING", { silentMs: 5200 }),
      instance(2, "RUNNING"),
      finished(3, {}, { silentMs: 9000 }),
    ];
    expect(nextStep(runningView({ instances }), tuning)).toEqual({
      kind: "end",
      status: "ABORTED_BY_SYSTEM",
      reason: "lost instance 1 (local) sent no heartbeat for 5.2 s",
      detail: { instances: [1] },
      stop: [1, 2],
    });
    const quiet = [instance(1, "RUNNING", { silentMs: 4900 }), instance(2, "RUNNING")];
    expect(nextStep(runningView({ instances: quiet }), tuning).kind).toBe("wait");
  });

  it("ends the run when the script aborts it on one agent, or an agent is killed from outside", () => {
    const aborted = [
      finished(1, { exitCode: 108, detail: "script: test.abort() called" }),
      instance(2, "RUNNING"),
    ];
    expect(nextStep(runningView({ instances: aborted }), tuning)).toMatchObject({
      status: "ABORTED_BY_SCRIPT_ERROR",
      reason: "the script aborted the test on instance 1 (local): script: test.abort() called",
      stop: [2],
    });
    const killed = [finished(1, { exitCode: 105 }), instance(2, "RUNNING")];
    expect(nextStep(runningView({ instances: killed }), tuning)).toMatchObject({
      status: "ABORTED_BY_SYSTEM",
      reason: "instance 1 (local) was stopped from outside the platform",
    });
  });

  it("ends TIMED_OUT a test running past its longest duration plus the grace, stopping the agents", () => {
    // Started 10 s ago; the options allow 5 s, so the run is due at 5 s + the grace.
    const withinGrace = runningView({ maxDurationMs: 5000, nowMs: NOW + tuning.overrunGraceMs - 5001 });
    expect(nextStep(withinGrace, tuning)).toEqual({ kind: "wait", recheckInMs: tuning.recheckMs });
    const overrun = runningView({ maxDurationMs: 5000, nowMs: NOW + tuning.overrunGraceMs - 5000 });
    expect(nextStep(overrun, tuning)).toMatchObject({
      kind: "end",
      status: "TIMED_OUT",
      reason: expect.stringMatching(/^the test ran \d+\.\d s; its options allow at most 5\.0 s/),
      detail: { maxDurationMs: 5000 },
      stop: [1, 2],
    });
    // An unbounded test (externally controlled) never times out.
    expect(nextStep(runningView({ nowMs: NOW + 10 * tuning.overrunGraceMs }), tuning)).toMatchObject({
      kind: "wait",
    });
  });

  it("follows a status set from outside, such as a user's stop", () => {
    const step = nextStep(
      runningView({ status: "ABORTED_BY_USER", statusReason: "stopped by ada@example.com" }),
      tuning,
    );
    expect(step).toEqual({
      kind: "end",
      status: "ABORTED_BY_USER",
      reason: "stopped by ada@example.com",
      detail: {},
      stop: [1, 2],
    });
  });
});

describe("nextStep after the end", () => {
  const end = {
    status: "ABORTED_BY_THRESHOLD" as const,
    reason: "p(95) crossed",
    detail: {},
    decidedAtMs: NOW - 1000,
  };

  it("waits for running agents to report their end, then asks a live finished one for teardown()", () => {
    const stopping = runningView({
      phase: "stopping",
      end,
      instances: [finished(1, {}, { silentMs: 9000 }), instance(2, "RUNNING")],
    });
    expect(nextStep(stopping, tuning).kind).toBe("wait");
    const ended = { ...stopping, instances: [finished(1, {}, { silentMs: 9000 }), finished(2)] };
    expect(nextStep(ended, tuning)).toEqual({ kind: "request-teardown", instanceId: 2 });
    const lateAgent = { ...stopping, end: { ...end, decidedAtMs: NOW - tuning.stopTimeoutMs } };
    expect(nextStep(lateAgent, tuning)).toEqual({ kind: "finalize", teardown: null });
  });

  it("skips teardown when the test never started", () => {
    const neverStarted = view({
      phase: "stopping",
      end,
      instances: [instance(1, "READY", { silentMs: 9000 }), finished(2)],
    });
    expect(nextStep(neverStarted, tuning)).toEqual({ kind: "finalize", teardown: null });
  });

  it("finalizes when teardown() reports, fails, its agent is lost or it takes too long", () => {
    const requested = { instanceId: 1, requestedAtMs: NOW - 500 };
    const teardownView = (i: InstanceView, requestedAtMs = requested.requestedAtMs) =>
      runningView({
        phase: "teardown",
        end,
        teardown: { instanceId: 1, requestedAtMs },
        instances: [i, finished(2)],
      });
    const before = finished(1);
    expect(nextStep(teardownView(before), tuning).kind).toBe("wait");
    const done = finished(
      1,
      {},
      { lastReport: { state: "finished", detail: TEARDOWN_FINISHED, exitCode: 0, atMs: NOW - 10 } },
    );
    expect(nextStep(teardownView(done), tuning)).toEqual({ kind: "finalize", teardown: "finished" });
    const failed = finished(
      1,
      {},
      { state: "FAILED", lastReport: { state: "failed", detail: "teardown failed: boom", atMs: NOW } },
    );
    expect(nextStep(teardownView(failed), tuning)).toEqual({
      kind: "finalize",
      teardown: "failed: teardown failed: boom",
    });
    expect(nextStep(teardownView(instance(1, "FINISHED", { silentMs: 6000 })), tuning)).toEqual({
      kind: "finalize",
      teardown: "lost: instance 1 (local) stopped answering",
    });
    expect(nextStep(teardownView(before, NOW - tuning.teardownTimeoutMs), tuning)).toEqual({
      kind: "finalize",
      teardown: "no result within 120.0 s",
    });
  });

  it("releases, then is done", () => {
    expect(nextStep(runningView({ phase: "releasing", end }), tuning)).toEqual({ kind: "release" });
    expect(nextStep(runningView({ phase: "done", end }), tuning)).toEqual({ kind: "done" });
  });
});
