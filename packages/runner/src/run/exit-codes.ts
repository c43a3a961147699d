/** k6's exit codes, so that CI pipelines written for k6 read Barrage the same way. */
export const ExitCode = {
  ok: 0,
  thresholdsFailed: 99,
  setupTimeout: 100,
  teardownTimeout: 101,
  stoppedFromRestApi: 103,
  invalidConfig: 104,
  externalAbort: 105,
  cannotStartRestApi: 106,
  scriptException: 107,
  scriptAborted: 108,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
