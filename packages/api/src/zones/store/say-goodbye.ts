import { sql } from "drizzle-orm";
import type { Db } from "../../db/database.js";

/**
 * Marks an agent OFFLINE at once because it said it is stopping, rather than after it has missed
 * three heartbeats; anything it says later makes it online again.
 */
export async function sayGoodbye(db: Db, agentId: number): Promise<void> {
  await db.execute(sql`update zone_agents set offline_at = now() where id = ${agentId}`);
}
