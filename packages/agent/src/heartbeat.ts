import type { Logger } from "@barrage/runner";
import { describeError, type Heartbeat } from "./transport/index.js";

/**
 * What one heartbeat reports: the process's CPU time over the last interval as a percentage of one
 * core (the runner's VUs share one event loop, so 100 means this agent is saturated; GC and I/O
 * threads can push it above 100), and its resident memory.
 */
export class ProcessUsage {
  #cpu = process.cpuUsage();
  #at = process.hrtime.bigint();

  sample(): Heartbeat {
    const cpu = process.cpuUsage();
    const at = process.hrtime.bigint();
    const cpuMicros = cpu.user - this.#cpu.user + (cpu.system - this.#cpu.system);
    const wallMicros = Number(at - this.#at) / 1000;
    this.#cpu = cpu;
    this.#at = at;
    const cpuPercent = wallMicros > 0 ? Math.round((cpuMicros / wallMicros) * 1000) / 10 : 0;
    return { cpuPercent, memoryBytes: process.memoryUsage().rss };
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
  options: { logger: Logger; intervalMs?: number },
): () => void {
  const usage = new ProcessUsage();
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
