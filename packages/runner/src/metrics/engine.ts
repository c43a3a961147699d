import { type Aggregate, addSample, emptyAggregate, mergeAggregate } from "./aggregate.js";
import type { Metric, MetricRegistry } from "./metric.js";
import { type Tags, tagsKey } from "./tags.js";

/** A sub-metric the test needs a whole-test sink for (a threshold on `metric{tag:value}`). */
export interface SubmetricFilter {
  /** The sub-metric's full name as written, e.g. `http_req_duration{status:200}`. */
  readonly name: string;
  /** Its parent metric's name. */
  readonly metric: string;
  matches(tags: Tags): boolean;
}

/** One time series' aggregate over one aggregation period. */
export interface SeriesPoint {
  readonly metric: Metric;
  readonly tags: Tags;
  readonly value: Aggregate;
}

/**
 * Everything measured in one aggregation period: the runner's metric output. `--out json`
 * writes it, the agent ships it to the platform, and merging all batches gives the whole test.
 */
export interface MetricBatch {
  /** 1, 2, 3, ...: lets a receiver drop duplicates and notice gaps. */
  readonly seq: number;
  /** Period start and end, epoch milliseconds. */
  readonly start: number;
  readonly end: number;
  readonly points: readonly SeriesPoint[];
}

class Series {
  period: Aggregate | undefined;
  constructor(
    readonly metric: Metric,
    readonly tags: Tags,
    /** Names of the whole-test sinks this series feeds: its metric's, and matching sub-metrics'. */
    readonly sinks: readonly string[],
  ) {}
}

/** All series of one tag set, indexed by metric id so the hot path hashes a tag set once per sample group. */
export class TagSeries {
  readonly #series: (Series | undefined)[] = [];
  constructor(
    readonly tags: Tags,
    readonly engine: MetricsEngine,
  ) {}

  /** Records one sample of `metric` with this tag set. */
  add(metric: Metric, value: number): void {
    const series = this.#series[metric.id] ?? this.#create(metric);
    if (series.period === undefined) {
      series.period = emptyAggregate(metric.type);
      this.engine.touched.push(series);
    }
    addSample(series.period, value);
  }

  #create(metric: Metric): Series {
    const series = new Series(metric, this.tags, this.engine.sinksFor(metric, this.tags));
    this.#series[metric.id] = series;
    return series;
  }
}

/**
 * Turns samples into period aggregates per time series (metric + tag set), and folds each period
 * into whole-test sinks per metric and per sub-metric. Sampling only touches the period aggregate;
 * the sinks are updated once per series per period, at {@link MetricsEngine.flush}.
 *
 * @example
 * const engine = new MetricsEngine(registry);
 * engine.tagged({ scenario: "default" }).add(builtins.iterations, 1);
 * const batch = engine.flush(Date.now());
 */
export class MetricsEngine {
  /** Series that got samples this period. */
  readonly touched: Series[] = [];
  readonly #tagSets = new Map<string, TagSeries>();
  readonly #sinks = new Map<string, Aggregate>();
  #submetrics: readonly SubmetricFilter[] = [];
  #seq = 0;
  #periodStart: number;

  constructor(
    readonly registry: MetricRegistry,
    now: number = Date.now(),
  ) {
    this.#periodStart = now;
  }

  /**
   * Declares the sub-metrics to keep whole-test sinks for. They are known only once the script's
   * init code has run (thresholds may name custom metrics), and must be set before the first sample.
   */
  keepSubmetrics(submetrics: readonly SubmetricFilter[]): void {
    if (this.#tagSets.size > 0) throw new Error("sub-metrics must be declared before the first sample");
    this.#submetrics = submetrics;
  }

  /** Restarts the current period at `now` (when the test starts, after init and setup). */
  startPeriod(now: number): void {
    this.#periodStart = now;
  }

  /** The series of a tag set, by a key the caller computed for exactly these tags. */
  byKey(key: string, tags: () => Tags): TagSeries {
    let set = this.#tagSets.get(key);
    if (!set) {
      set = new TagSeries(Object.freeze(tags()), this);
      this.#tagSets.set(key, set);
    }
    return set;
  }

  /** The series of a tag set. */
  tagged(tags: Tags): TagSeries {
    return this.byKey(tagsKey(tags), () => ({ ...tags }));
  }

  /** The whole-test sinks a new series feeds: its metric's, and every matching sub-metric's. */
  sinksFor(metric: Metric, tags: Tags): string[] {
    const sinks = [metric.name];
    for (const sub of this.#submetrics) {
      if (sub.metric === metric.name && sub.matches(tags)) sinks.push(sub.name);
    }
    return sinks;
  }

  #sink(key: string, metric: Metric): Aggregate {
    let sink = this.#sinks.get(key);
    if (!sink) {
      sink = emptyAggregate(metric.type);
      this.#sinks.set(key, sink);
    }
    return sink;
  }

  /**
   * The whole-test aggregate of a metric (by name) or sub-metric (by its full key), as of the last
   * flush, or undefined when nothing was recorded for it.
   */
  sink(key: string): Aggregate | undefined {
    return this.#sinks.get(key);
  }

  /** Ends the current period at `now`: folds it into the sinks and returns it as a batch. */
  flush(now: number): MetricBatch {
    const points: SeriesPoint[] = [];
    for (const series of this.touched) {
      const value = series.period;
      if (value === undefined) continue;
      for (const sink of series.sinks) mergeAggregate(this.#sink(sink, series.metric), value);
      points.push({ metric: series.metric, tags: series.tags, value });
      series.period = undefined;
    }
    this.touched.length = 0;
    const batch: MetricBatch = { seq: ++this.#seq, start: this.#periodStart, end: now, points };
    this.#periodStart = now;
    return batch;
  }
}
