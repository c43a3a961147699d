/** An answer of the API that carries GraphQL errors, or a failed request; `code` is `extensions.code`. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    message: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Sends GraphQL operations to the Barrage API over HTTP with a token: plain `fetch`, one POST each. */
export class GraphqlClient {
  readonly endpoint: string;

  /** `api` is the API's base URL; `/graphql` is added unless it already ends with it. */
  constructor(
    api: string,
    private readonly token: string,
    private readonly userAgent: string,
  ) {
    const url = new URL(api);
    if (!url.pathname.endsWith("/graphql")) url.pathname = `${url.pathname.replace(/\/$/, "")}/graphql`;
    this.endpoint = url.toString();
  }

  /** Runs one operation; throws {@link ApiError} with the first error's message and code. */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: "POST",
        headers: {
          authorization: `Bearer ${this.token}`,
          "content-type": "application/json",
          "user-agent": this.userAgent,
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new ApiError(`cannot reach the API at ${this.endpoint}: ${(error as Error).message}`, undefined, {
        cause: error,
      });
    }
    const text = await response.text();
    let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new ApiError(
        `the API at ${this.endpoint} answered ${response.status} with something that is not JSON: ${text.slice(0, 200)}`,
        undefined,
        { cause: error },
      );
    }
    const [first] = body.errors ?? [];
    if (first) throw new ApiError(first.message, first.extensions?.code);
    if (!response.ok || body.data === undefined) {
      throw new ApiError(`the API at ${this.endpoint} answered ${response.status} without data`);
    }
    return body.data;
  }
}
