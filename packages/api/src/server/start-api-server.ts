import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express, { type RequestHandler } from "express";
import type pg from "pg";
import { createDb } from "../db/database.js";
import type { GraphQLContext } from "../graphql/context.js";
import { createContext } from "../graphql/create-context.js";
import { formatError } from "../graphql/format-error.js";
import {
  DEFAULT_OPERATION_LIMITS,
  type OperationLimits,
  operationLimitsPlugin,
} from "../graphql/limits/index.js";
import { NotificationHub } from "../graphql/pubsub.js";
import { createSchema } from "../graphql/schema.js";
import { SCRIPT_FILE_LIMITS } from "../runs/script-files.js";
import { cors } from "./cors.js";
import { serveGraphQLOverWebSocket } from "./graphql-websocket.js";
import { requestErrors } from "./request-errors.js";

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  pool: pg.Pool;
  /** TCP port; 0 picks a free one (see the returned `url`). Default 4000. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1: exposing the API is a deliberate choice. */
  host?: string;
  /** Browser origins allowed to call the API (CORS); none by default. */
  corsOrigins?: readonly string[];
  /** Depth and cost limits of GraphQL operations. */
  limits?: OperationLimits;
  /** Where platform faults are reported (default `console.error`). */
  log?: (message: string, error?: unknown) => void;
  /** Answers what `/graphql` and `/healthz` don't (the platform's web app). */
  fallback?: RequestHandler;
}

/** A running API server. */
export interface ApiServer {
  /** The GraphQL endpoint, `http://host:port/graphql`; the same path serves WebSocket (`ws://`). */
  url: string;
  /** Stops taking requests, lets running ones finish, closes subscriptions and the LISTEN connection. */
  close(): Promise<void>;
}

/** The largest JSON body: a script's files at their limit, base64-encoded, plus room for the script. */
const BODY_LIMIT_BYTES = Math.ceil((SCRIPT_FILE_LIMITS.totalBytes * 4) / 3) + 8 * 1024 * 1024;

const GRAPHQL_PATH = "/graphql";

/**
 * Starts the GraphQL API on one HTTP server: queries and mutations over HTTP (Apollo Server with
 * Express 5) and subscriptions over WebSocket (graphql-ws) on the same port and path, plus
 * `GET /healthz`, which answers 200 when the database does.
 *
 * @example
 * const server = await startApiServer({ pool, port: 4000 });
 * console.log(`GraphQL at ${server.url}`);
 * await server.close();
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { pool, port = 4000, host = "127.0.0.1" } = options;
  const log = options.log ?? console.error;
  const limits = options.limits ?? DEFAULT_OPERATION_LIMITS;
  const db = createDb(pool);
  const schema = createSchema();
  const hub = await NotificationHub.start(pool, (message) => log(message));
  const services = { db, pool, hub };

  const app = express();
  app.disable("x-powered-by");
  const httpServer = createServer(app);
  const websocket = serveGraphQLOverWebSocket({
    httpServer,
    path: GRAPHQL_PATH,
    schema,
    services,
    limits,
    log,
  });

  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Close the WebSocket server with the HTTP server, so that subscriptions end on shutdown.
      {
        async serverWillStart() {
          return { drainServer: () => websocket.dispose() };
        },
      },
      operationLimitsPlugin(limits),
    ],
  });
  try {
    await apollo.start();
  } catch (error) {
    await websocket.dispose();
    await hub.close();
    throw new Error("The GraphQL server did not start", { cause: error });
  }

  app.get("/healthz", async (_req, res) => {
    try {
      await pool.query("select 1");
      res.json({ status: "ok" });
    } catch (error) {
      log("Health check: the database does not answer", error);
      res.status(503).json({ status: "unavailable", reason: "database" });
    }
  });
  app.use(
    GRAPHQL_PATH,
    cors(options.corsOrigins ?? []),
    express.json({ limit: BODY_LIMIT_BYTES }),
    expressMiddleware(apollo, { context: ({ req }) => createContext(services, req.headers.authorization) }),
  );
  if (options.fallback) app.use(options.fallback);
  app.use(requestErrors(log));

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(port, host, () => {
        httpServer.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await apollo.stop();
    await hub.close();
    throw new Error(`The API cannot listen on ${host}:${port}`, { cause: error });
  }
  const address = httpServer.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${urlHost}:${address.port}${GRAPHQL_PATH}`,
    close: async () => {
      await apollo.stop();
      await hub.close();
    },
  };
}
