import { lt, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { badInput } from "../errors.js";

/** The forward pagination arguments of a Relay connection field. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** The most items one page may have. */
export const MAX_PAGE_SIZE = 100;

/** What to fetch for a page: rows with an id below `beforeId` (newest first), at most `size`. */
export interface PageWindow {
  size: number;
  beforeId: number | null;
}

/** A Relay connection over rows with numeric ids, newest (highest id) first. */
export interface Connection<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

const CURSOR_PREFIX = "cursor:";

/** Checks `first` and `after`, naming the offending argument in a BAD_USER_INPUT. */
export function pageWindow(args: PageArgs): PageWindow {
  const size = args.first ?? 20;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw badInput("first", `first must be between 0 and ${MAX_PAGE_SIZE}, not ${size}`);
  }
  if (args.after == null) return { size, beforeId: null };
  const match = /^cursor:([1-9][0-9]{0,15})$/.exec(Buffer.from(args.after, "base64url").toString("utf8"));
  if (!match?.[1]) throw badInput("after", "after must be a cursor from a previous page's edges or pageInfo");
  return { size, beforeId: Number(match[1]) };
}

/**
 * Builds a page from rows fetched newest first with a limit of `window.size + 1`: the extra row,
 * if there, only tells that a next page exists.
 */
export function toConnection<T extends { id: number }>(
  rows: readonly T[],
  window: PageWindow,
): Connection<T> {
  const edges = rows.slice(0, window.size).map((node) => ({
    node,
    cursor: Buffer.from(`${CURSOR_PREFIX}${node.id}`).toString("base64url"),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > window.size,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * Fetches one page of a connection. `fetch` gets the keyset condition on `idColumn` (undefined on
 * the first page) to AND into its own filter, and the row limit; it orders by that id descending.
 *
 * @example
 * paginate(projects.id, args, (before, limit) =>
 *   db.select().from(projects).where(and(eq(projects.organizationId, orgId), before))
 *     .orderBy(desc(projects.id)).limit(limit));
 */
export async function paginate<T extends { id: number }>(
  idColumn: PgColumn,
  args: PageArgs,
  fetch: (before: SQL | undefined, limit: number) => Promise<T[]>,
): Promise<Connection<T>> {
  const window = pageWindow(args);
  const before = window.beforeId === null ? undefined : lt(idColumn, window.beforeId);
  return toConnection(await fetch(before, window.size + 1), window);
}
