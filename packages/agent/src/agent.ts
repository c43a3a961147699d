import type { Logger } from "@barrage/runner";
import { fetchArchive } from "./archive/index.js";
import { startHeartbeat } from "./heartbeat.js";
import { AgentKey, checkIssuedCertificate } from "./identity/index.js";
import { MetricShipper, SelfUsageOutput, SelfUsageSampler } from "./metrics/index.js";
import { exitCodeOf, followCommands, RunnerSession, StateReporter } from "./run/index.js";
import {
  AgentClient,
  type CallHomeAnswer,
  callHome,
  DEFAULT_RETRY_POLICIES,
  describeError,
  type RetryPolicies,
} from "./transport/index.js";
import { readMemoryLimit, SYSTEM_MEMORY_SOURCES } from "./usage/index.js";

/** Everything an agent needs to join a run. */
export interface AgentOptions {
  /** The API's agent endpoint, `https://host:port`. */
  apiUrl: string;
  /** The one-time bootstrap token the provider started this agent with. */
  token: string;
  /**
   * The platform CA certificate (PEM): the only issuer accepted for the API's server certificate,
   * from the first contact on, so that the token is never sent to anyone else.
   */
  caCertificatePem: string;
  logger: Logger;
  /** Aborting it stops the test and ends the agent after reporting (SIGTERM, SIGINT). */
  signal?: AbortSignal;
  /** Timings; the defaults are production's, tests shorten them. */
  tuning?: Partial<AgentTuning>;
  /**
   * The memory its operator gives the agent, bytes: reported as its limit when lower than the
   * machine's or the cgroup's, so that the platform warns when a test nears it.
   */
  memoryBudgetBytes?: number;
}

/** Retry, buffering and linger timings of the agent. */
export interface AgentTuning {
  retry: RetryPolicies;
  /** Between heartbeats, ms (1 s). */
  heartbeatIntervalMs: number;
  /** How much of the metric stream to buffer during an outage, ms (10 minutes). */
  metricBufferMs: number;
  /** How long to keep delivering buffered metrics after the test, ms (2 minutes). */
  metricDrainTimeoutMs: number;
  /** How long to wait for `run-teardown` or `stop` after the test, ms (10 minutes). */
  lingerMs: number;
}

const DEFAULT_TUNING: AgentTuning = {
  retry: DEFAULT_RETRY_POLICIES,
  heartbeatIntervalMs: 1000,
  metricBufferMs: 600_000,
  metricDrainTimeoutMs: 120_000,
  lingerMs: 600_000,
};

/**
 * Runs one agent from call-home to exit (design.md, the life of a cloud run, steps 7 to 9):
 * generates a P-256 key, trades the bootstrap token and a CSR for a certificate bound to the run,
 * zone and instance, then over mutual TLS fetches the assignment and the archive, prepares its
 * execution segment paused, reports `ready`, streams metrics and heartbeats, and follows the
 * coordinator's commands until it is done.
 *
 * Resolves with the runner's exit code (k6's codes) once the test ran, or was refused by the
 * runner (script error, bad options: reported as `failed`). Rejects when the agent cannot take part
 * at all (call-home refused, API unreachable, archive corrupt, coordinator lost), after reporting
 * `failed` when it already had a certificate.
 *
 * @example
 * const { exitCode } = await runAgent({ apiUrl, token, caCertificatePem, logger: consoleLogger, signal });
 */
export async function runAgent(options: AgentOptions): Promise<{ exitCode: number }> {
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const { logger, signal } = options;
  const key = await AgentKey.generate();
  const identity = await callHomeWithKey(options, key, tuning);
  logger.info(`called home: run ${identity.runId}, zone ${identity.zone}, instance ${identity.instanceId}`);
  const client = new AgentClient(
    options.apiUrl,
    { ca: options.caCertificatePem, cert: identity.certificate, key: key.tlsKeyPem() },
    { logger, retry: tuning.retry },
  );
  const reporter = new StateReporter(client, logger);
  const memoryLimit = () => readMemoryLimit({ ...SYSTEM_MEMORY_SOURCES, budget: options.memoryBudgetBytes });
  const stopHeartbeat = startHeartbeat((beat) => client.heartbeat(beat), {
    memoryLimit,
    logger,
    intervalMs: tuning.heartbeatIntervalMs,
  });
  const cleanup: (() => unknown)[] = [stopHeartbeat, () => client.close()];
  try {
    const assignment = await client.assignment(signal);
    const archive = await fetchArchive(() => client.archive(signal), assignment.archiveSha256);
    cleanup.unshift(() => archive.remove());
    const shipper = new MetricShipper((body) => client.sendMetrics(body), {
      logger,
      periodMs: assignment.aggregationPeriodMs,
      bufferMs: tuning.metricBufferMs,
      drainTimeoutMs: tuning.metricDrainTimeoutMs,
      backoff: tuning.retry.requests,
    });
    // The agent's own CPU and memory go into the runner's batches, so the platform can tell an
    // overloaded load generator from a slow system under test.
    const output = new SelfUsageOutput(shipper, {
      tags: { instance_id: assignment.instanceId, load_zone: assignment.zone },
      logger,
      sampler: new SelfUsageSampler({ sources: { readMemoryLimit: memoryLimit } }),
    });
    cleanup.unshift(() => output.stop());
    let session: RunnerSession;
    try {
      session = await RunnerSession.prepare({
        scriptPath: archive.entryPath,
        segment: assignment.segment,
        sequence: assignment.sequence,
        env: assignment.env,
        periodMs: assignment.aggregationPeriodMs,
        outputs: [output],
        logger,
      });
    } catch (error) {
      const exitCode = exitCodeOf(error);
      logger.error(`the test cannot run: ${describeError(error)}`);
      await reporter.reportOrLog({ state: "failed", exitCode, detail: describeError(error) });
      return { exitCode };
    }
    try {
      await reporter.report({ state: "ready", vus: session.vus });
    } catch (error) {
      session.stop();
      await session.result.catch(() => undefined);
      throw error;
    }
    logger.info(`ready with ${session.vus} VUs on segment ${assignment.segment}`);
    return await followCommands({ client, session, reporter, logger, signal, lingerMs: tuning.lingerMs });
  } catch (error) {
    await reporter.reportOrLog({
      state: "failed",
      exitCode: exitCodeOf(error),
      detail: describeError(error),
    });
    throw error;
  } finally {
    for (const step of cleanup) await step();
  }
}

async function callHomeWithKey(
  options: AgentOptions,
  key: AgentKey,
  tuning: AgentTuning,
): Promise<CallHomeAnswer> {
  let answer: CallHomeAnswer;
  try {
    answer = await callHome(
      options.apiUrl,
      options.caCertificatePem,
      { token: options.token, csr: await key.csrPem() },
      { logger: options.logger, signal: options.signal, policy: tuning.retry.requests },
    );
  } catch (error) {
    throw new Error(`call-home to ${options.apiUrl} failed: ${describeError(error)}`, { cause: error });
  }
  await checkIssuedCertificate(key, answer.certificate, options.caCertificatePem);
  return answer;
}
