import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { isIP } from "node:net";
import { consoleLogger, type Logger } from "@barrage/runner";
import type pg from "pg";
import { createDb } from "../../db/database.js";
import { ingestBatch } from "../../metrics/index.js";
import type { ObjectStore } from "../../storage/index.js";
import { type CertificateAuthority, issueServerCertificate } from "../ca/index.js";
import { AGENT_COMMANDS_CHANNEL, runIdOfNotification } from "../channels.js";
import { describeError } from "../describe-error.js";
import { listen } from "../pg-listener.js";
import type { AgentPort, AgentRoute, IngestFunction, SelfAuthenticatingRoute } from "./agent-port.js";
import { authenticateAgent } from "./authenticate-agent.js";
import { HttpError, readJsonBody, send } from "./http-exchange.js";
import { PollWaiters } from "./poll-waiters.js";
import { archive } from "./routes/archive.js";
import { assignment } from "./routes/assignment.js";
import { callHome } from "./routes/call-home.js";
import { commands } from "./routes/commands.js";
import { heartbeat } from "./routes/heartbeat.js";
import { metrics } from "./routes/metrics.js";
import { setupResult } from "./routes/setup-result.js";
import { state } from "./routes/state.js";

/** Options of {@link startAgentServer}. */
export interface AgentServerOptions {
  pool: pg.Pool;
  /** The platform CA: it issues this port's server certificate and verifies agent certificates. */
  ca: CertificateAuthority;
  /** Where run archives are read from. */
  objectStore: ObjectStore;
  /** The address to listen on, e.g. `127.0.0.1` or `0.0.0.0`. */
  host: string;
  /** The port; 0 picks a free one (see the returned `url`). */
  port: number;
  /**
   * The names and addresses agents dial, put in the server certificate (agents check them); the
   * first one is used in `url`. Default: `host`, which must then not be a wildcard address.
   */
  hosts?: readonly string[];
  /** Aggregation period of the metric stream told to agents, ms (default 1000). */
  aggregationPeriodMs?: number;
  /** Validity of the certificates agents get at call-home, ms (default 24 h). */
  certificateTtlMs?: number;
  /** How long a command poll waits for commands, ms (default 25 s, docs/platform.md). */
  pollHoldMs?: number;
  /** Stores metric batches; the metric store's `ingestBatch` by default. */
  ingest?: IngestFunction;
  logger?: Logger;
  /**
   * More routes, by `"METHOD /path"`, that authenticate their callers themselves: the agents of
   * private zones (`zoneAgentRoutes` of `src/zones/`). They cannot replace the protocol's own routes.
   */
  extraRoutes?: Readonly<Record<string, SelfAuthenticatingRoute>>;
}

/** A running agent port. */
export interface AgentServer {
  /** `https://<first host>:<port>`: what agents are started with. */
  url: string;
  /** Stops listening, ends the held polls and closes every connection. */
  close(): Promise<void>;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** Body limits per route: a metric batch may carry thousands of series; everything else is small. */
const AUTHENTICATED_ROUTES: Record<string, { handle: AgentRoute; bodyLimit?: number }> = {
  "GET /agent/v1/assignment": { handle: assignment },
  "GET /agent/v1/archive": { handle: archive },
  "GET /agent/v1/commands": { handle: commands },
  "POST /agent/v1/state": { handle: state, bodyLimit: 16 * KIB },
  "POST /agent/v1/setup-result": { handle: setupResult, bodyLimit: 4 * MIB },
  "POST /agent/v1/metrics": { handle: metrics, bodyLimit: 32 * MIB },
  "POST /agent/v1/heartbeat": { handle: heartbeat, bodyLimit: 4 * KIB },
};
const CALL_HOME = "POST /agent/v1/call-home";
const CALL_HOME_BODY_LIMIT = 32 * KIB;

/**
 * Starts the API's agent port (docs/platform.md, "Agent protocol"): HTTPS with a server certificate
 * from the platform CA, asking every client for its certificate but judging it per route, so that
 * call-home works without one and every other route answers 401 or 403 with a JSON reason. Bodies
 * are size-limited per route (413) and must be JSON (400). Command long polls are woken through
 * PostgreSQL notifications, so the coordinator may run in another process.
 *
 * @example
 * const port = await startAgentServer({ pool, ca, objectStore, host: "0.0.0.0", port: 8443, hosts: ["10.0.0.5"] });
 * // start agents with --api port.url and the CA certificate
 */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
  const hosts = options.hosts ?? [options.host];
  const [urlHost] = hosts;
  if (urlHost === undefined || isWildcard(urlHost))
    throw new TypeError(
      `hosts must name the address agents dial (a wildcard like ${JSON.stringify(options.host)} cannot be in a certificate)`,
    );
  const logger = options.logger ?? consoleLogger;
  const extraRoutes = options.extraRoutes ?? {};
  const clash = Object.keys(extraRoutes).find(
    (route) => route === CALL_HOME || route in AUTHENTICATED_ROUTES,
  );
  if (clash) throw new TypeError(`extraRoutes cannot replace the agent protocol's route ${clash}`);
  const certificate = await issueServerCertificate(options.ca, { hosts });
  const waiters = new PollWaiters();
  const port: AgentPort = {
    pool: options.pool,
    db: createDb(options.pool),
    ca: options.ca,
    objectStore: options.objectStore,
    ingest: options.ingest ?? ((source, body) => ingestBatch(options.pool, source, body)),
    waiters,
    logger,
    aggregationPeriodMs: options.aggregationPeriodMs ?? 1000,
    certificateTtlMs: options.certificateTtlMs ?? 24 * 3600 * 1000,
    pollHoldMs: options.pollHoldMs ?? 25_000,
  };
  const listener = await listen(
    options.pool,
    [AGENT_COMMANDS_CHANNEL],
    (_channel, payload) => {
      const runId = runIdOfNotification(payload);
      if (runId !== undefined) waiters.wake(runId);
    },
    { onResume: () => waiters.wakeAll(), log: (message) => logger.warn(`agent port: ${message}`) },
  );
  const closing = new AbortController();
  const server = https.createServer({
    cert: certificate.certificatePem,
    key: certificate.privateKeyPem,
    ca: [options.ca.certificatePem],
    requestCert: true,
    rejectUnauthorized: false,
  });
  server.on("request", (req, res) => {
    void handle(port, extraRoutes, req, res, closing.signal);
  });
  server.listen(options.port, options.host);
  try {
    await once(server, "listening");
  } catch (error) {
    await listener.close();
    throw new Error(
      `cannot listen on ${options.host}:${options.port} for agents: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    url: `https://${isIP(urlHost) === 6 ? `[${urlHost}]` : urlHost}:${boundPort}`,
    close: async () => {
      closing.abort();
      waiters.wakeAll();
      await listener.close();
      server.closeAllConnections();
      server.close();
    },
  };
}

function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "";
}

async function handle(
  port: AgentPort,
  extraRoutes: Readonly<Record<string, SelfAuthenticatingRoute>>,
  req: IncomingMessage,
  res: ServerResponse,
  closing: AbortSignal,
): Promise<void> {
  const url = new URL(req.url ?? "/", "https://agent-port");
  const route = `${req.method} ${url.pathname}`;
  try {
    if (route === CALL_HOME) {
      send(res, await callHome(port, await readJsonBody(req, CALL_HOME_BODY_LIMIT)));
      return;
    }
    const gone = new AbortController();
    res.once("close", () => gone.abort());
    const signal = AbortSignal.any([closing, gone.signal]);
    const extra = Object.hasOwn(extraRoutes, route) ? extraRoutes[route] : undefined;
    if (extra) {
      const body = extra.bodyLimit === undefined ? undefined : await readJsonBody(req, extra.bodyLimit);
      send(res, await extra.handle({ port, req, body, query: url.searchParams, signal }));
      return;
    }
    const entry = AUTHENTICATED_ROUTES[route];
    if (!entry) throw new HttpError(404, `no route ${route} on the agent port`);
    const agent = await authenticateAgent(port.pool, req);
    const body = entry.bodyLimit === undefined ? undefined : await readJsonBody(req, entry.bodyLimit);
    send(res, await entry.handle({ port, agent, body, query: url.searchParams, signal }));
  } catch (error) {
    // A refusal before the body was read leaves the rest of it on the connection: close it.
    const unread = !req.complete;
    if (error instanceof HttpError) {
      send(res, { status: error.status, json: { error: error.message, ...error.extra } }, unread);
      return;
    }
    // Never the body: call-home carries a token.
    port.logger.error(`agent port: ${route} failed: ${describeError(error)}`);
    send(
      res,
      { status: 500, json: { error: "the agent port failed to handle this request; retry later" } },
      unread,
    );
  }
}
