import type { Logger } from "@barrage/runner";
import {
  DEFAULT_RETRY_POLICIES,
  postWithoutCertificate,
  type RetryPolicies,
} from "../transport/agent-client.js";
import { type RetryPolicy, withRetry } from "../transport/backoff.js";
import { HttpsClient, type TlsMaterial } from "../transport/https-client.js";
import {
  type EnrolAnswer,
  readEnrolAnswer,
  readHeartbeatAnswer,
  readRenewAnswer,
  readWorkAnswer,
  type ZoneJob,
} from "./zone-protocol.js";

/** What an agent sends to join a private zone. */
export interface EnrolRequest {
  /** The zone's enrolment token: a secret, sent only once the agent port is verified. */
  token: string;
  csr: string;
  /** The zone the agent was told to join; the platform refuses a token of another zone. */
  zone: string;
  name: string;
  version: string;
  capacityVus?: number;
}

/** The API holds the work poll at most 25 s; wait a little longer for its answer. */
const POLL_TIMEOUT_MS = 40_000;
/** A heartbeat that takes longer than this is better skipped: the next comes soon. */
const BEAT_TIMEOUT_MS = 10_000;
/** Requests of a retired certificate may still be in flight (a held poll): its connections close after this. */
const RETIRE_AFTER_MS = 60_000;

/**
 * `POST /agent/v1/zone/enrol`: trades the enrolment token and a CSR for the agent's certificate.
 * The agent port is verified against `caCertificatePem` before the token is sent; no client
 * certificate is presented. Retried on connection errors and 5xx, never on 4xx.
 */
export function enrol(
  apiUrl: string,
  caCertificatePem: string,
  body: EnrolRequest,
  options: { logger: Logger; signal?: AbortSignal; policy?: RetryPolicy },
): Promise<EnrolAnswer> {
  return postWithoutCertificate(
    apiUrl,
    caCertificatePem,
    "/agent/v1/zone/enrol",
    body,
    readEnrolAnswer,
    options,
  );
}

/**
 * The routes of an enrolled agent of a private zone over mutual TLS (docs/platform.md, "Agents of
 * private zones"). 4xx answers are thrown as `AgentApiError`: a 403 means the agent was revoked.
 */
export class ZoneClient {
  #http: HttpsClient;
  readonly #apiUrl: string;
  readonly #ca: string;
  readonly #logger: Logger;
  readonly #retry: RetryPolicies;
  readonly #retired = new Set<HttpsClient>();

  constructor(
    apiUrl: string,
    tls: Required<TlsMaterial>,
    options: { logger: Logger; retry?: RetryPolicies },
  ) {
    this.#apiUrl = apiUrl;
    this.#ca = tls.ca;
    this.#http = new HttpsClient(apiUrl, tls);
    this.#logger = options.logger;
    this.#retry = options.retry ?? DEFAULT_RETRY_POLICIES;
  }

  /** Sends one heartbeat; answers the instances to stop. Once: the next beat is a few seconds away. */
  async heartbeat(beat: { version: string; capacityVus: number }): Promise<string[]> {
    const route = "POST /agent/v1/zone/heartbeat";
    const answer = await this.#http.json("POST", "/agent/v1/zone/heartbeat", {
      body: beat,
      timeoutMs: BEAT_TIMEOUT_MS,
    });
    return readHeartbeatAnswer(route, answer);
  }

  /** Asks for work and waits for it (long poll), retrying until an answer, a 4xx or `signal`. */
  async work(signal?: AbortSignal): Promise<ZoneJob | undefined> {
    const route = "GET /agent/v1/zone/work";
    const answer = await withRetry(
      route,
      () => this.#http.json("GET", "/agent/v1/zone/work", { signal, timeoutMs: POLL_TIMEOUT_MS }),
      { logger: this.#logger, signal, policy: this.#retry.polls },
    );
    return readWorkAnswer(route, answer);
  }

  /** Trades the current certificate for one of a new key's CSR; answers the new certificate. */
  async renew(csr: string, signal?: AbortSignal): Promise<string> {
    const route = "POST /agent/v1/zone/renew";
    const answer = await withRetry(
      route,
      () => this.#http.json("POST", "/agent/v1/zone/renew", { body: { csr }, signal }),
      { logger: this.#logger, signal, policy: this.#retry.requests },
    );
    return readRenewAnswer(route, answer);
  }

  /** Says the agent is stopping, so that it shows OFFLINE at once. Once, briefly: it is leaving anyway. */
  async goodbye(): Promise<void> {
    await this.#http.json("POST", "/agent/v1/zone/goodbye", { body: {}, timeoutMs: 3000 });
  }

  /**
   * Presents another certificate from now on (after a renewal). The old connections stay open a
   * while for requests in flight, such as a held work poll, then close.
   */
  useCertificate(certificatePem: string, keyPem: string): void {
    const old = this.#http;
    this.#http = new HttpsClient(this.#apiUrl, { ca: this.#ca, cert: certificatePem, key: keyPem });
    this.#retired.add(old);
    setTimeout(() => {
      this.#retired.delete(old);
      void old.close();
    }, RETIRE_AFTER_MS).unref();
  }

  async close(): Promise<void> {
    await Promise.all([this.#http, ...this.#retired].map((http) => http.close()));
    this.#retired.clear();
  }
}
