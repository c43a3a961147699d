/**
 * k6's ExecutionStatus (`lib/execution.go`), the numeric `status` attribute of `GET /v1/status`.
 * The numbers are k6's wire values, so tooling written for k6 reads Barrage runners unchanged.
 *
 * @example
 * if (control.status().status === ExecutionStatus.PausedBeforeRun) { ... }
 */
export const ExecutionStatus = {
  Created: 0,
  InitVUs: 1,
  InitExecutors: 2,
  InitDone: 3,
  PausedBeforeRun: 4,
  Started: 5,
  Setup: 6,
  Running: 7,
  Teardown: 8,
  Ended: 9,
  Interrupted: 10,
  /** Set when the script called `execution.test.fail()` (k6 1.6 and later). */
  MarkedAsFailed: 11,
} as const;

/** One of k6's numeric execution statuses, see {@link ExecutionStatus}. */
export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];
