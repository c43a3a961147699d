import type pg from "pg";

/**
 * Keeps a lost connection from crashing the process. node-postgres emits `error` on an idle
 * pooled client, and on a checked-out client, when the server goes away (a restart, a
 * `pg_terminate_backend`); an unhandled `error` event would throw. The query in flight still fails
 * and the pool replaces the client, so logging is all there is to do. graphile-worker checks for
 * both handlers and warns without them.
 */
export function handlePoolErrors(pool: pg.Pool, log: (message: string) => void): pg.Pool {
  pool.on("error", (error) => log(`PostgreSQL connection lost: ${error.message}`));
  pool.on("connect", (client) => {
    client.on("error", (error) => log(`PostgreSQL connection lost: ${error.message}`));
  });
  return pool;
}
