import type { Server } from "node:http";
import { ApolloServerErrorCode } from "@apollo/server/errors";
import { type DocumentNode, GraphQLError, type GraphQLSchema, parse, validate } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { GraphQLContext, GraphQLServices } from "../graphql/context.js";
import { createContext } from "../graphql/create-context.js";
import { formatError } from "../graphql/format-error.js";
import { assertOperationWithinLimits, type OperationLimits } from "../graphql/limits/index.js";

/** What {@link serveGraphQLOverWebSocket} needs. */
export interface GraphQLWebSocketOptions {
  httpServer: Server;
  path: string;
  schema: GraphQLSchema;
  services: GraphQLServices;
  limits: OperationLimits;
  log: (message: string, error?: unknown) => void;
}

/**
 * Serves GraphQL (subscriptions, and queries and mutations too) with the graphql-ws protocol on
 * the HTTP server's `path`. The client authenticates once, with `connectionParams.authorization`
 * (`Bearer brg_...`); a refused token closes the socket with 4403 and the reason. Each operation
 * gets the same parsing, validation, limits and error masking as over HTTP.
 *
 * Returns `dispose()`, which closes the sockets and completes their subscriptions.
 */
export function serveGraphQLOverWebSocket(options: GraphQLWebSocketOptions): { dispose(): Promise<void> } {
  const { schema, services, limits, log } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path });
  const contexts = new WeakMap<object, GraphQLContext>();
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((error) => formatError(error.toJSON(), error, log));

  const cleanup = useServer(
    {
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        try {
          contexts.set(
            ctx,
            await createContext(services, typeof authorization === "string" ? authorization : null),
          );
          return true;
        } catch (error) {
          if (!(error instanceof GraphQLError)) throw error;
          // A close reason holds at most 123 bytes.
          ctx.extra.socket.close(CloseCode.Forbidden, error.message.slice(0, 120));
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [retyped(error as GraphQLError, ApolloServerErrorCode.GRAPHQL_PARSE_FAILED)];
        }
        const invalid = validate(schema, document);
        if (invalid.length) {
          return invalid.map((error) => retyped(error, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED));
        }
        try {
          assertOperationWithinLimits(schema, document, payload.operationName, payload.variables, limits);
        } catch (error) {
          return [error as GraphQLError];
        }
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: contexts.get(ctx),
        };
      },
      onError: (_ctx, _id, _payload, errors) => format(errors),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: format(result.errors) } : undefined,
    },
    wsServer,
  );

  return {
    dispose: async () => {
      await cleanup.dispose();
    },
  };
}

/** The same codes Apollo gives parse and validation errors over HTTP. */
function retyped(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    ...(error.nodes && { nodes: error.nodes }),
    ...(error.source && { source: error.source }),
    ...(error.positions && { positions: error.positions }),
    extensions: { code },
  });
}
