import { setTimeout as sleep } from "node:timers/promises";
import { hasEnded, type RunStatus } from "./exit-codes.js";
import { ApiError, type GraphqlClient } from "./graphql-client.js";

/** One entry of a run's status history. */
export interface RunEvent {
  status: RunStatus;
  reason: string | null;
  at: string;
}

/** A run as `barrage cloud` follows it. */
export interface RunSnapshot {
  id: string;
  status: RunStatus;
  statusReason: string | null;
  result: string | null;
  startedAt: string | null;
  endedAt: string | null;
  events: RunEvent[];
  /** The figures so far, over every agent; null before the first metrics. */
  stats: RunStats | null;
}

/** A run's headline figures as the API computes them. */
export interface RunStats {
  vusMax: number;
  httpRequests: number;
  httpRequestRate: number;
  httpFailureRate: number;
  httpP95Ms: number | null;
}

const RUN_QUERY = `query Run($id: ID!) {
  testRun(id: $id) {
    id status statusReason result startedAt endedAt events { status reason at }
    stats { vusMax httpRequests httpRequestRate httpFailureRate httpP95Ms }
  }
}`;

/** Options of {@link followRun}. */
export interface FollowOptions {
  /** How often the run is read (default 1 s). */
  intervalMs?: number;
  /** Consecutive failed reads after which the CLI gives up (default 10). */
  maxFailures?: number;
  /**
   * Called once per status the run takes, in order, the first read included, and again when the
   * reason of an ongoing status changes (e.g. "waiting for 1 more agent in private zone ...").
   */
  onEvent(event: RunEvent): void;
  /** Called after every read, for a progress line. */
  onTick?(run: RunSnapshot): void;
}

/**
 * Reads the run every `intervalMs` until it has ended, reporting each new entry of its history once.
 * Reading survives a restarting API (a few failed reads in a row); after `maxFailures` it throws
 * the last {@link ApiError}. Polling rather than a subscription: one request a second is nothing
 * for the API, needs no WebSocket client, and picks up where it was after any outage.
 */
export async function followRun(
  client: GraphqlClient,
  runId: string,
  options: FollowOptions,
): Promise<RunSnapshot> {
  const intervalMs = options.intervalMs ?? 1_000;
  const maxFailures = options.maxFailures ?? 10;
  let reported = 0;
  let shownReason: string | null = null;
  let failures = 0;
  for (;;) {
    let run: RunSnapshot | null;
    try {
      run = (await client.request<{ testRun: RunSnapshot | null }>(RUN_QUERY, { id: runId })).testRun;
      failures = 0;
    } catch (error) {
      if (!(error instanceof ApiError) || ++failures >= maxFailures) throw error;
      await sleep(intervalMs);
      continue;
    }
    if (!run) throw new ApiError(`the API knows no run ${runId} (any more)`, "NOT_FOUND");
    for (const event of run.events.slice(reported)) {
      options.onEvent(event);
      shownReason = event.reason;
    }
    reported = Math.max(reported, run.events.length);
    // A status can wait for something that changes without a new status, such as private agents.
    if (!hasEnded(run.status) && run.statusReason !== null && run.statusReason !== shownReason) {
      options.onEvent({ status: run.status, reason: run.statusReason, at: new Date().toISOString() });
      shownReason = run.statusReason;
    }
    options.onTick?.(run);
    if (hasEnded(run.status)) return run;
    await sleep(intervalMs);
  }
}
