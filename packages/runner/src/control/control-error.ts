/**
 * A refusal or failure the control API reports to its client as a k6-style JSON:API error,
 * `{ errors: [{ status, title, detail }] }` with the HTTP status `status`.
 *
 * @example
 * throw new ControlError(409, "Setup error", "setup() already ran; PUT /v1/setup to replace its data");
 */
export class ControlError extends Error {
  override readonly name = "ControlError";

  /**
   * @param status the HTTP status code to answer with
   * @param title a short summary, fixed per kind of error (k6 uses e.g. "Pause error")
   * @param detail what was wrong and what is allowed
   */
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`${title}: ${detail}`, options);
  }
}

/** The JSON body k6 sends for an error: `status` is the HTTP status as a string, as k6 writes it. */
export function errorDocument(error: ControlError): {
  errors: { status: string; title: string; detail: string }[];
} {
  return { errors: [{ status: String(error.status), title: error.title, detail: error.detail }] };
}

/**
 * Turns whatever an operation threw into a ControlError: a ControlError passes unchanged, anything
 * else gets the status and title k6 uses for that operation, with the error's message as detail.
 */
export function asControlError(thrown: unknown, status: number, title: string): ControlError {
  if (thrown instanceof ControlError) return thrown;
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return new ControlError(status, title, detail, { cause: thrown });
}

/**
 * Runs one runner operation and reports whatever it throws as a ControlError with k6's status
 * and title for that operation (see {@link asControlError}).
 */
export async function attempt<T>(operation: () => T | Promise<T>, status: number, title: string): Promise<T> {
  try {
    return await operation();
  } catch (thrown) {
    throw asControlError(thrown, status, title);
  }
}
