import type { IncomingMessage } from "node:http";
import type { Logger } from "@barrage/runner";
import type pg from "pg";
import type { Db } from "../../db/database.js";
import type { BatchSource, IngestResult } from "../../metrics/index.js";
import type { ObjectStore } from "../../storage/index.js";
import type { CertificateAuthority } from "../ca/index.js";
import type { AgentPrincipal } from "./authenticate-agent.js";
import type { Reply } from "./http-exchange.js";
import type { PollWaiters } from "./poll-waiters.js";

/** Stores one metric-stream document of an agent: `ingestBatch` of the metric store, bound to a pool. */
export type IngestFunction = (source: BatchSource, body: unknown) => Promise<IngestResult>;

/** What the routes of the agent port share. */
export interface AgentPort {
  pool: pg.Pool;
  db: Db;
  ca: CertificateAuthority;
  objectStore: ObjectStore;
  ingest: IngestFunction;
  waiters: PollWaiters;
  logger: Logger;
  /** Aggregation period of the metric stream, ms, told to agents in their assignment. */
  aggregationPeriodMs: number;
  /** Validity of agent certificates, ms. */
  certificateTtlMs: number;
  /** How long a command poll is held when there is nothing to deliver, ms. */
  pollHoldMs: number;
}

/** One authenticated request, as a route handler sees it. */
export interface AgentRequest {
  port: AgentPort;
  agent: AgentPrincipal;
  /** The parsed JSON body (undefined for GET routes). */
  body: unknown;
  query: URLSearchParams;
  /** Aborts when the agent goes away or the port closes. */
  signal: AbortSignal;
}

/** A route that requires an agent certificate. */
export type AgentRoute = (request: AgentRequest) => Promise<Reply>;

/** A request to a route that authenticates its caller itself (see {@link SelfAuthenticatingRoute}). */
export interface SelfAuthenticatingRequest {
  port: AgentPort;
  /** The raw request, for the route to read its TLS socket's client certificate. */
  req: IncomingMessage;
  /** The parsed JSON body (undefined for routes without `bodyLimit`). */
  body: unknown;
  query: URLSearchParams;
  /** Aborts when the agent goes away or the port closes. */
  signal: AbortSignal;
}

/**
 * A route served on the agent port beside the run agents' own, for callers that are not agents of
 * a run (the agents of private zones, `src/zones/`): the route judges the client certificate
 * itself. Refusals are {@link HttpError}s, answered as JSON like every other route's.
 */
export interface SelfAuthenticatingRoute {
  /** The largest JSON body, bytes; without it the route takes no body. */
  bodyLimit?: number;
  handle(request: SelfAuthenticatingRequest): Promise<Reply>;
}
