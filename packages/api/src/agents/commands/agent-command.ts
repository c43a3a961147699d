/** A command for one agent (docs/platform.md, `GET /agent/v1/commands`), before it gets its `seq`. */
export type AgentCommand =
  | { type: "run-setup" }
  | { type: "set-setup-data"; data: unknown }
  | { type: "start"; atEpochMs: number }
  | { type: "stop"; reason: string }
  | { type: "run-teardown" };

/** A command as delivered: `seq` orders the commands of one instance, from 1. */
export type QueuedCommand = AgentCommand & { seq: number };

/** A command addressed to one instance of a run. */
export interface AddressedCommand {
  instanceId: number;
  command: AgentCommand;
}
