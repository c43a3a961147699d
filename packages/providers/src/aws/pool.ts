/**
 * Runs `work` on every item, at most `concurrency` at once, and settles them all: after the
 * first failure no new item is started (`stopOnFailure`), but those in flight are awaited, so the
 * caller knows everything that happened before it cleans up.
 *
 * @example
 * const results = await settleEach(instances, 8, (i) => launch(i));
 */
export async function settleEach<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
  stopOnFailure: { failed: boolean } = { failed: false },
): Promise<({ item: T } & PromiseSettledResult<R>)[]> {
  const results: ({ item: T } & PromiseSettledResult<R>)[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stopOnFailure.failed) {
      const item = items[next++] as T;
      try {
        results.push({ item, status: "fulfilled", value: await work(item) });
      } catch (reason) {
        stopOnFailure.failed = true;
        results.push({ item, status: "rejected", reason });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}
