import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { BarrageError } from "../errors.js";

/**
 * What a client sees of an error. Errors the caller caused (a {@link BarrageError}, or a
 * GraphQLError: syntax, validation, variables, limits) keep their message and `extensions.code`;
 * anything else is a fault of the platform, logged here with its stack and shown only as
 * "Internal server error", so that SQL, paths and stacks never reach a client. Used by Apollo
 * (HTTP) and graphql-ws (WebSocket) alike.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (message: string, error: unknown) => void,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const { stacktrace: _stacktrace, http: _http, ...extensions } = formatted.extensions ?? {};
  if (original instanceof BarrageError || original instanceof GraphQLError) {
    return { ...formatted, extensions: { ...extensions, code: extensions.code ?? "INTERNAL_SERVER_ERROR" } };
  }
  log("GraphQL request failed inside the platform", original);
  return {
    message: "Internal server error",
    ...(formatted.locations && { locations: formatted.locations }),
    ...(formatted.path && { path: formatted.path }),
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}
