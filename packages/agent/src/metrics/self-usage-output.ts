import type { Logger, Metric, MetricBatch, MetricOutput, SeriesPoint } from "@barrage/runner";
import { describeError } from "../transport/index.js";
import { type SelfUsage, SelfUsageSampler } from "./self-usage.js";

/**
 * The gauges an agent adds about itself to every batch, by the key of {@link SelfUsage} they carry.
 * They are not in the runner's registry: `pointToJson` reads a metric's name, type and unit, never
 * its id, so the ids only need to stay clear of the runner's (0, 1, 2, ...).
 */
export const SELF_USAGE_METRICS: Readonly<Record<keyof SelfUsage, Metric>> = {
  cpu: { id: -1, name: "barrage_agent_cpu", type: "gauge", contains: "default" },
  hostCpu: { id: -2, name: "barrage_agent_host_cpu", type: "gauge", contains: "default" },
  memory: { id: -3, name: "barrage_agent_memory", type: "gauge", contains: "data" },
  memoryLimit: { id: -4, name: "barrage_agent_memory_limit", type: "gauge", contains: "data" },
};

const OWN_NAMES = new Set(Object.values(SELF_USAGE_METRICS).map((m) => m.name));

/** Where the agent is: the tags of its own gauges (a type, not an interface, so that it is a runner `Tags`). */
export type AgentTags = {
  /** The agent's instance id, from its assignment. */
  instance_id: string;
  /** Its load zone. */
  load_zone: string;
};

/** What the output needs besides the output it feeds. */
export interface SelfUsageOutputOptions {
  tags: AgentTags;
  logger: Logger;
  /** Default: one sampling the real process and machine every second. */
  sampler?: SelfUsageSampler;
}

/**
 * A metric output that adds the agent's own CPU and memory gauges ({@link SELF_USAGE_METRICS},
 * tagged `instance_id` and `load_zone`) to each of the runner's batches and hands the batch on.
 * They ride in the runner's batch rather than a stream of their own so that they share its seq,
 * buffering and resends: the API stores each seq once, so they are neither lost in an outage nor
 * counted twice. Measuring never costs the batch: if it fails, the batch goes on without them.
 *
 * @example
 * const output = new SelfUsageOutput(shipper, { tags: { instance_id: "i-1", load_zone: "eu" }, logger });
 * new TestRun(prepared, { outputs: [output], periodMs: 1000, logger });
 */
export class SelfUsageOutput implements MetricOutput {
  readonly #next: MetricOutput;
  readonly #tags: Readonly<AgentTags>;
  readonly #logger: Logger;
  readonly #sampler: SelfUsageSampler;
  readonly #warned = new Set<string>();

  constructor(next: MetricOutput, options: SelfUsageOutputOptions) {
    this.#next = next;
    this.#tags = Object.freeze({ ...options.tags });
    this.#logger = options.logger;
    this.#sampler = options.sampler ?? new SelfUsageSampler();
  }

  write(batch: MetricBatch): void {
    let own: SeriesPoint[] = [];
    try {
      own = this.#points(batch);
    } catch (error) {
      this.#warnOnce("measure", `could not measure the agent's own CPU and memory: ${describeError(error)}`);
    }
    this.#next.write(own.length === 0 ? batch : { ...batch, points: [...batch.points, ...own] });
  }

  async close(): Promise<void> {
    this.stop();
    await this.#next.close();
  }

  /** Stops sampling; for when the runner ends without closing its outputs (it failed). */
  stop(): void {
    this.#sampler.stop();
  }

  #points(batch: MetricBatch): SeriesPoint[] {
    const usage = this.#sampler.period(batch.start);
    // A script may declare a metric of the same name; two points of one series, or one metric of
    // two types, would make the API refuse the whole batch, so the script's wins.
    const taken = new Set<string>();
    for (const point of batch.points) if (OWN_NAMES.has(point.metric.name)) taken.add(point.metric.name);
    const points: SeriesPoint[] = [];
    for (const key of Object.keys(SELF_USAGE_METRICS) as (keyof SelfUsage)[]) {
      const metric = SELF_USAGE_METRICS[key];
      const value = usage[key];
      if (value === undefined) continue;
      if (taken.has(metric.name)) {
        this.#warnOnce(
          metric.name,
          `the script has a metric named ${metric.name}; the agent leaves out its own of that name`,
        );
        continue;
      }
      points.push({ metric, tags: this.#tags, value });
    }
    return points;
  }

  #warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.#logger.warn(message);
  }
}
