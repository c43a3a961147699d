import type pg from "pg";
import type { MetricPoint } from "../batch/metric-batch.js";
import { type CachedDerived, derivedCache } from "../derived/derived-cache.js";
import { updateDerived } from "../derived/update-derived.js";
import { prepareMetricStore } from "../store-mode.js";
import { claimBatches } from "./claim-batches.js";
import { insertPoints } from "./insert-points.js";
import { resolveSeries } from "./resolve-series.js";
import { type KnownSeries, runSeriesCache } from "./series-cache.js";
import type { SourcedBatch } from "./sourced-batch.js";
import { withTransaction } from "./transaction.js";

/**
 * Stores validated batches (of distinct `(run, instance, seq)`) in one transaction: claims them in
 * metric_batches with their notifications, resolves their series, inserts their points and folds
 * them into metric_derived. A batch already stored is skipped whole. Nothing is stored when anything
 * fails.
 *
 * @returns for each batch, whether it was a duplicate
 * @throws {BatchRejected} when a batch gives a metric another type than its run has (which batch is
 *   named correctly only when `items` holds one batch)
 */
export async function writeGroup(pool: pg.Pool, items: readonly SourcedBatch[]): Promise<boolean[]> {
  const mode = await prepareMetricStore(pool);
  const derived = derivedCache(pool);
  let learned: [runId: number, series: KnownSeries[]][] = [];
  let written = new Map<string, CachedDerived>();
  const duplicates = await withTransaction(pool, async (client) => {
    const claimed = await claimBatches(client, items);
    const stored = items.filter((_, i) => claimed[i]);
    const resolved = await resolveRuns(client, pool, stored);
    await insertPoints(client, stored, resolved.ids, mode);
    written = await updateDerived(client, stored, resolved.ids, derived);
    learned = resolved.learned;
    return claimed.map((c) => !c);
  });
  // Only now: what a rolled-back attempt wrote must not be cached.
  for (const [runId, series] of learned) runSeriesCache(pool, runId).remember(series);
  derived.remember(written);
  return duplicates;
}

/** The series of every point of every batch, resolved run by run. */
async function resolveRuns(
  client: pg.ClientBase,
  pool: pg.Pool,
  items: readonly SourcedBatch[],
): Promise<{ ids: number[][]; learned: [number, KnownSeries[]][] }> {
  const byRun = new Map<number, number[]>();
  for (const [b, { source }] of items.entries()) {
    const batches = byRun.get(source.runId);
    if (batches) batches.push(b);
    else byRun.set(source.runId, [b]);
  }
  const ids: number[][] = items.map(() => []);
  const learned: [number, KnownSeries[]][] = [];
  for (const [runId, batches] of byRun) {
    const points: MetricPoint[] = batches.flatMap((b) => items[b]?.batch.points ?? []);
    const resolved = await resolveSeries(client, runId, points, runSeriesCache(pool, runId));
    let at = 0;
    for (const b of batches) {
      const count = items[b]?.batch.points.length ?? 0;
      ids[b] = resolved.ids.slice(at, at + count);
      at += count;
    }
    learned.push([runId, resolved.learned]);
  }
  return { ids, learned };
}
