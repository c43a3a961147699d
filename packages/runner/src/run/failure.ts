import type { ExitCodeValue } from "./exit-codes.js";

/**
 * A run that cannot start or had to stop, with the message a user should read and k6's exit code.
 * The CLI prints `message` as it is: it already names the file, line and column or the option.
 */
export class RunFailure extends Error {
  override readonly name = "RunFailure";
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
