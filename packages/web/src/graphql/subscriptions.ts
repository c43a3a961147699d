import { type Client, createClient } from "graphql-ws/client";
import { GraphQLRequestError } from "./client.js";

/** What a subscriber hears. */
export interface SubscriptionHandlers<T> {
  next(data: T): void;
  error(error: GraphQLRequestError): void;
  /** The server ended the subscription (for runs: after a final status). */
  complete(): void;
}

/** Subscriptions over one WebSocket, opened on the first subscription and shared by all. */
export interface Subscriptions {
  /** Starts a subscription; the returned function ends it. */
  subscribe<T>(
    query: string,
    variables: Record<string, unknown>,
    handlers: SubscriptionHandlers<T>,
  ): () => void;
  dispose(): void;
}

/** Where and as whom to subscribe. */
export interface SubscriptionOptions {
  /** The WebSocket address of the GraphQL endpoint (`ws://host/graphql`). */
  url: string;
  /** An API token, `brg_...`, sent as `connectionParams.authorization`. */
  token: string;
  /** For tests in Node; the browser's `WebSocket` otherwise. */
  webSocketImpl?: unknown;
}

interface ErrorLike {
  message?: unknown;
  extensions?: { code?: unknown; field?: unknown };
  code?: unknown;
  reason?: unknown;
}

/**
 * graphql-ws reports three kinds of failure through one sink: the operation's GraphQL errors (an
 * array), a closed socket (a CloseEvent with a code and reason), or an Error. One error type for
 * all, with the API's code when there is one.
 */
export function toRequestError(reported: unknown): GraphQLRequestError {
  if (reported instanceof GraphQLRequestError) return reported;
  const first = (Array.isArray(reported) ? reported[0] : reported) as ErrorLike | undefined;
  if (first && typeof first.extensions?.code === "string") {
    return new GraphQLRequestError(
      String(first.message ?? "The API answered an error"),
      first.extensions.code,
      typeof first.extensions.field === "string" ? first.extensions.field : undefined,
    );
  }
  if (first && typeof first.code === "number" && typeof first.reason === "string") {
    const reason = typeof first.reason === "string" && first.reason !== "" ? `: ${first.reason}` : "";
    const code = first.code === 4403 || first.code === 4401 ? "UNAUTHENTICATED" : "NETWORK";
    return new GraphQLRequestError(`The live connection closed (${first.code}${reason})`, code);
  }
  const message = first && typeof first.message === "string" ? first.message : String(reported);
  return new GraphQLRequestError(message, "NETWORK", undefined, { cause: reported });
}

const REFUSALS = new Set([4400, 4401, 4403]);
const isRefusal = (reported: unknown) => REFUSALS.has((reported as ErrorLike | undefined)?.code as number);

/**
 * GraphQL subscriptions with graphql-ws: the token goes in `connectionParams.authorization`, the
 * socket opens lazily and reconnects (resubscribing) when it drops.
 *
 * @example
 * const subs = createSubscriptions({ url: "ws://127.0.0.1:4000/graphql", token });
 * const stop = subs.subscribe("subscription ($id: ID!) { testRunStatus(id: $id) { status } }", { id }, handlers);
 */
export function createSubscriptions(options: SubscriptionOptions): Subscriptions {
  let client: Client | undefined;
  const connect = () => {
    client ??= createClient({
      url: options.url,
      connectionParams: { authorization: `Bearer ${options.token}` },
      lazy: true,
      retryAttempts: 8,
      // A refused token (4403) or a bad request (4400) will not get better by retrying.
      shouldRetry: (reported) => !isRefusal(reported),
      ...(options.webSocketImpl === undefined ? {} : { webSocketImpl: options.webSocketImpl }),
    });
    return client;
  };
  return {
    subscribe<T>(query: string, variables: Record<string, unknown>, handlers: SubscriptionHandlers<T>) {
      let ended = false;
      const unsubscribe = connect().subscribe<T>(
        { query, variables },
        {
          next: (result) => {
            if (ended) return;
            if (result.errors?.length) handlers.error(toRequestError(result.errors));
            else if (result.data) handlers.next(result.data as T);
          },
          error: (error) => {
            if (!ended) handlers.error(toRequestError(error));
          },
          complete: () => {
            if (!ended) handlers.complete();
          },
        },
      );
      return () => {
        ended = true;
        unsubscribe();
      };
    },
    dispose() {
      void client?.dispose();
      client = undefined;
    },
  };
}
