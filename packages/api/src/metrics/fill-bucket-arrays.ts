import { decodeHistogram } from "@barrage/hdr-native";
import type pg from "pg";
import { binaryArray } from "./binary-array.js";

/** Rows read, decoded and updated per statement. */
const CHUNK_ROWS = 2_000;

// Keyset pagination on the primary key; ts travels as exact epoch microseconds.
const SELECT = `select series_id, (extract(epoch from ts) * 1000000)::int8 as ts_us, instance_id, hdr_hist
  from metric_points
 where hdr_hist is not null and hdr_idx is null
   and (series_id, ts, instance_id) > ($1, timestamptz 'epoch' + $2 * interval '1 microsecond', $3)
 order by series_id, ts, instance_id
 limit ${CHUNK_ROWS}`;

// PostgreSQL arrays are not ragged, so every row's buckets travel in two flat arrays and each row
// takes its slice.
const UPDATE = `update metric_points p
   set hdr_idx = ($4::int2[])[u.first:u.last], hdr_cnt = ($5::int4[])[u.first:u.last]
  from unnest($1::int8[], $2::int8[], $3::int8[], $6::int4[], $7::int4[]) as u(series_id, ts_us, instance_id, first, last)
 where p.series_id = u.series_id and p.ts = timestamptz 'epoch' + u.ts_us * interval '1 microsecond'
   and p.instance_id = u.instance_id`;

interface Row {
  series_id: string;
  ts_us: string;
  instance_id: string;
  hdr_hist: Buffer;
}

/**
 * Fills `hdr_idx`/`hdr_cnt` of the trend points stored without them, by decoding their `hdr_hist`.
 * Ingest writes the bucket arrays only while the store runs on the pure-SQL fallback (they are what
 * it merges), so a database that ran with the barrage_hdr extension and now runs without it (moved
 * to a managed server, or configured `hdrMode: "sql"`) needs this before its percentiles are right.
 * Runs in chunks along the primary key; does nothing, after one index probe, when every row has them.
 *
 * @returns the number of rows filled
 * @example const filled = await fillBucketArrays(pool, (n) => log.info(`${n} rows filled`));
 */
export async function fillBucketArrays(pool: pg.Pool, progress: (filled: number) => void): Promise<number> {
  let after: [series: string, tsMicros: string, instance: string] = [
    "0",
    String(Number.MIN_SAFE_INTEGER),
    "0",
  ];
  let filled = 0;
  for (;;) {
    const { rows } = await pool.query<Row>(SELECT, after);
    if (rows.length === 0) return filled;
    const idx: number[] = [];
    const cnt: number[] = [];
    const first: number[] = [];
    const last: number[] = [];
    for (const row of rows) {
      first.push(idx.length + 1);
      decodeHistogram(row.hdr_hist).forEachBucket((index, count) => {
        idx.push(index);
        cnt.push(count);
      });
      last.push(idx.length);
    }
    await pool.query(UPDATE, [
      binaryArray(
        "int8",
        rows.map((r) => Number(r.series_id)),
      ),
      binaryArray(
        "int8",
        rows.map((r) => Number(r.ts_us)),
      ),
      binaryArray(
        "int8",
        rows.map((r) => Number(r.instance_id)),
      ),
      binaryArray("int2", idx),
      binaryArray("int4", cnt),
      binaryArray("int4", first),
      binaryArray("int4", last),
    ]);
    filled += rows.length;
    progress(filled);
    const end = rows[rows.length - 1] as Row;
    after = [end.series_id, end.ts_us, end.instance_id];
  }
}
