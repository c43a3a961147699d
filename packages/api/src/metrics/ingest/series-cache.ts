import type pg from "pg";
import type { MetricType, ValueContains } from "../batch/metric-batch.js";

/** A stored series as ingest needs it. */
export interface KnownSeries {
  id: number;
  metric: string;
  tagsKey: string;
  type: MetricType;
  contains: ValueContains;
}

/** Runs whose series stay cached; the least recently ingested are forgotten first (they have finished). */
const MAX_RUNS = 64;
/**
 * Series cached per run; a run with more (e.g. one per URL) resolves the rest in the database. With
 * MAX_RUNS, at most 640,000 entries of a few hundred bytes.
 */
const MAX_SERIES_PER_RUN = 10_000;

/** The series ids and metric types of one run seen by this process. */
export class RunSeriesCache {
  readonly #ids = new Map<string, number>();
  readonly #types = new Map<string, { type: MetricType; contains: ValueContains }>();

  /** The id of a series, if this process stored or read it before. */
  id(metric: string, tagsKey: string): number | undefined {
    return this.#ids.get(seriesKey(metric, tagsKey));
  }

  /** The type the run's series of `metric` have, if known. */
  type(metric: string): { type: MetricType; contains: ValueContains } | undefined {
    return this.#types.get(metric);
  }

  /** Remembers series; call only after the transaction that created or read them committed. */
  remember(series: readonly KnownSeries[]): void {
    for (const s of series) {
      this.#types.set(s.metric, { type: s.type, contains: s.contains });
      if (this.#ids.size < MAX_SERIES_PER_RUN) this.#ids.set(seriesKey(s.metric, s.tagsKey), s.id);
    }
  }
}

/** A series' key within a run; metric names cannot contain NUL (parseMetricBatch refuses it). */
export function seriesKey(metric: string, tagsKey: string): string {
  return `${metric}\u0000${tagsKey}`;
}

const caches = new WeakMap<pg.Pool, Map<number, RunSeriesCache>>();

/**
 * The cache of a run's series for one pool (one database). Series rows never change once created,
 * and run ids are never reused, so cached ids stay valid for as long as the run exists.
 */
export function runSeriesCache(pool: pg.Pool, runId: number): RunSeriesCache {
  let runs = caches.get(pool);
  if (runs === undefined) {
    runs = new Map();
    caches.set(pool, runs);
  }
  let cache = runs.get(runId);
  if (cache === undefined) {
    cache = new RunSeriesCache();
    if (runs.size >= MAX_RUNS) {
      const oldest = runs.keys().next().value;
      if (oldest !== undefined) runs.delete(oldest);
    }
  } else {
    // Re-inserted so that the Map's insertion order is least recently used first.
    runs.delete(runId);
  }
  runs.set(runId, cache);
  return cache;
}
