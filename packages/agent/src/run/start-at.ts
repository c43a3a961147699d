import { setTimeout as sleep } from "node:timers/promises";

/**
 * Resolves at wall-clock instant `atEpochMs` and never before it: timers may fire a millisecond
 * early against `Date.now()`, so the wait is re-armed until the instant has really come. Resolves
 * `false` if `signal` aborts first, `true` otherwise (at once when the instant is past).
 */
export async function waitUntil(atEpochMs: number, signal?: AbortSignal): Promise<boolean> {
  for (let remaining = atEpochMs - Date.now(); remaining > 0; remaining = atEpochMs - Date.now()) {
    if (signal?.aborted) return false;
    try {
      await sleep(remaining, undefined, { signal });
    } catch (error) {
      if (signal?.aborted) return false;
      throw error;
    }
  }
  return !signal?.aborted;
}
