import type { Db } from "../db/database.js";
import { type ProjectRow, projects } from "../db/schema/core.js";
import { BarrageError, badInput } from "../errors.js";

/** The most characters of a project's name. */
export const PROJECT_NAME_MAX_LENGTH = 200;

/**
 * Creates a project in an organization. Names are unique per organization; a taken name is a
 * CONFLICT naming the field.
 */
export async function createProject(
  db: Db,
  organizationId: number,
  name: string,
  field = "name",
): Promise<ProjectRow> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > PROJECT_NAME_MAX_LENGTH) {
    throw badInput(field, `A project name has 1 to ${PROJECT_NAME_MAX_LENGTH} characters`);
  }
  const [row] = await db
    .insert(projects)
    .values({ organizationId, name: trimmed })
    .onConflictDoNothing({ target: [projects.organizationId, projects.name] })
    .returning();
  if (!row) throw new BarrageError("CONFLICT", `A project named "${trimmed}" already exists`, { field });
  return row;
}
