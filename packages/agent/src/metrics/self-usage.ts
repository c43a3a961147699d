import type { SeriesPoint } from "@barrage/runner";
import {
  type HostCpuTimes,
  hostCpuPercent,
  type ProcessReading,
  processCpuPercent,
  readHostCpu,
  readMemoryLimit,
  readProcess,
} from "../usage/index.js";

/** A gauge's aggregate over one period, as the runner's metric stream carries it. */
export type GaugeAggregate = Extract<SeriesPoint["value"], { type: "gauge" }>;

/**
 * The agent's own usage over one aggregation period. The CPU figures are absent when they cannot
 * be computed (no wall time passed; the machine does not report its cores' times).
 */
export interface SelfUsage {
  /** The process's CPU use over the period, % of one core (above 100 with busy threads). */
  cpu?: GaugeAggregate;
  /** The machine's CPU use over the period, % of all its cores. */
  hostCpu?: GaugeAggregate;
  /** Resident memory, bytes: samples taken each second in the period and at its end. */
  memory: GaugeAggregate;
  /** The lower of the machine's memory and the cgroup's limit at the period's end, bytes. */
  memoryLimit: GaugeAggregate;
}

/** Where the sampler reads from; tests replace them. */
export interface SelfUsageSources {
  /** Epoch ms, the clock the runner's periods are measured with. */
  now(): number;
  readProcess(): ProcessReading;
  readHostCpu(): HostCpuTimes;
  readMemoryLimit(): number;
}

/** How the sampler reads. */
export interface SelfUsageOptions {
  sources?: Partial<SelfUsageSources>;
  /** Between samples, ms (1 s); 0 takes none on its own (tests call `sample()`). */
  intervalMs?: number;
}

interface Reading {
  epochMs: number;
  process: ProcessReading;
  host: HostCpuTimes;
}

const SYSTEM: SelfUsageSources = { now: Date.now, readProcess, readHostCpu, readMemoryLimit };

/**
 * Readings kept between two periods: the API takes periods of at most 60 s, so with a sample each
 * second this always keeps the previous period's closing reading, and it bounds what piles up while
 * the VUs wait, paused, for the start.
 */
const MAX_READINGS = 64;

/**
 * Measures the agent's CPU and memory per aggregation period. It samples every second (cheap: a
 * `getrusage`, `/proc/stat` and the RSS) and, when a period ends, summarises it:
 *
 * - CPU, process and machine: the average over the period, from the reading nearest its start to
 *   one taken now. CPU use is a rate over an interval, and one-second slices that do not line up
 *   with the period would leave a short slice at its end whose percentage is mostly noise, so
 *   each CPU gauge is one value per period. The nearest reading is the previous period's closing
 *   one, except for the first period: the runner starts it when it unpauses, and the reading
 *   nearest that instant keeps the idle wait for the start out of the average.
 * - Memory: min, max and last of the samples within the period and one at its end, so that a
 *   spike inside a long period is not missed.
 * - Memory limit: read at the period's end; it hardly ever changes.
 *
 * @example
 * const sampler = new SelfUsageSampler();
 * // when the runner's period [batch.start, now] ends:
 * const { cpu, memory } = sampler.period(batch.start); // cpu?.last: 42.5 (% of one core)
 * sampler.stop();
 */
export class SelfUsageSampler {
  readonly #sources: SelfUsageSources;
  readonly #timer: NodeJS.Timeout | undefined;
  /** The previous period's closing reading, then every sample since, oldest first. */
  #readings: Reading[] = [];

  constructor(options: SelfUsageOptions = {}) {
    this.#sources = { ...SYSTEM, ...options.sources };
    this.sample();
    const intervalMs = options.intervalMs ?? 1000;
    // Unref'd: sampling must never be what keeps the agent's process alive.
    if (intervalMs > 0) this.#timer = setInterval(() => this.sample(), intervalMs).unref();
  }

  /** Takes a reading now; the sampler's timer calls it every second. */
  sample(): void {
    this.#readings.push(this.#read());
    if (this.#readings.length > MAX_READINGS) this.#readings.shift();
  }

  /**
   * Ends the period that began at `start` (epoch ms) and summarises it; the reading taken now is
   * the next period's start.
   */
  period(start: number): SelfUsage {
    const end = this.#read();
    const base = this.#nearest(start);
    const rss = this.#readings.filter((r) => r.epochMs > start).map((r) => r.process.rssBytes);
    rss.push(end.process.rssBytes);
    this.#readings = [end];
    const cpu = processCpuPercent(base.process, end.process);
    const hostCpu = hostCpuPercent(base.host, end.host);
    return {
      cpu: cpu === undefined ? undefined : single(cpu),
      hostCpu: hostCpu === undefined ? undefined : single(hostCpu),
      memory: gaugeOf(rss),
      memoryLimit: single(this.#sources.readMemoryLimit()),
    };
  }

  /** Stops sampling on its own. */
  stop(): void {
    clearInterval(this.#timer);
  }

  #read(): Reading {
    const s = this.#sources;
    return { epochMs: s.now(), process: s.readProcess(), host: s.readHostCpu() };
  }

  #nearest(start: number): Reading {
    let best = this.#readings[0] as Reading;
    for (const r of this.#readings)
      if (Math.abs(r.epochMs - start) < Math.abs(best.epochMs - start)) best = r;
    return best;
  }
}

function single(value: number): GaugeAggregate {
  return { type: "gauge", last: value, min: value, max: value, count: 1 };
}

function gaugeOf(values: readonly number[]): GaugeAggregate {
  return {
    type: "gauge",
    last: values.at(-1) as number,
    min: Math.min(...values),
    max: Math.max(...values),
    count: values.length,
  };
}
