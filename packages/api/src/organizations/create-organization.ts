import type { Db } from "../db/database.js";
import { organizations } from "../db/schema/core.js";
import { badInput } from "../errors.js";

/** Creates an organization and returns its id. */
export async function createOrganization(db: Db, name: string): Promise<number> {
  if (!name.trim()) throw badInput("name", "An organization needs a name");
  const [row] = await db
    .insert(organizations)
    .values({ name: name.trim() })
    .returning({ id: organizations.id });
  if (!row) throw new Error("Inserting the organization returned no row");
  return row.id;
}
