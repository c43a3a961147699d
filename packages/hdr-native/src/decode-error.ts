/**
 * Thrown by {@link decodeHistogram} when bytes are not a valid version-1 encoding. The message names the
 * rule that was broken and the byte offset where decoding stopped.
 */
export class HdrDecodeError extends Error {
  override readonly name = "HdrDecodeError";

  /**
   * @param reason what was wrong and what is allowed
   * @param byteOffset offset into the input where the fault was found
   */
  constructor(
    reason: string,
    readonly byteOffset: number,
  ) {
    super(`invalid HDR histogram encoding at byte ${byteOffset}: ${reason}`);
  }
}
