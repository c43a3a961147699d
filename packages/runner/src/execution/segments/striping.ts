import { ExecutionSegmentError } from "./errors.js";
import { gcd } from "./rational.js";
import type { ExecutionSegmentSequence } from "./sequence.js";

/**
 * The largest block length (lowest common denominator) we stripe. The striping holds one entry per
 * position of a block, so a sequence with coprime denominators such as `0,1/1009,2/1013,1` would need
 * a million-entry table; such sequences are refused with a clear error rather than exhausting memory.
 */
export const MAX_STRIPING_BLOCK = 1_000_000;

/**
 * The striped pattern of a full sequence: within every block of `lcd` consecutive indexes, which
 * positions each segment owns. It repeats for every block, so any index's owner is
 * `owned[...]` of `index % lcd`.
 */
export interface Striping {
  /** Lowest common denominator of the segment lengths: the block length L. */
  readonly lcd: number;
  /** For each segment of the sequence (same order), its owned positions in `0..lcd-1`, ascending. */
  readonly owned: readonly (readonly number[])[];
}

/**
 * Computes the striping exactly as k6's `NewExecutionSegmentSequenceWrapper` does: with L the
 * lowest common denominator and `n_s` each segment's length times L, segments sorted by `n_s`
 * largest first (stable), each position `i` of `0..L-1` goes to the first segment with
 * `i * n_s >= chosen_s * L` (k6 writes it `i > chosen*L/n || i*n == chosen*L` in integer division;
 * the two are the same test), `chosen_s` counting the positions it already owns. Largest segments
 * pick first because they are the hardest to keep from owning consecutive positions.
 */
export function stripe(sequence: ExecutionSegmentSequence): Striping {
  const lengths = sequence.segments.map((segment) => segment.length);
  const lcdBig = lengths.reduce((acc, length) => (acc / gcd(acc, length.den)) * length.den, 1n);
  if (lcdBig > BigInt(MAX_STRIPING_BLOCK)) {
    throw new ExecutionSegmentError(
      `execution segment sequence ${sequence} has a lowest common denominator of ${lcdBig}, more than the ${MAX_STRIPING_BLOCK} supported; use simpler fractions such as thirds, quarters or whole percentages`,
    );
  }
  const lcd = Number(lcdBig);
  const normalized = lengths.map((length) => Number((length.num * lcdBig) / length.den));
  const order = normalized
    .map((_, index) => index)
    .sort((a, b) => (normalized[b] ?? 0) - (normalized[a] ?? 0));
  const owned: number[][] = normalized.map(() => []);
  for (let position = 0; position < lcd; position++) {
    const winner = order.find(
      (index) => position * (normalized[index] ?? 0) >= (owned[index]?.length ?? 0) * lcd,
    );
    owned[winner ?? 0]?.push(position);
  }
  return { lcd, owned };
}
