/**
 * The command queue from the coordinator to the agents: PostgreSQL rows (`run_commands`), so that
 * commands survive a restart, delivered by the agent port's long poll.
 */
export type { AddressedCommand, AgentCommand, QueuedCommand } from "./agent-command.js";
export { issueCommands } from "./issue-commands.js";
export { readCommands } from "./read-commands.js";
