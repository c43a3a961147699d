import { ProtocolError } from "../transport/errors.js";
import { expectFields } from "../transport/protocol.js";

/** `POST /agent/v1/zone/enrol` answer: the agent's certificate and what it joined. */
export interface EnrolAnswer {
  certificate: string;
  caCertificate: string;
  agentId: string;
  zone: string;
  organizationId: string;
  /** The zone's VUs per agent. */
  vusPerAgent: number;
  /** The capacity the platform recorded for this agent. */
  capacityVus: number;
  /** How often to send heartbeats, ms. */
  heartbeatIntervalMs: number;
}

/** A run instance handed to this agent by `GET /agent/v1/zone/work`. */
export interface ZoneJob {
  runId: string;
  instanceId: string;
  /** The instance's one-time call-home token: a secret, never logged. */
  bootstrapToken: string;
}

/** Reads an enrol answer. */
export function readEnrolAnswer(route: string, value: unknown): EnrolAnswer {
  const answer = expectFields<EnrolAnswer>(route, value, {
    certificate: "string",
    caCertificate: "string",
    agentId: "string",
    zone: "string",
    organizationId: "string",
    vusPerAgent: "number",
    capacityVus: "number",
    heartbeatIntervalMs: "number",
  });
  if (answer.heartbeatIntervalMs <= 0)
    throw new ProtocolError(`${route}: heartbeatIntervalMs must be positive`);
  return answer;
}

/** Reads a work poll answer: the job, or undefined when there was none within the hold. */
export function readWorkAnswer(route: string, value: unknown): ZoneJob | undefined {
  const { job } = expectFields<{ job: unknown }>(route, value, {});
  if (job === null || job === undefined) return undefined;
  return expectFields<ZoneJob>(`${route} job`, job, {
    runId: "string",
    instanceId: "string",
    bootstrapToken: "string",
  });
}

/** Reads a heartbeat answer: the instances this agent holds that the platform released. */
export function readHeartbeatAnswer(route: string, value: unknown): string[] {
  const { cancel } = expectFields<{ cancel: unknown }>(route, value, { cancel: "object" });
  if (!Array.isArray(cancel) || !cancel.every((id) => typeof id === "string"))
    throw new ProtocolError(`${route}: "cancel" must be an array of instance ids`);
  return cancel;
}

/** Reads a renewal answer: the new certificate. */
export function readRenewAnswer(route: string, value: unknown): string {
  return expectFields<{ certificate: string }>(route, value, { certificate: "string" }).certificate;
}
