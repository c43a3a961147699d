import { GraphQLError } from "graphql";
import { authenticate } from "../auth/authenticate.js";
import type { Db } from "../db/database.js";
import { BarrageError } from "../errors.js";
import type { GraphQLContext } from "./context.js";
import type { RunChangeHub } from "./pubsub.js";

/**
 * Authenticates a request (an HTTP `Authorization` header or the WebSocket's
 * `connectionParams.authorization`) and builds its resolver context. A refused token becomes an
 * UNAUTHENTICATED GraphQLError with HTTP status 401.
 */
export async function createContext(
  db: Db,
  hub: RunChangeHub,
  authorization: string | undefined | null,
): Promise<GraphQLContext> {
  try {
    return { viewer: await authenticate(db, authorization), db, hub };
  } catch (error) {
    if (!(error instanceof BarrageError)) throw error;
    throw new GraphQLError(error.message, {
      originalError: error,
      extensions: { ...error.extensions, http: { status: 401 } },
    });
  }
}
