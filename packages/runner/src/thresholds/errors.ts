/**
 * A threshold definition that cannot be used: bad syntax in `options.thresholds`, an unknown metric, or
 * an aggregation the metric's type does not have. `key` is the `options.thresholds` key it was found
 * under (absent when `options.thresholds` itself is malformed) and `expression` the threshold
 * expression, when one is concerned, so that callers (the CLI, the API) can point at it.
 */
export class ThresholdError extends Error {
  override readonly name = "ThresholdError";

  /**
   * @param message what was wrong and what is allowed
   * @param key the `options.thresholds` key concerned, if any
   * @param expression the threshold expression concerned, if any
   */
  constructor(
    message: string,
    readonly key?: string,
    readonly expression?: string,
  ) {
    super(message);
  }
}
