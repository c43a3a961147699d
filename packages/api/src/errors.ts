/**
 * The error codes a client can branch on. GraphQL answers carry them as `extensions.code`; the
 * domain code throws {@link BarrageError}s with them and never has to know about GraphQL.
 */
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "BAD_USER_INPUT",
  "LIMIT_EXCEEDED",
  "CONFLICT",
] as const;
/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * An error the caller caused and can act on, as opposed to a fault of the platform. Its message is
 * shown to the client as is, so it never holds secrets; `extensions` add machine-readable detail
 * (such as the offending `field`).
 *
 * @example
 * throw new BarrageError("NOT_FOUND", "No project with id UHJvamVjdDo5");
 */
export class BarrageError extends Error {
  override name = "BarrageError";

  /**
   * `code` plus any detail. graphql-js copies an original error's `extensions` onto the
   * GraphQLError it wraps it in, so the code reaches clients over HTTP and WebSocket alike.
   */
  readonly extensions: Record<string, unknown> & { code: ErrorCode };

  constructor(
    readonly code: ErrorCode,
    message: string,
    extensions: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.extensions = { ...extensions, code };
  }
}

/** Shorthand for a `BAD_USER_INPUT` error about one input field. */
export function badInput(field: string, message: string): BarrageError {
  return new BarrageError("BAD_USER_INPUT", message, { field });
}
