import type { Logger } from "@barrage/runner";
import { describeError, type Heartbeat } from "./transport/index.js";
import { processCpuPercent, readMemoryLimit, readProcess } from "./usage/index.js";

/**
 * What one heartbeat reports: the process's CPU time over the last interval as a percentage of one
 * core (the runner's VUs share one event loop, so 100 means this agent is saturated; GC and I/O
 * threads can push it above 100), its resident memory, and the memory it may use (the machine's, or
 * its cgroup's limit when lower), so that the API can tell how close to the limit it is.
 */
export class ProcessUsage {
  #last = readProcess();

  constructor(private readonly memoryLimit: () => number = readMemoryLimit) {}

  sample(): Heartbeat {
    const now = readProcess();
    const cpuPercent = processCpuPercent(this.#last, now) ?? 0;
    this.#last = now;
    return { cpuPercent, memoryBytes: now.rssBytes, memoryLimitBytes: this.memoryLimit() };
  }
}

/**
 * Sends a heartbeat every `intervalMs` (1 s: the API declares an agent silent for 5 s dead). A beat
 * is skipped while the previous one is still in flight, and failures are not retried (the next beat
 * is a second away); the first failure and the recovery are logged, not every beat. Returns a
 * function that stops it.
 *
 * @example
 * const stop = startHeartbeat((beat) => client.heartbeat(beat), { logger });
 */
export function startHeartbeat(
  send: (heartbeat: Heartbeat) => Promise<void>,
  options: { logger: Logger; intervalMs?: number; memoryLimit?: () => number },
): () => void {
  const usage = new ProcessUsage(options.memoryLimit);
  let inFlight = false;
  let failing = false;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = true;
    send(usage.sample())
      .then(() => {
        if (failing) options.logger.info("heartbeats are getting through again");
        failing = false;
      })
      .catch((error) => {
        if (!failing) options.logger.warn(`heartbeat failed: ${describeError(error)}`);
        failing = true;
      })
      .finally(() => {
        inFlight = false;
      });
  }, options.intervalMs ?? 1000);
  return () => clearInterval(timer);
}
