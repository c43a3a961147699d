import { isTerminal, type RunStatus } from "../runs/status.js";

/**
 * The values of a `testRunStatus` subscription: the run as it is now, then the run each time its
 * status differs from the last one sent, ending after a terminal status.
 *
 * `changes` only wakes the stream; each wake re-reads the run with `load`, so duplicate, lost
 * (after a reconnect) or coalesced notifications cannot make it show a stale status. It is an
 * iterator object rather than an async generator so that `return()` (the client unsubscribing)
 * takes effect at once, even while waiting for the next change.
 */
export function runStatusStream<T extends { status: RunStatus }>(
  initial: T,
  load: () => Promise<T>,
  changes: AsyncIterator<unknown>,
): AsyncIterableIterator<T> {
  let last: RunStatus | undefined;
  let finished = false;
  const finish = async (): Promise<IteratorResult<T>> => {
    if (!finished) {
      finished = true;
      await changes.return?.();
    }
    return { done: true, value: undefined };
  };
  const emit = async (run: T): Promise<IteratorResult<T>> => {
    last = run.status;
    if (isTerminal(run.status)) await finish();
    return { done: false, value: run };
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (finished) return { done: true, value: undefined };
      if (last === undefined) return emit(initial);
      for (;;) {
        const woken = await changes.next();
        if (woken.done || finished) return finish();
        const run = await load();
        if (finished) return { done: true, value: undefined };
        if (run.status !== last) return emit(run);
      }
    },
    return: finish,
  };
}
