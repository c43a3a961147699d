import type { MetricsNotification } from "../metrics/index.js";
import { isTerminal, type RunStatus } from "../runs/status.js";

/** One value of a `testRunMetrics` subscription, before the schema's mapping. */
export interface LiveUpdate<Series> {
  series: Series[];
  status: RunStatus;
}

/** What {@link liveMetricsStream} reads and how it paces itself. */
export interface LiveMetricsSource<Series> {
  /** Stored batches of the run; `[null]` means some may have been missed. */
  batches: AsyncIterator<[MetricsNotification | null]>;
  /** Status changes of the run (any value: it only wakes the stream). */
  changes: AsyncIterator<unknown>;
  loadStatus(): Promise<RunStatus>;
  /** The series from `from` (epoch ms, whole seconds) on; the whole run when undefined. */
  query(from: number | undefined): Promise<Series[]>;
  /**
   * How long to wait after a batch for the other agents' batches of the same period, so that one
   * update carries them all. Default 150 ms: well inside the 1.5 s the platform promises.
   */
  coalesceMs?: number;
}

/**
 * How far before a batch's end an update re-reads: its own period and the one before, so that a
 * bucket other agents added to since the last update is sent again, complete.
 */
const REREAD_MS = 2000;

/** After a missed notification, how much recent history an update re-sends. */
const MISSED_REREAD_MS = 10_000;

/**
 * The values of a `testRunMetrics` subscription: the run's series so far, then an update each time
 * agents deliver batches (re-reading the buckets they touched, over every agent), and a last one
 * when the run reaches a final status, after which it completes. Like `runStatusStream`, an
 * iterator object, so that the client unsubscribing ends it at once.
 */
export function liveMetricsStream<Series>(
  source: LiveMetricsSource<Series>,
): AsyncIterableIterator<LiveUpdate<Series>> {
  const coalesceMs = source.coalesceMs ?? 150;
  const pending: (MetricsNotification | null)[] = [];
  let statusChanged = false;
  let wake: (() => void) | undefined;
  let started = false;
  let finished = false;
  let lastEnd: number | undefined;

  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const pump = async (iterator: AsyncIterator<unknown>, onValue: (value: unknown) => void) => {
    for (;;) {
      const result = await iterator.next().catch(() => ({ done: true, value: undefined }));
      if (result.done || finished) return;
      onValue(result.value);
      notify();
    }
  };
  const finish = async (): Promise<IteratorResult<LiveUpdate<Series>>> => {
    if (!finished) {
      finished = true;
      notify();
      await Promise.all([source.batches.return?.(), source.changes.return?.()]);
    }
    return { done: true, value: undefined };
  };
  const update = async (from: number | undefined): Promise<IteratorResult<LiveUpdate<Series>>> => {
    const status = await source.loadStatus();
    const series = await source.query(from);
    if (finished) return { done: true, value: undefined };
    if (isTerminal(status)) await finish();
    return { done: false, value: { series, status } };
  };

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (finished) return { done: true, value: undefined };
      if (!started) {
        started = true;
        void pump(source.batches, (value) => pending.push((value as [MetricsNotification | null])[0]));
        void pump(source.changes, () => {
          statusChanged = true;
        });
        return update(undefined);
      }
      for (;;) {
        if (pending.length === 0 && !statusChanged) await new Promise<void>((resolve) => (wake = resolve));
        if (finished) return { done: true, value: undefined };
        if (pending.length > 0) {
          await new Promise((resolve) => setTimeout(resolve, coalesceMs));
          if (finished) return { done: true, value: undefined };
          const batches = pending.splice(0);
          const ends = batches.map((b) => (b === null ? Date.now() - MISSED_REREAD_MS + REREAD_MS : b.end));
          lastEnd = Math.max(lastEnd ?? 0, ...ends);
          return update(Math.floor((Math.min(...ends) - REREAD_MS) / 1000) * 1000);
        }
        statusChanged = false;
        if (isTerminal(await source.loadStatus())) {
          // The last batches may land with the final status: re-read what may have been missed.
          return update(lastEnd === undefined ? undefined : Math.floor((lastEnd - REREAD_MS) / 1000) * 1000);
        }
      }
    },
    return: finish,
  };
}
