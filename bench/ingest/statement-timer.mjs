/**
 * Times the SQL statements of ingest by kind, as the client sees them (wall time from the call to
 * the answer: the server's work, the transfer of the parameters and the wait for the result), by
 * wrapping node-postgres' `Client.prototype.query` in this process. Optionally keeps the statements
 * of one whole transaction (BEGIN to COMMIT on one connection) so that they can be replayed under
 * `EXPLAIN (ANALYZE, BUFFERS, WAL)`: the largest group seen.
 */

const KINDS = [
  ["begin", /^\s*begin/i],
  ["commit", /^\s*commit/i],
  ["claim batches (insert metric_batches + pg_notify)", /insert into metric_batches/],
  ["series insert", /insert into metric_series/],
  ["series select", /from metric_series/],
  ["insert points (unnest)", /insert into metric_points/],
  ["derived: lock and read (select for update)", /for update of d/],
  ["derived: insert new rows", /insert into metric_derived/],
  ["derived: update rows", /update metric_derived/],
];

function kindOf(text) {
  for (const [kind, pattern] of KINDS) if (pattern.test(text)) return kind;
  return "other";
}

function paramBytes(values) {
  let bytes = 0;
  for (const v of values ?? []) {
    if (Buffer.isBuffer(v)) bytes += v.length;
    else if (Array.isArray(v)) bytes += JSON.stringify(v).length;
    else if (v !== null && v !== undefined) bytes += String(v).length;
  }
  return bytes;
}

/**
 * @param pg the node-postgres module whose Client the code under test uses
 * @param options.capture keep one steady-state transaction's statements for {@link explain}
 */
export function timeStatements(pg, { capture = false } = {}) {
  const proto = pg.Client.prototype;
  const original = proto.query;
  let stats = new Map();
  const capturing = new Map(); // client -> statements of its open transaction
  let captured;
  proto.query = function (config, values, callback) {
    const text = typeof config === "string" ? config : config?.text;
    if (typeof text !== "string" || typeof callback === "function" || typeof values === "function")
      return original.call(this, config, values, callback);
    const kind = kindOf(text);
    if (capture) {
      // Every transaction is followed; the one that claimed the most batches is kept.
      if (kind === "begin") capturing.set(this, []);
      else if (capturing.has(this)) {
        if (kind === "commit") {
          const statements = capturing.get(this);
          capturing.delete(this);
          const size = (list) => list?.find((s) => s.kind.startsWith("claim"))?.values[0].length ?? 0;
          if (size(statements) >= size(captured)) captured = statements;
        } else capturing.get(this).push({ kind, text, values });
      }
    }
    const t = performance.now();
    const result = original.call(this, config, values);
    const record = () => {
      const s = stats.get(kind) ?? { count: 0, ms: 0, bytes: 0 };
      s.count++;
      s.ms += performance.now() - t;
      s.bytes += paramBytes(values);
      stats.set(kind, s);
    };
    result?.then?.(record, record);
    return result;
  };
  return {
    reset() {
      stats = new Map();
    },
    stop() {
      proto.query = original;
    },
    /** Prints time per kind, per stored series-point, and the transactions' mean size. */
    print(points, indent = "") {
      const total = [...stats.values()].reduce((a, s) => a + s.ms, 0);
      const commits = stats.get("commit")?.count ?? 0;
      if (commits)
        console.log(
          `${indent}${commits} transactions, ${(points / commits).toFixed(0)} series-points each on average`,
        );
      console.log(
        `${indent}SQL statements of the direct path (wall time as the client waits, both writers summed):`,
      );
      for (const [kind, s] of [...stats].sort((a, b) => b[1].ms - a[1].ms)) {
        console.log(
          `${indent}  ${kind.padEnd(50)} ${String(s.count).padStart(6)} x ${(s.ms / s.count).toFixed(2).padStart(8)} ms = ${((s.ms / points) * 1000).toFixed(1).padStart(6)} µs/point (${Math.round((s.ms / total) * 100)}%)${s.bytes ? `, ${Math.round(s.bytes / points)} B of parameters per point` : ""}`,
        );
      }
    },
    /**
     * Replays the captured transaction under EXPLAIN ANALYZE in a transaction that is rolled back,
     * after deleting that group's own claims and points (which it stored when it ran).
     */
    async explain(pool, indent = "") {
      if (!captured) {
        console.log(`${indent}no transaction captured for EXPLAIN`);
        return;
      }
      const claim = captured.find((s) => s.kind.startsWith("claim"));
      const client = await pool.connect();
      try {
        await client.query("begin");
        if (claim) {
          const [runIds, instanceIds, seqs, , ends] = claim.values;
          await client.query(
            `delete from metric_batches b using unnest($1::int8[], $2::int8[], $3::int8[]) u(r, i, s)
              where b.run_id = u.r and b.instance_id = u.i and b.seq = u.s`,
            [runIds, instanceIds, seqs],
          );
          await client.query(
            `delete from metric_points p using unnest($1::int8[], $2::int8[], $3::float8[]) u(r, i, e)
              where p.run_id = u.r and p.instance_id = u.i and p.ts = to_timestamp(u.e / 1000)`,
            [runIds, instanceIds, ends],
          );
          console.log(
            `${indent}EXPLAIN (ANALYZE, BUFFERS, WAL) of one group of ${runIds.length} batches, replayed:`,
          );
        }
        for (const s of captured) {
          const { rows } = await client.query(`explain (analyze, buffers, wal) ${s.text}`, s.values);
          const plan = rows.map((r) => r["QUERY PLAN"]);
          console.log(`${indent}-- ${s.kind}`);
          for (const line of plan.slice(0, 14)) console.log(`${indent}   ${line}`);
          if (plan.length > 14) {
            console.log(`${indent}   ...`);
            for (const line of plan.slice(-2)) console.log(`${indent}   ${line}`);
          }
        }
      } finally {
        await client.query("rollback").catch(() => {});
        client.release();
      }
    },
  };
}
