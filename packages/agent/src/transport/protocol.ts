import type { PointJson } from "@barrage/runner";
import { ProtocolError } from "./errors.js";

/** `POST /agent/v1/call-home` answer: the agent's certificate and what it is bound to. */
export interface CallHomeAnswer {
  certificate: string;
  caCertificate: string;
  runId: string;
  instanceId: string;
  zone: string;
}

/** `GET /agent/v1/assignment` answer: this instance's share of the run. */
export interface Assignment {
  runId: string;
  instanceId: string;
  zone: string;
  /** This instance's execution segment, e.g. `"0:1/2"`. */
  segment: string;
  /** The run's segment sequence, e.g. `"0,1/2,1"`. */
  sequence: string;
  archiveSha256: string;
  /** `__ENV` of the script on this instance. */
  env: Record<string, string>;
  aggregationPeriodMs: number;
}

/** What the agent reports with `POST /agent/v1/state`. */
export type AgentState = "ready" | "running" | "finished" | "failed";

/** The body of `POST /agent/v1/state`. `exitCode` (the runner's, k6's codes) is sent with `finished` and `failed`. */
export interface StateReport {
  state: AgentState;
  detail?: string;
  vus?: number;
  iterations?: number;
  exitCode?: number;
}

/** One instruction of the coordinator, from the `GET /agent/v1/commands` long poll; `seq` orders them. */
export type Command =
  | { seq: number; type: "run-setup" }
  | { seq: number; type: "set-setup-data"; data: unknown }
  | { seq: number; type: "start"; atEpochMs: number }
  | { seq: number; type: "stop"; reason: string }
  | { seq: number; type: "run-teardown" };

/** A command of a type this agent does not know (a newer API): skipped by its `seq`. */
export interface UnknownCommand {
  seq: number;
  type: "unknown";
  /** The type the API sent. */
  name: string;
}

/** The body of `POST /agent/v1/setup-result`. */
export type SetupResult = { data: unknown } | { error: string };

/** One document of the metric stream (docs/platform.md, "Metric stream"). */
export interface MetricDocument {
  seq: number;
  start: number;
  end: number;
  points: PointJson[];
}

/**
 * The body of `POST /agent/v1/heartbeat`. `memoryLimitBytes` is an addition that the API's route
 * ignores until it stores it (the route reads the fields it knows and no others).
 */
export interface Heartbeat {
  /** The process's CPU time over the last interval, % of one core. */
  cpuPercent: number;
  /** Resident memory, bytes. */
  memoryBytes: number;
  /** The lower of the machine's memory and the cgroup's limit, bytes. */
  memoryLimitBytes: number;
}

/** The JSON type a field of an answer must have. */
export type Check = "string" | "number" | "object";

/** Checks that `value` is an object whose `fields` have the given types, so that a bad answer fails here with its route. */
export function expectFields<T>(route: string, value: unknown, fields: Record<string, Check>): T {
  if (typeof value !== "object" || value === null)
    throw new ProtocolError(`${route}: expected a JSON object`);
  for (const [name, type] of Object.entries(fields)) {
    const field = (value as Record<string, unknown>)[name];
    const ok =
      type === "object"
        ? typeof field === "object" && field !== null
        : typeof field === type && (type !== "number" || Number.isFinite(field));
    if (!ok)
      throw new ProtocolError(`${route}: field "${name}" must be a ${type}, got ${JSON.stringify(field)}`);
  }
  return value as T;
}

/** Reads a call-home answer. */
export function readCallHomeAnswer(route: string, value: unknown): CallHomeAnswer {
  return expectFields(route, value, {
    certificate: "string",
    caCertificate: "string",
    runId: "string",
    instanceId: "string",
    zone: "string",
  });
}

/** Reads an assignment. */
export function readAssignment(route: string, value: unknown): Assignment {
  const assignment = expectFields<Assignment>(route, value, {
    runId: "string",
    instanceId: "string",
    zone: "string",
    segment: "string",
    sequence: "string",
    archiveSha256: "string",
    env: "object",
    aggregationPeriodMs: "number",
  });
  if (!/^[0-9a-f]{64}$/i.test(assignment.archiveSha256))
    throw new ProtocolError(`${route}: archiveSha256 must be 64 hex digits`);
  if (assignment.aggregationPeriodMs <= 0)
    throw new ProtocolError(`${route}: aggregationPeriodMs must be positive`);
  return assignment;
}

const COMMAND_FIELDS: Record<Command["type"], Record<string, Check>> = {
  "run-setup": {},
  "set-setup-data": {},
  start: { atEpochMs: "number" },
  stop: { reason: "string" },
  "run-teardown": {},
};

/**
 * Reads a long-poll answer. Commands of a type this agent does not know are returned as
 * {@link UnknownCommand}s, so that the caller can skip them by seq and say so.
 */
export function readCommands(route: string, value: unknown): (Command | UnknownCommand)[] {
  const { commands } = expectFields<{ commands: unknown }>(route, value, { commands: "object" });
  if (!Array.isArray(commands)) throw new ProtocolError(`${route}: "commands" must be an array`);
  return commands.map((command) => {
    const { seq, type } = expectFields<{ seq: number; type: string }>(route, command, {
      seq: "number",
      type: "string",
    });
    if (!Object.hasOwn(COMMAND_FIELDS, type)) return { seq, type: "unknown", name: type };
    return expectFields<Command>(
      `${route} command ${seq} (${type})`,
      command,
      COMMAND_FIELDS[type as Command["type"]],
    );
  });
}
