/** An error the API answered (with its `extensions.code`), or a failure to reach it at all. */
export class GraphQLRequestError extends Error {
  override readonly name = "GraphQLRequestError";
  constructor(
    message: string,
    /** `extensions.code` (UNAUTHENTICATED, NOT_FOUND, BAD_USER_INPUT, ...), or NETWORK / HTTP_<status>. */
    readonly code: string,
    /** `extensions.field`: the input field at fault, when one is. */
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Where the API is and who calls it. */
export interface GraphQLClientOptions {
  /** The GraphQL endpoint, absolute or relative to the page (default `/graphql`). */
  endpoint: string;
  /** An API token, `brg_...`. */
  token: string;
  /** For tests; the browser's `fetch` otherwise. */
  fetch?: typeof fetch;
}

/** An answer with data and the errors of the fields that failed (nulled in `data`). */
export interface PartialResult<T> {
  data: T;
  errors: GraphQLRequestError[];
}

/** Queries and mutations over HTTP. */
export interface GraphQLClient {
  readonly endpoint: string;
  readonly token: string;
  /** The data; throws on any error. */
  request<T>(query: string, variables?: Record<string, unknown>, signal?: AbortSignal): Promise<T>;
  /**
   * The data with the errors of fields that failed, for pages that show what they can; throws
   * only when there is no data at all.
   */
  requestPartial<T>(
    query: string,
    variables?: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<PartialResult<T>>;
}

interface GraphQLErrorBody {
  message?: string;
  extensions?: { code?: string; field?: string };
}

interface GraphQLResponseBody<T> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

/**
 * A GraphQL client over `fetch`: one POST per operation with the token in `Authorization`. The
 * first GraphQL error of an answer is thrown as a {@link GraphQLRequestError} with its code, so
 * that a caller can tell "sign in again" (UNAUTHENTICATED) from "no such run" (NOT_FOUND).
 *
 * @example
 * const client = createGraphQLClient({ endpoint: "/graphql", token: "brg_..." });
 * const { viewer } = await client.request<{ viewer: { scopes: string[] } }>("{ viewer { scopes } }");
 */
export function createGraphQLClient(options: GraphQLClientOptions): GraphQLClient {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const toError = (error: GraphQLErrorBody, status: number) =>
    new GraphQLRequestError(
      error.message ?? "The API answered an error without a message",
      error.extensions?.code ?? `HTTP_${status}`,
      error.extensions?.field,
    );

  async function post<T>(query: string, variables: Record<string, unknown>, signal?: AbortSignal) {
    let response: Response;
    try {
      response = await doFetch(options.endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json, application/json",
          authorization: `Bearer ${options.token}`,
        },
        body: JSON.stringify({ query, variables }),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new GraphQLRequestError(`Cannot reach the API at ${options.endpoint}`, "NETWORK", undefined, {
        cause: error,
      });
    }
    let body: GraphQLResponseBody<T>;
    try {
      body = (await response.json()) as GraphQLResponseBody<T>;
    } catch (error) {
      throw new GraphQLRequestError(
        `The API at ${options.endpoint} answered ${response.status} without a GraphQL response`,
        `HTTP_${response.status}`,
        undefined,
        { cause: error },
      );
    }
    const errors = (body.errors ?? []).map((error) => toError(error, response.status));
    if (body.data == null) {
      throw (
        errors[0] ??
        new GraphQLRequestError(
          `The API at ${options.endpoint} answered ${response.status} without data`,
          `HTTP_${response.status}`,
        )
      );
    }
    return { data: body.data, errors };
  }

  return {
    endpoint: options.endpoint,
    token: options.token,
    async request<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal) {
      const { data, errors } = await post<T>(query, variables, signal);
      if (errors[0]) throw errors[0];
      return data;
    },
    requestPartial: (query, variables = {}, signal) => post(query, variables, signal),
  };
}

/** The WebSocket address of a GraphQL endpoint: same host and path, `ws:` or `wss:`. */
export function websocketUrl(endpoint: string, base: string): string {
  const url = new URL(endpoint, base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}
