import { GraphQLError } from "graphql";
import { authenticate } from "../auth/authenticate.js";
import { BarrageError } from "../errors.js";
import type { GraphQLContext, GraphQLServices } from "./context.js";

/**
 * Authenticates a request (an HTTP `Authorization` header or the WebSocket's
 * `connectionParams.authorization`) and builds its resolver context. A refused token becomes an
 * UNAUTHENTICATED GraphQLError with HTTP status 401.
 */
export async function createContext(
  services: GraphQLServices,
  authorization: string | undefined | null,
): Promise<GraphQLContext> {
  try {
    return { ...services, viewer: await authenticate(services.db, authorization) };
  } catch (error) {
    if (!(error instanceof BarrageError)) throw error;
    throw new GraphQLError(error.message, {
      originalError: error,
      extensions: { ...error.extensions, http: { status: 401 } },
    });
  }
}
