/**
 * Thrown when a metric batch is not a valid metric-stream document (docs/platform.md), or names a
 * metric with another type than the run already has. Nothing of the batch was stored; the agent
 * endpoint answers 400 with {@link BatchRejected.message}.
 *
 * @example
 * try { await ingestBatch(pool, target, body); } catch (error) {
 *   if (error instanceof BatchRejected) return reply(400, { error: error.message, field: error.field });
 *   throw error;
 * }
 */
export class BatchRejected extends Error {
  override readonly name = "BatchRejected";

  /**
   * @param field where the first problem is, as a path into the document: `seq`, `points[3].data.hdr`
   * @param problem what is wrong there and what is allowed
   * @param options the underlying error, e.g. the HDR decoder's
   */
  constructor(
    readonly field: string,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    super(`metric batch rejected: ${field}: ${problem}`, options);
  }

  /** The index of the point the problem is in, when it is in one. */
  get pointIndex(): number | undefined {
    const match = /^points\[(\d+)\]/.exec(this.field);
    return match ? Number(match[1]) : undefined;
  }
}
