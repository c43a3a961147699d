/** An error and its causes in one line, for a log; at most five levels. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error && parts.length < 5; e = e.cause) parts.push(e.message);
  return parts.length > 0 ? parts.join(": ") : String(error);
}
