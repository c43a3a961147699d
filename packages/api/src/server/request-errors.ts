import type { ErrorRequestHandler } from "express";

/**
 * Answers requests that fail before GraphQL sees them (malformed JSON, a body over the limit) in
 * the GraphQL error shape with code BAD_REQUEST, instead of Express's HTML page with a stack.
 * Anything else is the platform's fault: logged, and answered without detail.
 */
export function requestErrors(log: (message: string, error?: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const status =
      typeof error?.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log("HTTP request failed inside the platform", error);
    const message =
      error?.type === "entity.parse.failed"
        ? `The request body is not valid JSON: ${error.message}`
        : error?.type === "entity.too.large"
          ? `The request body is over the limit of ${error.limit} bytes`
          : status === 500
            ? "Internal server error"
            : String(error?.message ?? "Bad request");
    res.status(status).json({
      errors: [{ message, extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST" } }],
    });
  };
}
