/** The timings of the coordinator. The defaults are production's; tests shorten some. */
export interface CoordinatorTuning {
  /** From allocation until every agent must be ready (VUs initialised, paused), ms. */
  readyTimeoutMs: number;
  /**
   * After this long without a heartbeat the coordinator asks the agent's provider whether its
   * instance still runs, ms (docs/platform.md: 5 s). An instance that exited (or that the provider no
   * longer knows) is lost at once; one that still runs is cut off from the API, and waited for up to
   * `partitionToleranceMs`.
   */
  heartbeatTimeoutMs: number;
  /**
   * How long an agent whose instance still runs may stay silent before it is given up, ms (30 s). The
   * agent buffers its metrics (10 minutes' worth) and resends them once it gets through, so a short
   * network cut costs nothing; past this, the run cannot wait any longer for its share.
   */
  partitionToleranceMs: number;
  /** How often the provider is asked again about an agent that stays silent, ms. */
  probeIntervalMs: number;
  /** How far ahead the common start instant is set, so that every agent has it in time, ms. */
  startDelayMs: number;
  /** Between two evaluations of the thresholds while the test runs, ms (k6: 2 s). */
  thresholdIntervalMs: number;
  /** How long `setup()` may take on its agent before the run is given up, ms. */
  setupTimeoutMs: number;
  /**
   * Once the end is decided, how long agents have to report the end of their test, ms. Agents keep
   * delivering buffered metrics for up to two minutes before they report.
   */
  stopTimeoutMs: number;
  /** How long `teardown()` may take on its agent, ms. */
  teardownTimeoutMs: number;
  /** How soon a run that is waiting is looked at again when nothing wakes it, ms. */
  recheckMs: number;
  /**
   * How long a test may run past the longest its options allow (all scenarios with their graceful
   * stops) before it ends TIMED_OUT, ms: the agents' own end plus the delivery of their last metrics.
   */
  overrunGraceMs: number;
}

/** Production timings. */
export const DEFAULT_TUNING: CoordinatorTuning = {
  readyTimeoutMs: 180_000,
  heartbeatTimeoutMs: 5000,
  partitionToleranceMs: 30_000,
  probeIntervalMs: 2000,
  startDelayMs: 1500,
  thresholdIntervalMs: 2000,
  setupTimeoutMs: 120_000,
  stopTimeoutMs: 150_000,
  teardownTimeoutMs: 120_000,
  recheckMs: 500,
  overrunGraceMs: 60_000,
};
