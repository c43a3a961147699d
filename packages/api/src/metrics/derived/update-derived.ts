import { decodeHistogram, encodeHistogram } from "@barrage/hdr-native";
import type pg from "pg";
import type { MetricPoint } from "../batch/metric-batch.js";
import { type ArrayElementType, binaryArray } from "../binary-array.js";
import type { SourcedBatch } from "../ingest/sourced-batch.js";
import { type CachedDerived, type DerivedCache, derivedKey } from "./derived-cache.js";
import {
  addToDerived,
  DERIVED_QUANTILES,
  type DerivedState,
  derivedBucket,
  derivedValues,
  WHOLE_RUN,
} from "./derived-state.js";

/** One series' aggregate over one period, as a batch brings it. */
interface Period {
  point: MetricPoint;
  start: number;
  end: number;
}

/** One metric_derived row some batches touch, and the periods they add to it (at least one). */
interface DerivedKey {
  /** {@link derivedKey} of the row. */
  id: string;
  runId: number;
  seriesId: number;
  /** The bucket's start, epoch ms, or {@link WHOLE_RUN}. */
  bucket: number;
  periods: [Period, ...Period[]];
}

interface DerivedRow {
  series_id: string;
  bucket: number;
  count: number;
  nonzero: string | null;
  sum: number | null;
  min: number | null;
  max: number | null;
  hdr_hist: Buffer | null;
  first_start: number;
  last_end: number;
  version: string;
}

// Buckets and times travel as epoch milliseconds in float8 (to_timestamp maps -Infinity to
// '-infinity', the whole-run bucket) and come back the same way.
const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

// The histogram comes back only when the row's version is not the one this process cached.
const SELECT_FOR_UPDATE = `select d.series_id, ${ms("d.bucket")} as bucket, d.count, d.nonzero, d.sum, d.min, d.max,
       case when d.version = k.version then null else d.hdr_hist end as hdr_hist,
       ${ms("d.first_start")} as first_start, ${ms("d.last_end")} as last_end, d.version
  from metric_derived d
  join unnest($1::int8[], $2::int8[], $3::float8[], $4::int8[]) as k(run_id, series_id, bucket, version)
    on d.run_id = k.run_id and d.series_id = k.series_id and d.bucket = to_timestamp(k.bucket / 1000)
 order by d.run_id, d.series_id, d.bucket
   for update of d`;

const WRITE_COLUMNS: readonly (readonly [name: string, type: ArrayElementType, sql?: string])[] = [
  ["run_id", "int8"],
  ["series_id", "int8"],
  ["bucket", "float8", "to_timestamp(u.bucket / 1000)"],
  ["count", "float8"],
  ["nonzero", "int8"],
  ["sum", "float8"],
  ["min", "float8"],
  ["max", "float8"],
  ["rate", "float8"],
  ["p50", "float8"],
  ["p90", "float8"],
  ["p95", "float8"],
  ["p99", "float8"],
  ["hdr_hist", "bytea"],
  ["first_start", "float8", "to_timestamp(u.first_start / 1000)"],
  ["last_end", "float8", "to_timestamp(u.last_end / 1000)"],
];
const UNNEST = `unnest(${WRITE_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ")})
       as u(${WRITE_COLUMNS.map(([name]) => name).join(", ")})`;
const value = ([name, , sql]: (typeof WRITE_COLUMNS)[number]) => sql ?? `u.${name}`;

const INSERT = `insert into metric_derived (${WRITE_COLUMNS.map(([name]) => name).join(", ")})
select ${WRITE_COLUMNS.map(value).join(", ")}
  from ${UNNEST}
 order by u.run_id, u.series_id, u.bucket
    on conflict do nothing
returning series_id, ${ms("bucket")} as bucket`;

const UPDATE = `update metric_derived d
   set ${WRITE_COLUMNS.slice(3)
     .map((column) => `${column[0]} = ${value(column)}`)
     .join(", ")}, version = d.version + 1, updated_at = now()
  from ${UNNEST}
 where d.run_id = u.run_id and d.series_id = u.series_id and d.bucket = to_timestamp(u.bucket / 1000)`;

/**
 * Folds batches into metric_derived, inside the ingest transaction: every point adds to the row of
 * its series' 10-second bucket and to the series' whole-run row. Each row is written once however
 * many of the batches touch it. Rows are locked in (run, series, bucket) order and merged in
 * TypeScript with the same HDR code as everywhere else, so this works alike in both HDR modes; rows
 * that do not exist yet are inserted, and a row another transaction inserted first is then locked,
 * read and merged like any other. A row whose version this process cached is read without its
 * histogram, which is then taken from the cache.
 *
 * @param seriesIds for each batch, the series of each of its points
 * @param cache rows this process wrote before, whose histograms need not be read again
 * @returns the rows written, for the cache once the transaction committed
 */
export async function updateDerived(
  client: pg.ClientBase,
  items: readonly SourcedBatch[],
  seriesIds: readonly (readonly number[])[],
  cache: DerivedCache,
): Promise<Map<string, CachedDerived>> {
  const byKey = new Map<string, DerivedKey>();
  items.forEach(({ source, batch }, b) => {
    batch.points.forEach((point, i) => {
      const seriesId = seriesIds[b]?.[i] as number;
      for (const bucket of [WHOLE_RUN, derivedBucket(batch.start, batch.end)]) {
        const id = derivedKey(seriesId, bucket);
        const period = { point, start: batch.start, end: batch.end };
        const key = byKey.get(id);
        if (key) key.periods.push(period);
        else byKey.set(id, { id, runId: source.runId, seriesId, bucket, periods: [period] });
      }
    });
  });
  const keys = [...byKey.values()].sort(
    (a, b) => a.runId - b.runId || a.seriesId - b.seriesId || compareBuckets(a.bucket, b.bucket),
  );
  const written = new Map<string, CachedDerived>();
  if (keys.length === 0) return written;

  const stored = await lockRows(client, keys, cache);
  const fresh = keys.filter((k) => !stored.has(k.id));
  const updates = keys.filter((k) => stored.has(k.id));
  if (fresh.length > 0) {
    const { rows } = await client.query<{ series_id: string; bucket: number }>(
      INSERT,
      writeParams(fresh, stored, written),
    );
    const inserted = new Set(rows.map((row) => derivedKey(Number(row.series_id), row.bucket)));
    const raced = fresh.filter((k) => !inserted.has(k.id));
    for (const key of raced) written.delete(key.id);
    if (raced.length > 0) {
      for (const [key, row] of await lockRows(client, raced, cache)) stored.set(key, row);
      updates.push(...raced);
    }
  }
  if (updates.length > 0) await client.query(UPDATE, writeParams(updates, stored, written));
  return written;
}

/** Locks the existing rows of `keys` and reads them, histograms from the cache where it is current. */
async function lockRows(
  client: pg.ClientBase,
  keys: readonly DerivedKey[],
  cache: DerivedCache,
): Promise<Map<string, CachedDerived>> {
  const { rows } = await client.query<DerivedRow>(SELECT_FOR_UPDATE, [
    binaryArray(
      "int8",
      keys.map((k) => k.runId),
    ),
    binaryArray(
      "int8",
      keys.map((k) => k.seriesId),
    ),
    binaryArray(
      "float8",
      keys.map((k) => k.bucket),
    ),
    binaryArray(
      "int8",
      keys.map((k) => cache.get(k.id)?.version ?? 0),
    ),
  ]);
  return new Map(
    rows.map((row) => {
      const key = derivedKey(Number(row.series_id), row.bucket);
      const version = Number(row.version);
      const cached = cache.get(key);
      const hist =
        row.hdr_hist !== null
          ? decodeHistogram(row.hdr_hist)
          : cached?.version === version
            ? cached.state.hist
            : null;
      const state: DerivedState = {
        count: row.count,
        nonzero: row.nonzero === null ? null : Number(row.nonzero),
        sum: row.sum,
        min: row.min,
        max: row.max,
        hist,
        firstStart: row.first_start,
        lastEnd: row.last_end,
      };
      return [key, { version, state }];
    }),
  );
}

/**
 * The column arrays writing `keys`: each row's stored state (if any) with the key's periods added.
 * Records every row in `written` with the version it will have (1 when inserted, one more when updated).
 */
function writeParams(
  keys: readonly DerivedKey[],
  stored: ReadonlyMap<string, CachedDerived>,
  written: Map<string, CachedDerived>,
): Buffer[] {
  const columns = WRITE_COLUMNS.map((): (number | Uint8Array | null)[] => []);
  for (const key of keys) {
    const before = stored.get(key.id);
    const [first, ...more] = key.periods;
    let state = addToDerived(before?.state, first.point, first.start, first.end);
    for (const { point, start, end } of more) state = addToDerived(state, point, start, end, true);
    written.set(key.id, { version: (before?.version ?? 0) + 1, state });
    const { rate, percentiles } = derivedValues(state, first.point.type, key.bucket);
    const row = [
      key.runId,
      key.seriesId,
      key.bucket,
      state.count,
      state.nonzero,
      state.sum,
      state.min,
      state.max,
      rate,
      ...(percentiles ?? DERIVED_QUANTILES.map(() => null)),
      state.hist && encodeHistogram(state.hist),
      state.firstStart,
      state.lastEnd,
    ];
    for (const [c, v] of row.entries()) columns[c]?.push(v);
  }
  return WRITE_COLUMNS.map(([, type], c) => binaryArray(type, columns[c] ?? []));
}

// -Infinity (the whole run) first; a plain subtraction would give NaN for two of them.
function compareBuckets(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
