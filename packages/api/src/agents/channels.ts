import { sql } from "drizzle-orm";
import type { Db } from "../db/database.js";

/**
 * The PostgreSQL channels that tie the agent port to the coordinator, so that they may run in
 * separate processes (API, workers) and still react within milliseconds. Both carry
 * `{"runId": <id>}`: listeners re-read what changed from the database.
 */

/** An agent of the run reported something (called home, a state, a setup result). The coordinator listens. */
export const AGENT_EVENTS_CHANNEL = "barrage_agent";

/** Commands were queued for agents of the run. The agent port listens, to answer its long polls. */
export const AGENT_COMMANDS_CHANNEL = "barrage_agent_commands";

/** Reads the run id of a notification on either channel; undefined for anything else. */
export function runIdOfNotification(payload: string | undefined): number | undefined {
  try {
    const runId = (JSON.parse(payload ?? "") as { runId?: unknown }).runId;
    return Number.isSafeInteger(runId) ? (runId as number) : undefined;
  } catch {
    return undefined;
  }
}

/** Tells the coordinator that an agent of `runId` reported something, when the surrounding transaction commits. */
export async function notifyAgentEvent(db: Db, runId: number): Promise<void> {
  await db.execute(sql`select pg_notify(${AGENT_EVENTS_CHANNEL}, ${JSON.stringify({ runId })})`);
}
