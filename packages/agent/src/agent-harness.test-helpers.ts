import { onTestFinished } from "vitest";
import { type AgentTuning, runAgent } from "./agent.js";
import { makeArchive } from "./archive/archive.test-helpers.js";
import { FakeCoordinator } from "./fake-coordinator.test-helpers.js";
import { recordingLogger, startTarget } from "./loopback-target.test-helpers.js";
import type { MetricDocument } from "./transport/index.js";

/** Production timings shrunk so that tests of outages and lingering take seconds. */
export const FAST_TUNING: AgentTuning = {
  retry: {
    requests: { initialDelayMs: 20, maxDelayMs: 200, maxElapsedMs: 10_000 },
    polls: { initialDelayMs: 20, maxDelayMs: 200, maxElapsedMs: Number.POSITIVE_INFINITY },
  },
  heartbeatIntervalMs: 100,
  metricBufferMs: 60_000,
  metricDrainTimeoutMs: 10_000,
  lingerMs: 10_000,
};

/** A script with one VU hitting the target's `/hit` every 50 ms for `duration`. */
export function constantVusScript(duration: string): string {
  return `
import http from "k6/http";
import { sleep } from "k6";
export const options = { scenarios: { main: { executor: "constant-vus", vus: 1, duration: "${duration}" } } };
export default async function () {
  await http.get(__ENV.TARGET + "/hit");
  await sleep(0.05);
}
`;
}

/** A loopback target and a fake coordinator serving `script` as test.js, both closed when the test ends. */
export async function startRun(script: string) {
  const target = await startTarget();
  const fake = await FakeCoordinator.start(makeArchive({ "test.js": script }));
  onTestFinished(async () => {
    await fake.close();
    await target.close();
  });
  return { target, fake };
}

/** Starts an agent for one of the fake's instances; `result` settles when it exits. */
export function launchAgent(
  fake: FakeCoordinator,
  instanceId: string,
  options: { token?: string; tuning?: Partial<AgentTuning>; signal?: AbortSignal } = {},
) {
  const logger = recordingLogger();
  const result = runAgent({
    apiUrl: fake.url,
    token: options.token ?? fake.instance(instanceId).token,
    caCertificatePem: fake.caCertificatePem,
    logger,
    signal: options.signal,
    tuning: { ...FAST_TUNING, ...options.tuning },
  });
  return { result, logger };
}

/** Whether an instance has reported `state`. */
export function reported(fake: FakeCoordinator, instanceId: string, state: string): boolean {
  return fake.instance(instanceId).states.some((s) => s.state === state);
}

/** The sum of a counter over metric documents. */
export function counterSum(docs: Iterable<MetricDocument>, metric: string): number {
  let sum = 0;
  for (const doc of docs)
    for (const point of doc.points) if (point.metric === metric) sum += Number(point.data.sum);
  return sum;
}
