import type pg from "pg";
import { BatchRejected } from "../batch/batch-rejected.js";
import type { MetricPoint, MetricType, ValueContains } from "../batch/metric-batch.js";
import { type KnownSeries, type RunSeriesCache, seriesKey } from "./series-cache.js";

/** The series ids of a batch's points, and what to cache once the transaction commits. */
export interface ResolvedSeries {
  /** `ids[i]` is the series of `points[i]`; every entry is filled once resolveSeries returns. */
  ids: number[];
  /** Series read or created in this transaction. */
  learned: KnownSeries[];
}

interface SeriesRow {
  id: string;
  metric: string;
  tags_key: string;
}

/**
 * Finds or creates the metric_series row of every point (of one run, from any number of batches),
 * inside the caller's transaction. Series the cache knows cost nothing; the others are inserted in
 * (metric, tags_key) order, so that two transactions creating the same series lock them in the same
 * order, and those another transaction created first are read back. A metric must keep one type and
 * `contains` for the whole run.
 *
 * @throws {BatchRejected} when a point gives a metric another type than the run's series have
 */
export async function resolveSeries(
  client: pg.ClientBase,
  runId: number,
  points: readonly MetricPoint[],
  cache: RunSeriesCache,
): Promise<ResolvedSeries> {
  const cached = points.map((p) => cache.id(p.metric, p.tagsKey));
  const ids = cached as number[];
  const missing = points
    .map((point, index) => ({ point, index }))
    .filter(({ index }) => cached[index] === undefined)
    .sort((a, b) => compare(a.point.metric, b.point.metric) || compare(a.point.tagsKey, b.point.tagsKey));
  if (missing.length === 0) return { ids, learned: [] };

  await checkTypes(client, runId, points, cache);
  const found = await insertSeries(
    client,
    runId,
    missing.map((m) => m.point),
  );
  const unresolved = missing.filter(({ point }) => !found.has(seriesKey(point.metric, point.tagsKey)));
  if (unresolved.length > 0) {
    for (const [k, id] of await selectSeries(
      client,
      runId,
      unresolved.map((m) => m.point),
    ))
      found.set(k, id);
  }
  const learned = missing.map(({ point, index }): KnownSeries => {
    const id = found.get(seriesKey(point.metric, point.tagsKey));
    if (id === undefined) {
      throw new Error(
        `series ${point.metric} ${point.tagsKey} of run ${runId} was neither inserted nor found; was it deleted while the batch was stored?`,
      );
    }
    ids[index] = id;
    return { id, metric: point.metric, tagsKey: point.tagsKey, type: point.type, contains: point.contains };
  });
  return { ids, learned };
}

/** Refuses points whose metric the run (in the cache, or in the database) has with another type. */
async function checkTypes(
  client: pg.ClientBase,
  runId: number,
  points: readonly MetricPoint[],
  cache: RunSeriesCache,
): Promise<void> {
  const known = new Map<string, { type: MetricType; contains: ValueContains }>();
  const unknown = new Set<string>();
  for (const p of points) {
    const cached = cache.type(p.metric);
    if (cached) known.set(p.metric, cached);
    else unknown.add(p.metric);
  }
  if (unknown.size > 0) {
    const { rows } = await client.query<{ metric: string; type: MetricType; contains: ValueContains }>(
      `select distinct on (metric) metric, type, contains
         from metric_series where run_id = $1 and metric = any($2::text[])`,
      [runId, [...unknown]],
    );
    for (const row of rows) known.set(row.metric, { type: row.type, contains: row.contains });
  }
  points.forEach((p, i) => {
    const run = known.get(p.metric);
    if (run && (run.type !== p.type || run.contains !== p.contains)) {
      throw new BatchRejected(
        `points[${i}].type`,
        `metric ${JSON.stringify(p.metric)} is a ${run.type} of ${run.contains} in this run; this batch sends a ${p.type} of ${p.contains}`,
      );
    }
  });
}

async function insertSeries(
  client: pg.ClientBase,
  runId: number,
  points: readonly MetricPoint[],
): Promise<Map<string, number>> {
  const { rows } = await client.query<SeriesRow>(
    `insert into metric_series (run_id, metric, type, contains, tags, tags_key)
     select $1, u.metric, u.type, u.contains, u.tags, u.tags_key
       from unnest($2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[])
            with ordinality as u(metric, type, contains, tags, tags_key, n)
      order by u.n
     on conflict (run_id, metric, tags_key) do nothing
     returning id, metric, tags_key`,
    [
      runId,
      points.map((p) => p.metric),
      points.map((p) => p.type),
      points.map((p) => p.contains),
      points.map((p) => JSON.stringify(p.tags)),
      points.map((p) => p.tagsKey),
    ],
  );
  return new Map(rows.map((row) => [seriesKey(row.metric, row.tags_key), Number(row.id)]));
}

async function selectSeries(
  client: pg.ClientBase,
  runId: number,
  points: readonly MetricPoint[],
): Promise<Map<string, number>> {
  const { rows } = await client.query<SeriesRow>(
    `select s.id, s.metric, s.tags_key
       from metric_series s
       join unnest($2::text[], $3::text[]) as u(metric, tags_key)
         on s.metric = u.metric and s.tags_key = u.tags_key
      where s.run_id = $1`,
    [runId, points.map((p) => p.metric), points.map((p) => p.tagsKey)],
  );
  return new Map(rows.map((row) => [seriesKey(row.metric, row.tags_key), Number(row.id)]));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
