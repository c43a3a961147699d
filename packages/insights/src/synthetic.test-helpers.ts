import type { Point, RunSeries } from "./types.js";

/** Start of every synthetic run: a round second, so buckets line up with the epoch too. */
export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

/** One point per second from `start`. */
export function perSecond(values: readonly number[], start = T0): Point[] {
  return values.map((value, i) => ({ time: start + i * 1000, value }));
}

/** `n` copies of `value`. */
export function repeat(value: number, n: number): number[] {
  return Array.from({ length: n }, () => value);
}

/**
 * A run of `seconds` seconds with 1 s buckets and every series empty unless given.
 */
export function syntheticRun(seconds: number, overrides: Partial<RunSeries> = {}): RunSeries {
  return {
    startedAt: T0,
    endedAt: T0 + seconds * 1000,
    periodMs: 1000,
    vus: [],
    iterations: [],
    requests: [],
    failures: [],
    p95: [],
    urls: [],
    statuses: [],
    zones: [],
    hosts: [],
    agents: [],
    cardinality: { urls: 1, groups: 0, metrics: 20, timeSeries: 100 },
    ...overrides,
  };
}

/** A deterministic uniform generator on [0, 1) (mulberry32), so noisy tests fail or pass the same way every time. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from `rand` (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
