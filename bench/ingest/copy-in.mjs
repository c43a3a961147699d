/**
 * `COPY ... FROM STDIN (FORMAT binary)` over a node-postgres client without another dependency: a
 * Submittable (what pg-copy-streams is) that sends prepared chunks when the server asks for them,
 * and the binary COPY encoding of metric_points rows.
 */

/** Runs `text` (a COPY FROM STDIN) on `client`, sending `chunks`; resolves with the rows copied. */
export function copyIn(client, text, chunks) {
  return new Promise((resolve, reject) => {
    let error;
    let rows = 0;
    client.query({
      submit(connection) {
        connection.query(text);
      },
      handleCopyInResponse(connection) {
        for (const chunk of chunks) connection.sendCopyFromChunk(chunk);
        connection.endCopyFrom();
      },
      handleCommandComplete(message) {
        rows = Number(/(\d+)$/.exec(message.text ?? "")?.[1] ?? 0);
      },
      handleError(e) {
        error = e;
      },
      handleReadyForQuery() {
        if (error) reject(error);
        else resolve(rows);
      },
      handleEmptyQuery() {},
      handleRowDescription() {},
      handleDataRow() {},
    });
  });
}

const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const HEADER = Buffer.concat([Buffer.from("PGCOPY\n\xff\r\n\0", "latin1"), Buffer.alloc(8)]);

/**
 * A growing buffer writing PostgreSQL binary values. Each field is its int32 length, then its bytes.
 */
export class CopyWriter {
  constructor(size = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(size);
    this.at = 0;
    this.write(HEADER);
  }
  #room(n) {
    if (this.at + n <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + n));
    this.buffer.copy(next, 0, 0, this.at);
    this.buffer = next;
  }
  write(bytes) {
    this.#room(bytes.length);
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
  }
  tuple(fields) {
    this.#room(2);
    this.at = this.buffer.writeInt16BE(fields, this.at);
  }
  null() {
    this.#room(4);
    this.at = this.buffer.writeInt32BE(-1, this.at);
  }
  int4(v) {
    if (v === null || v === undefined) return this.null();
    this.#room(8);
    this.at = this.buffer.writeInt32BE(4, this.at);
    this.at = this.buffer.writeInt32BE(v, this.at);
  }
  int8(v) {
    if (v === null || v === undefined) return this.null();
    this.#room(12);
    this.at = this.buffer.writeInt32BE(8, this.at);
    this.at = this.buffer.writeBigInt64BE(BigInt(v), this.at);
  }
  float8(v) {
    if (v === null || v === undefined) return this.null();
    this.#room(12);
    this.at = this.buffer.writeInt32BE(8, this.at);
    this.at = this.buffer.writeDoubleBE(v, this.at);
  }
  /** timestamptz from epoch milliseconds. */
  timestamp(epochMs) {
    this.int8((epochMs - PG_EPOCH_MS) * 1000);
  }
  bytea(bytes) {
    if (bytes === null || bytes === undefined) return this.null();
    this.#room(4 + bytes.length);
    this.at = this.buffer.writeInt32BE(bytes.length, this.at);
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
  }
  /** A one-dimensional int2[] or int4[] without nulls. */
  intArray(values, size) {
    if (values === null || values === undefined) return this.null();
    const length = 20 + values.length * (4 + size);
    this.#room(4 + length);
    const b = this.buffer;
    let at = b.writeInt32BE(length, this.at);
    at = b.writeInt32BE(1, at);
    at = b.writeInt32BE(0, at);
    at = b.writeInt32BE(size === 2 ? 21 : 23, at);
    at = b.writeInt32BE(values.length, at);
    at = b.writeInt32BE(1, at);
    for (const v of values) {
      at = b.writeInt32BE(size, at);
      at = size === 2 ? b.writeInt16BE(v, at) : b.writeInt32BE(v, at);
    }
    this.at = at;
  }
  /** The COPY data, with its trailer. */
  finish() {
    this.#room(2);
    this.at = this.buffer.writeInt16BE(-1, this.at);
    return this.buffer.subarray(0, this.at);
  }
}

/** The columns {@link writePointRow} writes, in order. */
export const POINT_COLUMNS = [
  "run_id",
  "series_id",
  "instance_id",
  "ts",
  "period_ms",
  "counter_sum",
  "gauge_last",
  "gauge_min",
  "gauge_max",
  "gauge_count",
  "rate_nonzero",
  "rate_total",
  "trend_count",
  "trend_sum",
  "trend_min",
  "trend_max",
  "hdr_sum",
  "hdr_min",
  "hdr_max",
  "hdr_hist",
  "hdr_idx",
  "hdr_cnt",
];

/**
 * One metric_points row of a parsed point (`parseMetricBatch`'s MetricPoint), as insert-points.ts
 * fills it. `bothForms: false` leaves hdr_idx/hdr_cnt null (one histogram form stored).
 */
export function writePointRow(w, { runId, seriesId, instanceId, start, end }, p, bothForms = true) {
  w.tuple(POINT_COLUMNS.length);
  w.int8(runId);
  w.int8(seriesId);
  w.int8(instanceId);
  w.timestamp(end);
  w.int4(end - start);
  w.float8(p.type === "counter" ? p.sum : null);
  const gauge = p.type === "gauge";
  w.float8(gauge ? p.last : null);
  w.float8(gauge ? p.min : null);
  w.float8(gauge ? p.max : null);
  w.int8(gauge ? p.count : null);
  const rate = p.type === "rate";
  w.int8(rate ? p.nonzero : null);
  w.int8(rate ? p.total : null);
  if (p.type !== "trend") {
    for (let i = 0; i < 10; i++) w.null();
    return;
  }
  w.int8(p.count);
  w.float8(p.sum);
  w.float8(p.min);
  w.float8(p.max);
  w.int8(p.hist.sum);
  w.int8(p.hist.min);
  w.int8(p.hist.max);
  w.bytea(p.hdr);
  if (!bothForms) {
    w.null();
    w.null();
    return;
  }
  const idx = [];
  const cnt = [];
  p.hist.forEachBucket((index, count) => {
    idx.push(index);
    cnt.push(count);
  });
  w.intArray(idx, 2);
  w.intArray(cnt, 4);
}
