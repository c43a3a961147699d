/** Which statuses count as expected (k6's response callback); the rest make `http_req_failed` 1. */
export interface ResponseCallback {
  expected(status: number): boolean;
}

/** k6's default: 200 to 399 are expected. */
export const DEFAULT_EXPECTED: ResponseCallback = { expected: (status) => status >= 200 && status < 400 };

/**
 * `http.expectedStatuses(200, 201, {min: 300, max: 399})`: a response callback for these statuses.
 */
export function expectedStatuses(...args: unknown[]): ResponseCallback {
  const singles = new Set<number>();
  const ranges: [number, number][] = [];
  args.forEach((arg, i) => {
    if (typeof arg === "number" && Number.isInteger(arg)) singles.add(arg);
    else if (
      arg &&
      typeof arg === "object" &&
      Number.isInteger((arg as { min?: unknown }).min) &&
      Number.isInteger((arg as { max?: unknown }).max)
    ) {
      ranges.push([(arg as { min: number }).min, (arg as { max: number }).max]);
    } else {
      throw new TypeError(
        `http.expectedStatuses(): argument ${i + 1} must be a status code or {min, max}, got ${JSON.stringify(arg)}`,
      );
    }
  });
  return {
    expected: (status) => singles.has(status) || ranges.some(([min, max]) => status >= min && status <= max),
  };
}
