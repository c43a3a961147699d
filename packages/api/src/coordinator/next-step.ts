import { ExitCode } from "@barrage/runner";
import type { InstanceState } from "../db/schema/runs.js";
import { isTerminal } from "../runs/status.js";
import { type Liveness, liveness } from "./liveness.js";
import type { EndStatus, InstanceView, RunView } from "./run-view.js";
import type { CoordinatorTuning } from "./tuning.js";

/** What the coordinator does next for a run; `wait` and `done` end one round of {@link nextStep}s. */
export type Step =
  | { kind: "wait"; recheckInMs: number }
  /** Record the end (phase `stopping`) and send `stop {reason}` to the instances in `stop`. */
  | { kind: "end"; status: EndStatus; reason: string | null; detail: Record<string, unknown>; stop: number[] }
  | { kind: "request-setup"; instanceId: number }
  /** Hand the setup data to every instance and start them all at `atEpochMs` (phase `running`). */
  | { kind: "start"; atEpochMs: number; data: unknown; instanceIds: number[] }
  /** The start was commanded but the status did not follow (a crash in between): set RUNNING. */
  | { kind: "mark-running" }
  /** Ask the providers whether the instances of these silent agents still run (see liveness.ts). */
  | { kind: "probe"; instanceIds: number[] }
  /**
   * Go on without these instances (`options.cloud.agentLoss: "continue"`): mark them lost and the
   * run degraded, and release them through their providers.
   */
  | { kind: "drop-instances"; lost: { instanceId: number; reason: string }[] }
  /** Evaluate the thresholds on the aggregate; an abort stops the instances in `stop`. */
  | { kind: "evaluate-thresholds"; elapsedMs: number; stop: number[] }
  | { kind: "request-teardown"; instanceId: number }
  /** Final thresholds and result, release commands (phase `releasing`); `teardown` says how teardown went. */
  | { kind: "finalize"; teardown: string | null }
  /** Set the end status and release the instances through their providers (phase `done`). */
  | { kind: "release" }
  | { kind: "done" };

/** The agent's `detail` when it reports again after `teardown()` (packages/agent/README.md). */
export const TEARDOWN_FINISHED = "teardown finished";

/** States in which an agent process runs and sends heartbeats. */
const AGENT_RUNNING: readonly InstanceState[] = ["CALLED_HOME", "READY", "RUNNING"];
/** States in which an instance's test is over. */
const ENDED: readonly InstanceState[] = ["FINISHED", "FAILED", "RELEASED"];

/**
 * Decides the coordinator's next step for a run from its view alone (design.md, steps 8 to 11):
 * every agent ready (else, past the deadline, ABORTED_BY_SYSTEM naming the missing ones); `setup()`
 * on one agent; its data to all and one start instant for all; thresholds on the aggregate every
 * interval (an abort ends the run ABORTED_BY_THRESHOLD); the end once every agent finished; then
 * `teardown()` on one agent, the final thresholds, the release. An agent that fails ends the run
 * (ABORTED_BY_SYSTEM, or ABORTED_BY_SCRIPT_ERROR for a script error) and the others are stopped; so
 * does a status set from outside (a user's stop). An agent that stops sending heartbeats is judged
 * by liveness.ts: its provider is asked whether its instance still runs; gone, it is lost at once,
 * still running, it is waited for up to the partition tolerance. A lost agent ends the run, unless
 * the test has started and `options.cloud.agentLoss` is `continue`: the run then goes on without
 * it, degraded, and finishes on the others. Pure, so every rule is tested without agents or a
 * database.
 */
export function nextStep(view: RunView, tuning: CoordinatorTuning): Step {
  switch (view.phase) {
    case "initializing":
    case "running": {
      if (isTerminal(view.status))
        return end(view, view.status as EndStatus, view.statusReason ?? `the run was ${view.status}`, {});
      const problem = instanceProblem(view, tuning);
      if (problem) return problem;
      return view.phase === "initializing" ? initializing(view, tuning) : running(view, tuning);
    }
    case "stopping":
      return stopping(view, tuning);
    case "teardown":
      return teardown(view, tuning);
    case "releasing":
      return { kind: "release" };
    case "done":
      return { kind: "done" };
  }
}

function initializing(view: RunView, tuning: CoordinatorTuning): Step {
  const [first] = view.instances;
  if (!first) return end(view, "ABORTED_BY_SYSTEM", "the run was allocated no instances", {});
  const notReady = view.instances.filter((i) => i.state !== "READY");
  if (notReady.length > 0) {
    const left = view.readyDeadlineMs - view.nowMs;
    if (left > 0) return wait(tuning, left);
    // A private zone short of agents leaves instances STARTING: `waiting` says so.
    const list = notReady.map((i) => `${name(i)} ${i.state}${i.waiting ? ` (${i.waiting})` : ""}`).join(", ");
    return end(view, "ABORTED_BY_SYSTEM", `not every agent was ready in time: ${list}`, {
      instances: ids(notReady),
    });
  }
  const { setup } = view;
  if (setup.instanceId === null) return { kind: "request-setup", instanceId: first.id };
  const setupBy = `instance ${setup.instanceId}`;
  if (!setup.result) {
    const left = (setup.requestedAtMs ?? view.nowMs) + tuning.setupTimeoutMs - view.nowMs;
    if (left > 0) return wait(tuning, left);
    return end(
      view,
      "ABORTED_BY_SYSTEM",
      `setup() gave no result within ${seconds(tuning.setupTimeoutMs)} on ${setupBy}`,
      {
        instances: [setup.instanceId],
      },
    );
  }
  if ("error" in setup.result)
    return end(view, "ABORTED_BY_SCRIPT_ERROR", `setup() failed on ${setupBy}: ${setup.result.error}`, {
      instances: [setup.instanceId],
    });
  return {
    kind: "start",
    atEpochMs: view.nowMs + tuning.startDelayMs,
    data: setup.result.data,
    instanceIds: ids(view.instances),
  };
}

function running(view: RunView, tuning: CoordinatorTuning): Step {
  if (view.status !== "RUNNING") return { kind: "mark-running" };
  const lost = view.instances.filter((i) => i.lost);
  if (view.instances.every((i) => i.state === "FINISHED" || i.lost)) {
    if (lost.length === 0) return end(view, "FINISHED", null, {});
    return end(view, "FINISHED", degradedReason(lost), { degraded: true, lostInstances: ids(lost) });
  }
  if (view.startAtMs !== null && view.maxDurationMs !== null) {
    const overrunAtMs = view.startAtMs + view.maxDurationMs + tuning.overrunGraceMs;
    if (view.nowMs >= overrunAtMs) {
      return end(
        view,
        "TIMED_OUT",
        `the test ran ${seconds(view.nowMs - view.startAtMs)}; its options allow at most ${seconds(view.maxDurationMs)} ` +
          `(plus ${seconds(tuning.overrunGraceMs)} for the agents to end and deliver their metrics)`,
        { maxDurationMs: view.maxDurationMs },
      );
    }
  }
  if (view.thresholds === undefined || view.startAtMs === null) return wait(tuning, tuning.recheckMs);
  if (view.nowMs < view.startAtMs) return wait(tuning, view.startAtMs - view.nowMs);
  const due = (view.thresholdsEvaluatedAtMs ?? Number.NEGATIVE_INFINITY) + tuning.thresholdIntervalMs;
  if (view.nowMs < due) return wait(tuning, due - view.nowMs);
  return { kind: "evaluate-thresholds", elapsedMs: view.nowMs - view.startAtMs, stop: unended(view) };
}

function stopping(view: RunView, tuning: CoordinatorTuning): Step {
  const judged = judge(view, tuning);
  const unsure = judged.filter(({ verdict }) => verdict.kind === "probe");
  if (unsure.length > 0) return { kind: "probe", instanceIds: unsure.map(({ instance }) => instance.id) };
  // An agent cut off from the API still delivers its buffered metrics once it gets through: wait for it.
  const awaited = judged.filter(({ verdict }) => verdict.kind === "alive" || verdict.kind === "cut-off");
  const left = (view.end?.decidedAtMs ?? view.nowMs) + tuning.stopTimeoutMs - view.nowMs;
  if (awaited.length > 0 && left > 0) return wait(tuning, left);
  // teardown() cleans up after setup(), so it runs whenever the test was started, however it ended.
  if (view.startAtMs !== null) {
    const by = view.instances.find((i) => i.state === "FINISHED" && !quiet(i, tuning));
    if (by) return { kind: "request-teardown", instanceId: by.id };
  }
  return { kind: "finalize", teardown: null };
}

function teardown(view: RunView, tuning: CoordinatorTuning): Step {
  const by = view.instances.find((i) => i.id === view.teardown.instanceId);
  const requestedAtMs = view.teardown.requestedAtMs ?? view.nowMs;
  const report = by?.lastReport;
  if (report && report.atMs >= requestedAtMs) {
    if (report.state === "failed")
      return { kind: "finalize", teardown: `failed: ${report.detail ?? "no reason given"}` };
    if (report.detail === TEARDOWN_FINISHED) return { kind: "finalize", teardown: "finished" };
  }
  if (!by || by.state === "RELEASED" || quiet(by, tuning))
    return { kind: "finalize", teardown: `lost: ${by ? name(by) : "its instance"} stopped answering` };
  const left = requestedAtMs + tuning.teardownTimeoutMs - view.nowMs;
  if (left <= 0)
    return { kind: "finalize", teardown: `no result within ${seconds(tuning.teardownTimeoutMs)}` };
  return wait(tuning, left);
}

/**
 * A failed, lost or self-stopped agent, which ends the run (or, for a lost one under
 * `agentLoss: "continue"`, leaves it); a provider to ask about a silent one; undefined when all is well.
 */
function instanceProblem(view: RunView, tuning: CoordinatorTuning): Step | undefined {
  const failed = view.instances.filter(
    (i) => !i.lost && (i.state === "FAILED" || (view.phase === "initializing" && i.state === "FINISHED")),
  );
  if (failed.length > 0) {
    const scriptError = failed.some(
      (i) => i.ended?.exitCode === ExitCode.scriptException || i.ended?.exitCode === ExitCode.invalidConfig,
    );
    const why = failed.map(
      (i) => `${name(i)} failed: ${i.ended?.detail ?? `exit code ${i.ended?.exitCode}`}`,
    );
    return end(view, scriptError ? "ABORTED_BY_SCRIPT_ERROR" : "ABORTED_BY_SYSTEM", why.join("; "), {
      instances: ids(failed),
    });
  }
  // Left out already, but its release failed: try again.
  const unreleased = view.instances.filter((i) => i.lost && i.state !== "RELEASED");
  if (unreleased.length > 0)
    return {
      kind: "drop-instances",
      lost: unreleased.map((i) => ({ instanceId: i.id, reason: i.lost?.reason ?? "lost" })),
    };
  const judged = judge(view, tuning);
  const gone = judged.flatMap(({ instance, verdict }) =>
    verdict.kind === "gone" ? [{ instance, reason: `${name(instance)}: ${verdict.why}` }] : [],
  );
  if (gone.length > 0) return lose(view, gone, `lost ${gone.map((g) => g.reason).join("; ")}`);
  const unsure = judged.filter(({ verdict }) => verdict.kind === "probe");
  if (unsure.length > 0) return { kind: "probe", instanceIds: unsure.map(({ instance }) => instance.id) };
  const aborted = view.instances.find((i) => i.ended?.exitCode === ExitCode.scriptAborted);
  if (aborted)
    return end(
      view,
      "ABORTED_BY_SCRIPT_ERROR",
      `the script aborted the test on ${name(aborted)}: ${aborted.ended?.detail}`,
      {
        instances: [aborted.id],
      },
    );
  const killed = view.instances.find((i) => !i.lost && i.ended?.exitCode === ExitCode.externalAbort);
  if (killed) {
    const reason = `${name(killed)} was stopped from outside the platform`;
    return lose(view, [{ instance: killed, reason }], reason);
  }
  return undefined;
}

/**
 * Instances the run cannot count on any more: the run goes on without them when the script asked
 * for it (`agentLoss: "continue"`), the test is under way and some agent is left; otherwise it ends
 * ABORTED_BY_SYSTEM. Before the start there is nothing to save, and a test started short of a share
 * would only measure less than asked.
 */
function lose(view: RunView, lost: { instance: InstanceView; reason: string }[], abortReason: string): Step {
  const left = view.instances.filter((i) => !i.lost && !lost.some((l) => l.instance.id === i.id));
  if (view.agentLoss === "continue" && view.phase === "running" && left.length > 0)
    return {
      kind: "drop-instances",
      lost: lost.map(({ instance, reason }) => ({ instanceId: instance.id, reason })),
    };
  return end(view, "ABORTED_BY_SYSTEM", abortReason, { instances: lost.map((l) => l.instance.id) });
}

/** The end reason of a run that finished without some of its agents. */
function degradedReason(lost: readonly InstanceView[]): string {
  return (
    `degraded: finished without ${lost.map(name).join(", ")}, lost during the test and left out as ` +
    `options.cloud.agentLoss "continue" asks; the results miss their share of the test ` +
    `(${lost.map((i) => i.lost?.reason).join("; ")})`
  );
}

/** The agents that should be sending heartbeats, each with its {@link liveness}. */
function judge(view: RunView, tuning: CoordinatorTuning): { instance: InstanceView; verdict: Liveness }[] {
  return view.instances
    .filter((i) => AGENT_RUNNING.includes(i.state) && !i.lost)
    .map((instance) => ({ instance, verdict: liveness(instance, view.nowMs, tuning) }));
}

function end(view: RunView, status: EndStatus, reason: string | null, detail: Record<string, unknown>): Step {
  return { kind: "end", status, reason, detail, stop: status === "FINISHED" ? [] : unended(view) };
}

/** Instances whose test has not ended (or not begun): they get the `stop` of an abort. */
function unended(view: RunView): number[] {
  return ids(view.instances.filter((i) => !ENDED.includes(i.state)));
}

/** No sign of life for longer than the heartbeat timeout. */
function quiet(instance: InstanceView, tuning: CoordinatorTuning): boolean {
  return instance.silentMs !== null && instance.silentMs > tuning.heartbeatTimeoutMs;
}

function wait(tuning: CoordinatorTuning, untilDueMs: number): Step {
  return { kind: "wait", recheckInMs: Math.max(0, Math.min(tuning.recheckMs, untilDueMs)) };
}

function name(instance: InstanceView): string {
  return `instance ${instance.id} (${instance.zone})`;
}

function ids(instances: readonly InstanceView[]): number[] {
  return instances.map((i) => i.id);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
