/**
 * The command long polls waiting in this process, by run. A notification on the commands channel
 * wakes the polls of its run, which then read their commands again.
 */
export class PollWaiters {
  readonly #waiting = new Map<number, Set<() => void>>();

  /** Resolves when the run's commands may have changed, after `timeoutMs`, or when `signal` aborts. */
  wait(runId: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.#waiting.get(runId);
      if (!set) {
        set = new Set();
        this.#waiting.set(runId, set);
      }
      const waiters = set;
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        waiters.delete(done);
        if (waiters.size === 0 && this.#waiting.get(runId) === waiters) this.#waiting.delete(runId);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener("abort", done, { once: true });
      waiters.add(done);
      if (signal.aborted) done();
    });
  }

  /** Wakes the polls of one run. */
  wake(runId: number): void {
    for (const done of [...(this.#waiting.get(runId) ?? [])]) done();
  }

  /** Wakes every poll: after notifications may have been missed, or to let go of them all at shutdown. */
  wakeAll(): void {
    for (const runId of [...this.#waiting.keys()]) this.wake(runId);
  }
}
