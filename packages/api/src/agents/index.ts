/**
 * Everything the platform says to its agents: the agent port (call home, assignment, archive,
 * state, command long poll, setup result, metrics, heartbeats; docs/platform.md), the command
 * queue the coordinator fills, and the channels that tie them together across processes. The
 * platform CA is in `./ca`.
 *
 * @example
 * const port = await startAgentServer({ pool, ca, objectStore, host: "127.0.0.1", port: 0 });
 * await db.transaction((tx) => issueCommands(tx, runId, [{ instanceId, command: { type: "run-setup" } }]));
 */
export { AGENT_COMMANDS_CHANNEL, AGENT_EVENTS_CHANNEL, runIdOfNotification } from "./channels.js";
export {
  type AddressedCommand,
  type AgentCommand,
  issueCommands,
  type QueuedCommand,
} from "./commands/index.js";
export { describeError } from "./describe-error.js";
export { type ListenOptions, listen, type PgListener } from "./pg-listener.js";
export {
  type AgentServer,
  type AgentServerOptions,
  type IngestFunction,
  startAgentServer,
} from "./server/index.js";
