import { type ArrayElementType, binaryArray, writeBinaryNumber } from "./binary-array.js";

/** The scalar types {@link BinaryCopy.number} writes, with their sizes in bytes. */
const NUMBER_SIZES = { int2: 2, int4: 4, int8: 8, float8: 8 } as const;

// PostgreSQL's timestamps count microseconds from 2000-01-01 UTC.
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");

/**
 * Rows in PostgreSQL's binary COPY format (`COPY ... FROM STDIN (FORMAT binary)`), written into one
 * growing buffer: the server reads every value as it is, without parsing text or unnesting parameter
 * arrays, which makes COPY the cheapest way to insert many rows. Fields must come in the order and of
 * the types of the COPY's column list; null or undefined is SQL NULL.
 *
 * @example
 * const copy = new BinaryCopy();
 * copy.row(2);
 * copy.number("int8", 42);
 * copy.timestamp(Date.now());
 * await copyIn(client, "copy t (id, at) from stdin (format binary)", copy.finish());
 */
export class BinaryCopy {
  #buffer: Buffer;
  #at = 0;

  constructor(initialBytes = 64 * 1024) {
    this.#buffer = Buffer.allocUnsafe(Math.max(initialBytes, 32));
    this.#buffer.set(SIGNATURE, 0);
    // Flags and header extension length, both zero.
    this.#buffer.fill(0, SIGNATURE.length, SIGNATURE.length + 8);
    this.#at = SIGNATURE.length + 8;
  }

  /** Starts a row of `fields` fields. */
  row(fields: number): void {
    this.#room(2);
    this.#at = this.#buffer.writeInt16BE(fields, this.#at);
  }

  number(type: keyof typeof NUMBER_SIZES, value: number | null | undefined): void {
    if (value === null || value === undefined) {
      this.#null();
      return;
    }
    const size = NUMBER_SIZES[type];
    this.#room(4 + size);
    this.#at = this.#buffer.writeInt32BE(size, this.#at);
    this.#at = writeBinaryNumber(this.#buffer, type, value, this.#at);
  }

  /** A timestamptz from epoch milliseconds (exact to the microsecond). */
  timestamp(epochMs: number): void {
    this.number("int8", Math.round((epochMs - PG_EPOCH_MS) * 1000));
  }

  bytes(value: Uint8Array | null | undefined): void {
    if (value === null || value === undefined) {
      this.#null();
      return;
    }
    this.#room(4 + value.length);
    this.#at = this.#buffer.writeInt32BE(value.length, this.#at);
    this.#buffer.set(value, this.#at);
    this.#at += value.length;
  }

  /** A one-dimensional array of numbers, e.g. an `int2[]` column. */
  array(type: ArrayElementType, values: readonly number[] | null | undefined): void {
    this.bytes(values === null || values === undefined ? values : binaryArray(type, values));
  }

  /** The COPY data with its trailer; the writer must not be used afterwards. */
  finish(): Buffer {
    this.#room(2);
    this.#at = this.#buffer.writeInt16BE(-1, this.#at);
    return this.#buffer.subarray(0, this.#at);
  }

  #null(): void {
    this.#room(4);
    this.#at = this.#buffer.writeInt32BE(-1, this.#at);
  }

  #room(bytes: number): void {
    if (this.#at + bytes <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#at + bytes));
    this.#buffer.copy(grown, 0, 0, this.#at);
    this.#buffer = grown;
  }
}
