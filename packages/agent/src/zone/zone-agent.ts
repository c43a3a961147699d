import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "@barrage/runner";
import { type AgentTuning, runAgent } from "../agent.js";
import { AgentKey, checkIssuedCertificate } from "../identity/index.js";
import * as x509 from "../identity/x509.js";
import {
  AgentApiError,
  DEFAULT_RETRY_POLICIES,
  describeError,
  type RetryPolicies,
} from "../transport/index.js";
import { AGENT_VERSION } from "../version.js";
import { caPinOf, certificateSha256, fetchPinnedCa } from "./pinned-ca.js";
import { prefixedLogger } from "./prefixed-logger.js";
import { enrol, ZoneClient } from "./zone-client.js";
import type { ZoneJob } from "./zone-protocol.js";

/** What a long-lived agent of a private zone needs (`barrage agent`). */
export interface ZoneAgentOptions {
  /** The agent port, `https://host:port`. */
  apiUrl: string;
  /** The private zone to join; the enrolment token must be this zone's. */
  zone: string;
  /** The zone's enrolment token (`brz_...`): a secret, sent only to a verified agent port. */
  token: string;
  /**
   * The platform CA certificate (PEM). Without it, the CA is fetched from the agent port and
   * accepted only if it matches the SHA-256 pinned in the token.
   */
  caCertificatePem?: string;
  /** How the agent is listed (default: the host name). */
  name?: string;
  /** The most VUs it accepts in one instance (default: the zone's VUs per agent). */
  capacityVus?: number;
  /** The memory its operator gives it, bytes (see `AgentOptions.memoryBudgetBytes`). */
  memoryBudgetBytes?: number;
  logger: Logger;
  /** Aborting it stops the job in hand (as SIGTERM does for a run's agent), says goodbye and ends. */
  signal?: AbortSignal;
  tuning?: Partial<ZoneAgentTuning>;
}

/** Timings of a zone agent; the defaults are production's. */
export interface ZoneAgentTuning {
  retry: RetryPolicies;
  /** After a job that failed before its test could run, how long to wait before asking for more, ms (5 s). */
  jobFailureBackoffMs: number;
  /** Timings of the per-run agent each job runs. */
  agent: Partial<AgentTuning>;
}

const DEFAULT_TUNING: ZoneAgentTuning = {
  retry: DEFAULT_RETRY_POLICIES,
  jobFailureBackoffMs: 5000,
  agent: {},
};

/** After a failed renewal, when to try again, ms. */
const RENEW_RETRY_MS = 60_000;

/**
 * Runs an agent of a private zone until `signal` aborts or the platform refuses it:
 *
 * 1. trusts the platform CA given, or fetches it from the agent port and checks it against the pin
 *    in the enrolment token; generates its own P-256 key (it never leaves this process) and enrols
 *    with the token and a CSR, getting a certificate bound to (organization, zone, agent);
 * 2. over mutual TLS from then on: a heartbeat every few seconds with its version and capacity,
 *    and a long poll for work: the connection is outbound, so the machine needs no open port;
 * 3. each job is one run instance: it runs the usual per-run agent (`runAgent`) with the instance's
 *    one-time bootstrap token, in this process, then asks for work again (which makes it IDLE);
 *    a heartbeat's answer naming the instance (the platform released it) stops that job;
 * 4. renews its certificate, with a new key, at half its lifetime.
 *
 * Resolves after saying goodbye when `signal` aborts. Rejects when the platform refuses the agent
 * (a 4xx: revoked, token unknown, wrong zone) or the CA does not match the pin.
 *
 * @example
 * await runZoneAgent({ apiUrl: "https://barrage.example.com:4443", zone: "office", token, logger: consoleLogger, signal });
 */
export async function runZoneAgent(options: ZoneAgentOptions): Promise<void> {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const { logger, apiUrl } = options;
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  options.signal?.addEventListener("abort", stop, { once: true });
  if (options.signal?.aborted) stop();
  const caCertificatePem = await trustedCa(options, stopping.signal);
  const key = await AgentKey.generate();
  let enrolled: Awaited<ReturnType<typeof enrol>>;
  try {
    enrolled = await enrol(
      apiUrl,
      caCertificatePem,
      {
        token: options.token,
        csr: await key.csrPem(),
        zone: options.zone,
        name: options.name ?? hostname(),
        version: AGENT_VERSION,
        ...(options.capacityVus !== undefined && { capacityVus: options.capacityVus }),
      },
      { logger, signal: stopping.signal, policy: tuning.retry.requests },
    );
  } catch (error) {
    throw new Error(
      `enrolling in private zone "${options.zone}" at ${apiUrl} failed: ${describeError(error)}`,
      {
        cause: error,
      },
    );
  }
  await checkIssuedCertificate(key, enrolled.certificate, caCertificatePem);
  const client = new ZoneClient(
    apiUrl,
    { ca: caCertificatePem, cert: enrolled.certificate, key: key.tlsKeyPem() },
    { logger, retry: tuning.retry },
  );
  const beat = { version: AGENT_VERSION, capacityVus: enrolled.capacityVus };
  logger.info(
    `enrolled in private zone "${enrolled.zone}" as agent ${enrolled.agentId} (up to ${beat.capacityVus} VUs); waiting for work`,
  );

  let refused: unknown;
  const refuse = (error: unknown): void => {
    refused ??= error;
    stop();
  };
  let current: { job: ZoneJob; stop: AbortController } | undefined;

  let beating = false;
  let beatFailing = false;
  const heartbeats = setInterval(() => {
    if (beating) return;
    beating = true;
    client
      .heartbeat(beat)
      .then((cancel) => {
        if (beatFailing) logger.info("heartbeats are getting through again");
        beatFailing = false;
        if (current && cancel.includes(current.job.instanceId)) {
          logger.info(`the platform released instance ${current.job.instanceId}: stopping it`);
          current.stop.abort();
        }
      })
      .catch((error) => {
        if (isRefusal(error)) return refuse(error);
        if (!beatFailing) logger.warn(`heartbeat failed: ${describeError(error)}`);
        beatFailing = true;
      })
      .finally(() => {
        beating = false;
      });
  }, enrolled.heartbeatIntervalMs);

  let renewal: NodeJS.Timeout | undefined;
  const renewAt = (certificatePem: string, delayMs?: number): void => {
    const notAfter = new x509.X509Certificate(certificatePem).notAfter.getTime();
    renewal = setTimeout(
      () => void renew(certificatePem),
      delayMs ?? Math.max(1000, (notAfter - Date.now()) / 2),
    );
  };
  const renew = async (certificatePem: string): Promise<void> => {
    try {
      const next = await AgentKey.generate();
      const renewed = await client.renew(await next.csrPem(), stopping.signal);
      await checkIssuedCertificate(next, renewed, caCertificatePem);
      client.useCertificate(renewed, next.tlsKeyPem());
      renewAt(renewed);
      logger.info("renewed this agent's certificate");
    } catch (error) {
      if (stopping.signal.aborted) return;
      if (isRefusal(error)) return refuse(error);
      logger.warn(`renewing the certificate failed, trying again in a minute: ${describeError(error)}`);
      renewAt(certificatePem, RENEW_RETRY_MS);
    }
  };
  renewAt(enrolled.certificate);

  try {
    while (!stopping.signal.aborted) {
      let job: ZoneJob | undefined;
      try {
        job = await client.work(stopping.signal);
      } catch (error) {
        if (stopping.signal.aborted) break;
        refuse(error);
        break;
      }
      if (!job) continue;
      current = { job, stop: new AbortController() };
      await runJob(job, AbortSignal.any([stopping.signal, current.stop.signal]));
      current = undefined;
    }
  } finally {
    clearInterval(heartbeats);
    clearTimeout(renewal);
    options.signal?.removeEventListener("abort", stop);
    if (!refused)
      await client.goodbye().catch((error) => logger.warn(`goodbye failed: ${describeError(error)}`));
    await client.close();
  }
  if (refused)
    throw new Error(`the platform refused agent ${enrolled.agentId}: ${describeError(refused)}`, {
      cause: refused,
    });

  async function runJob(job: ZoneJob, signal: AbortSignal): Promise<void> {
    const what = `instance ${job.instanceId} of run ${job.runId}`;
    logger.info(`taking ${what}`);
    try {
      const { exitCode } = await runAgent({
        apiUrl,
        token: job.bootstrapToken,
        caCertificatePem,
        logger: prefixedLogger(logger, `[run ${job.runId} instance ${job.instanceId}] `),
        signal,
        tuning: tuning.agent,
        ...(options.memoryBudgetBytes !== undefined && { memoryBudgetBytes: options.memoryBudgetBytes }),
      });
      logger.info(`${what} done (exit code ${exitCode}); waiting for work`);
    } catch (error) {
      logger.error(`${what} failed: ${describeError(error)}`);
      // A job that cannot even start must not make the agent spin on the next one.
      await sleep(tuning.jobFailureBackoffMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  }
}

/** The CA to trust: the one given (which must match the token's pin, if any), else the pinned one from the agent port. */
async function trustedCa(options: ZoneAgentOptions, signal: AbortSignal): Promise<string> {
  const pin = caPinOf(options.token);
  if (options.caCertificatePem) {
    if (pin && certificateSha256(options.caCertificatePem) !== pin)
      throw new Error(
        `the CA certificate given has SHA-256 ${certificateSha256(options.caCertificatePem)}, but the enrolment token pins ${pin}: they are of different platforms`,
      );
    return options.caCertificatePem;
  }
  if (!pin)
    throw new Error(
      "this enrolment token pins no CA certificate (the API knew none when it made it): pass the platform CA with --ca",
    );
  return fetchPinnedCa(options.apiUrl, pin, signal);
}

/** A 4xx answer: the platform refuses this agent (revoked, unknown), and asking again will not help. */
function isRefusal(error: unknown): boolean {
  return error instanceof AgentApiError && error.status >= 400 && error.status < 500;
}
