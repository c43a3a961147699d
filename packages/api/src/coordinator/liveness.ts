import type { InstanceView } from "./run-view.js";
import type { CoordinatorTuning } from "./tuning.js";

/**
 * Whether an agent that should be sending heartbeats is still with the run:
 *
 * - `alive`: heard from within the heartbeat timeout;
 * - `probe`: silent past the timeout, and its provider was not asked since it fell silent (or not
 *   for `probeIntervalMs`): ask whether its instance runs before deciding anything;
 * - `cut-off`: silent, but its instance still runs (or whether it does cannot be told): the network
 *   between it and the API is down, and the agent buffers its metrics meanwhile. Waited for up to
 *   `partitionToleranceMs` of silence;
 * - `gone`: its instance exited or is unknown to its provider (the process is dead, the machine
 *   gone), or it stayed silent past the partition tolerance while the coordinator watched for at least
 *   the heartbeat timeout. `why` says which, for the run's reason.
 *
 * Heartbeats that arrive late prove nothing about the past: an agent is judged by the silence up to
 * now, and a heartbeat only counts from when it arrives. The watching condition is for a platform
 * that was itself down: its agents are silent for as long as it was, through no fault of theirs, and
 * need a moment after it is back to get a heartbeat through.
 */
export type Liveness =
  | { kind: "alive" }
  | { kind: "probe" }
  | { kind: "cut-off" }
  | { kind: "gone"; why: string };

/**
 * Judges one instance whose agent should be sending heartbeats (called home, ready or running).
 *
 * @example
 * liveness({ ...instance, silentMs: 6000, probe: { state: "exited", detail: "signal SIGKILL", atMs: now } }, now, tuning)
 * // { kind: "gone", why: "no heartbeat for 6.0 s, and local reports its instance exited (signal SIGKILL)" }
 */
export function liveness(instance: InstanceView, nowMs: number, tuning: CoordinatorTuning): Liveness {
  const silentMs = instance.silentMs;
  if (silentMs === null || silentMs <= tuning.heartbeatTimeoutMs) return { kind: "alive" };
  const silence = `no heartbeat for ${seconds(silentMs)}`;
  // Only an answer given after the agent fell silent says anything about its silence.
  const probe = instance.probe && instance.probe.atMs >= nowMs - silentMs ? instance.probe : undefined;
  if (probe?.state === "exited")
    return {
      kind: "gone",
      why: `${silence}, and ${instance.provider} reports its instance exited${probe.detail ? ` (${probe.detail})` : ""}`,
    };
  if (probe?.state === "unknown")
    return { kind: "gone", why: `${silence}, and ${instance.provider} no longer knows its instance` };
  if (!probe) return { kind: "probe" };
  const watchedMs = nowMs - (probe.sinceMs ?? probe.atMs);
  if (silentMs > tuning.partitionToleranceMs && watchedMs >= tuning.heartbeatTimeoutMs) {
    const state =
      probe.state === "running"
        ? "its instance still runs, but"
        : `whether its instance runs cannot be told${probe.detail ? ` (${probe.detail})` : ""}, and`;
    return {
      kind: "gone",
      why: `${silence} (${state} it was cut off from the API longer than the ${seconds(tuning.partitionToleranceMs)} tolerated)`,
    };
  }
  if (nowMs - probe.atMs >= tuning.probeIntervalMs) return { kind: "probe" };
  return { kind: "cut-off" };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
