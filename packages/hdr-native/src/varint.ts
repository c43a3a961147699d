import { HdrDecodeError } from "./decode-error.js";

/** Unsigned LEB128 varints, limited to the integers a float64 holds exactly (the C twin goes to u64). */

const CONTINUE = 0x80;
const PAYLOAD = 0x7f;
/** A u64 needs at most 10 groups of 7 bits; the 10th may only carry bit 63. */
const MAX_BYTES = 10;

/** Number of bytes the varint of a safe non-negative integer takes. */
export function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= CONTINUE; rest = Math.floor(rest / CONTINUE)) size++;
  return size;
}

/** Writes the varint of a safe non-negative integer at `pos` and returns the position after it. */
export function writeVarint(out: Uint8Array, pos: number, value: number): number {
  let rest = value;
  let at = pos;
  while (rest >= CONTINUE) {
    out[at++] = (rest % CONTINUE) | CONTINUE;
    rest = Math.floor(rest / CONTINUE);
  }
  out[at++] = rest;
  return at;
}

/** Reads varints from a byte array front to back, failing with {@link HdrDecodeError} on any malformed one. */
export class VarintReader {
  /** Offset of the next unread byte. */
  pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  /** True when every byte has been read. */
  atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  /**
   * Reads one varint.
   *
   * @param what what the value is, for the error message
   * @param ordinal appended to `what` in the message ("the count of bucket", 37): given apart so that
   *   the hot loop of a decode builds no string unless it fails
   */
  read(what: string, ordinal?: number): number {
    // Most bucket counts fit one byte, which needs none of the checks below.
    const first = this.bytes[this.pos];
    if (first !== undefined && first < CONTINUE) {
      this.pos++;
      return first;
    }
    const start = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (this.pos >= this.bytes.length) {
        throw new HdrDecodeError(
          `truncated input: the varint of ${fieldName(what, ordinal)} runs past the end`,
          start,
        );
      }
      const byte = this.bytes[this.pos++] as number;
      // Each term is exact; the sum is exact while below 2^53 and stays above 2^53 - 1 once past it.
      value += (byte & PAYLOAD) * scale;
      if ((byte & CONTINUE) === 0) {
        if (i === MAX_BYTES - 1 && byte > 1) {
          throw new HdrDecodeError(
            `varint exceeds u64: the value of ${fieldName(what, ordinal)} is above 2^64 - 1`,
            start,
          );
        }
        if (i > 0 && byte === 0) {
          throw new HdrDecodeError(
            `overlong varint: the varint of ${fieldName(what, ordinal)} ends in a zero byte; the shortest form is required`,
            start,
          );
        }
        break;
      }
      if (i === MAX_BYTES - 1) {
        throw new HdrDecodeError(
          `varint exceeds u64: the varint of ${fieldName(what, ordinal)} is longer than 10 bytes`,
          start,
        );
      }
      scale *= CONTINUE;
    }
    if (value > Number.MAX_SAFE_INTEGER) {
      throw new HdrDecodeError(
        `the value of ${fieldName(what, ordinal)} exceeds the exact range of a JavaScript number (2^53 - 1)`,
        start,
      );
    }
    return value;
  }
}

function fieldName(what: string, ordinal: number | undefined): string {
  return ordinal === undefined ? what : `${what} ${ordinal}`;
}
