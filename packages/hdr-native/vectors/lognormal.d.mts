/** A seeded PRNG of uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number;
/** `n` integers round(median * exp(sigma * Z)), Z standard normal, deterministic for a seed. */
export function lognormalSamples(n: number, median: number, sigma: number, seed: number): number[];
