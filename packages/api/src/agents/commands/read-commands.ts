import type pg from "pg";
import type { QueuedCommand } from "./agent-command.js";

/** The most commands one long-poll answer carries; the agent asks again for the rest. */
const MAX_COMMANDS_PER_ANSWER = 100;

/** The commands of an instance after `after`, in seq order. */
export async function readCommands(
  pool: pg.Pool,
  instanceId: number,
  after: number,
): Promise<QueuedCommand[]> {
  const { rows } = await pool.query<{
    seq: number;
    type: QueuedCommand["type"];
    body: Record<string, unknown>;
  }>(`select seq, type, body from run_commands where instance_id = $1 and seq > $2 order by seq limit $3`, [
    instanceId,
    after,
    MAX_COMMANDS_PER_ANSWER,
  ]);
  return rows.map((row) => ({ ...row.body, seq: row.seq, type: row.type }) as QueuedCommand);
}
