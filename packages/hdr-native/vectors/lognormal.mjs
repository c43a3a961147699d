/**
 * Deterministic lognormal integer samples, shared by the vector generator, the tests and the benchmark
 * so that every run sees the same "latencies".
 */

/**
 * A small seeded PRNG (mulberry32): uniform numbers in [0, 1), the same sequence for the same seed.
 *
 * @param {number} seed
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * `n` integers round(median * exp(sigma * Z)) with Z standard normal (Box-Muller).
 *
 * @param {number} n how many samples
 * @param {number} median the median, in units (µs for latencies)
 * @param {number} sigma the spread: the standard deviation of the logarithm
 * @param {number} seed the PRNG seed
 * @returns {number[]}
 */
export function lognormalSamples(n, median, sigma, seed) {
  const random = seededRandom(seed);
  const out = new Array(n);
  for (let k = 0; k < n; k++) {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out[k] = Math.round(median * Math.exp(sigma * normal));
  }
  return out;
}
