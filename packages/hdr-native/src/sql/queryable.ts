/**
 * The one method of a PostgreSQL connection this module needs. `pg.Client`, `pg.PoolClient` and
 * `pg.Pool` all fit: every statement here is sent as a single query, so a pool is safe too.
 */
export interface HdrQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}
