import type pg from "pg";
import type { DerivedState } from "./derived-state.js";

/** A metric_derived row as this process last wrote it. */
export interface CachedDerived {
  version: number;
  state: DerivedState;
}

/**
 * Rows remembered per pool; the least recently written are forgotten first. A trend's state holds a
 * histogram of a few kilobytes (at most about 8 KB for a wide whole-run one), so this stays under
 * about 80 MB.
 */
const MAX_ROWS = 10_000;

/**
 * The metric_derived rows this process wrote last, by {@link derivedKey}: when a row still has the
 * cached version, ingest takes its histogram from here instead of reading it (the whole-run
 * histogram of a busy trend is kilobytes, read and decoded for every batch otherwise).
 */
export class DerivedCache {
  readonly #rows = new Map<string, CachedDerived>();

  get(key: string): CachedDerived | undefined {
    return this.#rows.get(key);
  }

  /** Remembers rows; call only after the transaction that wrote them committed. */
  remember(rows: ReadonlyMap<string, CachedDerived>): void {
    for (const [key, row] of rows) {
      this.#rows.delete(key);
      this.#rows.set(key, row);
    }
    for (const key of this.#rows.keys()) {
      if (this.#rows.size <= MAX_ROWS) break;
      this.#rows.delete(key);
    }
  }
}

/** A metric_derived row's key in the cache: series ids are unique across runs. */
export function derivedKey(seriesId: number, bucket: number): string {
  return `${seriesId}/${bucket}`;
}

const caches = new WeakMap<pg.Pool, DerivedCache>();

/** The cache of a pool's database. */
export function derivedCache(pool: pg.Pool): DerivedCache {
  let cache = caches.get(pool);
  if (cache === undefined) {
    cache = new DerivedCache();
    caches.set(pool, cache);
  }
  return cache;
}
