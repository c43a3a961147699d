import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";
import { AGENT_COMMANDS_CHANNEL } from "../channels.js";
import type { AddressedCommand } from "./agent-command.js";

/**
 * Queues commands for instances of a run, each after the instance's last, in the order given, and
 * wakes the long polls of the run's agents when the surrounding transaction commits. Call it inside
 * the transaction that records why the commands were sent, so that a crash cannot leave one without
 * the other. One issuer per run at a time (the coordinator holds the run's lock): two at once could
 * pick the same seq, and the second would fail on the primary key rather than deliver twice.
 *
 * @throws Error naming the instances that are not of this run
 * @example
 * await db.transaction(async (tx) => {
 *   await issueCommands(tx, runId, instanceIds.map((instanceId) => ({ instanceId, command: { type: "stop", reason } })));
 * });
 */
export async function issueCommands(
  db: Db,
  runId: number,
  commands: readonly AddressedCommand[],
): Promise<void> {
  if (commands.length === 0) return;
  const rows = commands.map(({ instanceId, command: { type, ...body } }) => ({ instanceId, type, body }));
  const result = await db.execute<{ instance_id: string }>(sql`
    with c as (
      select (e->>'instanceId')::bigint as instance_id, e->>'type' as type, e->'body' as body, ord
        from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) with ordinality as t(e, ord)
       where exists (select 1 from run_instances i where i.id = (e->>'instanceId')::bigint and i.run_id = ${runId})
    )
    insert into run_commands (instance_id, seq, run_id, type, body)
    select c.instance_id,
           coalesce((select max(r.seq) from run_commands r where r.instance_id = c.instance_id), 0)
             + row_number() over (partition by c.instance_id order by c.ord),
           ${runId}, c.type, c.body
      from c
    returning instance_id`);
  if (result.rows.length !== commands.length) {
    const queued = new Set(result.rows.map((r) => Number(r.instance_id)));
    const strangers = [...new Set(commands.map((c) => c.instanceId).filter((id) => !queued.has(id)))];
    throw new Error(
      `cannot queue commands for instances ${strangers.join(", ")}: they are not instances of run ${runId}`,
    );
  }
  await db.execute(sql`select pg_notify(${AGENT_COMMANDS_CHANNEL}, ${JSON.stringify({ runId })})`);
}
