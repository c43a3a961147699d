import { ScriptError } from "@barrage/runner";

/** What a run does when it loses an agent during its test; see {@link parseAgentLoss}. */
export type AgentLoss = "abort" | "continue";

const CHOICES: readonly AgentLoss[] = ["abort", "continue"];

/**
 * Reads `options.cloud.agentLoss`: what a distributed run does when an agent is lost while the test
 * runs (its instance died, or it stayed cut off from the API past the partition tolerance):
 *
 * - `"abort"` (the default): the run ends ABORTED_BY_SYSTEM naming the agent, the others stopped;
 * - `"continue"`: the run goes on with the other agents and finishes, marked degraded
 *   (`TestRun.degraded`), since its results miss the lost agent's share.
 *
 * Before the test starts, a lost agent always aborts the run: nothing is measured yet, and a test
 * started short of a share would only measure less than asked.
 *
 * @throws {ScriptError} naming the option and its allowed values for anything else
 * @example
 * parseAgentLoss({ agentLoss: "continue" }); // "continue"
 */
export function parseAgentLoss(cloud: Record<string, unknown> | undefined): AgentLoss {
  const value = cloud?.agentLoss;
  if (value === undefined) return "abort";
  if (typeof value === "string" && (CHOICES as readonly string[]).includes(value)) return value as AgentLoss;
  throw new ScriptError(
    `options.cloud.agentLoss: must be "abort" (end the run when an agent is lost, the default) or "continue" (go on without it, marked degraded), not ${JSON.stringify(value)}`,
    "validation",
  );
}
