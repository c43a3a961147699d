import type { Logger } from "@barrage/runner";
import { DEFAULT_RETRY, type RetryPolicy, withRetry } from "./backoff.js";
import { HttpsClient, type TlsMaterial } from "./https-client.js";
import {
  type Assignment,
  type CallHomeAnswer,
  type Command,
  type Heartbeat,
  readAssignment,
  readCallHomeAnswer,
  readCommands,
  type SetupResult,
  type StateReport,
  type UnknownCommand,
} from "./protocol.js";

/** How the client retries: `requests` for one-off calls, `polls` for the command long poll. */
export interface RetryPolicies {
  requests: RetryPolicy;
  polls: RetryPolicy;
}

/** By default the command poll never gives up: a running test must survive any API outage. */
export const DEFAULT_RETRY_POLICIES: RetryPolicies = {
  requests: DEFAULT_RETRY,
  polls: { ...DEFAULT_RETRY, maxElapsedMs: Number.POSITIVE_INFINITY },
};

/** The API holds a long poll at most 25 s (docs/platform.md); wait a little longer for its answer. */
const POLL_TIMEOUT_MS = 40_000;
/** A metric batch or heartbeat that takes longer than this is better resent or skipped. */
const STREAM_TIMEOUT_MS = 10_000;

/**
 * `POST /agent/v1/call-home`: trades the one-time bootstrap token and a CSR for the agent's
 * certificate. The server is verified against `caCertificatePem` before the token is sent; no
 * client certificate is presented (the agent has none yet).
 */
export function callHome(
  apiUrl: string,
  caCertificatePem: string,
  body: { token: string; csr: string },
  options: { logger: Logger; signal?: AbortSignal; policy?: RetryPolicy },
): Promise<CallHomeAnswer> {
  return postWithoutCertificate(
    apiUrl,
    caCertificatePem,
    "/agent/v1/call-home",
    body,
    readCallHomeAnswer,
    options,
  );
}

/**
 * POSTs a secret (a bootstrap or enrolment token) before the agent has a certificate: the server
 * is verified against `caCertificatePem` before anything is sent, no client certificate is
 * presented, and the request is retried on connection errors and 5xx, never on 4xx. `read` checks
 * the answer.
 *
 * @example
 * const answer = await postWithoutCertificate(apiUrl, caPem, "/agent/v1/zone/enrol", body, readEnrolAnswer, { logger });
 */
export async function postWithoutCertificate<T>(
  apiUrl: string,
  caCertificatePem: string,
  path: string,
  body: unknown,
  read: (route: string, answer: unknown) => T,
  options: { logger: Logger; signal?: AbortSignal; policy?: RetryPolicy },
): Promise<T> {
  const client = new HttpsClient(apiUrl, { ca: caCertificatePem });
  const route = `POST ${path}`;
  try {
    const answer = await withRetry(
      route,
      () => client.json("POST", path, { body, signal: options.signal }),
      options,
    );
    return read(route, answer);
  } finally {
    await client.close();
  }
}

/**
 * The agent's side of the protocol over mutual TLS (docs/platform.md, "Agent protocol"). Requests
 * the agent cannot do without are retried with backoff on connection errors and 5xx; 4xx answers
 * are final and thrown as {@link AgentApiError} with the server's reason. Metric batches and
 * heartbeats are sent once: their callers decide what a failure means.
 */
export class AgentClient {
  readonly #http: HttpsClient;
  readonly #logger: Logger;
  readonly #retry: RetryPolicies;

  constructor(
    apiUrl: string,
    tls: Required<TlsMaterial>,
    options: { logger: Logger; retry?: RetryPolicies },
  ) {
    this.#http = new HttpsClient(apiUrl, tls);
    this.#logger = options.logger;
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICIES;
  }

  async assignment(signal?: AbortSignal): Promise<Assignment> {
    const route = "GET /agent/v1/assignment";
    const answer = await this.#retrying(
      route,
      () => this.#http.json("GET", "/agent/v1/assignment", { signal }),
      signal,
    );
    return readAssignment(route, answer);
  }

  async archive(signal?: AbortSignal): Promise<Buffer> {
    return this.#retrying(
      "GET /agent/v1/archive",
      () => this.#http.bytes("/agent/v1/archive", { signal }),
      signal,
    );
  }

  async reportState(report: StateReport, signal?: AbortSignal): Promise<void> {
    await this.#retrying(
      "POST /agent/v1/state",
      () => this.#http.json("POST", "/agent/v1/state", { body: report, signal }),
      signal,
    );
  }

  async reportSetupResult(result: SetupResult, signal?: AbortSignal): Promise<void> {
    await this.#retrying(
      "POST /agent/v1/setup-result",
      () => this.#http.json("POST", "/agent/v1/setup-result", { body: result, signal }),
      signal,
    );
  }

  /** Long-polls the commands after `after`, retrying until it gets an answer or `signal` aborts. */
  async commands(after: number, signal?: AbortSignal): Promise<(Command | UnknownCommand)[]> {
    const path = `/agent/v1/commands?after=${after}`;
    const route = `GET ${path}`;
    const answer = await withRetry(
      route,
      () => this.#http.json("GET", path, { signal, timeoutMs: POLL_TIMEOUT_MS }),
      { logger: this.#logger, signal, policy: this.#retry.polls },
    );
    return readCommands(route, answer);
  }

  /** Sends one metric-stream document, already serialized; once. */
  async sendMetrics(document: string): Promise<void> {
    await this.#http.json("POST", "/agent/v1/metrics", { body: document, timeoutMs: STREAM_TIMEOUT_MS });
  }

  /** Sends one heartbeat; once. */
  async heartbeat(heartbeat: Heartbeat): Promise<void> {
    await this.#http.json("POST", "/agent/v1/heartbeat", { body: heartbeat, timeoutMs: STREAM_TIMEOUT_MS });
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  #retrying<T>(route: string, attempt: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    return withRetry(route, attempt, { logger: this.#logger, signal, policy: this.#retry.requests });
  }
}
