import { createDb, type Db } from "../db/database.js";
import { createTestDatabase, type TestDatabase } from "../db/test-database.test-helpers.js";
import { ensureMetricPartitions, prepareMetricStore } from "../metrics/index.js";
import { type ApiServer, startApiServer } from "./start-api-server.js";

/**
 * Parsed JSON whose shape each test knows from its own query; typing every answer would only
 * repeat the query.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Json = any;

/** A GraphQL answer with its HTTP status. */
export interface GraphQLAnswer {
  status: number;
  data?: Record<string, Json> | null;
  errors?: { message: string; path?: (string | number)[]; extensions: Record<string, Json> }[];
}

/** A fresh database with the API server on a free loopback port. */
export interface TestApi {
  database: TestDatabase;
  db: Db;
  server: ApiServer;
  /** Sends one operation over real HTTP with `Authorization: Bearer <token>` (none when null). */
  graphql(token: string | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer>;
  close(): Promise<void>;
}

/**
 * Starts a {@link TestApi}; platform faults the server logs are collected in `logged`. With
 * `metrics`, the metric store is prepared too, with partitions for the days around now.
 */
export async function startTestApi(
  logged: unknown[] = [],
  options: { metrics?: boolean } = {},
): Promise<TestApi> {
  const database = await createTestDatabase();
  if (options.metrics) {
    await prepareMetricStore(database.pool, { logger: { info: () => {} } });
    await ensureMetricPartitions(database.pool, {
      from: Date.now() - 86_400_000,
      to: Date.now() + 86_400_000,
    });
  }
  const server = await startApiServer({
    pool: database.pool,
    port: 0,
    log: (message, error) => logged.push({ message, error }),
  });
  return {
    database,
    db: createDb(database.pool),
    server,
    async graphql(token, query, variables) {
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async close() {
      await server.close();
      await database.drop();
    },
  };
}
