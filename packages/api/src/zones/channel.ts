import { sql } from "drizzle-orm";
import type { Db } from "../db/database.js";

/**
 * The PostgreSQL channel that wakes the work polls of a private zone's agents: jobs were queued
 * there, or one of its agents was revoked (its held poll must answer 403 now). It carries
 * `{"zoneId": <id>}`; the polls re-read the database.
 */
export const ZONE_WORK_CHANNEL = "barrage_zone_work";

/** Wakes the work polls of a zone's agents when the surrounding transaction commits. */
export async function notifyZoneWork(db: Db, zoneId: number): Promise<void> {
  await db.execute(sql`select pg_notify(${ZONE_WORK_CHANNEL}, ${JSON.stringify({ zoneId })})`);
}

/** The zone id of a notification on {@link ZONE_WORK_CHANNEL}; undefined for anything else. */
export function zoneIdOfNotification(payload: string | undefined): number | undefined {
  try {
    const zoneId = (JSON.parse(payload ?? "") as { zoneId?: unknown }).zoneId;
    return Number.isSafeInteger(zoneId) ? (zoneId as number) : undefined;
  } catch {
    return undefined;
  }
}
