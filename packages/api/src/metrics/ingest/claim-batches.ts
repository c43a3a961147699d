import type pg from "pg";
import type { SourcedBatch } from "./sourced-batch.js";

/** The channel ingest notifies on, once per stored batch, when its transaction commits. */
export const METRICS_CHANNEL = "barrage_metrics";

/** The payload of a {@link METRICS_CHANNEL} notification (JSON): which agent's period just landed. */
export interface MetricsNotification {
  runId: number;
  instanceId: number;
  seq: number;
  /** The period's end, epoch milliseconds. */
  end: number;
}

/**
 * Records each batch's `(run, instance, seq)` in metric_batches and queues its notification, in one
 * statement inside the caller's transaction. A batch whose row exists is a duplicate: the caller
 * must write nothing else of it. A concurrent copy of a batch waits here until the first copy's
 * transaction ends, so exactly one copy is stored. The keys of `items` must be distinct.
 *
 * @returns for each item, whether it was claimed (false: a duplicate)
 */
export async function claimBatches(
  client: pg.ClientBase,
  items: readonly SourcedBatch[],
): Promise<boolean[]> {
  const { rows } = await client.query<{ run_id: string; instance_id: string; seq: string }>(
    `with claimed as (
       insert into metric_batches (run_id, instance_id, seq, period_start, period_end, points)
       select u.run_id, u.instance_id, u.seq, to_timestamp(u.start_ms / 1000), to_timestamp(u.end_ms / 1000), u.points
         from unnest($1::int8[], $2::int8[], $3::int8[], $4::float8[], $5::float8[], $6::int4[])
              as u(run_id, instance_id, seq, start_ms, end_ms, points)
       on conflict do nothing
       returning run_id, instance_id, seq, period_end)
     select run_id, instance_id, seq,
            pg_notify($7, json_build_object('runId', run_id, 'instanceId', instance_id, 'seq', seq,
                                            'end', (extract(epoch from period_end) * 1000)::int8)::text)
       from claimed`,
    [
      items.map((i) => i.source.runId),
      items.map((i) => i.source.instanceId),
      items.map((i) => i.batch.seq),
      items.map((i) => i.batch.start),
      items.map((i) => i.batch.end),
      items.map((i) => i.batch.points.length),
      METRICS_CHANNEL,
    ],
  );
  const claimed = new Set(rows.map((r) => `${r.run_id}/${r.instance_id}/${r.seq}`));
  return items.map((i) => claimed.has(batchKey(i)));
}

/** `run/instance/seq`: what makes a batch unique. */
export function batchKey({ source, batch }: SourcedBatch): string {
  return `${source.runId}/${source.instanceId}/${batch.seq}`;
}
