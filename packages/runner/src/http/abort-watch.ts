/** Something in flight that an aborted signal cancels. */
export interface Cancellable {
  cancel(): void;
}

// One listener per signal, however many requests use it: a VU passes the same scenario signal
// with every request, and adding and removing a listener per request would cost more than the
// request bookkeeping itself (and warn about "leaks" once a batch puts more than ten on it).
const inFlight = new WeakMap<AbortSignal, Set<Cancellable>>();

/** Cancels `target` when `signal` aborts, until `unwatchAbort`; at once if it already has. */
export function watchAbort(signal: AbortSignal, target: Cancellable): void {
  if (signal.aborted) {
    target.cancel();
    return;
  }
  let targets = inFlight.get(signal);
  if (targets === undefined) {
    const watched = new Set<Cancellable>();
    targets = watched;
    inFlight.set(signal, watched);
    signal.addEventListener(
      "abort",
      () => {
        for (const each of watched) each.cancel();
        watched.clear();
      },
      { once: true },
    );
  }
  targets.add(target);
}

/** Stops watching `target` (its request is over). */
export function unwatchAbort(signal: AbortSignal, target: Cancellable): void {
  inFlight.get(signal)?.delete(target);
}
