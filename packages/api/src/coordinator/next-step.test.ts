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
    agentLoss: "abort",
    degraded: false,
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

  it("asks the provider about an agent silent past the heartbeat timeout before deciding anything", () => {
    const instances = [instance(1, "RUNNING", { silentMs: 5200 }), instance(2, "RUNNING")];
    expect(nextStep(runningView({ instances }), tuning)).toEqual({ kind: "probe", instanceIds: [1] });
    const quiet = [instance(1, "RUNNING", { silentMs: 4900 }), instance(2, "RUNNING")];
    expect(nextStep(runningView({ instances: quiet }), tuning).kind).toBe("wait");
    // An answer from before the silence began says nothing about it: ask again.
    const stale = { state: "running" as const, detail: null, atMs: NOW - 6000 };
    expect(
      nextStep(
        runningView({ instances: [instance(1, "RUNNING", { silentMs: 5200, probe: stale })] }),
        tuning,
      ),
    ).toEqual({ kind: "probe", instanceIds: [1] });
  });

  it("ends ABORTED_BY_SYSTEM naming a silent agent whose instance is gone, stopping the others", () => {
    const exited = { state: "exited" as const, detail: "signal SIGKILL", atMs: NOW - 100 };
    const instances = [
      instance(1, "RUNNING", { silentMs: 5200, probe: exited }),
      instance(2, "RUNNING"),
      finished(3, {}, { silentMs: 9000 }),
    ];
    expect(nextStep(runningView({ instances }), tuning)).toEqual({
      kind: "end",
      status: "ABORTED_BY_SYSTEM",
      reason:
        "lost instance 1 (local): no heartbeat for 5.2 s, and local reports its instance exited (signal SIGKILL)",
      detail: { instances: [1] },
      stop: [1, 2],
    });
    const unknown = { state: "unknown" as const, detail: null, atMs: NOW - 100 };
    expect(
      nextStep(
        runningView({ instances: [instance(1, "RUNNING", { silentMs: 6000, probe: unknown })] }),
        tuning,
      ),
    ).toMatchObject({
      status: "ABORTED_BY_SYSTEM",
      reason: "lost instance 1 (local): no heartbeat for 6.0 s, and local no longer knows its instance",
    });
  });

  it("waits for an agent cut off from the API while its instance runs, up to the partition tolerance", () => {
    const running = { state: "running" as const, detail: null, atMs: NOW - 500, sinceMs: NOW - 20_000 };
    const cutOff = (silentMs: number, probe = running) =>
      runningView({ instances: [instance(1, "RUNNING", { silentMs, probe }), instance(2, "RUNNING")] });
    expect(nextStep(cutOff(12_000), tuning)).toEqual({ kind: "wait", recheckInMs: tuning.recheckMs });
    // Asked again every probe interval: the process may die while cut off.
    expect(nextStep(cutOff(12_000, { ...running, atMs: NOW - tuning.probeIntervalMs }), tuning)).toEqual({
      kind: "probe",
      instanceIds: [1],
    });
    expect(nextStep(cutOff(tuning.partitionToleranceMs + 100), tuning)).toMatchObject({
      kind: "end",
      status: "ABORTED_BY_SYSTEM",
      reason:
        "lost instance 1 (local): no heartbeat for 30.1 s (its instance still runs, but it was cut off from the API longer than the 30.0 s tolerated)",
      stop: [1, 2],
    });
    // A provider that cannot answer is no proof of death: the same tolerance.
    const failing = {
      state: "error" as const,
      detail: "EC2 unreachable",
      atMs: NOW - 500,
      sinceMs: NOW - 20_000,
    };
    expect(nextStep(cutOff(12_000, failing), tuning).kind).toBe("wait");
    expect(nextStep(cutOff(tuning.partitionToleranceMs + 100, failing), tuning)).toMatchObject({
      reason:
        "lost instance 1 (local): no heartbeat for 30.1 s (whether its instance runs cannot be told (EC2 unreachable), and it was cut off from the API longer than the 30.0 s tolerated)",
    });
  });

  it("gives agents a moment after a restart of the platform, however long it was down", () => {
    // Silent for 40 s because the platform was down; first asked just now: wait for a heartbeat.
    const justAsked = { state: "running" as const, detail: null, atMs: NOW - 300, sinceMs: NOW - 300 };
    const restarted = (probe?: typeof justAsked) =>
      runningView({
        instances: [instance(1, "RUNNING", { silentMs: 40_000, probe }), instance(2, "RUNNING")],
      });
    expect(nextStep(restarted(), tuning)).toEqual({ kind: "probe", instanceIds: [1] });
    expect(nextStep(restarted(justAsked), tuning)).toEqual({ kind: "wait", recheckInMs: tuning.recheckMs });
    // Still nothing a heartbeat timeout later: it is really cut off.
    const watched = { ...justAsked, sinceMs: NOW - tuning.heartbeatTimeoutMs };
    expect(nextStep(restarted(watched), tuning)).toMatchObject({ kind: "end", status: "ABORTED_BY_SYSTEM" });
  });

  it('goes on without a lost agent once the test runs when options.cloud.agentLoss is "continue"', () => {
    const exited = { state: "exited" as const, detail: "exit code 137", atMs: NOW - 100 };
    const reason =
      "instance 1 (local): no heartbeat for 5.2 s, and local reports its instance exited (exit code 137)";
    const lostOne = [instance(1, "RUNNING", { silentMs: 5200, probe: exited }), instance(2, "RUNNING")];
    expect(nextStep(runningView({ agentLoss: "continue", instances: lostOne }), tuning)).toEqual({
      kind: "drop-instances",
      lost: [{ instanceId: 1, reason }],
    });
    // So does an agent stopped from outside (a spot instance taken back), after delivering its metrics.
    const killed = [finished(1, { exitCode: 105 }), instance(2, "RUNNING")];
    expect(nextStep(runningView({ agentLoss: "continue", instances: killed }), tuning)).toEqual({
      kind: "drop-instances",
      lost: [{ instanceId: 1, reason: "instance 1 (local) was stopped from outside the platform" }],
    });
    // Not before the start, and not when no agent would be left.
    expect(
      nextStep(
        view({ agentLoss: "continue", instances: lostOne.map((i) => ({ ...i, state: "READY" as const })) }),
        tuning,
      ),
    ).toMatchObject({ kind: "end", status: "ABORTED_BY_SYSTEM" });
    const dropped = instance(2, "RELEASED", { lost: { reason: "earlier", atMs: NOW - 5000 } });
    expect(
      nextStep(
        runningView({ agentLoss: "continue", instances: [lostOne[0] as InstanceView, dropped] }),
        tuning,
      ),
    ).toMatchObject({ kind: "end", status: "ABORTED_BY_SYSTEM", reason: `lost ${reason}` });
    // A left-out instance whose release failed is released again.
    const unreleased = instance(1, "RUNNING", { lost: { reason: "gone", atMs: NOW - 1000 } });
    expect(
      nextStep(
        runningView({ agentLoss: "continue", instances: [unreleased, instance(2, "RUNNING")] }),
        tuning,
      ),
    ).toEqual({ kind: "drop-instances", lost: [{ instanceId: 1, reason: "gone" }] });
  });

  it("finishes a run that went on without an agent as degraded, naming it", () => {
    const dropped = instance(1, "RELEASED", {
      lost: { reason: "instance 1 (local): no heartbeat for 5.2 s", atMs: NOW - 5000 },
    });
    expect(
      nextStep(
        runningView({ agentLoss: "continue", degraded: true, instances: [dropped, instance(2, "RUNNING")] }),
        tuning,
      ).kind,
    ).toBe("wait");
    expect(
      nextStep(
        runningView({ agentLoss: "continue", degraded: true, instances: [dropped, finished(2)] }),
        tuning,
      ),
    ).toEqual({
      kind: "end",
      status: "FINISHED",
      reason:
        'degraded: finished without instance 1 (local), lost during the test and left out as options.cloud.agentLoss "continue" asks; the results miss their share of the test (instance 1 (local): no heartbeat for 5.2 s)',
      detail: { degraded: true, lostInstances: [1] },
      stop: [],
    });
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

  it("waits for an agent cut off from the API to deliver its end, and asks about a silent one first", () => {
    const running = { state: "running" as const, detail: null, atMs: NOW - 500 };
    const stopping = runningView({
      phase: "stopping",
      end,
      instances: [finished(1), instance(2, "RUNNING", { silentMs: 8000, probe: running })],
    });
    expect(nextStep(stopping, tuning).kind).toBe("wait");
    const unasked = { ...stopping, instances: [finished(1), instance(2, "RUNNING", { silentMs: 8000 })] };
    expect(nextStep(unasked, tuning)).toEqual({ kind: "probe", instanceIds: [2] });
    const exited = { state: "exited" as const, detail: null, atMs: NOW - 500 };
    const gone = {
      ...stopping,
      instances: [finished(1), instance(2, "RUNNING", { silentMs: 8000, probe: exited })],
    };
    expect(nextStep(gone, tuning)).toEqual({ kind: "request-teardown", instanceId: 1 });
  });

  it("skips teardown when the test never started", () => {
    const neverStarted = view({
      phase: "stopping",
      end,
      instances: [
        instance(1, "READY", { silentMs: 9000, probe: { state: "exited", detail: null, atMs: NOW - 100 } }),
        finished(2),
      ],
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
